// Runs the real Redocly CLI of this package and parses its JSON output.
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parse, stringify } from 'yaml';

export const SPEC_DIR = fileURLToPath(new URL('..', import.meta.url));
const REDOCLY = join(SPEC_DIR, 'node_modules/@redocly/cli/bin/cli.js');

/** A document as the cases edit it: in place, any member at any depth. */
// biome-ignore lint/suspicious/noExplicitAny: the edits reach anywhere in a free-form document; a real type would need a cast in every case
export type Doc = any;

export interface Problem {
  ruleId: string;
  severity: string;
  message: string;
  file: string;
  pointer: string;
}

/** What this reads of a problem in Redocly's JSON report. */
interface RedoclyProblem {
  ruleId: string;
  severity: string;
  message: string;
  location: { source?: { ref?: string }; pointer?: string }[];
}

/** `redocly lint --format json` over several files in one process. */
export async function lint(dir: string, files: string[]): Promise<Problem[]> {
  const run = promisify(execFile);
  const out = await run(process.execPath, [REDOCLY, 'lint', ...files, '--config', 'redocly.yaml', '--format', 'json'], {
    cwd: dir,
    maxBuffer: 32 << 20,
  }).then(
    (r) => r.stdout,
    (e: { stdout?: string }) => e.stdout ?? '',
  );
  // One pretty-printed JSON object per file, written back to back: `}{` at column 0.
  const reports = out.split(/(?<=^\})(?=\{)/m).filter((s) => s.trim().startsWith('{'));
  if (reports.length !== files.length) throw new Error(`expected ${files.length} lint reports, got ${reports.length}:\n${out.slice(0, 2000)}`);
  return reports.flatMap((text) =>
    (JSON.parse(text) as { problems: RedoclyProblem[] }).problems.map((p) => ({
      ruleId: p.ruleId,
      severity: p.severity,
      message: p.message,
      file: p.location[0]?.source?.ref ?? '',
      pointer: p.location[0]?.pointer ?? '',
    })),
  );
}

/** A scratch copy of the spec folder (spec, split files, config, plugins, shared rules); the caller removes it. */
export async function scratchCopy(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'hem-spec-'));
  for (const entry of ['openapi.yaml', 'components', 'redocly.yaml', 'plugins', 'hem-rules.js', 'hem-extensions.schema.json']) {
    await cp(join(SPEC_DIR, entry), join(dir, entry), { recursive: true });
  }
  // The plugin's own imports (ajv) resolve from this package's dependencies.
  await symlink(join(SPEC_DIR, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

/** Writes `name` into `dir`: the spec with `mutate` applied to its parsed document. */
export async function variant(dir: string, name: string, mutate: (doc: Doc) => void): Promise<string> {
  const doc = parse(await readFile(join(dir, 'openapi.yaml'), 'utf8'));
  mutate(doc);
  await writeFile(join(dir, name), stringify(doc));
  return name;
}

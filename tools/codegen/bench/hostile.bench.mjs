// The hostile-document cases (hostile-cases.mjs) against every tool that reads a spec, each in
// a child process capped at 256 MB of heap: what it answered, its peak memory and its time.
// Prints a Markdown table, case × tool. The tests assert the answers; this only measures.
//   node bench/hostile.bench.mjs      (after building @hem/codegen and @hem/spec-diff)
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CASES, SECRET, writeCase } from './hostile-cases.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const CODEGEN = here('../dist/cli.mjs');
const SPEC_DIFF = here('../../spec-diff/dist/cli.mjs');
const DOCS = here('../../../spec/scripts/docs/build.mjs');
const TIME = '/usr/bin/time';
const root = mkdtempSync(join(tmpdir(), 'hem-hostile-bench-'));
process.on('exit', () => rmSync(root, { recursive: true, force: true }));

let requests = 0;
const server = createServer((_req, res) => {
  requests++;
  res.end('type: string\n');
});
await new Promise((done) => server.listen(0, '127.0.0.1', done));
const { port } = server.address();

/** A released workspace for spec-diff: a fixed group of one package, changesets, a spec. */
function workspace(dir) {
  const write = (p, text) => {
    mkdirSync(join(dir, p, '..'), { recursive: true });
    writeFileSync(join(dir, p), text);
  };
  write('package.json', '{ "name": "ws", "private": true }\n');
  write('pnpm-workspace.yaml', 'packages:\n  - packages/*\n');
  write('packages/types/package.json', '{ "name": "@ws/types", "version": "0.1.0" }\n');
  write('packages/types/src/index.ts', 'export {};\n');
  write(
    '.changeset/config.json',
    JSON.stringify({
      changelog: false,
      commit: false,
      fixed: [['@ws/types']],
      linked: [],
      access: 'restricted',
      baseBranch: 'main',
      updateInternalDependencies: 'patch',
      ignore: [],
    }),
  );
  write('spec/openapi.yaml', "openapi: 3.1.0\ninfo: { title: ws, version: '1' }\npaths: {}\n");
  const git = (...args) =>
    execFileSync('git', args, {
      cwd: dir,
      stdio: 'ignore',
      env: { ...process.env, GIT_AUTHOR_NAME: 'b', GIT_AUTHOR_EMAIL: 'b@example.com', GIT_COMMITTER_NAME: 'b', GIT_COMMITTER_EMAIL: 'b@example.com' },
    });
  git('init', '-q', '-b', 'main');
  execFileSync(process.execPath, [SPEC_DIFF, 'release'], { cwd: dir, stdio: 'ignore' });
  git('add', '-A');
  git('commit', '-q', '-m', 'release');
  rmSync(join(dir, 'spec/openapi.yaml'));
}

const TOOLS = {
  'check-spec': (spec, flags) => [[CODEGEN, 'check-spec', spec, ...flags]],
  generate: (spec, flags, dir) => [[CODEGEN, 'all', '--spec', spec, '--out', join(dir, 'out'), ...flags]],
  docs: (spec, flags, dir) => (flags.length ? undefined : [[DOCS, '--spec', spec, '--out', join(dir, 'out')]]),
  'spec:diff': (_spec, flags, dir) => [[SPEC_DIFF, 'diff', ...flags], join(dir, 'ws')],
  'spec:gate': (_spec, flags, dir) => [[SPEC_DIFF, 'gate', ...flags], join(dir, 'ws')],
  'spec:release': (_spec, flags, dir) => [[SPEC_DIFF, 'release', ...flags], join(dir, 'ws')],
};

// spec-diff depends on codegen, so `pnpm bench` may run before it is built: say so, skip it.
if (!existsSync(SPEC_DIFF)) {
  console.log(`(${SPEC_DIFF} is not built: spec:diff, spec:gate and spec:release are left out; build @hem/spec-diff first)`);
  for (const tool of ['spec:diff', 'spec:gate', 'spec:release']) delete TOOLS[tool];
}

const rows = [];
for (const hostile of CASES) {
  for (const [tool, command] of Object.entries(TOOLS)) {
    const dir = join(root, `${hostile.name}-${tool}`);
    mkdirSync(dir, { recursive: true });
    let spec;
    if (tool.startsWith('spec:')) {
      mkdirSync(join(dir, 'ws'));
      workspace(join(dir, 'ws'));
      spec = writeCase(hostile, join(dir, 'ws', 'spec'), { port });
    } else {
      spec = writeCase(hostile, join(dir, 'spec'), { port });
    }
    const made = command(spec, hostile.flags ?? [], dir);
    if (!made) continue;
    const [args, cwd] = made;
    const before = requests;
    const t = performance.now();
    const r = spawnSync(TIME, ['-f', 'HEM_MAXRSS_KB=%M', process.execPath, '--max-old-space-size=256', ...args], { cwd: cwd ?? dir, encoding: 'utf8', timeout: 600_000 });
    const ms = performance.now() - t;
    const out = `${r.stdout}${r.stderr}`;
    const rss = Number(/HEM_MAXRSS_KB=(\d+)/.exec(out)?.[1] ?? 0);
    const ok = r.status === 1 && hostile.message.test(out) && out.includes(`${hostile.pointer}: `) && !out.includes(SECRET) && requests === before && !existsSync(join(dir, 'out'));
    rows.push(`| ${hostile.name} | ${tool} | ${ok ? 'refused, pointer + message' : `UNEXPECTED (exit ${r.status})`} | ${(rss / 1024).toFixed(0)} MB | ${ms.toFixed(0)} ms |`);
    process.stderr.write('.');
  }
}
server.close();
console.log(`\nhostile documents: node ${process.version}, each run in a child process with --max-old-space-size=256\n`);
console.log('| case | tool | result | peak RSS | time |');
console.log('|---|---|---|---|---|');
for (const row of rows) console.log(row);
console.log(`\nrequests that reached the test server: ${requests}`);

// check-spec over every fixture document: each target generated in full and compiled
// against the types generated from the same document. A new fixture is a new case.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, test } from 'vitest';
import { checkSpec } from '../src/check-spec.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const CLI = fileURLToPath(new URL('../dist/cli.mjs', import.meta.url));
const DOCUMENTS = readdirSync(FIXTURES).filter((f) => /\.(ya?ml|json)$/.test(f));
const run = promisify(execFile);
const scratch = mkdtempSync(join(tmpdir(), 'hem-check-spec-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('check-spec passes on every fixture', () => {
  test("there are at least six public documents, 3.0 and 3.1, and the vendor's", () => {
    const versions = DOCUMENTS.map((f) => /"?openapi"?\s*:\s*["']?(3\.[01])/.exec(readFileSync(join(FIXTURES, f), 'utf8'))?.[1]);
    expect(DOCUMENTS.length).toBeGreaterThanOrEqual(7);
    expect(versions).toContain('3.0');
    expect(versions).toContain('3.1');
    expect(DOCUMENTS).toContain('encedo-hem-api-1.2.2.yaml');
  });

  test.each(DOCUMENTS)('%s', { timeout: 600_000 }, async (file) => {
    const report = await checkSpec(join(FIXTURES, file));
    const problems = [
      ...report.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.pointer}: ${d.message}`),
      ...Object.values(report.targets).flatMap((t) => t.compileErrors),
    ];
    expect(problems).toEqual([]);
    expect(report.targets).toMatchObject({
      types: { generated: true, compiled: true },
      validator: { generated: true, compiled: true },
      client: { generated: true, compiled: true },
    });
    expect(report.ok).toBe(true);
    // The loader has nothing to say, but about train-travel's x-topics $ref to a Markdown file
    // that is not there (an extension: a warning, not a refusal).
    expect(report.diagnostics.filter((d) => d.message.startsWith('$ref')).map((d) => `${d.severity} ${d.pointer}`)).toEqual(
      file === 'bump-train-travel-3.1.yaml' ? ['warning #/x-topics/0/content'] : [],
    );
    // Every warning names its place and says something.
    for (const w of report.diagnostics) expect(w.pointer).toMatch(/^#/);
  });
});

describe('check-spec, the command', () => {
  const bad = join(scratch, 'bad.yaml');
  writeFileSync(
    bad,
    [
      'openapi: 3.1.0',
      'info: { title: bad, version: "1" }',
      'paths:',
      '  /x/{id}:',
      '    get:',
      '      responses: { "200": { description: ok, content: { application/json: { schema: { $ref: "#/components/schemas/A" } } } } }',
      'components:',
      '  schemas:',
      '    A: { type: object, properties: { a: { type: strng } }, unevaluatedItems: false }',
      '    B: { type: string, nullable: true }',
    ].join('\n'),
  );

  test('a document with problems: one line for each, then the summary; exit 1', async () => {
    const failed = await run(process.execPath, [CLI, 'check-spec', bad]).then(
      () => undefined,
      (e: { code: number; stdout: string }) => e,
    );
    expect(failed?.code).toBe(1);
    const lines = failed!.stdout.trim().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(/^error {3}#\/components\/schemas\/A\/unevaluatedItems: "unevaluatedItems" is not supported by the generator: use prefixItems and items\.$/),
      expect.stringMatching(/^error {3}#\/components\/schemas\/A\/properties\/a\/type: type "strng" is not a JSON Schema type/),
      expect.stringMatching(/^warning #\/components\/schemas\/B\/nullable: "nullable" is an OpenAPI 3\.0 keyword/),
      expect.stringMatching(/^error {3}#\/paths\/~1x~1\{id\}\/get\/parameters \(getXById\): the path has \{id\} but no path parameter "id" is declared: add it\.$/),
      expect.stringMatching(/^check-spec .*bad\.yaml: types refused \(3 error\(s\)\), validator refused \(3 error\(s\)\), client refused \(3 error\(s\)\); 1 warning\(s\): FAIL$/),
    ]);
  });

  test('--json gives the same as data; --out keeps each target in its own folder', async () => {
    const out = join(scratch, 'out');
    const { stdout } = await run(process.execPath, [CLI, 'check-spec', join(FIXTURES, 'oai-petstore-3.0.yaml'), '--json', '--out', out]);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ ok: true, targets: { types: { compiled: true }, validator: { compiled: true }, client: { compiled: true } } });
    expect(readdirSync(out).sort()).toEqual(['.hem-check-spec', 'client', 'types', 'validator']);
    expect(existsSync(join(out, 'client/operations.gen.ts'))).toBe(true);
  });

  test('generate writes nothing when any target is blocked', async () => {
    const out = join(scratch, 'gen');
    const failed = await run(process.execPath, [CLI, 'all', '--spec', bad, '--out', out]).then(
      () => undefined,
      (e: { code: number; stderr: string }) => e,
    );
    expect(failed?.code).toBe(1);
    expect(failed!.stderr).toContain('nothing was written');
    expect(existsSync(out)).toBe(false);
  });
});

// The docs build's derived sections and samples, against the generated packages' data and
// the spec as written: nothing the page shows is a second copy, and nothing is dropped.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { EFFECT_KINDS, KEY_FAMILIES, KEY_FORMATS, OPERATIONS, type OperationSpec } from '@hem/types';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { deriveDocument } from '../scripts/docs/build.mjs';
import { type DocOperation, docOperations, loadDocs } from '../scripts/docs/ir.mjs';
import { readRelease } from '../scripts/docs/reference.mjs';
import { CLI_KEY_FILE, sampleInput, samplesFor, shellQuote, tokenVariable, tsLiteral } from '../scripts/docs/samples.mjs';
import { DocsError, EFFECT_WORDS, accessRows, auditRows, errorRows, keyTypeRows, splitAdvice } from '../scripts/docs/sections.mjs';
import { SPEC_DIR } from './redocly.js';

const ROOT = join(SPEC_DIR, '..');
const SPEC = join(SPEC_DIR, 'openapi.yaml');
const { document, ir, operations } = await loadDocs(SPEC);
const raw = parse(await readFile(SPEC, 'utf8'));
const ops = operations.map((op) => [op.table.id, op] as const);
const generated = OPERATIONS as unknown as Record<string, { statuses: Record<string, { code: string; meaning: string }> }>;
const words = (text: string) =>
  text
    .replace(/[`.;:,()]/g, ' ')
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .sort();
/** A copy of one operation, its table and its IR changed. */
const withOp = (id: string, change: (op: DocOperation) => void): DocOperation => {
  const op = structuredClone(operations.find((o) => o.table.id === id)!);
  change(op);
  return op;
};

describe('what to do, split from an error description', () => {
  test.each([
    ['Fix the request; do not retry it unchanged.', '', 'Fix the request; do not retry it unchanged.'],
    ['The device is busy. Never a duplicate. Retry after the device is ready.', 'The device is busy. Never a duplicate.', 'Retry after the device is ready.'],
    ['The key may or may not be stored: check for its kid before importing again.', 'The key may or may not be stored.', 'Check for its kid before importing again.'],
    ['Too large (about 3.5 kB); check the body.', 'Too large (about 3.5 kB).', 'Check the body.'],
    [
      'Refused (a duplicate, whatever the label; compare the kid you expect with the stored keys), or full.',
      'Refused (a duplicate, whatever the label), or full.',
      'Compare the kid you expect with the stored keys.',
    ],
    ['TLS required: the request came over plain HTTP.', 'TLS required: the request came over plain HTTP.', ''],
  ])('%s', (text, meaning, advice) => {
    expect(splitAdvice(text)).toEqual({ meaning, advice });
  });

  test.each(ops)('%s: the table is the generated statuses, with nothing dropped', (id, op) => {
    const rows = errorRows(op);
    const statuses = generated[id]!.statuses;
    expect(rows.map((r) => r.status)).toEqual(Object.keys(statuses));
    for (const row of rows) {
      const { code, meaning } = statuses[row.status]!;
      expect(row.code).toBe(code);
      expect(row.advice).not.toBe('');
      // Meaning and advice together say exactly what the spec says, word for word.
      expect(words(`${row.meaning} ${row.advice}`)).toEqual(words(meaning));
    }
  });

  test('a description that does not say what to do fails the build, naming its pointer', () => {
    const op = withOp('importKey', (o) => ((o.table.statuses as Record<number, { meaning: string }>)[411]!.meaning = 'The request had no positive Content-Length.'));
    expect(() => errorRows(op)).toThrow(DocsError);
    expect(() => errorRows(op)).toThrow(/#\/paths\/~1api~1keymgmt~1import\/post\/responses\/411: .*says what happened but not what to do/);
  });

  test('an error status without a stable code fails the build, naming its pointer', () => {
    const op = withOp('getKey', (o) => delete o.ir.responses.find((r) => r.status === '406')!.hem);
    expect(() => errorRows(op)).toThrow(/get~1\{kid\}\/get\/responses\/406: error status 406 of getKey has no x-hem-error-code/);
  });
});

describe('operation facts come from @hem/types, for the spec it is generated from', () => {
  type Tables = Record<string, OperationSpec>;
  const tables = OPERATIONS as unknown as Tables;
  const refused = /is not the spec @hem\/types was generated from .*documents that spec only/s;

  test('every operation of the spec is joined with its table, the very object the client and the mock read', () => {
    expect(operations.map((o) => o.ir.id)).toEqual(Object.keys(OPERATIONS));
    for (const op of operations) expect(op.table).toBe(tables[op.ir.id]);
  });

  test.each([
    ['another path', (t: Tables) => (t.getKey = { ...t.getKey!, path: '/api/keymgmt/read/{kid}' }), /getKey is GET \/api\/keymgmt\/get\/\{kid\} here, GET \/api\/keymgmt\/read/],
    [
      'another error code',
      (t: Tables) => (t.getKey = { ...t.getKey!, statuses: { ...t.getKey!.statuses, 406: { ...t.getKey!.statuses[406]!, code: 'gone' } } }),
      /getKey 406 has another code/,
    ],
    [
      'another scope',
      (t: Tables) => (t.importKey = { ...t.importKey!, hem: { ...t.importKey!.hem!, scopes: [{ claim: 'keymgmt:x', match: 'prefix' }] } }),
      /importKey has other x-hem-\* rules/,
    ],
    ['another effect', (t: Tables) => (t.getKey = { ...t.getKey!, hem: { ...t.getKey!.hem!, effect: { kind: 'read-key', refused: 409 } } }), /getKey has other x-hem-\* rules/],
    // A name no spec would use: a real one (deleteKey) may be added to the spec some day.
    ['an operation the spec lacks', (t: Tables) => (t.notInAnySpec = t.getKey!), /its OPERATIONS has notInAnySpec, which this spec lacks/],
    ['an operation the tables lack', (t: Tables) => delete t.getKey, /getKey is not in its OPERATIONS/],
  ])('tables that disagree with the spec (%s) are refused by name', (_what, change, why) => {
    const other = { ...tables };
    change(other);
    expect(() => docOperations(ir, 'other.yaml', other)).toThrow(DocsError);
    expect(() => docOperations(ir, 'other.yaml', other)).toThrow(refused);
    expect(() => docOperations(ir, 'other.yaml', other)).toThrow(why);
  });

  test('another spec, passed with --spec, is refused before anything is written', { timeout: 300_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hem-docs-other-'));
    try {
      const spec = join(dir, 'other.yaml');
      await writeFile(spec, "openapi: 3.1.0\ninfo: { title: Other, version: '1' }\npaths: {}\n");
      const out = join(dir, 'out');
      const result = await promisify(execFile)(process.execPath, [join(SPEC_DIR, 'scripts/docs/build.mjs'), '--spec', spec, '--out', out], { cwd: dir }).then(
        () => ({ code: 0, stderr: '' }),
        (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
      );
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^docs: #\/paths: .*other\.yaml is not the spec @hem\/types was generated from \(its OPERATIONS has importKey, which this spec lacks\)/);
      expect(result.stderr).not.toMatch(/\n\s+at .*:\d+:\d+\)?\n/);
      expect(existsSync(out)).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('a spec the loader refuses is refused before the heavy modules load', () => {
  // A resolve hook that fails any import of TypeDoc, changesets, Redocly's CLI or the
  // generator's index (its loader entry, @hem/codegen/load, is allowed).
  const HOOKS = `const HEAVY = /^(typedoc|@changesets\\/get-release-plan|@redocly\\/cli|@hem\\/codegen)$/;
export async function resolve(specifier, context, next) {
  if (HEAVY.test(specifier)) throw new Error('heavy module imported: ' + specifier);
  return next(specifier, context);
}
`;
  /** Runs the docs build on `text` under the hook; its exit code and stderr. */
  async function refuse(text: string) {
    const dir = await mkdtemp(join(tmpdir(), 'hem-docs-lazy-'));
    try {
      await writeFile(join(dir, 'hooks.mjs'), HOOKS);
      await writeFile(join(dir, 'register.mjs'), "import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n");
      await writeFile(join(dir, 'spec.yaml'), text);
      const args = ['--import', join(dir, 'register.mjs'), join(SPEC_DIR, 'scripts/docs/build.mjs'), '--spec', join(dir, 'spec.yaml'), '--out', join(dir, 'out')];
      const result = await promisify(execFile)(process.execPath, args, { cwd: dir }).then(
        () => ({ code: 0, stderr: '' }),
        (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
      );
      return { ...result, wrote: existsSync(join(dir, 'out')) };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  test('a $ref that points at nothing: refused with its pointer, nothing heavy imported', { timeout: 300_000 }, async () => {
    const result = await refuse("openapi: 3.1.0\ninfo: { title: t, version: '1' }\npaths:\n  /x:\n    get:\n      responses: { '200': { $ref: '#/nope' } }\n");
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^docs: #\/paths\/~1x\/get\/responses\/200: .*cannot be loaded/);
    expect(result.stderr).not.toContain('heavy module imported');
    expect(result.wrote).toBe(false);
  });

  test('control: a spec that loads reaches the generator, and the hook stops it there', { timeout: 300_000 }, async () => {
    const result = await refuse("openapi: 3.1.0\ninfo: { title: t, version: '1' }\npaths: {}\n");
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('heavy module imported: @hem/codegen');
    expect(result.wrote).toBe(false);
  });
});

describe('access section', () => {
  test.each(ops)('%s: scopes, roles and TLS as the spec declares them', (_id, op) => {
    const rows = Object.fromEntries(accessRows(op, ir));
    const declared = raw.paths[op.ir.path][op.ir.method];
    for (const scope of declared['x-hem-scopes']) expect(rows[Object.keys(rows).find((k) => k.startsWith('Scope'))!]).toContain(`\`${scope.claim}\``);
    expect(rows.Roles).toBe(`allowed: ${declared['x-hem-roles'].allowed.join(', ')}; refused: ${declared['x-hem-roles'].denied.join(', ')}`);
    expect(rows.Transport).toMatch(declared['x-hem-tls'] === 'required' ? /^HTTPS only/ : /plain HTTP/);
    expect(rows.Token).toContain('Authorization: Bearer');
    // One audit row per status the spec's x-hem-audit names, in status order.
    const audit = (declared['x-hem-audit'] ?? []).flatMap((e: { results: object }) => Object.keys(e.results));
    expect(auditRows(op).map((r) => r.status)).toEqual([...audit].sort());
  });

  test.each(ops)('%s: what it does to the key store, with the refusal status', (_id, op) => {
    const declared = raw.paths[op.ir.path][op.ir.method]['x-hem-effect'];
    const row = Object.fromEntries(accessRows(op, ir))['Key store'];
    expect(row).toBeDefined();
    // A refusal is on the page when the spec declares one (listing keys refuses nothing).
    if (declared.refused !== undefined) expect(row).toContain(String(declared.refused));
    if (declared.kid) expect(row).toContain(`\`${declared.kid.name}\``);
  });

  test('every kind of effect the tables know has words on the page', () => {
    expect(Object.keys(EFFECT_WORDS).sort()).toEqual([...EFFECT_KINDS].sort());
  });

  test('an effect kind the page has no words for fails the build, naming its pointer', () => {
    const op = withOp('getKey', (o) => ((o.table.hem as { effect: unknown }).effect = { kind: 'shred-key' }));
    expect(() => accessRows(op, ir)).toThrow(/get~1\{kid\}\/get\/x-hem-effect: the effect kind shred-key has no words/);
  });

  test('an operation without its access rules fails the build', () => {
    const op = withOp('getKey', (o) => ((o.table.hem as { roles: unknown }).roles = null));
    expect(() => accessRows(op, ir)).toThrow(/get~1\{kid\}\/get: getKey does not declare x-hem-scopes, x-hem-roles and x-hem-tls/);
  });
});

test('the key-type table is the generated key table', () => {
  const rows = keyTypeRows(ir);
  expect(rows.map((r) => r.type)).toEqual(raw.components.schemas.KeyType.enum);
  for (const row of rows) {
    const format = KEY_FORMATS[row.type as keyof typeof KEY_FORMATS];
    expect({ bytes: row.bytes, encoding: row.encoding, curve: row.curve }).toEqual({ bytes: format.bytes, encoding: format.encoding, curve: format.curve });
    expect(row.modeRequired).toBe(KEY_FAMILIES[format.family].modeRequired);
    expect(row.description).toBe(raw.components.schemas.KeyType['x-enumDescriptions'][row.type]);
  }
});

describe('samples', () => {
  test.each(ops)('%s: made from the first example, in the forms that apply', (id, op) => {
    const samples = samplesFor(op, document, operations);
    const declared = raw.paths[op.ir.path][op.ir.method];
    const labels = samples.map((s) => s.label);
    expect(labels[0]).toBe('TypeScript');
    expect(labels.at(-1)).toBe('curl');
    expect(labels.includes('TypeScript (retry-safe)')).toBe(Boolean(declared['x-hem-read-back']));
    expect(labels.includes('hem-import CLI')).toBe(Boolean(declared['x-hem-kid-from']));
    const input = sampleInput(op, document);
    const examples = declared.requestBody?.content['application/json'].examples;
    if (examples) {
      const first = Object.keys(examples)[0]!;
      expect(input.bodyExample).toBe(first);
      const ts = samples.find((s) => s.label === 'TypeScript')!.source;
      expect(ts).toContain(`await hem.${id}(${tsLiteral(input.body)})`);
      // The curl body is the example, as JSON.
      const curl = samples.find((s) => s.label === 'curl')!.source;
      expect(JSON.parse(curl.slice(curl.indexOf("<<'JSON'\n") + 9, curl.lastIndexOf('\nJSON')))).toEqual(input.body);
    }
    // Every parameter's example appears in every sample.
    for (const { value } of Object.values(input.params)) for (const s of samples) expect(s.source).toContain(String(value));
  });

  test('the CLI sample passes every body field as an option and the key as a file', () => {
    const op = operations.find((o) => o.table.hem?.kidFrom)!;
    const cli = samplesFor(op, document, operations).find((s) => s.label === 'hem-import CLI')!.source;
    const { body } = sampleInput(op, document);
    const kidFrom = op.table.hem!.kidFrom!;
    expect(cli).toContain(`echo ${shellQuote(String(body![kidFrom]))} > ${CLI_KEY_FILE}`);
    for (const [field, value] of Object.entries(body!)) if (field !== kidFrom) expect(cli).toContain(shellQuote(String(value)));
  });

  test('the CLI sample names the import token, and the read token --if-absent reads back with', () => {
    const op = operations.find((o) => o.table.hem?.kidFrom && o.table.hem.readBack)!;
    const read = operations.find((o) => o.table.id === op.ir.hem?.readBack?.operation)!;
    const cli = samplesFor(op, document, operations).find((s) => s.label === 'hem-import CLI')!.source;
    expect(tokenVariable(op)).not.toBe(tokenVariable(read));
    expect(cli).toContain(`# ${tokenVariable(op)}: a token with scope ${op.table.hem!.scopes[0]!.claim}`);
    expect(cli).toContain(`# ${tokenVariable(read)}: a token with scope ${read.table.hem!.scopes[0]!.claim}`);
    expect(cli).toContain('--if-absent');
    expect(cli).not.toMatch(/HEM_TOKEN:/);
  });

  test('a body field the CLI has no option for fails the build, naming the field', () => {
    const op = withOp('importKey', (o) => (o.ir.requestBody!.content[0]!.examples[0]!.value = { ...(o.ir.requestBody!.content[0]!.examples[0]!.value as object), colour: 'blue' }));
    expect(() => samplesFor(op, document, operations)).toThrow(/hem-import has no option for the body field colour/);
  });

  test('a required parameter without an example fails the build, naming it', () => {
    const bare = structuredClone(document);
    delete bare.paths['/api/keymgmt/get/{kid}'].get.parameters[0].examples;
    bare.components.schemas.Kid = { ...bare.components.schemas.Kid, examples: undefined };
    const op = operations.find((o) => o.table.id === 'getKey')!;
    expect(() => samplesFor(op, bare, operations)).toThrow(/parameters\/0: required parameter kid of getKey has no example/);
  });

  test.each([
    ["it's", "'it'\\''s'"],
    ['ECDH,ExDSA', 'ECDH,ExDSA'],
    ['two words', "'two words'"],
  ])('shell word %s', (word, quoted) => {
    expect(shellQuote(word)).toBe(quoted);
  });
});

test('the page document: every operation has its sections and samples, the intro every block', async () => {
  const release = await readRelease(ROOT);
  const { document: derived } = await deriveDocument({ spec: SPEC, release, pages: { index: 'index.html', changelog: 'documents/Changelog.html' } });
  for (const { ir: op } of operations) {
    const node = derived.paths[op.path][op.method];
    expect(node.description).toContain('### Access');
    expect(node.description).toContain('### Errors');
    expect(node.description.startsWith(raw.paths[op.path][op.method].description.trim())).toBe(true);
    expect(node['x-codeSamples'].length).toBeGreaterThanOrEqual(2);
  }
  expect(derived.info.description).not.toMatch(/<!-- hem:/);
  expect(derived.info.description).toContain('](reference/index.html)');
  expect(derived.info.description).toContain(`version ${release.version}`);
  // The spec itself is untouched.
  expect(document.paths['/api/keymgmt/import'].post['x-codeSamples']).toBeUndefined();
});

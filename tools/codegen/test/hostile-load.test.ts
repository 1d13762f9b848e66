// Hostile documents against every tool that reads a spec through the one loader: check-spec,
// generate and the docs build here (spec-diff's diff/gate/release in tools/spec-diff/test/
// hostile.test.ts). The built commands run in a child process capped at 256 MB of heap, so a
// bomb that got through would end in an out-of-memory abort, not in our error: every case in
// one such process (cli-batch.mjs), and one case per tool through the bin itself, which must
// answer the same.
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CASES, type HostileCase, SECRET, writeCase } from '../bench/hostile-cases.mjs';
import { MARKER, checkSpec, typeCheck } from '../src/check-spec.js';
import { loadSpec } from '../src/load.js';
import { runBatch } from './cli-batch.mjs';
import { generate } from './helpers.js';

const CLI = fileURLToPath(new URL('../dist/cli.mjs', import.meta.url));
const RUN = fileURLToPath(new URL('../dist/run.mjs', import.meta.url));
const DOCS = fileURLToPath(new URL('../../../spec/scripts/docs/build.mjs', import.meta.url));
const SCRATCH = fileURLToPath(new URL('./.scratch/', import.meta.url));
mkdirSync(SCRATCH, { recursive: true });
const scratch = mkdtempSync(join(SCRATCH, 'hostile-'));
let server: Server;
let port = 0;
const requests: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    res.end('type: string\n');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  port = (server.address() as { port: number }).port;
});
afterAll(async () => {
  await new Promise((done) => server.close(done));
  rmSync(scratch, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
}

/** Runs node with a 256 MB heap; the whole output, stdout then stderr. */
function node(args: string[], options: { cwd?: string; shell?: string } = {}): Promise<Run> {
  return new Promise((done, fail) => {
    const child = options.shell
      ? spawn('sh', ['-c', options.shell], { cwd: options.cwd })
      : spawn(process.execPath, ['--max-old-space-size=256', ...args], { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout!.on('data', (b: Buffer) => out.push(b));
    child.stderr!.on('data', (b: Buffer) => err.push(b));
    child.on('error', fail);
    child.on('close', (code, signal) => done({ code, signal, out: Buffer.concat([...out, ...err]).toString('utf8') }));
  });
}

/** A refusal as every tool prints one: exit 1, the message and the pointer, no stack, no secret, no OOM. */
function expectRefused(run: Run, hostile: HostileCase) {
  expect(run.code).toBe(1);
  expect(run.out).toMatch(hostile.message);
  // The pointer of the $ref (or of the place), as every tool prints a diagnostic.
  expect(run.out).toContain(`${hostile.pointer}: `);
  expect(run.out).not.toMatch(/\n\s+at .*:\d+:\d+\)?\n/); // no stack trace
  expect(run.out).not.toContain('heap out of memory');
  expect(run.out).not.toContain(SECRET);
}

/** Each tool's command line on a spec: the bin, and the function it calls (for the batch). */
const TOOLS = {
  'check-spec': { bin: CLI, module: RUN, name: 'runCli', args: (spec: string, flags: string[]) => ['check-spec', spec, ...flags] },
  generate: { bin: CLI, module: RUN, name: 'runCli', args: (spec: string, flags: string[], out: string) => ['all', '--spec', spec, '--out', out, ...flags] },
  docs: { bin: DOCS, module: DOCS, name: 'runDocs', args: (spec: string, _flags: string[], out: string) => ['--spec', spec, '--out', out] },
} as const;
type Tool = keyof typeof TOOLS;

const table = CASES.flatMap((c) => Object.keys(TOOLS).map((tool) => [c.name, tool as Tool, c] as const)).filter(
  // The docs build takes no policy flags: the default policy refuses the device as outside.
  ([, tool, c]) => !(tool === 'docs' && c.flags),
);

/** Writes a case's files; the tool's arguments and its output folder. */
function prepare(tool: Tool, hostile: HostileCase, variant = '') {
  const dir = join(scratch, `${hostile.name}-${tool}${variant}`);
  const spec = writeCase(hostile, join(dir, 'spec'), { port });
  const out = join(dir, 'out');
  return { args: TOOLS[tool].args(spec, hostile.flags ?? [], out), out };
}

/** Every case's answer from one batch, and the requests the test server saw while it ran. */
const batch = new Map<string, { run: Run | undefined; out: string }>();
let batchRequests: string[] = [];
let batchExit = '';

describe('every tool refuses a hostile document with the pointer and a clear message', () => {
  beforeAll(async () => {
    const prepared = table.map(([, tool, hostile]) => ({ key: `${hostile.name} × ${tool}`, tool, ...prepare(tool, hostile) }));
    const before = requests.length;
    const { results, exit } = await runBatch(prepared.map((p) => ({ module: TOOLS[p.tool].module, name: TOOLS[p.tool].name, cwd: scratch, args: p.args })));
    batchRequests = requests.slice(before);
    batchExit = `the batch process ended with code ${exit.code}, signal ${exit.signal}: ${exit.stderr.slice(-2000)}`;
    for (const [i, p] of prepared.entries()) batch.set(p.key, { run: results[i] && { ...results[i], signal: null }, out: p.out });
  }, 600_000);

  test.each(table)('%s × %s', (name, tool) => {
    const { run, out } = batch.get(`${name} × ${tool}`)!;
    expect(run, batchExit).toBeDefined();
    expectRefused(run!, CASES.find((c) => c.name === name)!);
    expect(batchRequests).toEqual([]);
    // Nothing written: generate writes all or nothing; the docs check the spec first.
    expect(existsSync(out)).toBe(false);
  });

  // The bin itself on one case per tool: the same code and the same words as in the batch.
  test.each(Object.keys(TOOLS) as Tool[])('the %s bin answers a case as the batch did', async (tool) => {
    const hostile = CASES.find((c) => c.name === 'outside')!;
    const { args, out } = prepare(tool, hostile, '-bin');
    const before = requests.length;
    const run = await node([TOOLS[tool].bin, ...args], { cwd: scratch });
    expect(run.signal).toBe(null);
    expectRefused(run, hostile);
    expect(requests.slice(before)).toEqual([]);
    expect(existsSync(out)).toBe(false);
    // The bin's output is its stdout then its stderr; the batch keeps them interleaved.
    const lines = (text: string) => text.split('\n').sort();
    expect(lines(run.out.replaceAll('-bin/', '/'))).toEqual(lines(batch.get(`outside × ${tool}`)!.run!.out));
  });

  test('the test server answers, so "no request arrived" can fail', async () => {
    const response = await fetch(`http://127.0.0.1:${port}/probe`);
    expect(await response.text()).toBe('type: string\n');
    expect(requests.at(-1)).toBe('/probe');
  });
});

describe('the policy in the library', () => {
  test('a $ref inside an x-* extension that cannot be resolved is a warning with its pointer', async () => {
    const dir = join(scratch, 'x-ext');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, '.env'), `TOKEN=${SECRET}\n`);
    writeFileSync(
      join(dir, 'openapi.yaml'),
      "openapi: 3.1.0\ninfo: { title: t, version: '1' }\npaths: {}\nx-topics:\n  - title: Start\n    content: { $ref: ./docs/start.md }\n  - { $ref: .env }\n",
    );
    const loaded = await loadSpec(join(dir, 'openapi.yaml'));
    expect([...loaded.warnings].sort((a, b) => (a.pointer < b.pointer ? -1 : 1))).toEqual([
      {
        severity: 'warning',
        pointer: '#/x-topics/0/content',
        message: expect.stringMatching(/docs\/start\.md is not a \.yaml, \.yml or \.json file.*extensions are not part of the API/),
      },
      { severity: 'warning', pointer: '#/x-topics/1', message: expect.stringMatching(/\.env is not a \.yaml/) },
    ]);
    expect(JSON.stringify(loaded)).not.toContain(SECRET);
  });

  test('--allow-dir lets a $ref read a named folder, and only that one', async () => {
    const dir = join(scratch, 'allow');
    mkdirSync(join(dir, 'spec'), { recursive: true });
    mkdirSync(join(dir, 'shared'), { recursive: true });
    writeFileSync(join(dir, 'shared/thing.yaml'), 'type: string\nmaxLength: 3\n');
    writeFileSync(
      join(dir, 'spec/openapi.yaml'),
      "openapi: 3.1.0\ninfo: { title: t, version: '1' }\npaths: {}\ncomponents:\n  schemas:\n    Thing: { $ref: '../shared/thing.yaml' }\n",
    );
    await expect(loadSpec(join(dir, 'spec/openapi.yaml'))).rejects.toThrow(/shared\/thing\.yaml is outside/);
    const loaded = await loadSpec(join(dir, 'spec/openapi.yaml'), { allowDirs: [join(dir, 'shared')] });
    // Inlined where it is used: no component named after the file (which Redocly's bundler would add).
    expect(loaded.document.components).toEqual({ schemas: { Thing: { type: 'string', maxLength: 3 } } });
    expect(loaded.files.sort()).toEqual([join(dir, 'shared/thing.yaml'), join(dir, 'spec/openapi.yaml')]);
  });

  test('the caps are settable: a small file cap refuses what the default allows', async () => {
    const dir = join(scratch, 'caps');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'thing.yaml'), `type: string\ndescription: ${'x'.repeat(2000)}\n`);
    writeFileSync(join(dir, 'openapi.yaml'), "openapi: 3.1.0\ninfo: { title: t, version: '1' }\npaths: {}\ncomponents:\n  schemas:\n    Thing: { $ref: thing.yaml }\n");
    await expect(loadSpec(join(dir, 'openapi.yaml'))).resolves.toBeTruthy();
    await expect(loadSpec(join(dir, 'openapi.yaml'), { maxFileBytes: 1000 })).rejects.toThrow(
      /#\/components\/schemas\/Thing: \$ref cannot be resolved: thing\.yaml is 0\.0 MiB, above/,
    );
    await expect(loadSpec(join(dir, 'openapi.yaml'), { maxDocumentBytes: 1000 })).rejects.toThrow(/cap per document/);
    await expect(loadSpec(join(dir, 'openapi.yaml'), { maxNodes: 10 })).rejects.toThrow(/expands to more than 10 nodes/);
  });
});

describe('recursion', () => {
  const recursive = (schemas: Record<string, unknown>) => ({
    openapi: '3.1.0',
    info: { title: 't', version: '1' },
    paths: {
      '/tree': {
        post: {
          operationId: 'postTree',
          requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Tree' } } } },
          responses: { '200': { description: 'ok' } },
        },
      },
    },
    components: { schemas },
  });

  test('a tree, and a list of trees, generate types that compile and a validator that terminates', async () => {
    const gen = await generate(
      recursive({
        Tree: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, children: { $ref: '#/components/schemas/Forest' } } },
        Forest: { type: 'array', items: { $ref: '#/components/schemas/Tree' } },
      }),
    );
    expect(gen.rendered.blocked).toEqual([]);
    expect(gen.compileErrors).toEqual([]);
    const { Tree } = await gen.load<Record<string, { safeParse(v: unknown): { success: boolean } }>>('validator', 'schemas.gen.ts');
    let deep: Record<string, unknown> = { name: 'leaf' };
    for (let i = 0; i < 100; i++) deep = { name: `n${i}`, children: [deep, { name: 'x' }] };
    expect(Tree!.safeParse(deep).success).toBe(true);
    let bad: Record<string, unknown> = { name: 1 };
    for (let i = 0; i < 100; i++) bad = { name: `n${i}`, children: [bad] };
    expect(Tree!.safeParse(bad).success).toBe(false);
  });

  test('a tree and a recursive array generate types that compile and a validator that terminates', async () => {
    const gen = await generate(
      recursive({
        Tree: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, kids: { $ref: '#/components/schemas/Nest' } } },
        // An array of itself, and an array of arrays of itself or a string: no object in between.
        Nest: { type: 'array', items: { $ref: '#/components/schemas/Nest' } },
        Deep: { type: 'array', items: { type: 'array', items: { oneOf: [{ type: 'string' }, { $ref: '#/components/schemas/Deep' }] } } },
      }),
    );
    expect(gen.rendered.blocked).toEqual([]);
    expect(gen.rendered.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(gen.compileErrors).toEqual([]);
    // The arrays are interfaces over Array: the `Nest[]` form is what TypeScript calls circular.
    const openapi = gen.text('types', 'openapi.gen.ts');
    expect(openapi).toContain('Nest: $Nest;');
    expect(openapi).toMatch(/export interface \$Nest extends Array<components\["schemas"\]\["Nest"\]> \{\s*\}/);
    expect(openapi).toMatch(/export interface \$Deep extends Array<\$Deep_items> \{\s*\}/);
    // The types say what the schemas say: nested arrays are a Nest, a number inside is not.
    writeFileSync(
      join(gen.dir, 'types/nest-check.ts'),
      [
        "import type { Deep, Nest } from './models.gen.js';",
        'export const nest: Nest = [[], [[[]]]];',
        "export const deep: Deep = [['a', [['b']]]];",
        '// @ts-expect-error a number is not a Nest',
        'export const notNest: Nest = [[1]];',
        '// @ts-expect-error a number is not a Deep',
        'export const notDeep: Deep = [[1]];',
        '',
      ].join('\n'),
    );
    appendFileSync(join(gen.dir, 'types/index.ts'), "export * from './nest-check.js';\n");
    expect(await typeCheck(gen.dir, ['types'])).toEqual([]);
    const { Nest, Deep, Tree } = await gen.load<Record<string, { safeParse(v: unknown): { success: boolean } }>>('validator', 'schemas.gen.ts');
    let nest: unknown[] = [];
    for (let i = 0; i < 200; i++) nest = [nest, []];
    expect(Nest!.safeParse(nest).success).toBe(true);
    expect(Nest!.safeParse([[[]], [[[1]]]]).success).toBe(false);
    expect(Deep!.safeParse([['a', [['b']]]]).success).toBe(true);
    expect(Deep!.safeParse([['a', [[1]]]]).success).toBe(false);
    expect(Tree!.safeParse({ name: 't', kids: [[], [[]]] }).success).toBe(true);
    expect(Tree!.safeParse({ name: 't', kids: [[{}]] }).success).toBe(false);
  });

  test.each([
    ['a $ref to itself', { Tree: { $ref: '#/components/schemas/Tree' } }, /leads back to itself through \$refs only/],
    ['two schemas referring to each other only', { Tree: { $ref: '#/components/schemas/Other' }, Other: { $ref: '#/components/schemas/Tree' } }, /leads back to itself/],
    ['allOf itself', { Tree: { allOf: [{ $ref: '#/components/schemas/Tree' }] } }, /refers to itself through \$ref, allOf, oneOf or anyOf alone/],
    ['anyOf itself or a string', { Tree: { anyOf: [{ $ref: '#/components/schemas/Tree' }, { type: 'string' }] } }, /refers to itself through \$ref, allOf, oneOf or anyOf alone/],
    [
      'a tuple of itself',
      { Tree: { type: 'array', prefixItems: [{ $ref: '#/components/schemas/Tree' }, { type: 'string' }] } },
      /contains itself at a tuple position \(prefixItems\)/,
    ],
  ])('%s is refused with its pointer', async (_what, schemas, message) => {
    const dir = join(scratch, `rec-${readdirSync(scratch).length}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'openapi.json'), JSON.stringify(recursive(schemas)));
    const run = await node([CLI, 'check-spec', join(dir, 'openapi.json')]);
    expect(run.code).toBe(1);
    expect(run.out).toMatch(new RegExp(`#/components/schemas/(Tree|Other)(/\\$ref)?: .*${message.source}`));
    expect(run.out).not.toMatch(/RangeError|Maximum call stack/);
  });
});

describe('check-spec --out never deletes what check-spec did not write', () => {
  const spec = fileURLToPath(new URL('./fixtures/oai-petstore-3.0.yaml', import.meta.url));

  test('a folder with files of its own is refused and left as it was', async () => {
    const out = join(scratch, 'users-folder');
    mkdirSync(join(out, 'types'), { recursive: true });
    writeFileSync(join(out, 'types/keep.ts'), 'export const mine = 1;\n');
    const run = await node([CLI, 'check-spec', spec, '--out', out]);
    expect(run.code).toBe(2);
    expect(run.out).toMatch(
      /--out .*users-folder holds 1 entry that check-spec did not write \(no \.hem-check-spec file\): name a new or empty folder; nothing was written or deleted/,
    );
    expect(readdirSync(out)).toEqual(['types']);
    expect(readdirSync(join(out, 'types'))).toEqual(['keep.ts']);
  });

  test('an empty folder is taken and marked; a marked folder is replaced on the next run', async () => {
    const out = join(scratch, 'empty-folder');
    mkdirSync(out);
    // In the test process (the bin's --out is this option): the compiler's cache is warm here.
    expect((await checkSpec(spec, { out })).ok).toBe(true);
    expect(readdirSync(out).sort()).toEqual([MARKER, 'client', 'types', 'validator']);
    writeFileSync(join(out, 'types/stale.gen.ts'), '');
    expect((await checkSpec(spec, { out })).ok).toBe(true);
    expect(readdirSync(join(out, 'types'))).not.toContain('stale.gen.ts');
  });
});

describe('output is never cut', () => {
  test('check-spec | head -c 200000 gets 200000 bytes, and a pipe gets every line', async () => {
    const dir = join(scratch, 'many-warnings');
    mkdirSync(dir, { recursive: true });
    const schemas: Record<string, unknown> = {};
    // 1,200 warnings of about 200 bytes each: well past 200,000 bytes, with few types to compile.
    const pad = 'X'.repeat(150);
    for (let i = 0; i < 1200; i++) schemas[`Legacy${i}${pad}`] = { type: 'string', nullable: true };
    const spec = join(dir, 'openapi.json');
    writeFileSync(spec, JSON.stringify({ openapi: '3.1.0', info: { title: 't', version: '1' }, paths: {}, components: { schemas } }));

    // One run into a pipe: tee passes it to head, which stops reading at 200,000 bytes, and keeps
    // writing all of it to a file (-p: a reader that leaves is not an error). Output cut short
    // (an exit before stdout drained) shows in both.
    const full = join(dir, 'stdout.txt');
    const head = await node([], { shell: `"${process.execPath}" "${CLI}" check-spec "${spec}" | tee -p "${full}" | head -c 200000 | wc -c` });
    expect(head.out.trim()).toBe('200000');

    const text = readFileSync(full, 'utf8');
    const lines = text.trim().split('\n');
    expect(lines.filter((l) => l.startsWith('warning #/components/schemas/Legacy') && l.includes(pad))).toHaveLength(1200);
    expect(Buffer.byteLength(text)).toBeGreaterThan(200_000);
    expect(lines.at(-1)).toMatch(/1200 warning\(s\): PASS$/);
  });
});

describe('the document loaded is the one Redocly bundles', () => {
  test('our spec: external examples inlined where used, internal $refs kept, every file listed', async () => {
    const spec = fileURLToPath(new URL('../../../spec/openapi.yaml', import.meta.url));
    const { document, files, warnings } = await loadSpec(spec);
    expect(warnings).toEqual([]);
    expect(files.some((f) => f.endsWith('spec/components/examples.yaml'))).toBe(true);
    const text = JSON.stringify(document);
    expect(text).not.toContain('examples.yaml');
    expect(text).not.toContain('#/components/examples/');
    expect(Object.keys(document.components as object).sort()).toEqual(['headers', 'responses', 'schemas', 'securitySchemes']);
    expect(text).toContain('"$ref":"#/components/schemas/');
    expect(readFileSync(spec, 'utf8')).toContain('components/examples.yaml#/');
  });
});

describe('external files are inlined, as the spec was written', () => {
  test('a schema file used twice is inlined at both places; one that refers to itself stays a component', async () => {
    const dir = join(scratch, 'inline');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'label.yaml'), 'type: string\nmaxLength: 32\n');
    writeFileSync(join(dir, 'node.yaml'), "type: object\nproperties:\n  next: { $ref: './node.yaml' }\n");
    writeFileSync(
      join(dir, 'openapi.yaml'),
      "openapi: 3.1.0\ninfo: { title: t, version: '1' }\npaths: {}\ncomponents:\n  schemas:\n    A: { type: object, properties: { a: { $ref: label.yaml }, b: { $ref: label.yaml, description: B } } }\n    List: { $ref: node.yaml }\n",
    );
    const { document } = await loadSpec(join(dir, 'openapi.yaml'));
    const schemas = (document.components as { schemas: Record<string, unknown> }).schemas;
    expect(schemas.A).toEqual({ type: 'object', properties: { a: { type: 'string', maxLength: 32 }, b: { type: 'string', maxLength: 32, description: 'B' } } });
    expect(Object.keys(schemas).sort()).toEqual(['A', 'List', 'node']);
    expect(schemas.node).toEqual({ type: 'object', properties: { next: { $ref: '#/components/schemas/node' } } });
  });
});

// Extending the API is a spec change and a changeset, nothing else. In one copy of the work tree,
// CONTRIBUTING.md's two recipes are followed as written, one after the other, as one change:
// - "Add an operation": `deleteKey` (x-hem-effect remove-key) and `listKeys` (list-keys), from
//   new-operations.yaml beside this file, go under `paths`.
// - "Add a key type": Brainpool P-256r1 (a SEC1 curve) gets its enum value, description and
//   x-hem-key-formats entry; lint asks for its example by name; the example script makes it.
// Then: generate, spec:gate (refusing the change without a changeset), build and type-check
// pass; only the spec, the changeset and generated files differ; the docs page, built offline,
// documents the operations and the type; the fast tier of every suite that reads the spec passes
// on it, with the mock answering every status of the new operations; the built validator and
// client take a real key of the new type (made by OpenSSL). One copy, one install, one build of
// the change.
import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse, parseDocument, type YAMLSeq } from '../../../spec/node_modules/yaml/dist/index.js';
import { copyWorkTree, seedTurboCache } from '../../release/workspace.mjs';

const run = promisify(execFile);
const repo = mkdtempSync(join(tmpdir(), 'hem-extend-spec-'));
afterAll(() => rmSync(repo, { recursive: true, force: true }));

const TYPE = 'BRAINPOOLP256R1';
const NEW_TEXT = readFileSync(new URL('./new-operations.yaml', import.meta.url), 'utf8');
const NEW = parse(NEW_TEXT) as Record<string, Record<string, { operationId: string; responses: Record<string, unknown> }>>;
const NEW_OPS = Object.values(NEW).flatMap((item) => Object.values(item));

// The copy starts from the work tree's turbo cache (never writing it): what the spec change
// leaves alone (the tools) is restored, everything it touches is generated, built and checked
// for real, once.
let turboCache: ReturnType<typeof seedTurboCache>;
const sh = (cmd: string, args: string[], cwd = repo, env: Record<string, string> = {}) =>
  run(cmd, args, { cwd, maxBuffer: 64 << 20, env: { ...process.env, CI: 'true', TURBO_TELEMETRY_DISABLED: '1', ...turboCache, ...env } });
const outcome = (p: Promise<{ stdout: string; stderr: string }>) =>
  p.then(
    (r) => ({ code: 0, out: r.stdout + r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: `${e.stdout}${e.stderr}` }),
  );
const specFile = join(repo, 'spec/openapi.yaml');
const CHANGESET_HEAD = "---\n'@hem/types': minor\n'@hem/validator': minor\n'@hem/client': minor\n'@hem/mock-server': minor\n---\n\n";
const lint = () => outcome(sh(process.execPath, ['node_modules/@redocly/cli/bin/cli.js', 'lint', 'openapi.yaml', '--config', 'redocly.yaml'], join(repo, 'spec')));

/** Lint passes on the copy's spec, with no error anywhere in its output. */
async function lintPasses() {
  const clean = await lint();
  expect(clean.out).not.toMatch(/error/i);
  expect(clean.code).toBe(0);
}

/** `pnpm generate` in the copy succeeds. */
async function generates() {
  const generated = await outcome(sh('pnpm', ['generate']));
  expect(generated.code, generated.out).toBe(0);
}

/**
 * Every package the change can reach built and type-checked: the ones it touched and all that
 * depend on them (turbo's `...[HEAD]`), each as its `tsc --noEmit` would (`pnpm typecheck`'s
 * one process for them all). The others (the generator, spec-diff, the checks) have no input
 * the change touches, so their result is the work tree's, with a warm cache or not.
 */
async function buildAndTypecheck() {
  const built = await outcome(sh('pnpm', ['turbo', 'run', 'build', '--filter=...[HEAD]']));
  const inScope = /Packages in scope: .*@hem\/client.*@hem\/mock-server.*@hem\/release.*@hem\/spec.*@hem\/types.*@hem\/validator/;
  expect(built.out).toMatch(inScope);
  expect(built.code, built.out).toBe(0);
  const checked = await outcome(sh(process.execPath, ['tools/checks/typecheck.mjs', '--filter=...[HEAD]']));
  expect(checked.out).toMatch(/^typecheck: no errors in 7 package\(s\): @hem\/client, @hem\/mock-server, @hem\/release, @hem\/spec, @hem\/testkit, @hem\/types, @hem\/validator$/m);
  expect(checked.code, checked.out).toBe(0);
}

/** Files git would commit in the copy; fails on any that is not the spec, a changeset or generated. */
async function changedFiles() {
  const { stdout } = await sh('git', ['status', '--porcelain', '--untracked-files=all']);
  const changed = stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => line.slice(3));
  expect(changed.filter((file) => !/^spec\/(openapi\.yaml|components\/examples\.yaml)$|^\.changeset\/[a-z-]+\.md$|\.gen\.ts$/.test(file))).toEqual([]);
  return changed;
}

interface JsonReport {
  testResults: { name: string; assertionResults: { ancestorTitles: string[]; title: string; status: string }[] }[];
}

// Each test is one step of the recipes, in order, on the same copy.
describe.sequential('extending the spec: a key type and two operations, by the spec and a changeset only', { timeout: 900_000 }, () => {
  beforeAll(async () => {
    copyWorkTree(repo);
    turboCache = seedTurboCache(repo);
    await sh('pnpm', ['install', '--frozen-lockfile', '--prefer-offline']);
    // Built once, before the change (from the cache): the example script reads the curve
    // registry from the built validator, which the spec does not change.
    const built = await outcome(sh('pnpm', ['build']));
    expect(built.code, built.out).toBe(0);
  }, 900_000);

  test('two operations: pasted at the end of paths; lint passes', async () => {
    const text = readFileSync(specFile, 'utf8');
    const at = text.indexOf('\ncomponents:\n');
    expect(at).toBeGreaterThan(0);
    const block = NEW_TEXT.split('\n')
      .filter((line) => line.trim() !== '' && !line.startsWith('#'))
      .map((line) => `  ${line}`)
      .join('\n');
    writeFileSync(specFile, `${text.slice(0, at)}\n${block}${text.slice(at)}`);
    expect(Object.keys(parse(readFileSync(specFile, 'utf8')).paths)).toEqual(expect.arrayContaining(Object.keys(NEW)));

    await lintPasses();
  });

  test('a key type: lint asks for its example by name; the example script makes it; lint passes', async () => {
    // Edited as a person would: three entries added, the rest of the file kept as written.
    const spec = parseDocument(readFileSync(specFile, 'utf8'));
    const keyType = ['components', 'schemas', 'KeyType'];
    (spec.getIn([...keyType, 'enum']) as YAMLSeq).add(TYPE);
    spec.setIn([...keyType, 'x-enumDescriptions', TYPE], 'Brainpool P-256r1 (ECDH, ECDSA): 33 bytes, a SEC1 compressed point starting 0x02 or 0x03.');
    spec.setIn(
      [...keyType, 'x-hem-key-formats', TYPE],
      spec.createNode({ family: 'sec1', curve: 'brainpoolP256r1', bytes: 33, encoding: 'sec1-compressed', oid: '1.3.36.3.3.2.8.1.1.7' }),
    );
    writeFileSync(specFile, spec.toString({ lineWidth: 0 }));

    const missing = await lint();
    expect(missing.code).not.toBe(0);
    expect(missing.out).toContain(`No request example holds a key of type ${TYPE}`);

    // The example script reads the curve registry from the built validator (built above).
    await sh(process.execPath, ['scripts/make-examples.mjs', TYPE], join(repo, 'spec'));
    const withExample = parseDocument(readFileSync(specFile, 'utf8'));
    withExample.setIn(
      ['paths', '/api/keymgmt/import', 'post', 'requestBody', 'content', 'application/json', 'examples', TYPE],
      withExample.createNode({ $ref: `components/examples.yaml#/${TYPE}` }),
    );
    writeFileSync(specFile, withExample.toString({ lineWidth: 0 }));
    await lintPasses();
  });

  test('generate writes the operation tables and the key type', async () => {
    await generates();
    const tables = readFileSync(join(repo, 'packages/types/src/operations.gen.ts'), 'utf8');
    for (const { operationId } of NEW_OPS) expect(tables).toContain(`${operationId}: ${operationId}Operation`);
    expect(readFileSync(join(repo, 'packages/types/src/models.gen.ts'), 'utf8')).toContain(`${TYPE}: { family: "sec1", curve: "brainpoolP256r1", bytes: 33`);
  });

  test('spec:gate refuses the change without a changeset, naming the generated files; passes with one', async () => {
    const ungated = await outcome(sh('pnpm', ['spec:gate']));
    expect(ungated.code).toBe(1);
    expect(ungated.out).toMatch(/Generated files changed since [0-9a-f]{12} \(.*packages\/types\/src\/operations\.gen\.ts/);
    expect(ungated.out).toContain('packages/types/src/models.gen.ts');
    writeFileSync(join(repo, '.changeset/extend-spec.md'), `${CHANGESET_HEAD}New operations \`deleteKey\` and \`listKeys\`; new key type ${TYPE}.\n`);
    const gate = await outcome(sh('pnpm', ['spec:gate']));
    expect(gate.out).toContain('spec:gate: passed.');
    expect(gate.code).toBe(0);
  });

  test('build and type-check pass; nothing but the spec, the changeset and generated files changed', async () => {
    await buildAndTypecheck();
    expect(await changedFiles()).toEqual(expect.arrayContaining(['packages/types/src/operations.gen.ts', 'packages/types/src/models.gen.ts']));
  });

  test('the docs build, offline: the page documents both operations, with their access rules, errors and samples, and the key type', async () => {
    // `pnpm run docs` in spec/ (the packages are built), under the guard that reports every
    // outgoing TCP or TLS connection of the build and its child processes (spec/test/no-network.mjs,
    // whose control is in spec/test/docs-offline.test.ts): TypeDoc, the generator, Redocly.
    const guard = `--import ${join(repo, 'spec/test/no-network.mjs')}`;
    const docs = await outcome(sh(process.execPath, ['scripts/docs/build.mjs'], join(repo, 'spec'), { NODE_OPTIONS: guard }));
    expect(docs.code, docs.out).toBe(0);
    expect(docs.out).not.toContain('hem-no-network');
    const page = JSON.parse(readFileSync(join(repo, 'spec/dist/openapi.json'), 'utf8')) as {
      paths: Record<string, Record<string, { description?: string; 'x-codeSamples'?: unknown[] }>>;
    };
    for (const [path, item] of Object.entries(NEW)) {
      for (const method of Object.keys(item)) {
        const op = page.paths[path]?.[method];
        expect(op?.description, `${method} ${path}`).toMatch(/Key store/);
        expect(op?.['x-codeSamples']?.length, `${method} ${path}`).toBeGreaterThan(0);
      }
    }
    const html = readFileSync(join(repo, 'spec/dist/index.html'), 'utf8');
    expect(html).toContain('deleteKey');
    expect(html).toContain(TYPE);
  });

  test('the suites that read the spec pass on it (fast tier); the mock answers every status of the new operations through each door', async () => {
    // One vitest run in the copy of every project whose tests read the spec or what is generated
    // from it (codegen's and spec-diff's read their own fixtures and repositories, never
    // spec/openapi.yaml), in the fast tier: no browser, no copy of a copy, no batches of
    // built-CLI runs. Its JSON report (the root config's) says which scenarios ran.
    const projects = ['types', 'validator', 'client', 'mock-server', 'spec', 'release'];
    // The *.test-d.ts type tests are left out: the build step's tsc type-checked them (HEM_TEST_TYPECHECK=0).
    const tests = await outcome(sh('pnpm', ['test:fast', ...projects.flatMap((p) => ['--project', p])], repo, { HEM_TEST_TYPECHECK: '0' }));
    // The failing tests' own lines, so a failure here names them.
    expect(tests.out.match(/^.*FAIL.*$/gm) ?? []).toEqual([]);
    expect(tests.code).toBe(0);

    const report = JSON.parse(readFileSync(join(repo, 'test-results/vitest.json'), 'utf8')) as JsonReport;
    const ran = new Set(
      report.testResults.map((f) =>
        f.name
          .slice(repo.length + 1)
          .split('/')
          .slice(0, 2)
          .join('/'),
      ),
    );
    expect([...ran].sort()).toEqual(['packages/client', 'packages/mock-server', 'packages/types', 'packages/validator', 'spec/test', 'tools/release']);
    const contracts = report.testResults.filter((f) => /contract\.(https|msw)\.test\.ts$/.test(f.name));
    expect(contracts).toHaveLength(2);
    for (const file of contracts) {
      for (const op of NEW_OPS) {
        const ran = file.assertionResults.filter((a) => a.ancestorTitles.includes(op.operationId));
        for (const status of Object.keys(op.responses)) expect(ran.filter((a) => a.title.startsWith(`${status} `)).map((a) => a.status)).toEqual(['passed']);
      }
      expect(file.assertionResults.every((a) => a.status === 'passed')).toBe(true);
    }
  });

  test('the built validator and client take a real key of the new type and refuse a point off its curve', async () => {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'brainpoolP256r1' });
    const pem = publicKey.export({ type: 'spki', format: 'pem' }) as string;
    const probe = join(repo, 'packages/client/probe.mjs');
    writeFileSync(
      probe,
      `import { parseImportKeyRequest } from '@hem/validator';
       import { toHemPublicKey } from '@hem/client';
       const key = toHemPublicKey(${JSON.stringify(pem)});
       const good = parseImportKeyRequest({ label: 'brainpool', mode: 'ECDH', ...key });
       const offCurve = [...Array(64).keys()].map((i) => { const b = Buffer.from(key.pubkey, 'base64'); b[1] = i; return parseImportKeyRequest({ label: 'x', mode: 'ECDH', type: key.type, pubkey: b.toString('base64') }); }).find((r) => !r.ok);
       const noMode = parseImportKeyRequest({ label: 'brainpool', ...key });
       console.log(JSON.stringify({ type: key.type, good: good.ok, offCurve: offCurve?.issues.map((i) => i.code), noMode: noMode.ok ? [] : noMode.issues.map((i) => i.code) }));`,
    );
    const { stdout } = await sh(process.execPath, [probe], join(repo, 'packages/client'));
    expect(JSON.parse(stdout)).toEqual({ type: TYPE, good: true, offCurve: ['key_not_on_curve'], noMode: ['required'] });
  });
});

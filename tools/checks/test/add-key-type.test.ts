// Adding a key type is the spec change CONTRIBUTING.md describes, and nothing else. In a copy of
// the work tree, a type of a known family (Brainpool P-256r1, a SEC1 curve) is added to the
// spec: its enum value and description, its x-hem-key-formats entry, an example made by the
// example script; then lint, generate, build, type-check, and the built validator and client
// take a real key of it (made by OpenSSL) and refuse a point off its curve.
import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, test } from 'vitest';
import { parse, stringify } from '../../../spec/node_modules/yaml/dist/index.js';
import { copyWorkTree, readTurboCache } from '../../release/workspace.mjs';

const run = promisify(execFile);
const repo = mkdtempSync(join(tmpdir(), 'hem-add-type-'));
afterAll(() => rmSync(repo, { recursive: true, force: true }));

const TYPE = 'BRAINPOOLP256R1';
// The copy reads the work tree's turbo cache (never writes it): what the spec change leaves
// alone is restored, everything it touches is generated, built and type-checked for real.
const sh = (cmd: string, args: string[], cwd = repo) =>
  run(cmd, args, { cwd, maxBuffer: 64 << 20, env: { ...process.env, CI: 'true', TURBO_TELEMETRY_DISABLED: '1', ...readTurboCache() } });
const outcome = (p: Promise<{ stdout: string; stderr: string }>) =>
  p.then(
    (r) => ({ code: 0, out: r.stdout + r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: `${e.stdout}${e.stderr}` }),
  );

describe('adding a key type of a known family is a spec change only', () => {
  test('lint, generate, build, type-check and both the validator and the client accept a real key of it', { timeout: 900_000 }, async () => {
    copyWorkTree(repo);
    await sh('pnpm', ['install', '--frozen-lockfile', '--prefer-offline']);
    // Built once, before the change (the work tree's build, from the cache): the example
    // script reads the curve registry from the built validator, which the spec does not change.
    expect((await outcome(sh('pnpm', ['build']))).code).toBe(0);

    // The spec change, as CONTRIBUTING.md's recipe says.
    const specFile = join(repo, 'spec/openapi.yaml');
    const spec = parse(readFileSync(specFile, 'utf8'));
    const keyType = spec.components.schemas.KeyType;
    keyType.enum.push(TYPE);
    keyType['x-enumDescriptions'][TYPE] = 'Brainpool P-256r1 (ECDH, ECDSA): 33 bytes, a SEC1 compressed point starting 0x02 or 0x03.';
    keyType['x-hem-key-formats'][TYPE] = { family: 'sec1', curve: 'brainpoolP256r1', bytes: 33, encoding: 'sec1-compressed', oid: '1.3.36.3.3.2.8.1.1.7' };
    writeFileSync(specFile, stringify(spec));

    // Lint asks for an example of the new type, by name.
    const lint = () => outcome(sh(process.execPath, ['node_modules/@redocly/cli/bin/cli.js', 'lint', 'openapi.yaml', '--config', 'redocly.yaml'], join(repo, 'spec')));
    const missing = await lint();
    expect(missing.code).not.toBe(0);
    expect(missing.out).toContain(`No request example holds a key of type ${TYPE}`);

    // The example: made for this type alone, and listed beside the others.
    await sh(process.execPath, ['scripts/make-examples.mjs', TYPE], join(repo, 'spec'));
    const withExample = parse(readFileSync(specFile, 'utf8'));
    withExample.paths['/api/keymgmt/import'].post.requestBody.content['application/json'].examples[TYPE] = { $ref: `components/examples.yaml#/${TYPE}` };
    writeFileSync(specFile, stringify(withExample));
    const clean = await lint();
    expect(clean.out).not.toMatch(/error/i);
    expect(clean.code).toBe(0);

    // Generate, build and type-check every package against the new spec.
    expect((await outcome(sh('pnpm', ['generate']))).code).toBe(0);
    expect(readFileSync(join(repo, 'packages/types/src/models.gen.ts'), 'utf8')).toContain(`${TYPE}: { family: "sec1", curve: "brainpoolP256r1", bytes: 33`);
    const built = await outcome(sh('pnpm', ['turbo', 'run', 'build', 'typecheck']));
    expect(built.out).not.toMatch(/error TS/);
    expect(built.code).toBe(0);

    // A real key of the new type, made by OpenSSL, through the built packages of the copy.
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

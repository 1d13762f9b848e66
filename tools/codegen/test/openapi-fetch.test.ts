// @hem/types used the way teams use openapi-typescript's output: with openapi-fetch's
// createClient<paths>(). Correct calls must compile, wrong ones must not (each behind an
// expect-error directive, which fails to compile when the call is accepted). Type-level only.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { strictOptions, writeTargets } from '../src/check-spec.js';
import { renderDocument } from '../src/index.js';
import { loadSpec } from '../src/load.js';
import { scratchDir, writeGenerated } from './helpers.js';
import { consumerOf, FEATURES, type Feature } from './openapi-fetch-consumer.js';

const SPEC = fileURLToPath(new URL('../../../spec/openapi.yaml', import.meta.url));
const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const DOCUMENTS = readdirSync(FIXTURES)
  .filter((f) => /\.(ya?ml|json)$/.test(f))
  .sort();

/** Type-checks `consumer` beside the generated types (openapi-fetch resolves from this package). */
async function compile(document: Record<string, unknown>, consumer: string): Promise<string[]> {
  // The types alone are compiled by check-spec.test.ts (every fixture); here, with the consumer.
  const gen = writeGenerated(document, ['types']);
  expect(gen.rendered.blocked).toEqual([]);
  const dir = join(gen.dir, 'consumer');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'consumer.ts'), consumer);
  return typeCheck([join(dir, 'consumer.ts')], gen.dir);
}

/** One strict program over the consumer files; diagnostics as `file:line message`, paths relative to `base`. */
async function typeCheck(files: string[], base: string): Promise<string[]> {
  const { default: ts } = await import('typescript');
  const program = ts.createProgram(files, strictOptions(ts));
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const line = d.file ? d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1 : 0;
    return `${d.file?.fileName.slice(base.length + 1) ?? 'program'}:${line} ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
  });
}

const HEADER = `import createClient from 'openapi-fetch';
import type { paths } from '../types/openapi.gen.js';
const client = createClient<paths>({ baseUrl: 'https://hem.local' });
`;

describe('openapi-fetch over @hem/types', () => {
  test('our spec: typed calls compile, open enums are strings, getKey answers a StoredKey; wrong calls do not compile', async () => {
    const { document } = await loadSpec(SPEC);
    const errors = await compile(
      document,
      `${HEADER}import type { StoredKey, KeyType } from '../types/models.gen.js';
export async function read(kid: string): Promise<StoredKey | undefined> {
  const { data } = await client.GET('/api/keymgmt/get/{kid}', { params: { path: { kid } } });
  if (!data) return undefined;
  const type: string | undefined = data.type; // an open enum stays a string
  void type;
  return data;
}
export async function store(type: KeyType) {
  const { data } = await client.POST('/api/keymgmt/import', { body: { label: 'peer', type, mode: 'ECDH', pubkey: 'AAAA' } });
  const kid: string | undefined = data?.kid;
  return kid;
}
export async function wrong() {
  // @ts-expect-error a misspelt body field
  await client.POST('/api/keymgmt/import', { body: { lable: 'peer', type: 'ED25519', pubkey: 'AAAA' } });
  // @ts-expect-error a missing required path parameter
  await client.GET('/api/keymgmt/get/{kid}', { params: { path: {} } });
  // @ts-expect-error a value outside a closed enum
  await client.POST('/api/keymgmt/import', { body: { label: 'peer', type: 'RSA4096', pubkey: 'AAAA' } });
}
`,
    );
    expect(errors).toEqual([]);
  });

  test('query and header parameters, JSON, binary and form bodies, response narrowing', async () => {
    const document = {
      openapi: '3.1.0',
      info: { title: 'consumer', version: '1' },
      paths: {
        '/items/{id}': {
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
          put: {
            operationId: 'putItem',
            parameters: [
              { name: 'dryRun', in: 'query', required: false, schema: { type: 'boolean' } },
              { name: 'page', in: 'query', required: true, schema: { type: 'integer' } },
              { name: 'X-Trace', in: 'header', required: true, schema: { type: 'string' } },
            ],
            requestBody: {
              required: true,
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    required: ['kind'],
                    properties: { kind: { type: 'string', enum: ['a', 'b'], 'x-hem-extensible': true }, n: { type: 'integer' } },
                    additionalProperties: false,
                  },
                },
              },
            },
            responses: {
              '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object', required: ['id'], properties: { id: { type: 'integer' } } } } } },
              '404': { description: 'gone', content: { 'application/json': { schema: { type: 'object', required: ['reason'], properties: { reason: { type: 'string' } } } } } },
            },
          },
        },
        '/upload': {
          post: {
            operationId: 'upload',
            requestBody: { required: true, content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } },
            responses: { '204': { description: 'stored' } },
          },
        },
        '/form': {
          post: {
            operationId: 'form',
            requestBody: {
              required: true,
              content: { 'application/x-www-form-urlencoded': { schema: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } } },
            },
            responses: { '204': { description: 'ok' } },
          },
        },
      },
    };
    const errors = await compile(
      document,
      `${HEADER}export async function ok(bytes: Uint8Array) {
  const put = await client.PUT('/items/{id}', { params: { path: { id: 1 }, query: { dryRun: true, page: 1 }, header: { 'X-Trace': 't' } }, body: { kind: 'other', n: 2 } });
  if (put.error) {
    const reason: string = put.error.reason;
    return reason;
  }
  const id: number = put.data.id;
  await client.POST('/upload', { body: bytes, bodySerializer: (b) => b });
  await client.POST('/form', { body: { name: 'n' }, bodySerializer: (b) => new URLSearchParams(b) });
  return String(id);
}
export async function wrong() {
  // @ts-expect-error a required query parameter is missing
  await client.PUT('/items/{id}', { params: { path: { id: 1 }, query: {}, header: { 'X-Trace': 't' } }, body: { kind: 'a' } });
  // @ts-expect-error a required path parameter is missing
  await client.PUT('/items/{id}', { params: { path: {}, query: { page: 1 }, header: { 'X-Trace': 't' } }, body: { kind: 'a' } });
  // @ts-expect-error a query parameter of the wrong type
  await client.PUT('/items/{id}', { params: { path: { id: 1 }, query: { dryRun: 'yes', page: 1 }, header: { 'X-Trace': 't' } }, body: { kind: 'a' } });
  // @ts-expect-error a misspelt body field (openapi-fetch infers the init generically, so an extra field alone passes; a misspelt required one does not)
  await client.PUT('/items/{id}', { params: { path: { id: 1 }, query: { page: 1 }, header: { 'X-Trace': 't' } }, body: { knd: 'a' } });
  // @ts-expect-error a form body without its required field
  await client.POST('/form', { body: {} });
}
`,
    );
    expect(errors).toEqual([]);
  });

  test('every fixture document: calls chosen from the IR compile, wrong ones do not (one program)', { timeout: 600_000 }, async () => {
    const base = scratchDir();
    const files: string[] = [];
    const covered = new Map<Feature, string[]>();
    for (const file of DOCUMENTS) {
      const { document } = await loadSpec(join(FIXTURES, file));
      const rendered = renderDocument(document, ['types'], file);
      expect(rendered.blocked, file).toEqual([]);
      const dir = join(base, file.replace(/\.\w+$/, ''));
      writeTargets(dir, rendered.files);
      const made = consumerOf(rendered.ir!, './types/openapi.gen.js');
      if (rendered.ir!.operations.length) expect(made.calls, `${file}: no call was made`).toBeGreaterThan(0);
      for (const f of made.covered) covered.set(f, [...(covered.get(f) ?? []), file]);
      writeFileSync(join(dir, 'consumer.ts'), made.code);
      files.push(join(dir, 'consumer.ts'));
    }
    // Every kind of call is made by some fixture (a selection that stopped finding any fails here).
    expect(FEATURES.filter((f) => !covered.has(f))).toEqual([]);
    expect(await typeCheck(files, base)).toEqual([]);
  });
});

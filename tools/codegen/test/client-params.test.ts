// The generated client for a real document with path, query, header and cookie parameters
// in every style, against a real local HTTP server: the exact request line and headers, as
// the OpenAPI style tables give them (primitive "blue", array blue/black/brown, object
// R=100, G=200, B=150).
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadSpec } from '../src/load.js';
import { operationName } from '../src/names.js';
import { generate } from './helpers.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/readme-parameters-style-3.1.json', import.meta.url));
const VALUES = { primitive: 'blue', array: ['blue', 'black', 'brown'], object: { R: 100, G: 200, B: 150 } };

let seen: { line: string; headers: IncomingMessage['headers'] }[] = [];
const server = createServer((req, res) => {
  seen.push({ line: `${req.method} ${req.url} HTTP/${req.httpVersion}`, headers: req.headers });
  req.resume().on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'));
});
let api: Record<string, (...args: unknown[]) => Promise<unknown>>;

beforeAll(async () => {
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { document } = await loadSpec(FIXTURE);
  const gen = await generate(document);
  expect(gen.rendered.blocked).toEqual([]);
  expect(gen.compileErrors).toEqual([]);
  const { bindOperations } = await gen.load<{ bindOperations(runtime: { call: unknown }): typeof api }>('client', 'operations.gen.ts');
  // The security schemes are operation data: they live in @hem/types.
  const { SECURITY_SCHEMES } = await gen.load<{ SECURITY_SCHEMES: unknown }>('types', 'operations.gen.ts');
  const { createCall } = await gen.load<{ createCall(config: object, hooks: object, schemes: unknown): unknown }>('client', 'runtime.ts');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  api = bindOperations({ call: createCall({ baseUrl: url, allowInsecureHttp: true }, {}, SECURITY_SCHEMES) });
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));

/** Calls the operation with the three values and returns what the server saw. */
async function sent(name: string, values: object = VALUES) {
  seen = [];
  await expect(api[operationName(name)]!(values)).resolves.toEqual({ ok: true });
  expect(seen).toHaveLength(1);
  return seen[0]!;
}

describe('generated client: parameters reach the server as the spec says', () => {
  test.each([
    ['paths_standard', 'GET /anything/path/blue/blue,black,brown/R,100,G,200,B,150'],
    ['paths_simple_nonExploded', 'GET /anything/path/simple/blue/blue,black,brown/R,100,G,200,B,150'],
    ['paths_simple_exploded', 'POST /anything/path/simple/blue/blue,black,brown/R=100,G=200,B=150'],
    ['paths_label_nonExploded', 'GET /anything/path/label/.blue/.blue,black,brown/.R,100,G,200,B,150'],
    ['paths_label_exploded', 'POST /anything/path/label/.blue/.blue.black.brown/.R=100.G=200.B=150'],
    ['paths_matrix_nonExploded', 'GET /anything/path/matrix/;primitive=blue/;array=blue,black,brown/;object=R,100,G,200,B,150'],
    ['paths_matrix_exploded', 'POST /anything/path/matrix/;primitive=blue/;array=blue;array=black;array=brown/;R=100;G=200;B=150'],
    ['query_standard', 'GET /anything/query?primitive=blue&array=blue&array=black&array=brown&R=100&G=200&B=150'],
    ['query_form_nonExploded', 'GET /anything/query/form?primitive=blue&array=blue,black,brown&object=R,100,G,200,B,150'],
    ['query_form_exploded', 'POST /anything/query/form?primitive=blue&array=blue&array=black&array=brown&R=100&G=200&B=150'],
    ['query_spaceDelimited_nonExploded', 'GET /anything/query/spaceDelimited?array=blue%20black%20brown&object=R%20100%20G%20200%20B%20150'],
    ['query_pipeDelimited_nonExploded', 'GET /anything/query/pipeDelimited?array=blue|black|brown&object=R|100|G|200|B|150'],
    ['query_deepObject_nonExploded', 'GET /anything/query/deepObject?object[R]=100&object[G]=200&object[B]=150'],
  ])('%s → %s', async (name, line) => {
    const { array, object, primitive } = VALUES;
    const args = name.includes('Delimited') ? { array, object } : name.includes('deepObject') ? { object } : { primitive, array, object };
    expect((await sent(name, args)).line).toBe(`${line} HTTP/1.1`);
  });

  test.each([
    ['headers_standard', { primitive: 'blue', array: 'blue,black,brown', object: 'R,100,G,200,B,150' }],
    ['headers_simple_nonExploded', { primitive: 'blue', array: 'blue,black,brown', object: 'R,100,G,200,B,150' }],
    ['headers_simple_exploded', { primitive: 'blue', array: 'blue,black,brown', object: 'R=100,G=200,B=150' }],
  ])('%s: header values in the simple style', async (name, want) => {
    const { headers, line } = await sent(name);
    expect(line).toMatch(/^(GET|POST) \/anything\/headers/);
    expect({ primitive: headers.primitive, array: headers.array, object: headers.object }).toEqual(want);
    expect(headers.accept).toBeDefined();
  });

  test.each([
    ['cookies_form_nonExploded', 'primitive=blue; array=blue,black,brown; object=R,100,G,200,B,150'],
    ['cookies_form_exploded', 'primitive=blue; array=blue&array=black&array=brown; R=100&G=200&B=150'],
  ])('%s: one Cookie header in the form style', async (name, cookie) => {
    const { headers, line } = await sent(name);
    expect(line).toBe('GET /cookies HTTP/1.1'); // the document's "#..." is a fragment, never sent
    expect(headers.cookie).toBe(cookie);
  });

  test('a required parameter left out is refused before anything is sent, naming it', async () => {
    seen = [];
    await expect(api.pathsStandard!({ primitive: 'blue', array: ['a'] })).rejects.toThrow(
      'paths_standard: required parameter object (in path) missing: pass it in the parameters object.',
    );
    expect(seen).toEqual([]);
  });
});

// The client against servers that misbehave on purpose: a raw TCP server that reads the
// request like a device would and then answers with whatever the test says (bytes that never
// end, a gzip bomb, a reset mid-answer, a 1xx and nothing else, a token echoed back). Plain
// HTTP and Node's own fetch, the fetch most callers use.
import { execFile } from 'node:child_process';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { HOSTILE_VALUES } from '@hem/testkit';
import { createHemClient as createCoreClient } from '../src/core.js';
import { type HemError, HemNetworkError, HemResponseError, HemTimeoutError, HemValidationError, createHemClient, toHemPublicKey } from '../src/index.js';
import { TOKEN } from './server.js';

/** What the server does once it has read a whole request. */
type Behaviour = (socket: Socket) => void;

interface Exchange {
  head: string;
  body: string;
  /** Bytes the server managed to write before the client went away. */
  written: number;
}

let server: Server;
let url: string;
let next: Behaviour;
const exchanges: Exchange[] = [];
const sockets = new Set<Socket>();

beforeAll(async () => {
  server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let buffer = Buffer.alloc(0);
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      const end = buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = buffer.subarray(0, end).toString('latin1');
      const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
      if (buffer.length < end + 4 + length) return;
      socket.removeAllListeners('data');
      const exchange = { head, body: buffer.subarray(end + 4, end + 4 + length).toString('utf8'), written: 0 };
      exchanges.push(exchange);
      const write = socket.write.bind(socket);
      socket.write = ((data: string | Uint8Array, ...rest: never[]) => {
        exchange.written += typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
        return write(data, ...rest);
      }) as typeof socket.write;
      next(socket);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
beforeEach(() => {
  exchanges.length = 0;
  next = (socket) => socket.destroy();
});

const key = () => toHemPublicKey(generateKeyPairSync('ed25519').publicKey);
const request = () => ({ label: 'partner', ...key() });
const client = (extra: Partial<Parameters<typeof createHemClient>[0]> = {}) => createHemClient({ baseUrl: url, token: TOKEN, allowInsecureHttp: true, ...extra });
const rejection = async (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
const head = (status: string, headers: Record<string, string | number>) =>
  `HTTP/1.1 ${status}\r\n${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('')}\r\n`;

/** Writes `chunk` again and again, honouring back-pressure, until the socket closes. */
function pour(socket: Socket, chunk: Uint8Array, limit = Infinity): void {
  let sent = 0;
  const more = () => {
    while (!socket.destroyed && sent < limit) {
      sent += 1;
      if (!socket.write(chunk)) return void socket.once('drain', more);
    }
    if (!socket.destroyed) socket.end();
  };
  socket.on('close', () => socket.removeAllListeners('drain'));
  more();
}

describe('answers that never end or are too large', () => {
  test("an endless body that trickles in is stopped by the call's deadline", async () => {
    next = (socket) => {
      socket.write(head('200 OK', { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }));
      const timer = setInterval(() => (socket.destroyed ? clearInterval(timer) : socket.write('1\r\n \r\n')), 20);
    };
    const error = await rejection(client({ timeoutMs: 500 }).importKey(request()));
    expect(error).toBeInstanceOf(HemTimeoutError);
    expect(exchanges).toHaveLength(1);
  });

  test('an endless body that pours in is cut off at maxResponseBytes', async () => {
    next = (socket) => {
      socket.write(head('200 OK', { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }));
      const chunk = Buffer.from(`4000\r\n${' '.repeat(0x4000)}\r\n`);
      pour(socket, chunk);
    };
    const error = await rejection(client().importKey(request()));
    expect(error).toBeInstanceOf(HemResponseError);
    expect((error as Error).message).toMatch(/over 65536 bytes \(decoded\).*reached the device/);
    // Refused once the cap was passed, not after reading gigabytes.
    expect(exchanges[0]!.written).toBeLessThan(64 * 1024 * 1024);
  });

  test('a 1 GiB body announced by Content-Length is refused before its first byte is read', async () => {
    next = (socket) => {
      socket.write(head('200 OK', { 'content-type': 'application/json', 'content-length': 2 ** 30 }));
      pour(socket, Buffer.alloc(1 << 16, 0x20), 2 ** 14);
    };
    const error = await rejection(client().importKey(request()));
    expect(error).toBeInstanceOf(HemResponseError);
    expect((error as Error).message).toMatch(/over 65536 bytes/);
    expect(exchanges[0]!.written).toBeLessThan(64 * 1024 * 1024);
  });

  test('a gzip bomb (1 MiB that inflates to 1 GiB) is cut off by its decoded size', async () => {
    // Concatenated gzip members inflate one after another: 64 members of 16 MiB of spaces.
    const member = gzipSync(Buffer.alloc(1 << 24, 0x20), { level: 9 });
    next = (socket) => {
      socket.write(head('200 OK', { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': member.byteLength * 64 }));
      pour(socket, member, 64);
    };
    const before = process.memoryUsage().rss;
    const error = await rejection(client().importKey(request()));
    expect(error).toBeInstanceOf(HemResponseError);
    expect((error as Error).message).toMatch(/over 65536 bytes \(decoded\)/);
    // What a read of the whole inflated body would have needed is 1 GiB; allow the noise of a test process.
    expect(process.memoryUsage().rss - before).toBeLessThan(256 * 1024 * 1024);
  });

  test('a smaller maxResponseBytes is honoured, and a nonsense one refused at creation', async () => {
    next = (socket) => socket.end(`${head('200 OK', { 'content-type': 'application/json', 'content-length': 200 })}${JSON.stringify({ kid: 'x'.repeat(190) })}`);
    expect(((await rejection(client({ maxResponseBytes: 100 }).importKey(request()))) as Error).message).toMatch(/over 100 bytes/);
    expect(() => client({ maxResponseBytes: 0 })).toThrow(/maxResponseBytes must be a whole number/);
  });
});

describe('after delivery, the error says the request may have taken effect', () => {
  const cases: [string, Behaviour, 'maybe' | 'yes'][] = [
    [
      'a reset in the middle of the answer',
      (s) => {
        s.write(`${head('200 OK', { 'content-type': 'application/json', 'content-length': 60 })}{"kid":"0123`);
        setTimeout(() => s.resetAndDestroy(), 20);
      },
      'yes',
    ],
    ['a body shorter than its Content-Length', (s) => s.end(`${head('200 OK', { 'content-type': 'application/json', 'content-length': 60 })}{"kid":"0123`), 'yes'],
    ['status 199 and then nothing', (s) => s.end(head('199 Odd', {})), 'maybe'],
    ['100 Continue and then nothing', (s) => s.end(head('100 Continue', {})), 'maybe'],
    ['a reset without any answer', (s) => s.resetAndDestroy(), 'maybe'],
  ];
  test.each(cases)('%s', async (_name, behaviour, reached) => {
    next = behaviour;
    const error = await rejection(client().importKey(request()));
    expect(exchanges).toHaveLength(1); // the request did arrive
    expect(error).toBeInstanceOf(HemNetworkError);
    expect(error).toMatchObject({ reachedDevice: reached });
    expect((error as Error).message).toMatch(/taken effect: check before sending it again/);
    expect((error as Error).message).not.toMatch(/could not reach/);
  });

  test('nothing listening: the request surely did not reach the device', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await rejection(createHemClient({ baseUrl: `http://127.0.0.1:${port}`, token: TOKEN, allowInsecureHttp: true }).importKey(request()));
    expect(error).toMatchObject({ name: 'HemNetworkError', reachedDevice: 'no' });
    expect((error as Error).message).toMatch(/could not reach the device/);
  });
});

describe('secrets', () => {
  const views = (error: unknown) => [String(error), (error as Error).stack ?? '', JSON.stringify(error), JSON.stringify((error as HemError).toJSON?.() ?? {})].join('\n');

  test.each([
    ['with the validator', () => client()],
    ['without it (the core entry)', () => createCoreClient({ baseUrl: url, token: TOKEN, allowInsecureHttp: true })],
  ])('a server that echoes the token as the kid (%s) never gets it quoted', async (_name, make) => {
    next = (socket) => {
      const body = JSON.stringify({ kid: TOKEN });
      socket.end(`${head('200 OK', { 'content-type': 'application/json', 'content-length': body.length })}${body}`);
    };
    const error = await rejection(make().importKey(request()));
    expect(error).toBeInstanceOf(HemResponseError);
    expect(views(error)).not.toContain(TOKEN.slice(10, 40));
    expect((error as HemResponseError).receivedKid).toBeUndefined();
  });

  test('a user:password base URL is refused at creation, without quoting the password', () => {
    let error: unknown;
    try {
      createHemClient({ baseUrl: 'https://admin:s3cret-passw0rd@my.ence.do', token: TOKEN });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/user name or password/);
    expect((error as Error).message).not.toContain('s3cret-passw0rd');
  });

  test.each([
    ['an inner CR/LF', `${TOKEN.slice(0, 20)}\r\n${TOKEN.slice(20)}`, /line break or another control character/],
    ['a trailing newline', `${TOKEN}\n`, /line break or another control character/],
    ['an empty string', '', /an empty string/],
    ['only spaces', '   ', /an empty string/],
  ])('a token with %s is refused before anything is sent, and not quoted', async (_name, token, message) => {
    for (const source of [token, () => token]) {
      const error = await rejection(createHemClient({ baseUrl: url, token: source, allowInsecureHttp: true }).importKey(request()));
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toMatch(message);
      if (token.trim()) expect((error as Error).message).not.toContain(TOKEN.slice(0, 20));
    }
    expect(exchanges).toHaveLength(0);
  });

  test('a token function that returns undefined does not send "Bearer undefined"', async () => {
    const error = await rejection(createHemClient({ baseUrl: url, token: (() => undefined) as unknown as () => string, allowInsecureHttp: true }).importKey(request()));
    expect((error as Error).message).toMatch(/credential function returned undefined/);
    expect(exchanges).toHaveLength(0);
  });
});

describe('the body checked is the body sent', () => {
  const answerKid = (socket: Socket) => {
    const sent = JSON.parse(exchanges.at(-1)!.body) as { pubkey: string };
    const kid = createHash('sha1').update(Buffer.from(sent.pubkey, 'base64')).digest('hex').slice(0, 32);
    const body = JSON.stringify({ kid });
    socket.end(`${head('200 OK', { 'content-type': 'application/json', 'content-length': body.length })}${body}`);
  };

  test('inherited properties do not pass as the request', async () => {
    const error = await rejection(client().importKey(Object.create(request())));
    expect(error).toBeInstanceOf(HemValidationError);
    expect(exchanges).toHaveLength(0);
  });

  test('a toJSON cannot swap the body after it was checked', async () => {
    next = answerKid;
    const checked = request();
    const other = request();
    const body = Object.defineProperty({ ...checked }, 'toJSON', { value: () => other, enumerable: false });
    await client().importKey(body);
    expect(JSON.parse(exchanges[0]!.body)).toEqual(checked);
  });

  test('a getter is refused without being run: what would be checked could differ from what is sent', async () => {
    let reads = 0;
    const body = {
      label: 'partner',
      type: 'ED25519',
      get pubkey() {
        reads += 1;
        return reads === 1 ? request().pubkey : 'not base64 at all';
      },
    };
    const error = await rejection(client().importKey(body as never));
    expect(error).toBeInstanceOf(HemValidationError);
    expect((error as HemValidationError).issues).toEqual([
      expect.objectContaining({ path: ['pubkey'], code: 'not_plain_data', message: expect.stringMatching(/is a getter: pass plain data/) }),
    ]);
    expect(reads).toBe(0);
    expect(exchanges).toHaveLength(0);
  });

  // Values that throw when touched (@hem/testkit): as the whole request, as its type, as its
  // pubkey; and a getter on a field, and a request that contains itself.
  const hostile: (readonly [string, () => unknown])[] = [
    ...HOSTILE_VALUES.map(([name, make]) => [`${name} as the request`, make] as const),
    ...HOSTILE_VALUES.map(([name, make]) => [`${name} as the type`, () => ({ label: 'a', pubkey: 'AAAA', type: make() })] as const),
    ...HOSTILE_VALUES.map(([name, make]) => [`${name} as the pubkey`, () => ({ label: 'a', type: 'ED25519', pubkey: make() })] as const),
    [
      'a throwing getter on pubkey',
      () => ({
        label: 'a',
        type: 'ED25519',
        get pubkey() {
          throw new Error('boom');
        },
      }),
    ],
    [
      'a request that contains itself',
      () => {
        const o: Record<string, unknown> = { label: 'a', type: 'ED25519' };
        o.pubkey = o;
        return o;
      },
    ],
  ];
  test.each(hostile)('%s is a HemValidationError, never a throw or a stray rejection, and nothing is sent', async (_name, make) => {
    const strays: unknown[] = [];
    const onStray = (reason: unknown) => strays.push(reason);
    process.on('unhandledRejection', onStray);
    try {
      const error = await rejection(client().importKey(make() as never));
      expect(error).toBeInstanceOf(HemValidationError);
      await new Promise((resolve) => setTimeout(resolve, 50)); // let any stray rejection surface
      expect(strays).toEqual([]);
      expect(exchanges).toHaveLength(0);
    } finally {
      process.off('unhandledRejection', onStray);
    }
  });
});

describe('the host process survives', () => {
  // In a child process, as a service would run it: a crash or an unhandled rejection there
  // ends the process with a non-zero code, which an in-process test could not see.
  const script = `
    import { createHemClient } from '@hem/client';
    import { parseImportKeyRequest } from '@hem/validator';
    import { generateKeyPairSync } from 'node:crypto';
    const pubkey = Buffer.from(generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }).x, 'base64url').toString('base64');
    const big = 'A'.repeat(4.3 * 1024 * 1024 & ~3); // 4.3 MiB of base64
    const client = createHemClient({ baseUrl: 'https://127.0.0.1:9', token: 'a-token-value' });
    for (const field of ['pubkey', 'descr', 'label']) {
      const body = { label: 'a', type: 'ED25519', pubkey, [field]: big };
      const direct = parseImportKeyRequest(body);
      const error = await client.importKey(body).then(() => 'sent', (e) => e.name + ':' + e.issues?.map((i) => i.code).join(','));
      console.log(JSON.stringify({ field, ok: direct.ok, codes: direct.ok ? [] : direct.issues.map((i) => i.code), error }));
    }
    await new Promise((resolve) => setTimeout(resolve, 200)); // room for a stray rejection to end the process
  `;
  test('a 4.3 MiB pubkey, descr or label is refused by length, with no crash and no stray rejection', async () => {
    const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));
    if (!existsSync(dist)) throw new Error(`${dist} is missing: run pnpm build first.`);
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, ['--input-type=module', '-e', script], { cwd: fileURLToPath(new URL('..', import.meta.url)), maxBuffer: 1 << 20 }, (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { field: string; ok: boolean; codes: string[]; error: string });
    expect(lines.map((l) => l.field)).toEqual(['pubkey', 'descr', 'label']);
    const want: Record<string, string> = { pubkey: 'key_length', descr: 'too_large', label: 'too_long' };
    for (const line of lines) {
      expect(line.ok).toBe(false);
      expect(line.codes).toEqual([want[line.field]]);
      expect(line.error).toBe(`HemValidationError:${want[line.field]}`);
    }
  });
});

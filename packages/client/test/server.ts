// A scripted server for what a device never does: answers a test writes by hand (endless or
// trickling bodies, gzip bombs, echoed tokens, malformed answers, dropped connections, delays).
// Everything else, the device's own behaviour, is @hem/mock-server's device model: an
// unscripted request is answered by it, over real HTTP and HTTPS (its certificate maker).
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttp } from 'node:http';
import { createServer as createHttps } from 'node:https';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHemDevice, selfSignedCertificate, type DeviceAnswer, type HemDevice, type HemDeviceOptions } from '@hem/mock-server';
import { Agent, fetch as undiciFetch } from 'undici';

export interface Recorded {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** What the server does with one request: a status and body, a delay, or a dropped connection. */
export type Answer = { status: number; body?: string; delayMs?: number } | { destroy: true };

export interface TestServer {
  url: string;
  requests: Recorded[];
  /** Scripted answers, used in order before the device-like default. */
  script: Answer[];
  /** The fetch to use with this server (trusts its certificate when it is HTTPS). */
  fetch: typeof fetch;
  /** The device model behind unscripted answers (its keys, log and faults). */
  device: HemDevice;
  /** The PEM of the certificate, for NODE_EXTRA_CA_CERTS in child processes. */
  caFile?: string;
  /**
   * Call before each test: empties `script`, and from now on a request made through `fetch`
   * before this call is stale: neither recorded nor given a scripted answer.
   */
  nextTest(): void;
  close(): Promise<void>;
}

/**
 * The header `fetch` stamps on each request with the test it was made in. A test whose
 * deadline or abort fires before the server has read its request (a loaded machine: the
 * client and the server share one event loop) leaves that request to be read during the
 * next test, where it took the next test's scripted answer (the dropped connection) and the
 * next test's request got the device's 200 instead.
 */
const TEST_HEADER = 'x-hem-test-generation';

/** The devices' token key (HS256): every server's device accepts TOKEN. */
const SECRET = 'hem-client-tests: a fixed 32-byte+ token key';

/** A User token with the import scope, as a device of these servers signs it. */
export const TOKEN = await createHemDevice({ secret: SECRET }).mintToken({ scope: 'keymgmt:imp', expiresIn: 86_400 });

let certificate: Promise<{ key: string; cert: string }> | undefined;

/** A server on `kind`; `device` configures its device model (e.g. newer firmware's descrMaxBytes). */
export async function startServer(kind: 'https' | 'http', device: HemDeviceOptions = {}): Promise<TestServer> {
  const requests: Recorded[] = [];
  const script: Answer[] = [];
  const sockets = new Set<Socket>();
  let generation = 0;
  const model = createHemDevice({ capacity: Infinity, ...device, secret: SECRET });
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const stamp = req.headers[TEST_HEADER];
      delete req.headers[TEST_HEADER];
      // Made in an earlier test, whose client has given up on it: no one reads the answer.
      if (stamp !== undefined && Number(stamp) !== generation) return void req.socket.destroy();
      const bytes = Buffer.concat(chunks);
      const recorded = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: bytes.toString('utf8') };
      requests.push(recorded);
      const scripted = script.shift();
      if (scripted && 'destroy' in scripted) return void req.socket.destroy();
      const answer: Pick<DeviceAnswer, 'status' | 'body'> & { delayMs?: number } = scripted
        ? { status: scripted.status, body: scripted.body ?? '', ...(scripted.delayMs ? { delayMs: scripted.delayMs } : {}) }
        : await model.answer({
            method: recorded.method,
            target: recorded.url,
            header: (name) => [req.headers[name]].flat().join(', ') || undefined,
            body: bytes.length ? new Uint8Array(bytes) : undefined,
            tls: kind === 'https',
            contentLength: req.headers['content-length'] === undefined ? undefined : Number(req.headers['content-length']),
            chunked: req.headers['transfer-encoding'] !== undefined,
          });
      const send = () => {
        // Like the device: every answer is JSON, errors have an empty body.
        const body = answer.body;
        res.writeHead(answer.status, answer.status === 418 ? '' : undefined, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
        res.end(body);
      };
      if (answer.delayMs) setTimeout(send, answer.delayMs);
      else send();
    });
  };
  if (kind === 'https') certificate ??= selfSignedCertificate();
  const tls = kind === 'https' ? await certificate : undefined;
  const server: Server = tls ? createHttps({ key: tls.key, cert: tls.cert }, handler) : createHttp(handler);
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const agent = tls ? new Agent({ connect: { ca: tls.cert } }) : undefined;
  // The certificate as a file, for child processes; it goes with the server.
  const caDir = tls ? mkdtempSync(join(tmpdir(), 'hem-tls-')) : undefined;
  if (caDir) writeFileSync(join(caDir, 'cert.pem'), tls!.cert);
  const stamped = (init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    headers.set(TEST_HEADER, String(generation));
    return { ...init, headers };
  };
  const testFetch = (
    agent
      ? (url: string, init?: RequestInit) => undiciFetch(url, { ...stamped(init), dispatcher: agent } as object)
      : (url: string, init?: RequestInit) => globalThis.fetch(url, stamped(init))
  ) as typeof fetch;
  return {
    url: `${kind}://127.0.0.1:${port}`,
    requests,
    script,
    device: model,
    fetch: testFetch,
    ...(caDir ? { caFile: join(caDir, 'cert.pem') } : {}),
    nextTest: () => {
      script.length = 0;
      generation++;
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await agent?.close();
      if (caDir) rmSync(caDir, { recursive: true, force: true });
    },
  };
}

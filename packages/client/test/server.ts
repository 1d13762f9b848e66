// A local stand-in for the device's import endpoint, over real HTTP and HTTPS (a
// certificate made by OpenSSL at test time). It answers like the device and records
// every request; a test can script the next answers.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttp, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttps } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
  /** The PEM of the certificate, for NODE_EXTRA_CA_CERTS in child processes. */
  caFile?: string;
  close(): Promise<void>;
}

export const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzY29wZSI6ImtleW1nbXQ6aW1wIiwic3ViIjoiVSJ9.c2VjcmV0LXNpZ25hdHVyZQ';

let certificate: { key: string; cert: string } | undefined;
/** A throwaway self-signed certificate for 127.0.0.1, made by the openssl CLI (its files removed once read). */
function testCertificate() {
  if (certificate) return certificate;
  const dir = mkdtempSync(join(tmpdir(), 'hem-tls-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1,DNS:localhost',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    certificate = { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return certificate;
}

/** The device's own behaviour for an import it accepts, and its checks that come first. */
function deviceAnswer(req: Recorded, tls: boolean): Answer {
  if (!(Number(req.headers['content-length']) > 0)) return { status: 411 };
  if (!tls) return { status: 418 };
  if (req.headers.authorization !== `Bearer ${TOKEN}`) return { status: 401 };
  let body: { pubkey?: unknown };
  try {
    body = JSON.parse(req.body);
  } catch {
    return { status: 400 };
  }
  if (typeof body.pubkey !== 'string') return { status: 400 };
  const kid = createHash('sha1').update(Buffer.from(body.pubkey, 'base64')).digest('hex').slice(0, 32);
  return { status: 200, body: JSON.stringify({ kid }) };
}

export async function startServer(kind: 'https' | 'http'): Promise<TestServer> {
  const requests: Recorded[] = [];
  const script: Answer[] = [];
  const sockets = new Set<Socket>();
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const recorded = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(recorded);
      const answer = script.shift() ?? deviceAnswer(recorded, kind === 'https');
      if ('destroy' in answer) return void req.socket.destroy();
      const send = () => {
        // Like the device: every answer is JSON, errors have an empty body.
        const body = answer.body ?? '';
        res.writeHead(answer.status, answer.status === 418 ? '' : undefined, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
        res.end(body);
      };
      if (answer.delayMs) setTimeout(send, answer.delayMs);
      else send();
    });
  };
  const tls = kind === 'https' ? testCertificate() : undefined;
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
  const testFetch = (agent ? (url: string, init: object) => undiciFetch(url, { ...init, dispatcher: agent }) : globalThis.fetch) as typeof fetch;
  return {
    url: `${kind}://127.0.0.1:${port}`,
    requests,
    script,
    fetch: testFetch,
    ...(caDir ? { caFile: join(caDir, 'cert.pem') } : {}),
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await agent?.close();
      if (caDir) rmSync(caDir, { recursive: true, force: true });
    },
  };
}

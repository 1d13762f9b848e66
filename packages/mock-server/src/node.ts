// The node:http and node:https front doors: real listeners on ephemeral ports around one
// device model. The HTTPS one has a certificate made at start (its PEM is `ca`); the plain
// HTTP one answers 418 like the device, unless requireTls is false.
import { STATUS_CODES, createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { Agent, fetch as undiciFetch } from 'undici';
import { selfSignedCertificate, type Certificate } from './certificate.js';
import { hash } from 'node:crypto';
import { buildHemDevice, type DeviceAnswer, type DeviceCodecs, type DeviceRequest, type HemDevice, type HemDeviceOptions } from './model.js';
import { FileRepository } from './file-store.js';
import { closing, send } from './node-send.js';

export interface MockHemOptions extends HemDeviceOptions {
  /** The address to listen on (default 127.0.0.1). */
  host?: string;
  /** The HTTPS port (default 0: any free one). */
  port?: number;
  /** The plain-HTTP port (default 0: any free one). */
  httpPort?: number;
  /** More names the certificate is valid for (it always covers 127.0.0.1, ::1 and localhost). */
  hostnames?: readonly string[];
  /** A certificate and key (PEM) to use instead of making one. */
  tls?: Certificate;
  /** Keep the keys in this JSON file (written atomically) instead of in memory. */
  store?: string;
}

export interface MockHem {
  /** The HTTPS base URL, e.g. https://127.0.0.1:41234 */
  url: string;
  /** The plain-HTTP base URL: it answers 418 unless requireTls is false. */
  httpUrl: string;
  /** The certificate (PEM) to trust: for an undici Agent's `connect.ca`, or a file for NODE_EXTRA_CA_CERTS. */
  ca: string;
  /** A fetch that trusts `ca`, for createHemClient({ fetch }). */
  fetch: typeof fetch;
  /** Signs a token the mock accepts; see HemDevice.mintToken. */
  mintToken: HemDevice['mintToken'];
  keys: HemDevice['keys'];
  /** The audit log, oldest first. */
  log: HemDevice['log'];
  faults: HemDevice['faults'];
  /** The device model behind the listeners. */
  device: HemDevice;
  /** Stops both listeners (open connections are closed) and waits for the key store's last write. */
  close(): Promise<void>;
}

/** Starts the mock on real sockets. */
export async function createMockHem(options: MockHemOptions = {}): Promise<MockHem> {
  const { host = '127.0.0.1', port = 0, httpPort = 0, hostnames = [], tls, store, ...deviceOptions } = options;
  if (store && deviceOptions.repository) throw new TypeError('createMockHem: pass either store (a JSON file) or repository, not both.');
  const certificate = tls ?? (await selfSignedCertificate(hostnames));
  const owned = store ? await FileRepository.open(store, deviceOptions.capacity) : undefined;
  let model: ReturnType<typeof buildHemDevice>;
  try {
    model = buildHemDevice({ ...deviceOptions, ...(owned ? { repository: owned } : {}) }, NODE_CODECS);
  } catch (error) {
    await owned?.close();
    throw error;
  }
  const { device } = model;
  const https = createHttpsServer({ key: certificate.key, cert: certificate.cert }, listener(model, true));
  const http = createHttpServer(listener(model, false));
  for (const server of [https, http]) {
    server.on('clientError', clientError);
    // A client that leaves mid-handshake is not the mock's problem.
    server.on('tlsClientError', () => undefined);
  }
  try {
    await Promise.all([listen(https, port, host), listen(http, httpPort, host)]);
  } catch (error) {
    await Promise.all([stop(https), stop(http)]);
    await owned?.close();
    throw error;
  }
  const agent = new Agent({ connect: { ca: certificate.cert } });
  const shown = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  const base = (server: Server, scheme: string) => `${scheme}://${shown.includes(':') ? `[${shown}]` : shown}:${(server.address() as AddressInfo).port}`;
  let closing: Promise<void> | undefined;
  return {
    url: base(https, 'https'),
    httpUrl: base(http, 'http'),
    ca: certificate.cert,
    fetch: ((input: string | URL | Request, init?: RequestInit) => undiciFetch(input as never, { ...(init as object), dispatcher: agent })) as unknown as typeof fetch,
    mintToken: device.mintToken,
    keys: device.keys,
    log: device.log,
    faults: device.faults,
    device,
    close: () =>
      (closing ??= (async () => {
        await Promise.all([stop(https), stop(http)]);
        await agent.close();
        await device.keys.flush().catch(() => undefined);
        // The store's lock goes last, once its last write is on disk.
        await owned?.close();
      })()),
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function stop(server: Server): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** A request the HTTP parser could not read (a truncated body, a bad header): answered like any error, then closed. */
function clientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (!socket.writable || error.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
}

// The web codecs' results, from node:crypto and Buffer (SHA-1 in C++ rather than in JS).
export const NODE_CODECS: DeviceCodecs = {
  kid: (bytes) => hash('sha1', bytes, 'hex').slice(0, 32),
  base64: (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'),
};

const FAILED: DeviceAnswer = { status: 500, headers: { 'content-type': 'application/json' }, body: '', close: true, drop: false };

/** A node request as the device reads it: one object per request, no closures. */
class NodeRequest implements DeviceRequest {
  body: Uint8Array | undefined = undefined;
  /** The body's chunks so far, and their size. */
  chunks: Buffer[] = [];
  size = 0;
  constructor(
    readonly method: string,
    readonly target: string,
    private readonly headers: IncomingMessage['headers'],
    readonly tls: boolean,
    readonly contentLength: number | undefined,
    readonly chunked: boolean,
    readonly res: ServerResponse,
  ) {}
  header(name: string): string | undefined {
    const value = this.headers[name];
    return Array.isArray(value) ? value.join(', ') : value;
  }
}

// Each request's state hangs on its IncomingMessage, so the body listeners are shared functions.
const STATE = Symbol('hem.request');
type Incoming = IncomingMessage & { [STATE]: NodeRequest };

function listener(model: ReturnType<typeof buildHemDevice>, tls: boolean) {
  const { device, respond } = model;
  const limit = device.options.maxBodyBytes;
  // The answer is sent as soon as the device has it: at once, unless it had to wait.
  const run = (req: IncomingMessage, request: NodeRequest) => {
    let answer: DeviceAnswer | Promise<DeviceAnswer>;
    try {
      answer = respond(request);
    } catch {
      answer = FAILED;
    }
    if (answer instanceof Promise) {
      answer.then(
        (a) => send(req, request.res, a),
        () => send(req, request.res, FAILED),
      );
    } else send(req, request.res, answer);
  };
  function onData(this: Incoming, chunk: Buffer): void {
    const state = this[STATE];
    state.size += chunk.length;
    // Only reachable for a body an operation does not take (admit bounds the others).
    if (state.size > limit) this.socket.destroy();
    else state.chunks.push(chunk);
  }
  function onEnd(this: Incoming): void {
    const state = this[STATE];
    const { chunks } = state;
    state.body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
    run(this, state);
  }
  // No 'error' listener: node emits 'error' on an IncomingMessage only when one is attached.
  return (req: IncomingMessage, res: ServerResponse): void => {
    if (closing.has(req.socket)) return;
    const method = req.method ?? 'GET';
    const target = req.url ?? '/';
    const headers = req.headers;
    const declared = headers['content-length'];
    const contentLength = declared === undefined ? undefined : Number(declared);
    const chunked = headers['transfer-encoding'] !== undefined;
    const request = new NodeRequest(method, target, headers, tls, contentLength, chunked, res);
    // 411 and 413 are decided before the body is read: an oversize one is never buffered.
    // (A body of a positive length within the limit is never refused there.)
    const bounded = !chunked && contentLength! > 0 && contentLength! <= limit;
    if (!bounded && device.admit(request)) {
      closing.add(req.socket);
      run(req, request);
      return;
    }
    (req as Incoming)[STATE] = request;
    req.on('data', onData);
    req.on('end', onEnd);
  };
}

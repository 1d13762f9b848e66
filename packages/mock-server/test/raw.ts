// Raw HTTP/1.1 over a real socket (TCP or TLS): bytes out exactly as given, the answer and
// whether the server closed the connection. For requests no HTTP client would send.
import { connect as tcp } from 'node:net';
import { connect as tls } from 'node:tls';

export interface RawAnswer {
  status: number;
  reason: string;
  headers: Record<string, string>;
  body: string;
  /** The server ended the connection after its answer. */
  closed: boolean;
}

export interface RawOptions {
  /** http:// or https:// base URL. */
  url: string;
  /** The certificate to trust for https. */
  ca?: string;
  /** Written in order. */
  parts: (string | Uint8Array)[];
  /** Half-close (FIN) after writing: the request ends there. */
  end?: boolean;
}

export function raw(options: RawOptions): Promise<RawAnswer> {
  const url = new URL(options.url);
  const port = Number(url.port);
  return new Promise((resolve, reject) => {
    const socket = url.protocol === 'https:' ? tls({ host: url.hostname, port, ca: options.ca!, servername: 'localhost' }) : tcp({ host: url.hostname, port });
    let data = Buffer.alloc(0);
    let answer: Omit<RawAnswer, 'closed'> | undefined;
    const parse = () => {
      const at = data.indexOf('\r\n\r\n');
      if (answer || at < 0) return;
      const [line, ...lines] = data.subarray(0, at).toString('latin1').split('\r\n');
      const m = /^HTTP\/1\.1 (\d{3}) ?(.*)$/.exec(line!);
      if (!m) return reject(new Error(`not an HTTP answer: ${line}`));
      const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
      const length = Number(headers['content-length'] ?? 0);
      if (data.length < at + 4 + length) return;
      answer = { status: Number(m[1]), reason: m[2]!, headers, body: data.subarray(at + 4, at + 4 + length).toString('utf8') };
      // An answer that keeps the connection open is complete now; one that closes it, once closed.
      if (headers.connection !== 'close') {
        socket.destroy();
        resolve({ ...answer, closed: false });
      }
    };
    socket.on('data', (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      parse();
    });
    socket.on('error', (error) => {
      if (answer) resolve({ ...answer, closed: true });
      else reject(error);
    });
    socket.on('close', () => {
      if (answer) resolve({ ...answer, closed: true });
      else reject(new Error(`the connection closed without an answer (${data.length} bytes received)`));
    });
    socket.once(url.protocol === 'https:' ? 'secureConnect' : 'connect', () => {
      for (const part of options.parts) socket.write(part);
      if (options.end) socket.end();
    });
  });
}

/** The head of a request: request line, Host, and the given headers. */
export function head(method: string, path: string, headers: Record<string, string | number>): string {
  return `${method} ${path} HTTP/1.1\r\nHost: localhost\r\n${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('')}\r\n`;
}

/** The first `count` answers on one connection (requests pipelined in `parts`), in the order they came. */
export function rawAnswers(options: RawOptions, count: number): Promise<Omit<RawAnswer, 'closed'>[]> {
  const url = new URL(options.url);
  const port = Number(url.port);
  return new Promise((resolve, reject) => {
    const socket = url.protocol === 'https:' ? tls({ host: url.hostname, port, ca: options.ca!, servername: 'localhost' }) : tcp({ host: url.hostname, port });
    let data = Buffer.alloc(0);
    const answers: Omit<RawAnswer, 'closed'>[] = [];
    socket.on('data', (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      for (;;) {
        const at = data.indexOf('\r\n\r\n');
        if (at < 0) return;
        const [line, ...lines] = data.subarray(0, at).toString('latin1').split('\r\n');
        const m = /^HTTP\/1\.1 (\d{3}) ?(.*)$/.exec(line!);
        if (!m) return reject(new Error(`not an HTTP answer: ${line}`));
        const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
        const end = at + 4 + Number(headers['content-length'] ?? 0);
        if (data.length < end) return;
        answers.push({ status: Number(m[1]), reason: m[2]!, headers, body: data.subarray(at + 4, end).toString('utf8') });
        data = data.subarray(end);
        if (answers.length === count) {
          socket.destroy();
          return resolve(answers);
        }
      }
    });
    socket.on('error', reject);
    socket.on('close', () => reject(new Error(`the connection closed after ${answers.length} of ${count} answers`)));
    socket.once(url.protocol === 'https:' ? 'secureConnect' : 'connect', () => {
      for (const part of options.parts) socket.write(part);
    });
  });
}

// How the node:http(s) door writes the device's answers, and which connections it reads no
// more of.
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { DeviceAnswer } from './model.js';

/**
 * Connections an answer closes (411, 413, a dropped answer). Node's parser still hands on
 * requests pipelined behind such an answer; the device reads nothing more on that
 * connection, so they are never run (their answers would never be sent either).
 */
export const closing = new WeakSet<Socket>();

/**
 * Answers go out one event-loop turn at a time: the first answer of a turn is written at once
 * (a lone request waits for nothing), the others ready in the same turn wait for its end
 * (setImmediate, right after the poll phase) and are written together. Under load most of a
 * busy server's CPU is the write that wakes the client; a burst written back to back wakes it
 * once. The connection is marked closing when the answer is decided, not when it is written.
 */
interface Queued {
  req: IncomingMessage;
  res: ServerResponse;
  answer: DeviceAnswer;
}
let turnOpen = false;
let queued: Queued[] = [];

function endTurn(): void {
  turnOpen = false;
  const batch = queued;
  queued = [];
  for (const { req, res, answer } of batch) safeWrite(req, res, answer);
}

export function send(req: IncomingMessage, res: ServerResponse, answer: DeviceAnswer): void {
  if (answer.close) closing.add(req.socket);
  if (turnOpen) {
    queued.push({ req, res, answer });
    return;
  }
  turnOpen = true;
  setImmediate(endTurn);
  safeWrite(req, res, answer);
}

/**
 * An answer node refuses to write (writeHead validates every header) becomes a 500, or a
 * closed connection once bytes went out; the answers queued behind it are still written and
 * the server keeps serving.
 */
function safeWrite(req: IncomingMessage, res: ServerResponse, answer: DeviceAnswer): void {
  try {
    write(req, res, answer);
  } catch {
    if (res.headersSent || res.destroyed) req.socket.destroy();
    else res.writeHead(500, ['content-length', '0']).end();
  }
}

function write(req: IncomingMessage, res: ServerResponse, answer: DeviceAnswer): void {
  if (res.destroyed || res.headersSent) return;
  if (answer.drop) {
    req.socket.destroy();
    return;
  }
  // A flat [name, value, ...] list: node writes it as it is, without copying it into an object.
  const headers: string[] = [];
  for (const name in answer.headers) headers.push(name, answer.headers[name]!);
  headers.push('content-length', String(Buffer.byteLength(answer.body)));
  res.writeHead(answer.status, answer.statusText ?? STATUS_CODES[answer.status] ?? '', headers);
  res.end(answer.body);
}

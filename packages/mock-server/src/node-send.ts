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
  for (const { req, res, answer } of batch) write(req, res, answer);
}

export function send(req: IncomingMessage, res: ServerResponse, answer: DeviceAnswer): void {
  if (answer.close) closing.add(req.socket);
  if (turnOpen) {
    queued.push({ req, res, answer });
    return;
  }
  turnOpen = true;
  setImmediate(endTurn);
  write(req, res, answer);
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

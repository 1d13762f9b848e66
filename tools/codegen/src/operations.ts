// Questions every emitter asks of an operation, answered once.
import type { MediaIR, OperationIR, ResponseIR } from './ir.js';

/** The error statuses an operation lists (4xx and 5xx, not ranges), each with its meaning. */
export function errorStatuses(op: OperationIR): ResponseIR[] {
  return op.responses.filter((r) => /^[45]\d\d$/.test(r.status));
}

/** Every 2xx response (and a `2XX` range), in document order. */
export function successResponses(op: OperationIR): ResponseIR[] {
  return op.responses.filter((r) => /^2(?:\d\d|XX)$/.test(r.status));
}

/** The first 2xx response; with `withBody`, the first one that has content. */
export function successResponse(op: OperationIR, withBody = false): ResponseIR | undefined {
  return successResponses(op).find((r) => !withBody || r.content.length > 0);
}

/** The media type a client reads a response as: JSON when offered, else the first. */
export function mediaOf(response: ResponseIR): MediaIR | undefined {
  return response.content.find((m) => m.kind === 'json') ?? response.content[0];
}

// Questions every emitter asks of an operation, answered once.
import type { OperationIR, ResponseIR } from './ir.js';

/** The error statuses an operation lists (4xx and 5xx), each with its stable code and meaning. */
export function errorStatuses(op: OperationIR): ResponseIR[] {
  return op.responses.filter((r) => /^[45]\d\d$/.test(r.status));
}

/** The first 2xx response; with `withBody`, the first one that has a body schema. */
export function successResponse(op: OperationIR, withBody = false): ResponseIR | undefined {
  return op.responses.find((r) => /^2\d\d$/.test(r.status) && (!withBody || r.schema !== undefined));
}

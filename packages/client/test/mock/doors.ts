// The mock's front doors as the contract tests use them: real HTTPS (and plain HTTP)
// listeners, or MSW handlers in this process. Each door records every answer the device
// gave and every response the client's fetch received, so a test can check them all
// against the spec at the end.
import { OPERATIONS, type OperationSpec } from '../../src/core.js';
import { parseResponse } from '@hem/validator';
import { createHemDevice, createMockHem, type Exchange, type HemDevice, type HemDeviceOptions } from '@hem/mock-server';
import { hemHandlers } from '@hem/mock-server/msw';

export interface Door {
  kind: 'https' | 'msw';
  /** The HTTPS base URL. */
  url: string;
  /** The plain-HTTP base URL (418 unless requireTls is false). */
  plainUrl: string;
  /** The fetch that reaches this door (trusts its certificate, or goes through MSW); it records what it receives. */
  fetch: typeof fetch;
  device: HemDevice;
  close(): Promise<void>;
}

/** What a fetch received, for the checks at the end. */
export interface Received {
  method: string;
  url: string;
  status: number;
  statusText: string;
  headers: Record<string, string>;
  body: string;
}

export class Recorder {
  readonly answers: Exchange[] = [];
  readonly received: Received[] = [];

  /** `fetch`, recording every response it gets (the caller still reads the original). */
  wrap(fetchFn: typeof fetch): typeof fetch {
    return async (input, init) => {
      const request = new Request(input as string, init);
      const response = await fetchFn(input, init);
      const copy = response.clone();
      const body = await copy.text();
      this.received.push({ method: request.method, url: request.url, status: response.status, statusText: response.statusText, headers: headersOf(response.headers), body });
      return response;
    };
  }
}

/** Headers as a plain object (lib DOM here has no Headers iterator). */
export function headersOf(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    out[name] = value;
  });
  return out;
}

let mswHosts = 0;

/** Opens doors of one kind; `closeAll` closes every door it opened. */
export function doors(kind: 'https' | 'msw', recorder: Recorder, server?: { use(...handlers: unknown[]): void }) {
  const opened: Door[] = [];
  const open = async (options: HemDeviceOptions = {}): Promise<Door> => {
    const onAnswer = (e: Exchange) => recorder.answers.push(e);
    let door: Door;
    if (kind === 'https') {
      const mock = await createMockHem({ ...options, onAnswer });
      door = { kind, url: mock.url, plainUrl: mock.httpUrl, fetch: recorder.wrap(mock.fetch), device: mock.device, close: () => mock.close() };
    } else {
      const device = createHemDevice({ ...options, onAnswer });
      const host = `hem${++mswHosts}.ence.test`;
      server!.use(...hemHandlers(device, { baseUrl: [`https://${host}`, `http://${host}`] }));
      door = { kind, url: `https://${host}`, plainUrl: `http://${host}`, fetch: recorder.wrap(globalThis.fetch), device, close: async () => undefined };
    }
    opened.push(door);
    return door;
  };
  const closeAll = () => Promise.all(opened.map((d) => d.close()));
  return { open, closeAll };
}

const operations = Object.values(OPERATIONS) as OperationSpec[];

/** The operation a method and URL path call, from the generated data. */
export function operationAt(method: string, pathname: string): OperationSpec | undefined {
  return operations.find((op) => op.method === method && new RegExp(`^${op.path.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(pathname));
}

/**
 * What is wrong with one answer, by the spec: a success body must pass the operation's
 * response schema; an error must be a status the operation lists, with an empty JSON body.
 */
export function answerProblem(status: number, contentType: string | undefined, body: string, op: OperationSpec | undefined): string | undefined {
  if (contentType !== 'application/json') return `content-type ${contentType}`;
  if (!op) return body === '' ? undefined : 'a body outside any operation';
  if (Object.hasOwn(op.responses, status)) {
    // A success the spec gives no body has none; one it gives a body must match its schema.
    if (op.responses[status] === null) return body === '' ? undefined : `${op.id} ${status}: a body the spec does not give`;
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      return `${op.id} ${status}: the body is not JSON: ${body.slice(0, 80)}`;
    }
    const parsed = parseResponse(op.id, status, json);
    return parsed.ok ? undefined : `${op.id} ${status}: ${parsed.issues.map((i) => i.message).join('; ')}`;
  }
  if (!Object.hasOwn(op.statuses, status)) return `${op.id}: status ${status} is not in the spec`;
  return body === '' ? undefined : `${op.id} ${status}: an error with a body`;
}

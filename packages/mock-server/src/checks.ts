// The device's checks, in the device's order: 411/413, 412, 401 for a bad token, then in the
// handler 409 (and other injected faults), 418, 401 for a missing token, 403, 400, and the
// operation's effect (whose refusal is its own status, e.g. 406). Each stage answers or hands
// the request on; only a first token, a fault's delay and a durable write make one wait.
// What each operation needs is read from the generated operation data; nothing names one.
import type { OperationSpec } from '@hem/types';
import { parseRequest } from '@hem/validator';
import { bearerToken, permitted } from './access.js';
import { preflight } from './cors.js';
import type { AuditEntry, DeviceAnswer, DeviceRequest } from './device-types.js';
import type { Outcome } from './effects.js';
import type { FaultRequest } from './faults.js';
import { refusalStatus } from './refusals.js';
import type { CheckContext, Plan } from './plan.js';
import { JSON_TYPE, UNDECIDED, accepted, mediaType, pathOf, queryOf } from './request-parts.js';
import { fastMatcher, type matchRoute, readParams } from './routes.js';
import { TokenAuthority, type TokenClaims, type Verified, roleOf } from './tokens.js';

/** An answer now, or a promise of one where the device must wait. */
export type Pending = DeviceAnswer | Promise<DeviceAnswer>;

/** One request on its way through the checks. */
interface Step {
  readonly request: DeviceRequest;
  readonly op: OperationSpec;
  readonly plan: Plan;
  readonly params: Record<string, string>;
  readonly origin: string | undefined;
  /** The clock (ms) for this request's stage: read once, again after anything it waited for. */
  time: number;
  claims: TokenClaims | undefined;
  body: unknown;
  unreadable: boolean;
}

interface ReplyExtra {
  /** The body, as JSON text. */
  text?: string;
  headers?: Record<string, string>;
  close?: boolean;
}

const JSON_ONLY: Record<string, string> = Object.freeze({ 'content-type': JSON_TYPE });
const decoder = new TextDecoder('utf-8', { fatal: true });
const isPromise = <T>(value: T | Promise<T>): value is Promise<T> => value instanceof Promise;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class Checks {
  // The last Authorization value, its token and, once verified, its claims: clients send one
  // credential many times. Its expiry is still checked on every request.
  private credential = '';
  private token: string | undefined;
  private verified: Verified | undefined;
  private readonly match: (method: string, pathname: string) => ReturnType<typeof matchRoute>;

  constructor(private readonly c: CheckContext) {
    this.match = fastMatcher(c.routes);
  }

  reply(status: number, origin?: string, extra?: ReplyExtra, operation?: string, text = extra?.text ?? ''): DeviceAnswer {
    const close = extra?.close === true;
    const echo = origin !== undefined && this.c.allowed(origin);
    // Most answers carry the content type alone: one frozen object for all of them.
    let headers = JSON_ONLY;
    if (extra?.headers || echo || close) {
      headers = { 'content-type': JSON_TYPE, ...extra?.headers };
      if (echo) {
        headers['access-control-allow-origin'] = origin;
        headers.vary = 'Origin';
      }
      if (close) headers.connection = 'close';
    }
    const answer: DeviceAnswer = operation === undefined ? { status, headers, body: text, close, drop: false } : { status, headers, body: text, close, drop: false, operation };
    // The device's 418 has an empty reason phrase.
    if (status === 418) answer.statusText = '';
    return answer;
  }

  /** 411 and 413, for an operation that takes a body: only a positive Content-Length is read; chunked bodies are refused. */
  private sizeStatus(op: OperationSpec, contentLength: number | undefined, chunked: boolean): 411 | 413 | undefined {
    if (!op.body) return undefined;
    if (chunked || !(contentLength! > 0)) return 411;
    return contentLength! > this.c.maxBodyBytes ? 413 : undefined;
  }

  admit(request: Pick<DeviceRequest, 'method' | 'target' | 'contentLength' | 'chunked'>): DeviceAnswer | undefined {
    const matched = this.match(request.method, pathOf(request.target));
    if (!matched || !('op' in matched)) return undefined;
    const status = this.sizeStatus(matched.op, request.contentLength, request.chunked);
    if (status === undefined) return undefined;
    return this.reply(status, undefined, { close: true }, matched.op.id);
  }

  audit(op: OperationSpec, status: number, claims: TokenClaims | undefined, kid: string | undefined, time: number): void {
    const rules = op.hem?.audit;
    if (!rules) return;
    const { log, auditLimit } = this.c;
    for (const rule of rules) {
      const result = rule.results[status];
      if (result === undefined) continue;
      // Built in the order the entry lists its fields.
      const entry: { -readonly [K in keyof AuditEntry]: AuditEntry[K] } = { time, operation: op.id, event: rule.event } as AuditEntry;
      if (rule.code !== undefined) entry.code = rule.code;
      entry.result = result;
      entry.status = status;
      if (claims) entry.role = roleOf(claims.sub);
      if (kid !== undefined) entry.kid = kid;
      log.push(entry);
    }
    // Trimmed in batches, so a full log costs one splice per tenth of its size.
    if (log.length > auditLimit + Math.max(1, Math.floor(auditLimit / 10))) log.splice(0, log.length - auditLimit);
  }

  /** Every check's answer goes through here: audited, and marked with its operation. */
  private done(step: Step, status: number, extra?: ReplyExtra, claims?: TokenClaims, kid?: string): DeviceAnswer {
    this.audit(step.op, status, claims, kid, step.time);
    return this.reply(status, step.origin, extra, step.op.id);
  }

  private dropped = (op: OperationSpec): DeviceAnswer => ({ status: 0, headers: {}, body: '', close: true, drop: true, operation: op.id });

  decide(request: DeviceRequest): Pending {
    const { c } = this;
    const pathname = pathOf(request.target);
    const origin = request.header('origin');
    if (request.method === 'OPTIONS') return preflight(c.routes, c.allowed, (s, o, e) => this.reply(s, o, e), pathname, origin, request.header('access-control-request-headers'));
    const matched = this.match(request.method, pathname);
    if (!matched) return this.reply(404, origin);
    if (!('op' in matched)) return this.reply(405, origin, { headers: { allow: [...new Set(matched.allow)].join(', ') } });
    // Every field from the start: one object shape for every request.
    const step: Step = {
      request,
      op: matched.op,
      plan: c.plans.get(matched.op.id)!,
      params: matched.params,
      origin,
      time: c.now(),
      claims: undefined,
      body: undefined,
      unreadable: false,
    };
    const { op } = step;

    // 411 and 413: from the request line and headers alone.
    const size = this.sizeStatus(op, request.contentLength, request.chunked);
    if (size !== undefined) return this.done(step, size, { close: true });
    // 412: an Origin outside the allow-list.
    if (origin !== undefined && !c.allowed(origin)) return this.done(step, 412);
    // 401 for a token that is present but invalid (forged, malformed, expired).
    const authorization = step.plan.auth === 'none' ? undefined : request.header('authorization');
    if (authorization === undefined) return this.received(step);
    if (authorization !== this.credential) {
      this.token = bearerToken(authorization);
      this.credential = authorization;
      this.verified = undefined;
    }
    const { token } = this;
    if (token === undefined) return this.done(step, 401);
    this.verified ??= c.tokens.known(token);
    const known = this.verified;
    if (known === undefined) {
      return c.tokens.verify(token).then((claims) => {
        step.time = c.now();
        if (!claims) return this.done(step, 401);
        step.claims = claims;
        return this.received(step);
      });
    }
    if (!TokenAuthority.live(known, step.time)) return this.done(step, 401);
    step.claims = known.claims;
    return this.received(step);
  }

  /** The parameters and the body, read once: as JSON for the checks, leniently for a fault's match; then the injected faults. */
  private received(step: Step): Pending {
    const { request, op, params } = step;
    // `header` is called as a method: a door may implement it on a class (node.ts does).
    if (step.plan.readsParams) readParams(op, params, new URLSearchParams(queryOf(request.target)), (name) => request.header(name));
    if (op.body) {
      if (mediaType(request.header('content-type')) !== op.body.contentType) step.unreadable = true;
      try {
        step.body = JSON.parse(decoder.decode(request.body ?? new Uint8Array()));
      } catch {
        step.unreadable = true;
        step.body = undefined;
      }
    }
    // 409 (busy) and other injected faults: the device's handler starts here.
    const fault = this.c.faults.pending ? this.c.faults.take(op, false, () => faultRequest(step)) : undefined;
    if (!fault) return this.judged(step);
    const act = (): Pending => {
      if (fault.delayMs) step.time = this.c.now();
      if (fault.drop) return this.dropped(op);
      if (fault.status !== undefined) return this.done(step, fault.status, undefined, step.claims);
      return this.judged(step);
    };
    return fault.delayMs ? sleep(fault.delayMs).then(act) : act();
  }

  private judged(step: Step): Pending {
    const { request, op, plan, params, claims } = step;
    // 418: plain HTTP where the spec requires TLS.
    if (op.hem?.tls === 'required' && !request.tls && this.c.requireTls) return this.done(step, 418, undefined, claims);
    // 401 for a missing token.
    if (plan.auth === 'required' && !claims) return this.done(step, 401);
    // 403: a role the operation refuses, or no scope rule of the spec matches.
    if (claims && !permitted(op, plan.scopes, claims, params)) return this.done(step, 403, undefined, claims);
    // 400: what the request says; the effect's own refusals come after.
    if (step.unreadable) return this.done(step, 400, undefined, claims);
    // zod straight on the parsed JSON when it is flat (what parseRequest would check, less its
    // defensive copy); anything else, and every refusal, goes through parseRequest for its words.
    const { schemas } = plan;
    const paramsAccepted = !schemas.params || accepted(schemas.params, params) !== UNDECIDED;
    let body = paramsAccepted && schemas.body ? accepted(schemas.body, step.body) : undefined;
    if (!paramsAccepted || body === UNDECIDED) {
      const input: { params?: unknown; body?: unknown } = {};
      if (op.params.length) input.params = params;
      if (op.body) input.body = step.body;
      const parsed = parseRequest(op.id, input, this.c.parseOptions);
      if (!parsed.ok) return this.done(step, refusalStatus(parsed.issues, schemas.keys, step.body), undefined, claims);
      body = parsed.value.body;
    }
    const { time } = step;
    const outcome = plan.effect(claims ? { params, body, claims, time } : { params, body, time });
    return isPromise(outcome)
      ? outcome.then((o) => {
          step.time = this.c.now();
          return this.settled(step, o);
        })
      : this.settled(step, outcome);
  }

  /** The operation's own answer. */
  private answered(step: Step, outcome: Outcome): DeviceAnswer {
    this.audit(step.op, outcome.status, step.claims, outcome.kid, step.time);
    return this.reply(outcome.status, step.origin, undefined, step.op.id, outcome.text);
  }

  /** After the operation took effect: the late faults (the answer delayed, replaced or lost), then the answer. */
  private settled(step: Step, outcome: Outcome): Pending {
    const { op, claims } = step;
    const late = outcome.status === 200 && this.c.faults.pending ? this.c.faults.take(op, true, () => faultRequest(step)) : undefined;
    if (!late) return this.answered(step, outcome);
    const act = (): DeviceAnswer => {
      if (late.delayMs) step.time = this.c.now();
      if (late.drop) {
        this.audit(op, 200, claims, outcome.kid, step.time);
        return this.dropped(op);
      }
      if (late.status !== undefined) return this.done(step, late.status, undefined, claims, outcome.kid);
      return this.answered(step, outcome);
    };
    return late.delayMs ? sleep(late.delayMs).then(act) : act();
  }
}

function faultRequest(step: Step): FaultRequest {
  const { op, params, body, request } = step;
  return { operation: op.id, params: { ...params }, body, headers: { get: (name) => request.header(name.toLowerCase()) ?? null } };
}

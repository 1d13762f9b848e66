// The device model: one function from a request to an answer, over a key repository, with
// the device's checks in the device's order (checks.ts) and one behaviour per kind of effect
// the spec declares (effects.ts). Every front door (node:http and node:https in node.ts, MSW
// in msw.ts, `handle` in web.ts) is a thin adapter around it. What each operation needs is
// read from the generated operation data in @hem/types; nothing here names one.
import { OPERATIONS, type OperationSpec } from '@hem/types';
import { OPERATION_SCHEMAS, createOperationSchemas } from '@hem/validator';
import { computeKid, decodeBase64, encodeBase64 } from '@hem/validator/device';
import { authOf, compileScope } from './access.js';
import { Checks, type Pending } from './checks.js';
import type { OperationSchemas, Plan } from './plan.js';
import { allowedBy, normalOrigin } from './cors.js';
import { type AuditEntry, type DeviceCodecs, type DeviceRequest, type HemDevice, type HemDeviceOptions, MAX_BODY_BYTES, type SeedKey } from './device-types.js';
import { effectOf, writtenBase64 } from './effects.js';
import { FaultQueue } from './faults.js';
import { MemoryRepository, type StoredKeyRecord } from './repository.js';
import { compileRoutes } from './routes.js';
import { TokenAuthority } from './tokens.js';
import { webDoor } from './web.js';

export { MAX_BODY_BYTES } from './device-types.js';
export type { AuditEntry, DeviceAnswer, DeviceCodecs, DeviceRequest, Exchange, HemDevice, HemDeviceOptions, SeedKey } from './device-types.js';

const WEB_CODECS: DeviceCodecs = { kid: computeKid, base64: encodeBase64 };

export function createHemDevice(options: HemDeviceOptions = {}): HemDevice {
  return buildHemDevice(options, WEB_CODECS).device;
}

/**
 * The device and, for front doors in this package, `respond`: `answer` without the promise
 * when nothing had to wait. A synchronous throw is a bug of the mock (the door answers 500).
 */
export function buildHemDevice(options: HemDeviceOptions, codecs: DeviceCodecs): { device: HemDevice; respond(request: DeviceRequest): Pending } {
  const now = options.now ?? Date.now;
  const descrMaxBytes = options.descrMaxBytes ?? 64;
  if (!Number.isInteger(descrMaxBytes) || descrMaxBytes < 0)
    throw new TypeError(`createHemDevice: descrMaxBytes must be a whole number of bytes (64 on firmware 1.2.2, 128 on newer), got ${String(descrMaxBytes)}.`);
  const maxBodyBytes = options.maxBodyBytes ?? MAX_BODY_BYTES;
  if (!Number.isInteger(maxBodyBytes) || maxBodyBytes < 1) throw new TypeError(`createHemDevice: maxBodyBytes must be a positive whole number, got ${String(maxBodyBytes)}.`);
  const requireTls = options.requireTls ?? true;
  const origins = options.origins === '*' ? '*' : Object.freeze((options.origins ?? []).map(normalOrigin));
  const repository = options.repository ?? new MemoryRepository(options.capacity);
  const tokens = new TokenAuthority(options.secret, now);
  const operations = OPERATIONS as unknown as Readonly<Record<string, OperationSpec>>;
  const routes = compileRoutes(operations);
  const faults = new FaultQueue(operations);
  const log: AuditEntry[] = [];
  const auditLimit = options.auditLimit ?? 10_000;
  if (!(auditLimit === Infinity || (Number.isInteger(auditLimit) && auditLimit >= 0)))
    throw new TypeError(`createHemDevice: auditLimit must be a whole number of entries (or Infinity), got ${String(auditLimit)}.`);

  function record(kid: string, type: string, pubkey: string, fields: Record<string, string | undefined>, time: number): StoredKeyRecord {
    const out: { -readonly [K in keyof StoredKeyRecord]: StoredKeyRecord[K] } = { kid, type, pubkey, updated: Math.floor(time / 1000) };
    if (fields.label !== undefined) out.label = fields.label;
    if (fields.mode !== undefined) out.mode = fields.mode;
    if (fields.descr !== undefined) out.descr = writtenBase64(fields.descr, codecs);
    return Object.freeze(out);
  }

  // Per operation, once: how it authenticates, its scope rules, its schemas, what it does.
  const schemaTable = (options.descrMaxBytes === undefined ? OPERATION_SCHEMAS : createOperationSchemas({ descrMaxBytes })) as unknown as Readonly<
    Record<string, OperationSchemas>
  >;
  const plans = new Map<string, Plan>();
  for (const op of Object.values(operations)) {
    const schemas = schemaTable[op.id];
    if (!schemas) throw new TypeError(`@hem/mock-server: @hem/validator has no schemas for operation ${op.id}; build @hem/types and @hem/validator from the same spec.`);
    if (op.body && op.body.kind !== 'json') throw new TypeError(`@hem/mock-server: operation ${op.id} takes a ${op.body.contentType} body; the mock reads JSON bodies only.`);
    plans.set(op.id, {
      auth: authOf(op),
      readsParams: op.params.some((p) => p.in !== 'path'),
      scopes: (op.hem?.scopes ?? []).map(compileScope),
      schemas,
      effect: effectOf(op, { repository, codecs, record }),
    });
  }

  const checks = new Checks({
    routes,
    plans,
    tokens,
    faults,
    log,
    auditLimit,
    maxBodyBytes,
    requireTls,
    allowed: allowedBy(origins),
    // The validator's own default (the spec's) when none is given: one schema table, not a second one for 64.
    parseOptions: { deep: false, ...(options.descrMaxBytes === undefined ? {} : { descrMaxBytes }) },
    now,
  });

  function respond(request: DeviceRequest): Pending {
    const result = checks.decide(request);
    const { onAnswer } = options;
    if (!onAnswer) return result;
    const told = (r: Awaited<Pending>) => {
      onAnswer({
        ...(r.operation !== undefined ? { operation: r.operation } : {}),
        method: request.method,
        target: request.target,
        status: r.status,
        headers: r.headers,
        body: r.body,
        dropped: r.drop,
      });
      return r;
    };
    return result instanceof Promise ? result.then(told) : told(result);
  }
  const answer = async (request: DeviceRequest) => respond(request);

  function seed(key: SeedKey): string {
    const bytes = typeof key?.pubkey === 'string' ? decodeBase64(key.pubkey) : undefined;
    if (!bytes || typeof key.type !== 'string') throw new TypeError('seed: pass { type, pubkey } with pubkey in base64.');
    if (key.descr !== undefined && decodeBase64(key.descr) === undefined) throw new TypeError('seed: descr must be base64.');
    const kid = codecs.kid(bytes);
    const result = repository.add(record(kid, key.type, codecs.base64(bytes), key as unknown as Record<string, string | undefined>, now()));
    if (result !== 'stored')
      throw new Error(`seed: ${result === 'duplicate' ? `a key with kid ${kid} is already stored` : `the repository is full (capacity ${repository.capacity})`}.`);
    return kid;
  }

  const device: HemDevice = {
    handle: webDoor(answer, maxBodyBytes),
    answer,
    admit: (request) => checks.admit(request),
    mintToken: (o) => tokens.mint(o),
    seed,
    keys: repository,
    log,
    faults,
    options: Object.freeze({ descrMaxBytes, requireTls, maxBodyBytes, origins }),
  };
  return { device, respond };
}

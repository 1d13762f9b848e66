// What an operation does to the key store once every check passed: one implementation per
// kind of effect the spec can declare (x-hem-effect), never one per operation. The kinds are
// the enum of spec/hem-extensions.schema.json, generated into @hem/types as EFFECT_KINDS; the
// `satisfies` below fails to compile when a kind has no implementation here.
import type { EffectKind, EffectSpec, OperationSpec } from '@hem/types';
import { OPERATION_SCHEMAS } from '@hem/validator';
import { decodeBase64, isWrittenBase64 } from '@hem/validator/device';
import type { DeviceCodecs } from './device-types.js';
import type { KeyRepository, StoredKeyRecord } from './repository.js';
import type { TokenClaims } from './tokens.js';

/** What an operation did: its status, the body as JSON text, the kid concerned. */
export type Outcome = { status: number; text?: string; kid?: string };

export interface EffectInput {
  params: Record<string, string>;
  body: unknown;
  claims?: TokenClaims;
  /** The device's clock (ms since the epoch) as the request reached the effect. */
  time: number;
}

/** An operation's behaviour, made once per operation from its declared effect. */
export type Effect = (input: EffectInput) => Outcome | Promise<Outcome>;

/** What effects need of the device. */
export interface EffectContext {
  readonly repository: KeyRepository;
  readonly codecs: DeviceCodecs;
  /** A record for the repository, from a key's decoded fields and the body's other fields. */
  record(kid: string, type: string, pubkey: string, fields: Record<string, string | undefined>, time: number): StoredKeyRecord;
}

type Maker = (op: OperationSpec, effect: EffectSpec, context: EffectContext) => Effect;

type SchemaTable = Record<string, { keys: readonly (readonly [string, string])[]; responses: Record<string, unknown> }>;
const schemasOf = (op: OperationSpec) => (OPERATION_SCHEMAS as unknown as SchemaTable)[op.id];

/** The property names a zod object (or each object of a union) declares. */
function fieldsOf(schema: unknown): string[] {
  const s = schema as { shape?: Record<string, unknown>; options?: unknown[]; element?: unknown; unwrap?: () => unknown } | undefined;
  if (s?.shape) return Object.keys(s.shape);
  if (Array.isArray(s?.options)) return [...new Set(s.options.flatMap(fieldsOf))];
  return [];
}

/** The record's fields that `fields` names, as a JSON object. */
function pick(record: StoredKeyRecord, fields: readonly string[]): Record<string, unknown> {
  const json: Record<string, unknown> = {};
  for (const field of fields) {
    const value = (record as unknown as Record<string, unknown>)[field];
    if (value !== undefined) json[field] = value;
  }
  return json;
}

/**
 * `text` (base64 the device reads, already checked) as the device writes it: stored as sent
 * when already in the device's spelling, re-encoded otherwise; `bytes` when already decoded.
 */
export function writtenBase64(text: string, codecs: DeviceCodecs, bytes?: Uint8Array): string {
  return isWrittenBase64(text) ? text : codecs.base64(bytes ?? decodeBase64(text)!);
}

/** The status the spec gives for a refusal of the effect (a duplicate, a full store, no such key). */
const refusedOf = (effect: EffectSpec) => effect.refused ?? 406;

/** The kid a read or a removal names, from the parameter the effect declares. */
function kidParam(op: OperationSpec, effect: EffectSpec): string {
  const name = effect.kid?.name;
  if (name === undefined || !op.params.some((p) => p.name === name)) {
    throw new TypeError(
      `@hem/mock-server: operation ${op.id} declares x-hem-effect ${effect.kind} without a kid parameter it has; regenerate from a spec that passes the generator.`,
    );
  }
  return name;
}

/** Waits for the store to be durable before answering; a failed write undoes the change and answers 500. */
function durable(repository: KeyRepository, outcome: Outcome, undo: () => void): Outcome | Promise<Outcome> {
  if (repository.synced === true) return outcome;
  return repository.flush().then(
    () => outcome,
    () => {
      undo();
      return { status: 500, ...(outcome.kid !== undefined ? { kid: outcome.kid } : {}) };
    },
  );
}

export const EFFECTS = {
  /** Stores the body's key under the kid of the property x-hem-kid-from names; a duplicate or a full store is refused. */
  'store-key': (op, effect, { repository, codecs, record }) => {
    const kidFrom = op.hem?.kidFrom;
    if (!kidFrom || !op.body)
      throw new TypeError(`@hem/mock-server: operation ${op.id} stores a key but has no body with x-hem-kid-from; regenerate from a spec that passes the generator.`);
    const typeField = schemasOf(op)?.keys.find(([key]) => key === kidFrom)?.[1] ?? 'type';
    const refused = refusedOf(effect);
    return ({ body, time }) => {
      const fields = body as Record<string, string>;
      const text = fields[kidFrom]!;
      const bytes = decodeBase64(text)!;
      const kid = codecs.kid(bytes);
      if (repository.add(record(kid, fields[typeField]!, writtenBase64(text, codecs, bytes), fields, time)) !== 'stored') return { status: refused, kid };
      // The kid is hex: its JSON needs no escaping. 200 only once the key is durable.
      return durable(repository, { status: 200, text: `{"kid":"${kid}"}`, kid }, () => repository.delete(kid));
    };
  },
  /** Answers the stored key's fields that the success schema names; no such key is refused. */
  'read-key': (op, effect, { repository }) => {
    const name = kidParam(op, effect);
    const fields = fieldsOf(schemasOf(op)?.responses[200]);
    const refused = refusedOf(effect);
    return ({ params }) => {
      const kid = params[name]!.toLowerCase();
      const record = repository.get(kid);
      if (!record) return { status: refused, kid };
      return { status: 200, text: JSON.stringify(pick(record, fields)), kid };
    };
  },
  /** Removes the stored key; no such key is refused. The answer has the success status and no body. */
  'remove-key': (op, effect, { repository }) => {
    const name = kidParam(op, effect);
    const refused = refusedOf(effect);
    return ({ params }) => {
      const kid = params[name]!.toLowerCase();
      const record = repository.get(kid);
      if (!record || !repository.delete(kid)) return { status: refused, kid };
      return durable(repository, { status: 200, kid }, () => repository.add(record));
    };
  },
  /** Lists the stored keys, oldest first, under the success body's `items` property, each with the fields its item schema names. */
  'list-keys': (op, effect, { repository }) => {
    const items = effect.items;
    if (items === undefined) throw new TypeError(`@hem/mock-server: operation ${op.id} lists keys without "items"; regenerate from a spec that passes the generator.`);
    const property = (schemasOf(op)?.responses[200] as { shape?: Record<string, { element?: unknown }> } | undefined)?.shape?.[items];
    const fields = fieldsOf(property?.element);
    return () => ({ status: 200, text: JSON.stringify({ [items]: repository.list().map((r) => pick(r, fields)) }) });
  },
} satisfies Record<EffectKind, Maker>;

/** The behaviour of an operation, from its declared effect. */
export function effectOf(op: OperationSpec, context: EffectContext): Effect {
  const effect = op.hem?.effect;
  if (!effect)
    throw new TypeError(`@hem/mock-server: operation ${op.id} declares no x-hem-effect, so the mock cannot tell what it does; the generator refuses such a spec: regenerate.`);
  const make = (EFFECTS as Record<string, Maker>)[effect.kind];
  if (!make) throw new TypeError(`@hem/mock-server: operation ${op.id} declares x-hem-effect kind ${effect.kind}, which this mock does not implement: update @hem/mock-server.`);
  return make(op, effect, context);
}

// One behaviour per kind of effect the spec can declare: every kind of EFFECT_KINDS has one,
// and each does to the store what its kind says, whatever operation declares it.
import { EFFECT_KINDS, type OperationSpec } from '@hem/types';
import { computeKid, encodeBase64 } from '@hem/validator/device';
import { describe, expect, test } from 'vitest';
import { EFFECTS, effectOf, type EffectContext } from '../src/effects.js';
import { MemoryRepository, type StoredKeyRecord } from '../src/repository.js';

const context = (): EffectContext & { repository: MemoryRepository } => ({
  repository: new MemoryRepository(),
  codecs: { kid: computeKid, base64: encodeBase64 },
  record: (kid, type, pubkey) => Object.freeze({ kid, type, pubkey, updated: 0 }),
});

/** An operation no spec has, declaring `effect`: the effects read only what the effect names. */
const op = (
  effect: OperationSpec['hem'] extends infer H ? (H extends { effect: infer E } ? E : never) : never,
  params = [{ name: 'id', in: 'path' as const, required: true, style: 'simple' as const, explode: false }],
): OperationSpec => ({
  id: 'notInTheSpec',
  method: 'DELETE',
  path: '/x/{id}',
  params,
  body: null,
  responses: { 200: null },
  security: [],
  hem: { tls: 'optional', scopes: [], roles: null, kidFrom: null, readBack: null, audit: [], effect },
  statuses: {},
});

const stored = (ctx: EffectContext, n: number): StoredKeyRecord => {
  const kid = n.toString(16).padStart(32, '0');
  ctx.repository.add({ kid, type: 'ED25519', pubkey: 'AA==', updated: 0 });
  return ctx.repository.get(kid)!;
};

describe('effects', () => {
  test('every kind the spec can declare has exactly one implementation', () => {
    expect(Object.keys(EFFECTS).sort()).toEqual([...EFFECT_KINDS].sort());
  });

  test('remove-key removes the key the declared parameter names (any case), and refuses with the declared status when there is none', async () => {
    const ctx = context();
    const { kid } = stored(ctx, 1);
    const remove = effectOf(op({ kind: 'remove-key', kid: { in: 'path', name: 'id' }, refused: 404 }), ctx);
    expect(await remove({ params: { id: kid.toUpperCase() }, body: undefined, time: 0 })).toEqual({ status: 200, kid });
    expect(ctx.repository.has(kid)).toBe(false);
    expect(await remove({ params: { id: kid }, body: undefined, time: 0 })).toEqual({ status: 404, kid });
  });

  test('a removal the store cannot make durable is undone and answers 500', async () => {
    const ctx = context();
    const { kid } = stored(ctx, 2);
    Object.defineProperty(ctx.repository, 'synced', { get: () => false });
    ctx.repository.flush = () => Promise.reject(new Error('disk full'));
    const remove = effectOf(op({ kind: 'remove-key', kid: { in: 'path', name: 'id' } }), ctx);
    await expect(remove({ params: { id: kid }, body: undefined, time: 0 })).resolves.toEqual({ status: 500, kid });
    expect(ctx.repository.has(kid)).toBe(true);
  });

  test('list-keys answers every stored key, oldest first, under the declared property', () => {
    const ctx = context();
    const list = effectOf(op({ kind: 'list-keys', items: 'keys' }, []), ctx);
    expect(list({ params: {}, body: undefined, time: 0 })).toEqual({ status: 200, text: '{"keys":[]}' });
    stored(ctx, 3);
    stored(ctx, 4);
    const answer = list({ params: {}, body: undefined, time: 0 }) as { status: number; text: string };
    expect(JSON.parse(answer.text).keys).toHaveLength(2);
  });

  test('an operation without an effect, or with a kind the mock lacks, is refused when the device is made', () => {
    expect(() => effectOf(op(null), context())).toThrow(/notInTheSpec declares no x-hem-effect/);
    expect(() => effectOf(op({ kind: 'rotate-key' as never }), context())).toThrow(/kind rotate-key, which this mock does not implement/);
    expect(() => effectOf(op({ kind: 'read-key', kid: { in: 'path', name: 'kid' } }), context())).toThrow(/without a kid parameter it has/);
  });
});

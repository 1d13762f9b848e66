// Real public keys of every key type of the spec's table, made at test time by independent
// implementations (the shared @hem/testkit: OpenSSL through node:crypto for the curves,
// @noble/post-quantum for ML-KEM and ML-DSA). A type added to the spec is covered here with
// no edit.
import { KEY_FORMATS, KEY_TYPES, type KeyType } from '@hem/types';
import { b64, compress as compressOn, makeKey, opensslAcceptsPoint as acceptsOn, uncompressedPoint as pointOn } from '@hem/testkit';

export { b64 };

/** The key types whose keys are SEC1 points, from the table. */
export const SEC1_TYPES = KEY_TYPES.filter((t) => KEY_FORMATS[t].family === 'sec1');
export type Sec1Type = (typeof SEC1_TYPES)[number];

/** An OpenSSL key's uncompressed point (0x04 || X || Y). */
export const uncompressedPoint = (type: KeyType): Uint8Array => pointOn(KEY_FORMATS[type].curve);
export const compress = (type: KeyType, point: Uint8Array): Uint8Array => compressOn(KEY_FORMATS[type].curve, point);
/** Whether OpenSSL accepts these bytes as a point of the type's curve. */
export const opensslAcceptsPoint = (type: KeyType, point: Uint8Array): boolean => acceptsOn(KEY_FORMATS[type].curve, point);

export const REAL_KEY = Object.fromEntries(KEY_TYPES.map((t) => [t, () => makeKey(KEY_FORMATS[t])])) as Record<KeyType, () => Uint8Array>;

// Types of index.js.
import type { KeyObject } from 'node:crypto';
import type { ImportKeyRequest, KeyType } from '@hem/types';

export interface KeyFormatLike {
  readonly family: string;
  readonly curve: string;
}
export declare function uncompressedPoint(curve: string): Uint8Array;
export declare function compress(curve: string, point: Uint8Array): Uint8Array;
export declare function opensslAcceptsPoint(curve: string, point: Uint8Array): boolean;
export declare function keyPair(format: KeyFormatLike): { publicKey: KeyObject; privateKey: KeyObject };
export declare function makeKey(format: KeyFormatLike): Uint8Array;
export declare function lattice(curve: string): { keygen(seed?: Uint8Array): { publicKey: Uint8Array; secretKey: Uint8Array } } | undefined;
export declare function b64(bytes: Uint8Array): string;
export declare const HOSTILE_VALUES: readonly (readonly [string, () => unknown])[];
/** A fresh public key of `type` (a KeyType of the spec) as an import body, with `mode` where its family needs it. */
export declare function realKey(type: KeyType, label?: string): ImportKeyRequest;
/** One fresh key of every type. */
export declare function everyType(): ImportKeyRequest[];
/** A fresh Ed25519 key: the cheapest real key to make in bulk. */
export declare function ed25519(label?: string): ImportKeyRequest;

// Turns the public keys people actually hold (PEM, DER SPKI, JWK, Node KeyObject, raw
// bytes) into what POST /api/keymgmt/import wants: a `type` and base64 of the raw key
// in the device's encoding (compressed SEC1 for NIST/SEC curves, raw bytes otherwise).
// Browser-safe on purpose: no node: imports, a KeyObject is recognised by its shape.
import { KEY_FORMATS, KEY_TYPES, type KeyType } from '@hem/types';
import { bytesToBigInt, curveOf, sec1OnCurve } from '@hem/validator/curves';
import { decodeBase64, encodeBase64 } from '@hem/validator/device';
import { brand, hasBrand } from './brand.js';

/** Stable machine-readable reason carried by every {@link HemKeyFormatError}. */
export type HemKeyErrorCode =
  | 'bad_input' // not something a key can be read from (number, null, CryptoKey, ...)
  | 'bad_hint' // hint.type is not one of the 14 key types
  | 'bad_pem' // malformed PEM, or a label other than PUBLIC KEY
  | 'bad_der' // bytes that are not a DER SubjectPublicKeyInfo
  | 'bad_jwk' // a JWK with missing or non-base64 members
  | 'bad_point' // SEC1 bytes with a prefix other than 0x02/0x03/0x04
  | 'unsupported_key' // an algorithm or curve the HEM does not import
  | 'rsa_key'
  | 'private_key'
  | 'wrong_length'
  | 'type_mismatch'; // hint.type disagrees with the key

export class HemKeyFormatError extends Error {
  static {
    brand(this, 'HemKeyFormatError');
  }
  /** True for errors of this class from any copy of @hem/client (CJS or ESM build). */
  static [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(this, value);
  }
  override readonly name = 'HemKeyFormatError';
  readonly code: HemKeyErrorCode;
  constructor(code: HemKeyErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}

/** A JSON Web Key: EC, OKP, or the draft AKP form used for ML-KEM / ML-DSA. */
export interface JwkLike {
  kty?: string | undefined;
  crv?: string | undefined;
  alg?: string | undefined;
  x?: string | undefined;
  y?: string | undefined;
  pub?: string | undefined;
  [member: string]: unknown;
}

/** The part of Node's `KeyObject` used here, so this module needs no `node:crypto`. */
export interface KeyObjectLike {
  readonly type: string;
  export(options: { type: 'spki'; format: 'der' }): unknown;
}

/** PEM text, DER SPKI bytes, a JWK, a KeyObject, or raw key bytes / base64 with a hint. */
export type HemKeyInput = string | Uint8Array | ArrayBuffer | ArrayBufferView | JwkLike | KeyObjectLike;

export interface HemKeyHint {
  /** Required for raw key bytes; for any other input it must agree with the key. */
  type?: KeyType | undefined;
}

export interface HemPublicKey {
  type: KeyType;
  /** Standard base64, padded, of the key in the device's encoding. */
  pubkey: string;
}

/** Converts a public key to the `{ type, pubkey }` of an import request. */
export function toHemPublicKey(input: HemKeyInput, hint?: HemKeyHint): HemPublicKey {
  const { type, bytes } = toHemPublicKeyBytes(input, hint);
  return { type, pubkey: encodeBase64(bytes) };
}

/** Like {@link toHemPublicKey}, but returns the raw bytes instead of base64. */
export function toHemPublicKeyBytes(
  input: HemKeyInput,
  hint?: HemKeyHint,
): { type: KeyType; bytes: Uint8Array } {
  const want = hintType(hint);
  const key = fromAny(input, want);
  if (want !== undefined && key.type !== want) {
    throw new HemKeyFormatError(
      'type_mismatch',
      `The key is a ${key.type} key but hint.type is ${want}. Drop the hint or pass the matching key.`,
    );
  }
  return key;
}

type Key = { type: KeyType; bytes: Uint8Array };

const SUPPORTED = `Supported types: ${KEY_TYPES.join(', ')}.`;
const WHAT_TO_PASS =
  "Pass a PEM '-----BEGIN PUBLIC KEY-----', SPKI DER bytes, a JWK or a KeyObject; " +
  "for raw key bytes add a hint such as { type: 'ED25519' }.";

const ID_EC_PUBLIC_KEY = '1.2.840.10045.2.1';
const RSA_OIDS = new Set(['1.2.840.113549.1.1.1', '1.2.840.113549.1.1.10']); // rsaEncryption, RSASSA-PSS
// What names each type in an SPKI comes from the spec's key table (KEY_FORMATS[type].oid):
// the named curve under id-ecPublicKey for SEC1 keys, the algorithm OID for the rest.
const BY_OID = new Map<string, KeyType>(KEY_TYPES.map((type) => [KEY_FORMATS[type].oid, type]));
const EC_CURVE_OIDS = new Map([...BY_OID].filter(([, type]) => KEY_FORMATS[type].family === 'sec1'));
const ALGORITHM_OIDS = new Map([...BY_OID].filter(([, type]) => KEY_FORMATS[type].family !== 'sec1'));

function hintType(hint: unknown): KeyType | undefined {
  if (hint === undefined || hint === null) return undefined;
  const type = typeof hint === 'object' ? (hint as { type?: unknown }).type : hint;
  if (type === undefined) return undefined;
  if (typeof type === 'string' && (KEY_TYPES as readonly string[]).includes(type)) return type as KeyType;
  throw new HemKeyFormatError(
    'bad_hint',
    `hint.type must be one of the key types, exact spelling; received ${name(type)}. ${SUPPORTED}`,
  );
}

function fromAny(input: unknown, want: KeyType | undefined): Key {
  if (typeof input === 'string') return fromString(input, want);
  const bytes = asBytes(input);
  if (bytes) return fromBytes(bytes, want);
  if (typeof input === 'object' && input !== null) {
    const o = input as Record<string, unknown>;
    if ('kty' in o) return fromJwk(o);
    if (typeof o.type === 'string' && typeof o.export === 'function') return fromKeyObject(o as unknown as KeyObjectLike);
    if (typeof o.type === 'string' && 'algorithm' in o && 'usages' in o) {
      // WebCrypto export is async and this function is not.
      throw new HemKeyFormatError(
        'bad_input',
        "Received a WebCrypto CryptoKey; export it first and pass the bytes: new Uint8Array(await crypto.subtle.exportKey('spki', key)).",
      );
    }
  }
  throw new HemKeyFormatError('bad_input', `Cannot read a public key from ${describe(input)}. ${WHAT_TO_PASS}`);
}

function fromString(text: string, want: KeyType | undefined): Key {
  if (text.includes('-----BEGIN')) return fromPem(text);
  // Bare base64 (e.g. a pubkey exported by another HEM) is read as DER, or raw with a hint.
  const bytes = text.trim() === '' ? undefined : fromBase64(text);
  if (!bytes) throw new HemKeyFormatError('bad_input', `Cannot read a public key from ${describe(text)}. ${WHAT_TO_PASS}`);
  return fromBytes(bytes, want);
}

function fromPem(text: string): Key {
  const blocks = [...text.matchAll(/-----BEGIN ([^\r\n-]+)-----([\s\S]*?)-----END \1-----/g)];
  if (blocks.length === 0) {
    throw new HemKeyFormatError(
      'bad_pem',
      'The PEM text has a -----BEGIN line but no matching -----END line; is it truncated? Pass the whole -----BEGIN PUBLIC KEY----- block.',
    );
  }
  const pub = blocks.filter((b) => b[1] === 'PUBLIC KEY');
  if (pub.length > 1) {
    throw new HemKeyFormatError('bad_pem', `The PEM text holds ${pub.length} PUBLIC KEY blocks; pass one key at a time.`);
  }
  const block = pub[0];
  if (!block) throw pemLabelError((blocks.find((b) => b[1] !== 'EC PARAMETERS') ?? blocks[0]!)[1]!);
  const der = fromBase64(block[2]!);
  if (!der) throw new HemKeyFormatError('bad_pem', 'The body of the PUBLIC KEY PEM block is not valid base64.');
  return fromSpki(der);
}

function pemLabelError(label: string): HemKeyFormatError {
  if (label.startsWith('RSA ')) return rsaError(`a PEM '${label}'`);
  if (label.endsWith('PRIVATE KEY')) {
    return new HemKeyFormatError(
      'private_key',
      `Received a PEM '${label}'. The HEM imports public keys only: pass the public key ` +
        "(-----BEGIN PUBLIC KEY-----), e.g. from `openssl pkey -in key.pem -pubout` or createPublicKey(privateKey).",
    );
  }
  const how = label.includes('CERTIFICATE')
    ? ', e.g. from `openssl x509 -in cert.pem -pubkey -noout` or new X509Certificate(pem).publicKey'
    : ', e.g. from `openssl pkey -pubin -pubout` or `ssh-keygen -e -m PKCS8 -f key.pub`';
  return new HemKeyFormatError(
    'bad_pem',
    `Received a PEM '${label}', not a public key. Pass a '-----BEGIN PUBLIC KEY-----' (SPKI) block${how}.`,
  );
}

function fromBytes(bytes: Uint8Array, want: KeyType | undefined): Key {
  if (looksLikePem(bytes)) return fromPem(new TextDecoder().decode(bytes)); // e.g. readFileSync('key.pem')
  // Raw lengths never collide with SPKI lengths (SPKI adds a header), so length decides.
  if (want !== undefined && rawLengths(want).includes(bytes.length)) return fromRaw(bytes, want);
  try {
    return fromSpki(bytes);
  } catch (e) {
    if (want !== undefined && e instanceof HemKeyFormatError && e.code === 'bad_der') {
      throw wrongLength(want, bytes.length, ', and they are not a DER SubjectPublicKeyInfo either');
    }
    throw e;
  }
}

function looksLikePem(bytes: Uint8Array): boolean {
  const head = String.fromCharCode(...bytes.subarray(0, 64));
  return head.trimStart().startsWith('-----BEGIN');
}

function fromRaw(bytes: Uint8Array, type: KeyType): Key {
  const format = KEY_FORMATS[type];
  if (format.family === 'sec1') return { type, bytes: compressSec1(bytes, type) };
  if (bytes.length !== format.bytes) throw wrongLength(type, bytes.length);
  return { type, bytes: Uint8Array.from(bytes) }; // a copy, and never a Buffer (whose slice() shares memory)
}

function rawLengths(type: KeyType): number[] {
  const { family, bytes } = KEY_FORMATS[type];
  return family === 'sec1' ? [bytes, 2 * bytes - 1] : [bytes];
}

function compressSec1(point: Uint8Array, type: KeyType): Uint8Array {
  const size = KEY_FORMATS[type].bytes - 1; // field element length
  const [compressed, uncompressed] = rawLengths(type);
  const prefix = point[0];
  if (point.length === compressed && (prefix === 2 || prefix === 3)) return Uint8Array.from(point);
  if (point.length === uncompressed && prefix === 4) return compress(point.subarray(1, 1 + size), point.subarray(1 + size), type);
  if (point.length === compressed || point.length === uncompressed) {
    throw new HemKeyFormatError(
      'bad_point',
      `A ${type} point of ${point.length} bytes starts with 0x${hex(prefix ?? 0)}; SEC1 points start with 0x02/0x03 (compressed) or 0x04 (uncompressed).`,
    );
  }
  throw wrongLength(type, point.length);
}

// SEC1 2.3.3: 0x02 when y is even, 0x03 when odd, then x. Compressing drops y, so (x, y)
// must be on the curve first: a corrupt y would otherwise become a valid, different key.
function compress(x: Uint8Array, y: Uint8Array, type: KeyType): Uint8Array {
  const curve = curveOf('sec1', KEY_FORMATS[type].curve);
  if (!curve) throw new HemKeyFormatError('unsupported_key', `${type} names curve ${KEY_FORMATS[type].curve}, which the curve registry of @hem/validator does not know: the point cannot be checked or compressed.`);
  // y² = x³ + ax + b, with both below p.
  if (!sec1OnCurve(curve, bytesToBigInt(x), bytesToBigInt(y))) {
    throw new HemKeyFormatError('bad_point', `The ${type} point (x, y) is not on the curve ${KEY_FORMATS[type].curve}: the key is corrupt. Export it again from its source.`);
  }
  const out = new Uint8Array(1 + x.length);
  out[0] = 2 | (y[y.length - 1]! & 1);
  out.set(x, 1);
  return out;
}

function wrongLength(type: KeyType, got: number, more = ''): HemKeyFormatError {
  const [compressed, uncompressed] = rawLengths(type);
  const expected =
    uncompressed === undefined
      ? `${compressed} bytes`
      : `${compressed} bytes (compressed SEC1) or ${uncompressed} bytes (uncompressed 0x04 point)`;
  return new HemKeyFormatError(
    'wrong_length',
    `A raw ${type} public key is ${expected}; received ${got} bytes${more}. Check hint.type, or pass the key as PEM, DER, JWK or KeyObject.`,
  );
}

function rsaError(what: string): HemKeyFormatError {
  return new HemKeyFormatError('rsa_key', `Received ${what}: RSA keys cannot be imported into the HEM. ${SUPPORTED}`);
}

// --- SubjectPublicKeyInfo ---------------------------------------------------

function fromSpki(der: Uint8Array): Key {
  const { oid, params, key } = parseSpki(der);
  if (RSA_OIDS.has(oid)) throw rsaError('an RSA public key');
  if (oid === ID_EC_PUBLIC_KEY) {
    const type = params === undefined ? undefined : EC_CURVE_OIDS.get(params);
    if (!type) {
      throw new HemKeyFormatError(
        'unsupported_key',
        `Received an EC key on curve ${params ?? '(no named curve)'}, which the HEM does not support. ${SUPPORTED}`,
      );
    }
    return fromRaw(key, type);
  }
  const type = ALGORITHM_OIDS.get(oid);
  if (!type) {
    throw new HemKeyFormatError('unsupported_key', `Received a key with algorithm OID ${oid}, which the HEM does not support. ${SUPPORTED}`);
  }
  return fromRaw(key, type);
}

// SPKI = SEQUENCE { SEQUENCE { OID, params? }, BIT STRING }
function parseSpki(der: Uint8Array): { oid: string; params: string | undefined; key: Uint8Array } {
  const spki = readTlv(der, 0, 0x30, 'SubjectPublicKeyInfo SEQUENCE');
  if (spki.end !== der.length) throw derError(`${der.length - spki.end} bytes follow the SEQUENCE`);
  if (spki.body[0] === 0x02) {
    // PKCS#8, SEC1 and PKCS#1 keys start with an INTEGER; SPKI with a SEQUENCE.
    throw derError('it starts like a private key (PKCS#8, SEC1) or a PKCS#1 RSA key; pass the SPKI public key');
  }
  const algorithm = readTlv(spki.body, 0, 0x30, 'AlgorithmIdentifier SEQUENCE');
  const oid = readTlv(algorithm.body, 0, 0x06, 'algorithm OID');
  let params: string | undefined;
  if (oid.end < algorithm.body.length) {
    const p = readTlv(algorithm.body, oid.end, undefined, 'algorithm parameters');
    if (p.tag === 0x06) params = decodeOid(p.body);
  }
  const bits = readTlv(spki.body, algorithm.end, 0x03, 'BIT STRING');
  if (bits.end !== spki.body.length) throw derError('unexpected data after the BIT STRING');
  if (bits.body[0] !== 0) throw derError('the BIT STRING is empty or has unused bits');
  return { oid: decodeOid(oid.body), params, key: bits.body.subarray(1) };
}

type Tlv = { tag: number; body: Uint8Array; end: number };

function readTlv(buf: Uint8Array, pos: number, tag: number | undefined, what: string): Tlv {
  if (pos + 2 > buf.length) throw derError(`it ends before the ${what}`);
  const found = buf[pos]!;
  if (tag !== undefined && found !== tag) throw derError(`expected the ${what} (tag 0x${hex(tag)}) but found tag 0x${hex(found)}`);
  let len = buf[pos + 1]!;
  let p = pos + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    // No indefinite lengths (n = 0) in DER; 3 length bytes already cover any key.
    if (n === 0 || n > 3 || p + n > buf.length) throw derError(`bad length in the ${what}`);
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[p++]!;
  }
  if (p + len > buf.length) throw derError(`the ${what} runs past the end (truncated?)`);
  return { tag: found, body: buf.subarray(p, p + len), end: p + len };
}

function decodeOid(body: Uint8Array): string {
  if (body.length === 0 || body[body.length - 1]! & 0x80) throw derError('malformed OID');
  const arcs: number[] = [];
  let v = 0;
  for (const b of body) {
    v = v * 128 + (b & 0x7f);
    if (!(b & 0x80)) {
      arcs.push(v);
      v = 0;
    }
  }
  const first = arcs[0]!; // X.690: the first subidentifier packs two arcs
  const head = first < 80 ? [Math.floor(first / 40), first % 40] : [2, first - 80];
  return [...head, ...arcs.slice(1)].join('.');
}

function derError(detail: string): HemKeyFormatError {
  return new HemKeyFormatError('bad_der', `The bytes are not a DER SubjectPublicKeyInfo: ${detail}. ${WHAT_TO_PASS}`);
}

// --- JWK and KeyObject -------------------------------------------------------

function fromJwk(jwk: Record<string, unknown>): Key {
  const { kty } = jwk;
  if (kty === 'RSA') throw rsaError('a JWK with kty "RSA"');
  if ('d' in jwk || 'priv' in jwk) {
    throw new HemKeyFormatError(
      'private_key',
      `Received a private JWK (it has "${'d' in jwk ? 'd' : 'priv'}"). The HEM imports public keys only: pass the JWK without its private member.`,
    );
  }
  const families = kty === 'EC' ? ['sec1'] : kty === 'OKP' ? ['montgomery', 'edwards'] : kty === 'AKP' ? ['mlkem', 'mldsa'] : [];
  if (families.length === 0) {
    throw new HemKeyFormatError('unsupported_key', `Received a JWK with kty ${name(kty)}; the HEM imports EC, OKP and AKP keys. ${SUPPORTED}`);
  }
  // JOSE names (crv for EC/OKP, alg for AKP) are exactly the `curve` names in KEY_FORMATS.
  const id = kty === 'AKP' ? jwk.alg : jwk.crv;
  const type = KEY_TYPES.find((t) => KEY_FORMATS[t].curve === id && families.includes(KEY_FORMATS[t].family));
  if (!type) {
    const member = kty === 'AKP' ? 'alg' : 'crv';
    throw new HemKeyFormatError('unsupported_key', `Received a ${kty} JWK with ${member} ${name(id)}, which the HEM does not support. ${SUPPORTED}`);
  }
  if (kty === 'AKP') return fromRaw(jwkMember(jwk, 'pub'), type);
  if (kty === 'OKP') return fromRaw(jwkMember(jwk, 'x'), type);
  const x = jwkMember(jwk, 'x');
  const y = jwkMember(jwk, 'y');
  const size = KEY_FORMATS[type].bytes - 1;
  if (x.length !== size || y.length !== size) {
    throw new HemKeyFormatError(
      'wrong_length',
      `The x and y of a ${String(id)} JWK are ${size} bytes each; received ${x.length} and ${y.length}.`,
    );
  }
  return { type, bytes: compress(x, y, type) };
}

function jwkMember(jwk: Record<string, unknown>, member: string): Uint8Array {
  const value = jwk[member];
  const bytes = typeof value === 'string' ? fromBase64(value) : undefined;
  if (!bytes) throw new HemKeyFormatError('bad_jwk', `The JWK member "${member}" must be a base64url string; received ${describe(value)}.`);
  return bytes;
}

function fromKeyObject(key: KeyObjectLike): Key {
  if (key.type === 'private') {
    throw new HemKeyFormatError(
      'private_key',
      'Received a private KeyObject. The HEM imports public keys only: pass createPublicKey(privateKey).',
    );
  }
  if (key.type !== 'public') {
    throw new HemKeyFormatError('unsupported_key', `Received a KeyObject of type ${name(key.type)}; the HEM imports public keys only.`);
  }
  let der: unknown;
  try {
    der = key.export({ type: 'spki', format: 'der' });
  } catch (e) {
    throw new HemKeyFormatError('unsupported_key', `The KeyObject cannot be exported as SPKI: ${String(e)}. ${SUPPORTED}`, { cause: e });
  }
  const bytes = asBytes(der);
  if (!bytes) throw new HemKeyFormatError('bad_input', 'KeyObject.export() did not return bytes.');
  return fromSpki(bytes);
}

// --- small helpers -----------------------------------------------------------

function asBytes(input: unknown): Uint8Array | undefined {
  if (input instanceof Uint8Array) return input; // includes Node's Buffer
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  return undefined;
}

/** Base64 as the device reads it, with line breaks and spaces (PEM bodies, wrapped files) ignored. */
function fromBase64(text: string): Uint8Array | undefined {
  return decodeBase64(text.replace(/\s+/g, ''));
}

function hex(n: number): string {
  return n.toString(16).padStart(2, '0');
}

// Echoes short identifiers (kty, crv, a type name), which are never secret.
function name(value: unknown): string {
  return typeof value === 'string' && /^[\x20-\x7e]{1,40}$/.test(value) ? JSON.stringify(value) : describe(value);
}

// Says what was received without echoing its content (it might be secret).
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return value === '' ? 'an empty string' : `a string of ${value.length} characters`;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return `the ${typeof value} ${String(value)}`;
  if (Array.isArray(value)) return `an array of ${value.length} items`;
  if (typeof value === 'object') {
    const keys = Object.keys(value).slice(0, 8);
    return keys.length === 0 ? 'an empty object' : `an object with keys ${keys.join(', ')}`;
  }
  return typeof value === 'undefined' ? 'undefined' : `a ${typeof value}`;
}

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
  | 'bad_input' // not something a key can be read from (number, null, CryptoKey, a getter that throws, ...)
  | 'too_large' // longer than MAX_KEY_INPUT: no public key is that large
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

/**
 * The most characters (text) or bytes (binary) of key input read. A PUBLIC KEY PEM of the
 * largest key type (ML-DSA-87, 2,592 bytes) is about 3.6 kB; 16 KiB leaves room for CRLF
 * line ends and text around the block. Anything longer is refused before it is parsed.
 */
export const MAX_KEY_INPUT = 16_384;

/** Converts a public key to the `{ type, pubkey }` of an import request. */
export function toHemPublicKey(input: HemKeyInput, hint?: HemKeyHint): HemPublicKey {
  const { type, bytes } = toHemPublicKeyBytes(input, hint);
  return { type, pubkey: encodeBase64(bytes) };
}

/** Like {@link toHemPublicKey}, but returns the raw bytes instead of base64. */
export function toHemPublicKeyBytes(input: HemKeyInput, hint?: HemKeyHint): { type: KeyType; bytes: Uint8Array } {
  const want = hintType(hint);
  const key = fromAny(input, want);
  if (want !== undefined && key.type !== want) {
    throw new HemKeyFormatError('type_mismatch', `The key is a ${key.type} key but hint.type is ${want}. Drop the hint or pass the matching key.`);
  }
  return key;
}

type Key = { type: KeyType; bytes: Uint8Array };

const SUPPORTED = `Supported types: ${KEY_TYPES.join(', ')}.`;
const WHAT_TO_PASS = "Pass a PEM '-----BEGIN PUBLIC KEY-----', SPKI DER bytes, a JWK or a KeyObject; for raw key bytes add a hint such as { type: 'ED25519' }.";

const ID_EC_PUBLIC_KEY = '1.2.840.10045.2.1';
const RSA_OIDS = new Set(['1.2.840.113549.1.1.1', '1.2.840.113549.1.1.10']); // rsaEncryption, RSASSA-PSS
// What names each type in an SPKI comes from the spec's key table (KEY_FORMATS[type].oid):
// the named curve under id-ecPublicKey for SEC1 keys, the algorithm OID for the rest.
const BY_OID = new Map<string, KeyType>(KEY_TYPES.map((type) => [KEY_FORMATS[type].oid, type]));
const EC_CURVE_OIDS = new Map([...BY_OID].filter(([, type]) => KEY_FORMATS[type].family === 'sec1'));
const ALGORITHM_OIDS = new Map([...BY_OID].filter(([, type]) => KEY_FORMATS[type].family !== 'sec1'));

// For the size cap's message: the largest key of the table and about how long its PEM is
// (SPKI header of at most 24 bytes, base64, a line break every 64 characters, BEGIN/END lines).
const LARGEST = KEY_TYPES.reduce((a, b) => (KEY_FORMATS[b].bytes > KEY_FORMATS[a].bytes ? b : a));
const LARGEST_PEM = ((b64) => b64 + Math.ceil(b64 / 64) + 52)(4 * Math.ceil((KEY_FORMATS[LARGEST].bytes + 24) / 3));

function tooLarge(what: string, length: number, unit: 'characters' | 'bytes'): HemKeyFormatError {
  return new HemKeyFormatError(
    'too_large',
    `${what} is ${length} ${unit} long; toHemPublicKey reads at most ${MAX_KEY_INPUT} (MAX_KEY_INPUT), and the PUBLIC KEY PEM ` +
      `of the largest key type, ${LARGEST}, is about ${LARGEST_PEM} characters. Pass only the -----BEGIN PUBLIC KEY----- block, or the key's DER or raw bytes.`,
  );
}

function hintType(hint: unknown): KeyType | undefined {
  if (hint === undefined || hint === null) return undefined;
  const type = typeof hint === 'object' ? read(hint, 'type', 'the hint') : hint;
  if (type === undefined) return undefined;
  if (typeof type === 'string' && (KEY_TYPES as readonly string[]).includes(type)) return type as KeyType;
  throw new HemKeyFormatError('bad_hint', `hint.type must be one of the key types, exact spelling; received ${name(type)}. ${SUPPORTED}`);
}

// Each member of the caller's object is read once, here or in fromJwk: a getter runs once,
// and a getter or Proxy trap that throws becomes a HemKeyFormatError.
function fromAny(input: unknown, want: KeyType | undefined): Key {
  if (typeof input === 'string') return fromString(input, want);
  if (typeof input === 'object' && input !== null) {
    const bytes = asBytes(input);
    if (bytes) return fromBytes(bytes, want);
    if (has(input, 'kty')) return fromJwk(input);
    const type = read(input, 'type');
    if (typeof type === 'string') {
      const exporter = read(input, 'export');
      if (typeof exporter === 'function') return fromKeyObject(input, type, exporter);
      if (has(input, 'algorithm') && has(input, 'usages')) {
        // WebCrypto export is async and this function is not.
        throw new HemKeyFormatError('bad_input', "Received a WebCrypto CryptoKey; export it first and pass the bytes: new Uint8Array(await crypto.subtle.exportKey('spki', key)).");
      }
    }
  }
  throw new HemKeyFormatError('bad_input', `Cannot read a public key from ${describe(input)}. ${WHAT_TO_PASS}`);
}

function fromString(text: string, want: KeyType | undefined): Key {
  if (text.length > MAX_KEY_INPUT) throw tooLarge('The key text', text.length, 'characters');
  if (text.includes('-----BEGIN')) return fromPem(text);
  // Bare base64 (e.g. a pubkey exported by another HEM) is read as DER, or raw with a hint.
  const bytes = fromBase64(text);
  if (!bytes || bytes.length === 0) throw new HemKeyFormatError('bad_input', `Cannot read a public key from ${describe(text)}. ${WHAT_TO_PASS}`);
  return fromBytes(bytes, want);
}

function fromPem(text: string): Key {
  const blocks = pemBlocks(text);
  const pub = blocks.filter((b) => b.label === 'PUBLIC KEY');
  if (pub.length > 1) {
    throw new HemKeyFormatError('bad_pem', `The PEM text holds ${pub.length} PUBLIC KEY blocks; pass one key at a time.`);
  }
  const block = pub[0];
  if (!block) throw pemLabelError((blocks.find((b) => b.label !== 'EC PARAMETERS') ?? blocks[0]!).label);
  const der = fromBase64(block.body);
  if (!der) throw new HemKeyFormatError('bad_pem', 'The body of the PUBLIC KEY PEM block is not valid base64.');
  return fromSpki(der);
}

type PemBlock = { label: string; body: string };

// RFC 7468 blocks in one forward pass over the text (no regex; the caller bounds the text):
// each "-----BEGIN L-----" must be followed by "-----END L-----" before the next BEGIN.
// Text outside the blocks is ignored, as OpenSSL does; inside, the body runs between the two.
function pemBlocks(text: string): PemBlock[] {
  const blocks: PemBlock[] = [];
  let open: { label: string; from: number } | undefined;
  for (let at = text.indexOf('-----'); at !== -1; at = text.indexOf('-----', at)) {
    const marker = pemMarker(text, at);
    if (!marker) {
      at += 1;
      continue;
    }
    if (marker.kind === 'BEGIN') {
      if (open) {
        throw new HemKeyFormatError(
          'bad_pem',
          `The PEM text has a -----BEGIN ${marker.label}----- line inside the -----BEGIN ${open.label}----- block, before its -----END line: is the text truncated, or are two blocks run together? Pass the whole -----BEGIN PUBLIC KEY----- block.`,
        );
      }
      open = { label: marker.label, from: marker.end };
    } else if (open) {
      if (marker.label !== open.label) {
        throw new HemKeyFormatError('bad_pem', `The PEM block -----BEGIN ${open.label}----- ends with -----END ${marker.label}-----; the labels must match.`);
      }
      blocks.push({ label: open.label, body: text.slice(open.from, at) });
      open = undefined;
    }
    at = marker.end;
  }
  if (open) {
    throw new HemKeyFormatError(
      'bad_pem',
      `The PEM text has a -----BEGIN ${open.label}----- line but no matching -----END line; is it truncated? Pass the whole -----BEGIN PUBLIC KEY----- block.`,
    );
  }
  if (blocks.length === 0) {
    throw new HemKeyFormatError('bad_pem', `The text contains "-----BEGIN" but no PEM block (-----BEGIN LABEL----- ... -----END LABEL-----). ${WHAT_TO_PASS}`);
  }
  return blocks;
}

const MAX_PEM_LABEL = 64; // RFC 7468 labels in use are short ("PUBLIC KEY", "EC PRIVATE KEY", ...)

/** The encapsulation boundary "-----BEGIN L-----" or "-----END L-----" at `at`, if there is one. */
function pemMarker(text: string, at: number): { kind: 'BEGIN' | 'END'; label: string; end: number } | undefined {
  const kind = text.startsWith('BEGIN ', at + 5) ? 'BEGIN' : text.startsWith('END ', at + 5) ? 'END' : undefined;
  if (!kind) return undefined;
  const from = at + 5 + kind.length + 1;
  // Looks for the closing dashes within the longest label only, so each marker costs O(1).
  const close = text.slice(from, from + MAX_PEM_LABEL + 5).indexOf('-----');
  if (close <= 0) return undefined;
  const label = text.slice(from, from + close);
  for (let i = 0; i < label.length; i++) {
    const c = label.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return undefined;
  }
  return { kind, label, end: from + close + 5 };
}

function pemLabelError(label: string): HemKeyFormatError {
  if (label.startsWith('RSA ')) return rsaError(`a PEM '${label}'`);
  if (label.endsWith('PRIVATE KEY')) {
    return new HemKeyFormatError(
      'private_key',
      `Received a PEM '${label}'. The HEM imports public keys only: pass the public key ` +
        '(-----BEGIN PUBLIC KEY-----), e.g. from `openssl pkey -in key.pem -pubout` or createPublicKey(privateKey).',
    );
  }
  const how = label.includes('CERTIFICATE')
    ? ', e.g. from `openssl x509 -in cert.pem -pubkey -noout` or new X509Certificate(pem).publicKey'
    : ', e.g. from `openssl pkey -pubin -pubout` or `ssh-keygen -e -m PKCS8 -f key.pub`';
  return new HemKeyFormatError('bad_pem', `Received a PEM '${label}', not a public key. Pass a '-----BEGIN PUBLIC KEY-----' (SPKI) block${how}.`);
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
  if (!curve)
    throw new HemKeyFormatError(
      'unsupported_key',
      `${type} names curve ${KEY_FORMATS[type].curve}, which the curve registry of @hem/validator does not know: the point cannot be checked or compressed.`,
    );
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
  const expected = uncompressed === undefined ? `${compressed} bytes` : `${compressed} bytes (compressed SEC1) or ${uncompressed} bytes (uncompressed 0x04 point)`;
  return new HemKeyFormatError(
    'wrong_length',
    `A raw ${type} public key is ${expected}; received ${got} bytes${more}. Check hint.type, or pass the key as PEM, DER, JWK or KeyObject.`,
  );
}

function rsaError(what: string): HemKeyFormatError {
  return new HemKeyFormatError('rsa_key', `Received ${what}: RSA keys cannot be imported into the HEM. ${SUPPORTED}`);
}

// --- SubjectPublicKeyInfo ---------------------------------------------------
// DER as X.690 §10 has it: one-byte tags, definite lengths in the fewest bytes, one encoding
// per value. Everything OpenSSL refuses is refused here (a non-minimal OID subidentifier,
// parameters where RFC 8410 says none, bytes after the parameters). Where OpenSSL 3 reads
// BER leniently (long-form or indefinite lengths, a constructed or multi-byte-tag BIT STRING,
// unused bits, bytes after the SPKI) this reader is stricter: no exporter writes those.

function fromSpki(der: Uint8Array): Key {
  const { oid, params, key } = parseSpki(der);
  if (RSA_OIDS.has(oid)) throw rsaError('an RSA public key');
  if (oid === ID_EC_PUBLIC_KEY) {
    // RFC 5480: the parameters name the curve (an OID); implicit or explicit curves are not used.
    const curve = params?.tag === 0x06 ? decodeOid(params.body, 'named curve OID') : undefined;
    const type = curve === undefined ? undefined : EC_CURVE_OIDS.get(curve);
    if (!type) {
      const which = curve !== undefined ? shortOid(curve) : params ? `(parameters with tag 0x${hex(params.tag)}, not a named curve OID)` : '(no named curve)';
      throw new HemKeyFormatError('unsupported_key', `Received an EC key on curve ${which}, which the HEM does not support. ${SUPPORTED}`);
    }
    return fromRaw(key, type);
  }
  const type = ALGORITHM_OIDS.get(oid);
  if (!type) {
    throw new HemKeyFormatError('unsupported_key', `Received a key with algorithm OID ${shortOid(oid)}, which the HEM does not support. ${SUPPORTED}`);
  }
  // RFC 8410 (X25519, X448, Ed25519, Ed448) and the IETF ML-KEM / ML-DSA certificate profiles: parameters absent.
  if (params) throw derError(`the ${type} AlgorithmIdentifier carries parameters (tag 0x${hex(params.tag)}), which must be absent for this algorithm`);
  return fromRaw(key, type);
}

// SPKI = SEQUENCE { SEQUENCE { OID, params? }, BIT STRING }
function parseSpki(der: Uint8Array): { oid: string; params: Tlv | undefined; key: Uint8Array } {
  const spki = readTlv(der, 0, 0x30, 'SubjectPublicKeyInfo SEQUENCE');
  if (spki.end !== der.length) throw derError(`${der.length - spki.end} bytes follow the SEQUENCE`);
  if (spki.body[0] === 0x02) {
    // PKCS#8, SEC1 and PKCS#1 keys start with an INTEGER; SPKI with a SEQUENCE.
    throw derError('it starts like a private key (PKCS#8, SEC1) or a PKCS#1 RSA key; pass the SPKI public key');
  }
  const algorithm = readTlv(spki.body, 0, 0x30, 'AlgorithmIdentifier SEQUENCE');
  const oid = readTlv(algorithm.body, 0, 0x06, 'algorithm OID');
  let params: Tlv | undefined;
  if (oid.end < algorithm.body.length) {
    params = readTlv(algorithm.body, oid.end, undefined, 'algorithm parameters');
    if (params.end !== algorithm.body.length) throw derError(`${algorithm.body.length - params.end} bytes follow the parameters inside the AlgorithmIdentifier`);
  }
  const bits = readTlv(spki.body, algorithm.end, 0x03, 'BIT STRING');
  if (bits.end !== spki.body.length) throw derError('unexpected data after the BIT STRING');
  if (bits.body[0] !== 0) throw derError('the BIT STRING is empty or has unused bits');
  return { oid: decodeOid(oid.body, 'algorithm OID'), params, key: bits.body.subarray(1) };
}

type Tlv = { tag: number; body: Uint8Array; end: number };

function readTlv(buf: Uint8Array, pos: number, tag: number | undefined, what: string): Tlv {
  if (pos + 2 > buf.length) throw derError(`it ends before the ${what}`);
  const found = buf[pos]!;
  if (tag !== undefined && found !== tag) throw derError(`expected the ${what} (tag 0x${hex(tag)}) but found tag 0x${hex(found)}`);
  if ((found & 0x1f) === 0x1f) throw derError(`the ${what} use a multi-byte tag (0x${hex(found)}), which no SubjectPublicKeyInfo has`);
  let len = buf[pos + 1]!;
  let p = pos + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0) throw derError(`the ${what} has an indefinite length, which DER does not allow`);
    // 4 length bytes are far past MAX_KEY_INPUT; more would also overflow the arithmetic.
    if (n > 4 || p + n > buf.length) throw derError(`bad length in the ${what}`);
    if (buf[p] === 0) throw derError(`bad length in the ${what}: a leading zero byte, which DER does not allow (lengths take the fewest bytes)`);
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[p++]!;
    if (len < 0x80) throw derError(`bad length in the ${what}: ${len} in the long form, which DER does not allow below 128`);
  }
  if (len > buf.length - p) throw derError(`the ${what} runs past the end (truncated?)`);
  return { tag: found, body: buf.subarray(p, p + len), end: p + len };
}

// Above this, one more base-128 digit would take an arc past 2^53 - 1 (it would print inexactly, or as Infinity).
const MAX_ARC_PREFIX = Math.floor((Number.MAX_SAFE_INTEGER - 0x7f) / 0x80);

// X.690 §8.19: subidentifiers in base 128, high bit set on all but the last byte, each in
// the fewest bytes (no leading 0x80). The first subidentifier packs the first two arcs.
function decodeOid(body: Uint8Array, what: string): string {
  if (body.length === 0) throw derError(`malformed OID: the ${what} is empty`);
  const arcs: number[] = [];
  let v = 0;
  let fresh = true; // at the first byte of a subidentifier
  for (const b of body) {
    if (fresh && b === 0x80) throw derError(`malformed OID: a subidentifier of the ${what} starts with 0x80, which DER does not allow (not minimal)`);
    if (v > MAX_ARC_PREFIX) throw derError(`the ${what} has an arc above 2^53 - 1; no algorithm or curve OID has one`);
    v = v * 0x80 + (b & 0x7f);
    fresh = (b & 0x80) === 0;
    if (fresh) {
      arcs.push(v);
      v = 0;
    }
  }
  if (!fresh) throw derError(`malformed OID: the ${what} ends inside a subidentifier`);
  const first = arcs[0]!;
  const head = first < 80 ? [Math.floor(first / 40), first % 40] : [2, first - 80];
  return [...head, ...arcs.slice(1)].join('.');
}

/** An OID for a message: a hostile one can be thousands of arcs long. */
function shortOid(oid: string): string {
  return oid.length <= 80 ? oid : `${oid.slice(0, 80)}... (${oid.split('.').length} arcs)`;
}

function derError(detail: string): HemKeyFormatError {
  return new HemKeyFormatError('bad_der', `The bytes are not a DER SubjectPublicKeyInfo: ${detail}. ${WHAT_TO_PASS}`);
}

// --- JWK and KeyObject -------------------------------------------------------

function fromJwk(jwk: object): Key {
  const kty = read(jwk, 'kty');
  if (kty === 'RSA') throw rsaError('a JWK with kty "RSA"');
  const secret = has(jwk, 'd') ? 'd' : has(jwk, 'priv') ? 'priv' : undefined;
  if (secret) {
    throw new HemKeyFormatError('private_key', `Received a private JWK (it has "${secret}"). The HEM imports public keys only: pass the JWK without its private member.`);
  }
  const families = kty === 'EC' ? ['sec1'] : kty === 'OKP' ? ['montgomery', 'edwards'] : kty === 'AKP' ? ['mlkem', 'mldsa'] : [];
  if (families.length === 0) {
    throw new HemKeyFormatError('unsupported_key', `Received a JWK with kty ${name(kty)}; the HEM imports EC, OKP and AKP keys. ${SUPPORTED}`);
  }
  // JOSE names (crv for EC/OKP, alg for AKP) are exactly the `curve` names in KEY_FORMATS.
  const member = kty === 'AKP' ? 'alg' : 'crv';
  const id = read(jwk, member);
  const type = KEY_TYPES.find((t) => KEY_FORMATS[t].curve === id && families.includes(KEY_FORMATS[t].family));
  if (!type) {
    throw new HemKeyFormatError('unsupported_key', `Received a ${String(kty)} JWK with ${member} ${name(id)}, which the HEM does not support. ${SUPPORTED}`);
  }
  if (kty === 'AKP') return fromRaw(jwkMember(jwk, 'pub'), type);
  if (kty === 'OKP') return fromRaw(jwkMember(jwk, 'x'), type);
  const x = jwkMember(jwk, 'x');
  const y = jwkMember(jwk, 'y');
  const size = KEY_FORMATS[type].bytes - 1;
  if (x.length !== size || y.length !== size) {
    throw new HemKeyFormatError('wrong_length', `The x and y of a ${String(id)} JWK are ${size} bytes each; received ${x.length} and ${y.length}.`);
  }
  return { type, bytes: compress(x, y, type) };
}

function jwkMember(jwk: object, member: string): Uint8Array {
  const value = read(jwk, member, 'the JWK');
  if (typeof value === 'string' && value.length > MAX_KEY_INPUT) throw tooLarge(`The JWK member "${member}"`, value.length, 'characters');
  const bytes = typeof value === 'string' ? fromBase64(value) : undefined;
  if (!bytes) throw new HemKeyFormatError('bad_jwk', `The JWK member "${member}" must be a base64url string; received ${describe(value)}.`);
  return bytes;
}

function fromKeyObject(key: object, type: string, exporter: CallableFunction): Key {
  if (type === 'private') {
    throw new HemKeyFormatError('private_key', 'Received a private KeyObject. The HEM imports public keys only: pass createPublicKey(privateKey).');
  }
  if (type !== 'public') {
    throw new HemKeyFormatError('unsupported_key', `Received a KeyObject of type ${name(type)}; the HEM imports public keys only.`);
  }
  let der: unknown;
  try {
    der = Reflect.apply(exporter, key, [{ type: 'spki', format: 'der' }]);
  } catch (e) {
    throw new HemKeyFormatError('unsupported_key', `The KeyObject cannot be exported as SPKI: ${thrown(e)}. ${SUPPORTED}`, { cause: e });
  }
  const bytes = typeof der === 'object' && der !== null ? asBytes(der) : undefined;
  if (!bytes) throw new HemKeyFormatError('bad_input', 'KeyObject.export() did not return bytes.');
  return fromSpki(bytes);
}

// --- reading the caller's values ----------------------------------------------

function read(o: object, key: string, whose = 'the input'): unknown {
  try {
    return Reflect.get(o, key);
  } catch (e) {
    throw unreadable(`"${key}" of ${whose}`, e);
  }
}

function has(o: object, key: string): boolean {
  try {
    return Reflect.has(o, key);
  } catch (e) {
    throw unreadable(`"${key}" of the input`, e);
  }
}

function unreadable(what: string, e: unknown): HemKeyFormatError {
  return new HemKeyFormatError('bad_input', `Reading ${what} threw (${thrown(e)}). ${WHAT_TO_PASS}`, { cause: e });
}

/** What a foreign throw says, without running more of the caller's code than reading two members. */
function thrown(e: unknown): string {
  try {
    if (typeof e === 'object' && e !== null) {
      const label = Reflect.get(e, 'name');
      const message = Reflect.get(e, 'message');
      if (typeof message === 'string') return `${typeof label === 'string' ? `${label.slice(0, 40)}: ` : ''}${message.slice(0, 200)}`;
    }
  } catch {
    // a trap that throws again: fall through
  }
  return `a thrown ${e === null ? 'null' : typeof e}`;
}

// The engine's own getters read a typed array's or buffer's internal slots: no getter of the
// caller's and no Proxy trap runs, and a Proxy or a look-alike object is never taken for bytes.
type Getter = (this: unknown) => unknown;
const getter = (proto: object, key: string) => Object.getOwnPropertyDescriptor(proto, key)!.get! as Getter;
const VIEWS = [Object.getPrototypeOf(Uint8Array.prototype) as object, DataView.prototype].map((proto) => ({
  buffer: getter(proto, 'buffer'),
  offset: getter(proto, 'byteOffset'),
  length: getter(proto, 'byteLength'),
}));
const BUFFERS = [ArrayBuffer, globalThis.SharedArrayBuffer].filter((c) => typeof c === 'function').map((c) => getter(c.prototype, 'byteLength'));

/** A copy of the bytes of a typed array, DataView or (Shared)ArrayBuffer; undefined for anything else. */
function asBytes(input: object): Uint8Array | undefined {
  let source: { buffer: ArrayBufferLike; offset: number; length: number } | undefined;
  for (const view of VIEWS) {
    try {
      source = { buffer: view.buffer.call(input) as ArrayBufferLike, offset: view.offset.call(input) as number, length: view.length.call(input) as number };
      break;
    } catch {
      // not this kind of view
    }
  }
  for (const length of source ? [] : BUFFERS) {
    try {
      source = { buffer: input as ArrayBufferLike, offset: 0, length: length.call(input) as number };
      break;
    } catch {
      // not this kind of buffer
    }
  }
  if (!source) return undefined;
  if (source.length > MAX_KEY_INPUT) throw tooLarge('The key input', source.length, 'bytes');
  try {
    // A copy: the caller's buffer may change later (or be shared); what is checked is what is used.
    return new Uint8Array(source.buffer, source.offset, source.length).slice();
  } catch {
    throw new HemKeyFormatError('bad_input', 'The key bytes cannot be read: their ArrayBuffer is detached (transferred). Pass bytes that are still readable.');
  }
}

// --- small helpers -----------------------------------------------------------

/** Base64 as the device reads it, with whitespace (PEM bodies, wrapped files) skipped; callers bound `text`. */
function fromBase64(text: string): Uint8Array | undefined {
  let compact = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    if (isSpace(text.charCodeAt(i))) {
      compact += text.slice(from, i);
      from = i + 1;
    }
  }
  compact = from === 0 ? text : compact + text.slice(from);
  return compact === '' ? undefined : decodeBase64(compact);
}

// The characters of JavaScript's \s.
function isSpace(c: number): boolean {
  if (c < 0x80) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

function hex(n: number): string {
  return n.toString(16).padStart(2, '0');
}

// Echoes short identifiers (kty, crv, a type name), which are never secret.
function name(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 40) return describe(value);
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return describe(value);
  }
  return JSON.stringify(value);
}

// Says what was received without echoing its content (it might be secret).
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return value === '' ? 'an empty string' : `a string of ${value.length} characters`;
  if (typeof value === 'number' || typeof value === 'boolean') return `the ${typeof value} ${String(value)}`;
  if (typeof value === 'bigint') return value > 10n ** 20n || value < -(10n ** 20n) ? 'a bigint' : `the bigint ${String(value)}`;
  if (typeof value === 'object') {
    try {
      if (Array.isArray(value)) return `an array of ${value.length} items`;
      const keys = Object.keys(value)
        .slice(0, 8)
        .map((key) => (key.length > 40 ? `${key.slice(0, 40)}...` : key));
      return keys.length === 0 ? 'an empty object' : `an object with keys ${keys.join(', ')}`;
    } catch {
      return 'an object that cannot be inspected (a revoked Proxy, or a trap that throws)';
    }
  }
  return typeof value === 'undefined' ? 'undefined' : `a ${typeof value}`;
}

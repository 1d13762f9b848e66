// toHemPublicKey on hostile text and DER: input bounded before it is parsed, PEM read in one
// linear pass, and a DER reader that refuses every SPKI OpenSSL refuses (checked against
// node:crypto's createPublicKey, with keys from node:crypto and the testkit).
import { createPublicKey } from 'node:crypto';
import { KEY_FORMATS, KEY_TYPES, type KeyType } from '@hem/types';
import { keyPair, makeKey } from '@hem/testkit';
import { describe, expect, test } from 'vitest';
import { MAX_KEY_INPUT, toHemPublicKey, toHemPublicKeyBytes, type HemKeyErrorCode } from '../src/convert.js';
import { bytes, expectRejected, oid, pem as armour, rejection, tlv } from './der.js';

const pem = (der: Uint8Array, eol = '\n') => armour(der, { eol });

const NULL = [0x05, 0x00];
const spki = (algorithm: ArrayLike<number>, key: Uint8Array) => tlv(0x30, algorithm, tlv(0x03, [0], key));
const openssl = (der: Uint8Array) => createPublicKey({ key: Buffer.from(der), format: 'der', type: 'spki' });
const opensslAccepts = (der: Uint8Array) => {
  try {
    openssl(der);
    return true;
  } catch {
    return false;
  }
};

// --- keys of the table ---------------------------------------------------------------

const EC_PUBLIC_KEY = '1.2.840.10045.2.1';
/** The device key and its SPKI pieces: the algorithm's content and the key in the BIT STRING. */
const KEYS = KEY_TYPES.map((type) => {
  const format = KEY_FORMATS[type];
  if (format.family === 'sec1') {
    const der = keyPair(format).publicKey.export({ type: 'spki', format: 'der' });
    return { type, point: new Uint8Array(der.subarray(der.length - (2 * format.bytes - 1))), algorithm: [oid(EC_PUBLIC_KEY), oid(format.oid)] };
  }
  const raw =
    format.family === 'mlkem' || format.family === 'mldsa' ? makeKey(format) : new Uint8Array(Buffer.from(keyPair(format).publicKey.export({ format: 'jwk' }).x!, 'base64url'));
  return { type, point: raw, algorithm: [oid(format.oid)] };
});
const byType = (type: KeyType) => KEYS.find((k) => k.type === type)!;
const wellFormed = (type: KeyType) => spki(tlv(0x30, ...byType(type).algorithm), byType(type).point);

test('the writer above makes exactly the SPKI node:crypto exports, for every curve key of the table', () => {
  const curves = KEY_TYPES.filter((t) => !['mlkem', 'mldsa'].includes(KEY_FORMATS[t].family));
  expect(curves.length).toBeGreaterThanOrEqual(8);
  for (const type of curves) {
    const der = wellFormed(type);
    expect(Buffer.from(openssl(der).export({ type: 'spki', format: 'der' }))).toEqual(Buffer.from(der));
    expect(toHemPublicKeyBytes(der).type).toBe(type);
  }
});

// --- 1. bounded input, linear PEM -------------------------------------------------------

describe('input is bounded before it is parsed', () => {
  const flood = (size: number) => '-----BEGIN PUBLIC KEY-----\n'.repeat(Math.ceil(size / 27)).slice(0, size);

  test('2 MiB of -----BEGIN lines without an END (41 s before): refused by its size, naming size and cap', () => {
    const e = expectRejected(() => toHemPublicKey(flood(2 * 1024 * 1024)), 'too_large');
    expect(e.message).toContain(`${2 * 1024 * 1024} characters`);
    expect(e.message).toContain(String(MAX_KEY_INPUT));
    expect(e.message).toMatch(/-----BEGIN PUBLIC KEY----- block/);
  });

  test('below the cap, a flood of BEGIN lines is read in one pass and named for what it is', () => {
    expectRejected(() => toHemPublicKey(flood(MAX_KEY_INPUT)), 'bad_pem', /-----BEGIN PUBLIC KEY----- line inside the -----BEGIN PUBLIC KEY----- block/);
  });

  test('bytes, line-wrapped base64, JWK members and KeyObject exports are bounded too', () => {
    const over = MAX_KEY_INPUT + 1;
    expectRejected(() => toHemPublicKey(new Uint8Array(over)), 'too_large', new RegExp(`${over} bytes`));
    expectRejected(() => toHemPublicKey(new DataView(new ArrayBuffer(over))), 'too_large');
    expectRejected(() => toHemPublicKey(`${'QUFB\n'.repeat(over / 5 + 1)}`, { type: 'MLDSA87' }), 'too_large', /characters/);
    expectRejected(() => toHemPublicKey({ kty: 'OKP', crv: 'Ed25519', x: 'A'.repeat(over) }), 'too_large', /JWK member "x"/);
    expectRejected(() => toHemPublicKey({ type: 'public', export: () => new Uint8Array(over) }), 'too_large');
  });

  test('the cap has room: the largest key of the table as CRLF PEM with text around it, padded to exactly the cap, is read', () => {
    const largest = KEY_TYPES.reduce((a, b) => (KEY_FORMATS[b].bytes > KEY_FORMATS[a].bytes ? b : a));
    const text = pem(wellFormed(largest), '\r\n');
    expect(text.length * 4).toBeLessThanOrEqual(MAX_KEY_INPUT);
    const padded = `${'#'.repeat(MAX_KEY_INPUT - text.length - 2)}\r\n${text}`;
    expect(padded.length).toBe(MAX_KEY_INPUT);
    expect(toHemPublicKeyBytes(padded)).toEqual({ type: largest, bytes: byType(largest).point });
    expectRejected(() => toHemPublicKey(`#${padded}`), 'too_large');
  });

  test('PEM forms the scanner must keep reading: one line (newlines lost in an env var), CR only, text and EC PARAMETERS around', () => {
    const der = wellFormed('ED25519');
    const want = { type: 'ED25519', bytes: byType('ED25519').point };
    expect(toHemPublicKeyBytes(pem(der).replace(/\n/g, ' '))).toEqual(want);
    expect(toHemPublicKeyBytes(pem(der, '\r'))).toEqual(want);
    expect(toHemPublicKeyBytes(`---------- key of bob ----------\n-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n${pem(der)}-- end\n`)).toEqual(
      want,
    );
  });

  test.each([
    ['an END whose label differs', '-----BEGIN PUBLIC KEY-----\nMCow\n-----END PRIVATE KEY-----', /labels must match/],
    ['a BEGIN with no label', '-----BEGIN -----\nMCow\n-----END -----', /no PEM block/],
    ['a label of 100 characters', `-----BEGIN ${'A'.repeat(100)}-----\nMCow\n-----END ${'A'.repeat(100)}-----`, /no PEM block/],
    ['a second block opened inside the first', `-----BEGIN PUBLIC KEY-----\nMCow\n${pem(wellFormed('ED25519'))}`, /inside the -----BEGIN PUBLIC KEY----- block/],
  ])('PEM with %s: bad_pem', (_, text, message) => {
    expectRejected(() => toHemPublicKey(text), 'bad_pem', message);
  });
});

// --- 2. DER: refused where OpenSSL refuses, and where DER forbids ----------------------------

describe('the DER reader refuses every SPKI OpenSSL refuses', () => {
  const ed = byType('ED25519');
  const p256 = byType('SECP256R1');
  // id-ecPublicKey 1.2.840.10045.2.1 with the 840 written as 0x80 0x86 0x48 instead of 0x86 0x48.
  const paddedEcOid = tlv(0x06, [0x2a, 0x80, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01]);

  type Case = { name: string; der: Uint8Array; code: HemKeyErrorCode; message: RegExp };
  const cases: Case[] = [
    // RFC 8410 and the ML-KEM/ML-DSA profiles: parameters absent. Every such type of the table, with NULL.
    ...KEYS.filter((k) => KEY_FORMATS[k.type].family !== 'sec1').map((k) => ({
      name: `${k.type} with NULL parameters`,
      der: spki(tlv(0x30, ...k.algorithm, NULL), k.point),
      code: 'bad_der' as const,
      message: new RegExp(`${k.type} AlgorithmIdentifier carries parameters \\(tag 0x05\\)`),
    })),
    {
      name: 'ED25519 with an empty SEQUENCE as parameters',
      der: spki(tlv(0x30, ...ed.algorithm, [0x30, 0x00]), ed.point),
      code: 'bad_der',
      message: /carries parameters \(tag 0x30\)/,
    },
    {
      name: 'ED25519 with junk after the parameters',
      der: spki(tlv(0x30, ...ed.algorithm, NULL, NULL), ed.point),
      code: 'bad_der',
      message: /2 bytes follow the parameters inside the AlgorithmIdentifier/,
    },
    { name: 'SECP256R1 with junk after the named curve', der: spki(tlv(0x30, ...p256.algorithm, NULL), p256.point), code: 'bad_der', message: /2 bytes follow the parameters/ },
    {
      name: 'ED25519 OID 1.3.101.112 with a non-minimal arc (0x80 0x65)',
      der: spki(tlv(0x30, tlv(0x06, [0x2b, 0x80, 0x65, 0x70])), ed.point),
      code: 'bad_der',
      message: /starts with 0x80/,
    },
    {
      name: 'an OID whose first subidentifier starts with 0x80',
      der: spki(tlv(0x30, tlv(0x06, [0x80, 0x2b, 0x65, 0x70])), ed.point),
      code: 'bad_der',
      message: /starts with 0x80/,
    },
    { name: 'id-ecPublicKey with a non-minimal arc', der: spki(tlv(0x30, paddedEcOid, p256.algorithm[1]!), p256.point), code: 'bad_der', message: /starts with 0x80/ },
    {
      name: 'the named curve P-256 with a non-minimal arc',
      der: spki(tlv(0x30, p256.algorithm[0]!, tlv(0x06, [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x80, 0x01, 0x07])), p256.point),
      code: 'bad_der',
      message: /named curve OID starts with 0x80/,
    },
    { name: 'an EC key without parameters', der: spki(tlv(0x30, p256.algorithm[0]!), p256.point), code: 'unsupported_key', message: /\(no named curve\)/ },
    {
      name: 'an EC key with NULL (implicit curve) parameters',
      der: spki(tlv(0x30, p256.algorithm[0]!, NULL), p256.point),
      code: 'unsupported_key',
      message: /tag 0x05, not a named curve OID/,
    },
    { name: 'an empty OID', der: spki(tlv(0x30, tlv(0x06)), ed.point), code: 'bad_der', message: /OID is empty/ },
    {
      name: 'an OID with an arc of 2^56',
      der: spki(tlv(0x30, tlv(0x06, [0x2b, 0x81, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00])), ed.point),
      code: 'bad_der',
      message: /arc above 2\^53 - 1/,
    },
    // 150 bytes of 0xff: an arc of 2^1050, which a float arithmetic prints as Infinity.
    {
      name: 'an OID whose arc overflows a double',
      der: spki(tlv(0x30, tlv(0x06, [0x2b, ...new Array(150).fill(0xff), 0x7f])), ed.point),
      code: 'bad_der',
      message: /arc above 2\^53 - 1/,
    },
    { name: 'parameters with a multi-byte tag', der: spki(tlv(0x30, ...ed.algorithm, [0x1f, 0x05, 0x00]), ed.point), code: 'bad_der', message: /multi-byte tag/ },
    { name: 'a NULL with content as parameters', der: spki(tlv(0x30, ...ed.algorithm, [0x05, 0x01, 0x00]), ed.point), code: 'bad_der', message: /carries parameters/ },
    { name: 'an empty BIT STRING', der: tlv(0x30, tlv(0x30, ...ed.algorithm), [0x03, 0x00]), code: 'bad_der', message: /BIT STRING is empty/ },
    { name: 'data after the BIT STRING', der: tlv(0x30, tlv(0x30, ...ed.algorithm), tlv(0x03, [0], ed.point), NULL), code: 'bad_der', message: /after the BIT STRING/ },
    { name: 'a 31-byte Ed25519 key', der: spki(tlv(0x30, ...ed.algorithm), ed.point.subarray(1)), code: 'wrong_length', message: /received 31 bytes/ },
  ];

  test.each(cases)('$name: refused, and by OpenSSL too', ({ der, code, message }) => {
    expectRejected(() => toHemPublicKey(der), code, message);
    expect(() => openssl(der)).toThrow();
  });

  test('no OID prints as 1.3.Infinity, and a long unknown OID is shortened in the message', () => {
    const longArcs = tlv(0x06, [0x2b, ...new Array(600).fill(0x01)]);
    const e = expectRejected(() => toHemPublicKey(spki(tlv(0x30, longArcs), ed.point)), 'unsupported_key', /1\.3\.1\.1\.1.*\.\.\. \(602 arcs\)/);
    expect(e.message.length).toBeLessThan(600);
    for (const c of cases) expect(rejection(() => toHemPublicKey(c.der)).message).not.toMatch(/Infinity|NaN/);
  });

  test('the well-formed originals of the cases are read by both (so each case fails for its one defect)', () => {
    for (const { type } of KEYS) {
      const der = wellFormed(type);
      expect(toHemPublicKeyBytes(der).type).toBe(type);
      // Node 20's OpenSSL 3.0 has no ML-KEM / ML-DSA; where it knows the algorithm, it must read the key.
      if (!['mlkem', 'mldsa'].includes(KEY_FORMATS[type].family)) expect(opensslAccepts(der)).toBe(true);
    }
  });

  // DER allows one encoding per value (X.690 §10). OpenSSL 3's reader is BER-lenient and
  // reads these (measured on 3.0.19); no exporter writes them, and the reader refuses them.
  test.each([
    ['a long-form length below 128 (outer)', bytes([0x30, 0x81, 42], tlv(0x30, ...ed.algorithm), tlv(0x03, [0], ed.point)), /long form/],
    ['a long-form length below 128 (OID)', spki(tlv(0x30, [0x06, 0x81, 0x03, 0x2b, 0x65, 0x70]), ed.point), /long form/],
    ['a length with a leading zero byte', bytes([0x30, 0x82, 0x00, 42], tlv(0x30, ...ed.algorithm), tlv(0x03, [0], ed.point)), /leading zero/],
    ['an indefinite length', bytes([0x30, 0x80], tlv(0x30, ...ed.algorithm), tlv(0x03, [0], ed.point), [0, 0]), /indefinite/],
    ['a byte after the SPKI', bytes(wellFormed('ED25519'), [0]), /1 bytes follow/],
    ['a constructed BIT STRING', tlv(0x30, tlv(0x30, ...ed.algorithm), tlv(0x23, tlv(0x03, [0], ed.point))), /tag 0x03\) but found tag 0x23/],
    ['a multi-byte tag for the BIT STRING', bytes([0x30, 43], tlv(0x30, ...ed.algorithm), [0x1f, 0x03, 33, 0], ed.point), /found tag 0x1f/],
    ['unused bits in the BIT STRING', tlv(0x30, tlv(0x30, ...ed.algorithm), tlv(0x03, [1], ed.point)), /unused bits/],
  ])('not DER, refused: %s', (_, der, message) => {
    expectRejected(() => toHemPublicKey(der), 'bad_der', message);
  });
});

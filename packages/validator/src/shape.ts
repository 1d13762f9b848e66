// The cheap public-key rules (length, SEC1 prefix), shared by the generated schemas and
// the deep checks. No curve math, so the schemas alone stay small.

/**
 * What these rules read of a key type's entry in the spec's key table (KEY_FORMATS in
 * @hem/types has this shape); kept structural so generated schemas of any spec can use it.
 */
export interface KeyRule {
  readonly family: string;
  readonly curve: string;
  readonly bytes: number;
}

export type KeyIssueCode =
  | 'key_length'
  | 'key_uncompressed_point'
  | 'key_bad_prefix'
  | 'key_not_on_curve'
  | 'key_bad_point'
  | 'key_low_order'
  | 'key_not_reduced'
  | 'key_unsupported_curve';

export interface KeyIssue {
  code: KeyIssueCode;
  message: string;
}

const ENCODING: Record<string, string> = {
  sec1: 'a SEC1 compressed point (0x02 or 0x03, then X)',
  montgomery: 'an RFC 7748 u-coordinate, little-endian',
  edwards: 'an RFC 8032 encoded point',
  mlkem: 'a FIPS 203 encapsulation key (12-bit packed t, then the 32-byte rho)',
  mldsa: 'a FIPS 204 public key (the 32-byte rho, then 10-bit packed t1)',
};

export const keyIssue = (code: KeyIssueCode, message: string): KeyIssue => ({ code, message });

const hex2 = (b: number | undefined): string => (b ?? 0).toString(16).padStart(2, '0');

/**
 * Length and prefix rules of `type`'s key format; undefined when they hold. `length` is
 * the key's full length when `bytes` holds only its first bytes.
 */
export function keyShapeIssue(type: string, bytes: ArrayLike<number>, format: KeyRule, length = bytes.length): KeyIssue | undefined {
  const n = format.bytes;
  if (length !== n) {
    if (format.family === 'sec1' && bytes[0] === 0x04 && length === 2 * (n - 1) + 1) {
      return keyIssue(
        'key_uncompressed_point',
        `${type} public key is an uncompressed SEC1 point (0x04 || X || Y, ${length} bytes); ` +
          `the device needs the compressed form (0x02/0x03 || X, ${n} bytes). ` +
          `Compress it, or pass the key to toHemPublicKey() from @hem/client.`,
      );
    }
    return keyIssue(
      'key_length',
      `${type} public key must be ${n} bytes (${ENCODING[format.family] ?? format.curve}), got ${length} bytes. ` +
        `Check that the key type is right and that the key was exported raw, not as SPKI/DER or PEM.`,
    );
  }
  if (format.family === 'sec1' && bytes[0] !== 0x02 && bytes[0] !== 0x03) {
    return keyIssue(
      'key_bad_prefix',
      `${type} public key must start with 0x02 or 0x03 (SEC1 compressed point), got 0x${hex2(bytes[0])}. ` + `Export the key as a compressed ${format.curve} point.`,
    );
  }
  return undefined;
}

import { createHash, createPublicKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { opensslAcceptsPoint } from '@hem/testkit';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { SPEC_DIR } from './redocly.js';

const spec = parse(await readFile(join(SPEC_DIR, 'openapi.yaml'), 'utf8'));
const examples = parse(await readFile(join(SPEC_DIR, 'components/examples.yaml'), 'utf8'));
const formats: Record<string, { family: string; curve: string; bytes: number }> = spec.components.schemas.KeyType['x-hem-key-formats'];
const kid = (key: Buffer) => createHash('sha1').update(key).digest('hex').slice(0, 32);

describe('request examples are real keys', () => {
  test('there is one example per key type', () => {
    const media = spec.paths['/api/keymgmt/import'].post.requestBody.content['application/json'];
    expect(Object.keys(media.examples).sort()).toEqual(Object.keys(formats).sort());
    expect(spec.components.schemas.KeyType.enum.sort()).toEqual(Object.keys(formats).sort());
  });

  test.each(Object.keys(formats))('%s: right length, a valid key, and the kid it names', (type) => {
    const { value, description } = examples[type];
    const f = formats[type]!;
    expect(value.type).toBe(type);
    const key = Buffer.from(value.pubkey, 'base64');
    expect(key.length).toBe(f.bytes);
    expect(description).toContain(kid(key));
    if (f.family === 'sec1') {
      // OpenSSL decompresses only points that are on the curve (testkit asks node:crypto for its name).
      expect([2, 3]).toContain(key[0]);
      expect(opensslAcceptsPoint(f.curve, key)).toBe(true);
    } else if (f.family === 'montgomery' || f.family === 'edwards') {
      const imported = createPublicKey({ key: { kty: 'OKP', crv: f.curve, x: key.toString('base64url') }, format: 'jwk' });
      expect(imported.asymmetricKeyType).toBe(f.curve.toLowerCase());
    } else if (f.family === 'mlkem') {
      // FIPS 203 encapsulation key: 12-bit coefficients below q = 3329, then 32 bytes of rho.
      for (let i = 0; i + 3 <= key.length - 32; i += 3) {
        expect(key[i]! | ((key[i + 1]! & 0x0f) << 8)).toBeLessThan(3329);
        expect((key[i + 1]! >> 4) | (key[i + 2]! << 4)).toBeLessThan(3329);
      }
    }
  });

  test('the response example is the kid of the SECP256R1 example', () => {
    expect(examples.ImportKeyResponse.value.kid).toBe(kid(Buffer.from(examples.SECP256R1.value.pubkey, 'base64')));
  });
});

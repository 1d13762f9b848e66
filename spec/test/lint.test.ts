import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { lint, scratchCopy, variant, type Doc, type Problem } from './redocly.js';

const op = (doc: Doc) => doc.paths['/api/keymgmt/import'].post;
const schemas = (doc: Doc) => doc.components.schemas;
const OP = '#/paths/~1api~1keymgmt~1import/post';

// Each bad fixture breaks one governance rule; the lint must name the rule and the place.
const FIXTURES: { name: string; mutate: (doc: Doc) => void; rule: string; pointer: string; says: RegExp }[] = [
  { name: 'no-scope', mutate: (d) => delete op(d)['x-hem-scopes'], rule: 'hem/operation-governance', pointer: OP, says: /importKey has no x-hem-scopes/ },
  {
    name: 'misspelt-extension',
    mutate: (d) => (op(d)['x-hem-scope'] = { claim: 'keymgmt:imp', match: 'prefix' }),
    rule: 'hem/extensions',
    pointer: `${OP}/x-hem-scope`,
    says: /x-hem-scope is not an x-hem extension of an operation: fix the name \(known here: x-hem-scopes/,
  },
  {
    name: 'bad-tls-value',
    mutate: (d) => (op(d)['x-hem-tls'] = 'sometimes'),
    rule: 'hem/extensions',
    pointer: `${OP}/x-hem-tls`,
    says: /x-hem-tls must be one of "required", "optional"/,
  },
  {
    name: 'bad-scope-match',
    mutate: (d) => (op(d)['x-hem-scopes'][0].match = 'glob'),
    rule: 'hem/extensions',
    pointer: `${OP}/x-hem-scopes/0/match`,
    says: /must be one of "prefix", "exact"/,
  },
  { name: 'no-roles', mutate: (d) => delete op(d)['x-hem-roles'], rule: 'hem/operation-governance', pointer: OP, says: /importKey has no x-hem-roles/ },
  { name: 'no-tls', mutate: (d) => delete op(d)['x-hem-tls'], rule: 'hem/operation-governance', pointer: OP, says: /importKey has no x-hem-tls/ },
  { name: 'no-401', mutate: (d) => delete op(d).responses['401'], rule: 'hem/error-responses', pointer: `${OP}/responses`, says: /does not list response 401/ },
  { name: 'no-403', mutate: (d) => delete op(d).responses['403'], rule: 'hem/error-responses', pointer: `${OP}/responses`, says: /does not list response 403/ },
  { name: 'no-418', mutate: (d) => delete op(d).responses['418'], rule: 'hem/error-responses', pointer: `${OP}/responses`, says: /does not list response 418/ },
  {
    name: 'no-property-description',
    mutate: (d) => delete schemas(d).ImportKeyRequest.properties.label.description,
    rule: 'hem/descriptions',
    pointer: '#/components/schemas/ImportKeyRequest/properties/label',
    says: /Property "label" has no description/,
  },
  {
    name: 'no-enum-description',
    mutate: (d) => delete schemas(d).KeyMode['x-enumDescriptions'].ExDSA,
    rule: 'hem/descriptions',
    pointer: '#/components/schemas/KeyMode/enum',
    says: /Enum value "ExDSA" has no description/,
  },
  {
    name: 'key-format-missing',
    mutate: (d) => delete schemas(d).KeyType['x-hem-key-formats'].ED448,
    rule: 'hem/key-formats',
    pointer: '#/components/schemas/KeyType/x-hem-key-formats',
    says: /"ED448" has no entry in x-hem-key-formats/,
  },
  {
    name: 'key-size-cannot-fit-family',
    mutate: (d) => (schemas(d).KeyType['x-hem-key-formats'].MLKEM512.bytes = 801),
    rule: 'hem/extensions',
    pointer: '#/components/schemas/KeyType/x-hem-key-formats/MLKEM512/bytes',
    says: /this size cannot be a key of its family \(FIPS 203: 384 k \+ 32 bytes/,
  },
  {
    name: 'key-family-undescribed',
    mutate: (d) => delete schemas(d).KeyType['x-hem-key-families'].edwards,
    rule: 'hem/key-formats',
    pointer: '#/components/schemas/KeyType/x-hem-key-families',
    says: /family "edwards" \(used by ED25519, ED448\) has no entry in x-hem-key-families/,
  },
  {
    name: 'key-type-without-example',
    mutate: (d) => delete op(d).requestBody.content['application/json'].examples.ED448,
    rule: 'hem/key-formats',
    pointer: '#/components/schemas/KeyType/x-hem-key-formats',
    says: /No request example holds a key of type ED448/,
  },
  {
    name: 'key-format-size-mismatch',
    mutate: (d) => (schemas(d).KeyType['x-hem-key-formats'].SECP384R1.bytes = 51),
    rule: 'hem/key-formats',
    pointer: '#/components/schemas/KeyType/x-enumDescriptions/SECP384R1',
    says: /"SECP384R1" does not say "51 bytes"/,
  },
  {
    name: 'bad-example',
    mutate: (d) => {
      const media = op(d).requestBody.content['application/json'];
      media.examples.SECP256R1 = { value: { label: 'x'.repeat(33), type: 'SECP256R1', pubkey: 'AA' } };
    },
    rule: 'no-invalid-media-type-examples',
    pointer: `${OP}/requestBody/content/application~1json/examples/SECP256R1/value/label`,
    says: /must NOT have more than 32 characters/,
  },
];

describe('spec lint (real Redocly CLI)', () => {
  let dir: string;
  let problems: Problem[];

  beforeAll(async () => {
    dir = await scratchCopy();
    const files = ['openapi.yaml'];
    for (const f of FIXTURES) files.push(await variant(dir, `${f.name}.yaml`, f.mutate));
    problems = await lint(dir, files);
  });
  afterAll(() => (dir ? rm(dir, { recursive: true, force: true }) : undefined));

  test('the spec itself lints clean: no errors, no warnings', () => {
    expect(problems.filter((p) => p.file === 'openapi.yaml')).toEqual([]);
  });

  test.each(FIXTURES)('$name fails $rule at the broken place', ({ name, rule, pointer, says }) => {
    const found = problems.filter((p) => p.file === `${name}.yaml` && p.severity === 'error');
    expect(found.length, JSON.stringify(found, null, 2)).toBeGreaterThan(0);
    expect(found).toContainEqual(expect.objectContaining({ ruleId: rule, pointer, message: expect.stringMatching(says) }));
  });
});

// A small bundled document shaped like the HEM spec: a request-only schema, a response-only
// one, an enum both use, the HEM extensions on the operation, a response and the key table.
import { diffDocuments, type Change } from '../src/index.js';

export const OP = '#/paths/~1keys~1{kid}/post';
export const S = '#/components/schemas';

/** A document as the cases edit it: in place, any member at any depth. */
// biome-ignore lint/suspicious/noExplicitAny: the edits reach anywhere in a free-form document; a real type would need a cast in every case
export type Doc = any;

export function base(): Doc {
  return {
    openapi: '3.1.0',
    info: { title: 't', version: '1', description: 'the contract' },
    security: [{ bearerAuth: [] }],
    paths: {
      '/keys/{kid}': {
        parameters: [{ name: 'kid', in: 'path', required: true, schema: { type: 'string' } }],
        post: {
          operationId: 'importKey',
          summary: 'Import a key',
          'x-hem-scope': { claim: 'keymgmt:use:<kid>', match: 'prefix' },
          'x-hem-roles': { allowed: ['User', 'ExtAuth'], denied: ['Master'] },
          'x-hem-tls': 'required',
          'x-hem-audit': [{ event: 'LOG_TYPE_KEY_IMPORT', code: 22 }],
          'x-hem-kid-from': 'pubkey',
          parameters: [{ name: 'dryRun', in: 'query', required: false, schema: { type: 'boolean' } }],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Req' }, examples: { A: { $ref: '#/components/examples/A' } } } },
          },
          responses: {
            '200': {
              description: 'stored',
              headers: { 'X-Trace': { required: true, schema: { type: 'string' } } },
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Res' } } },
            },
            '406': { description: 'refused', 'x-hem-error-code': 'key_rejected' },
          },
        },
      },
    },
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      examples: { A: { value: { label: 'a', type: 'A', pubkey: 'AAAA' } } },
      schemas: {
        Req: {
          type: 'object',
          additionalProperties: false,
          required: ['label', 'type', 'pubkey'],
          properties: {
            label: { type: 'string', description: 'a name', minLength: 1, maxLength: 32, pattern: '^[ -~]+$', 'x-hem-pattern-hint': 'printable ASCII', examples: ['peer'] },
            type: { $ref: '#/components/schemas/KeyType' },
            mode: { $ref: '#/components/schemas/KeyMode' },
            pubkey: { type: 'string', format: 'byte', 'x-hem-decoded-length-from': 'type' },
            descr: { type: 'string', format: 'byte', 'x-hem-max-decoded-bytes': 64 },
          },
        },
        Res: {
          type: 'object',
          required: ['kid', 'mode'],
          properties: {
            kid: { type: 'string', pattern: '^[0-9a-f]{32}$' },
            mode: { $ref: '#/components/schemas/KeyMode' },
            state: { $ref: '#/components/schemas/State' },
          },
        },
        KeyType: {
          type: 'string',
          enum: ['A', 'B'],
          'x-enumDescriptions': { A: 'type A', B: 'type B' },
          'x-hem-key-formats': {
            A: { family: 'sec1', curve: 'P-256', bytes: 33, encoding: 'sec1-compressed', oid: '1.2.840.10045.3.1.7' },
            B: { family: 'mlkem', curve: 'ML-KEM-512', bytes: 800, encoding: 'fips203-ek', oid: '2.16.840.1.101.3.4.4.1' },
          },
          'x-hem-key-families': { sec1: { modeRequired: false }, mlkem: { modeRequired: false } },
        },
        KeyMode: { type: 'string', enum: ['ECDH', 'ExDSA'] },
        State: { type: 'string', enum: ['active', 'revoked'] },
      },
    },
  };
}

/** The changes an edit of the base document makes, as [level, pointer, message]. */
export function changesOf(edit: (doc: Doc) => void): [Change['level'], string, string][] {
  const before = base();
  const after = base();
  edit(after);
  return diffDocuments(before, after).map((c) => [c.level, c.pointer, c.message]);
}

export const op = (doc: Doc): Doc => doc.paths['/keys/{kid}'].post;
export const schemas = (doc: Doc): Doc => doc.components.schemas;

import { describe, expect, test } from 'vitest';
import { schemaUsage } from '../src/usage.js';
import { base, op, schemas } from './fixture.js';

const plain = (usage: Map<string, Set<string>>) => Object.fromEntries([...usage].map(([k, v]) => [k.replace('#/components/schemas/', ''), [...v].sort()]));

describe('directions', () => {
  test('each component schema is used the ways operations reach it, through $refs', () => {
    expect(plain(schemaUsage(base()))).toEqual({
      Req: ['request'],
      KeyType: ['request'],
      KeyMode: ['request', 'response'],
      Res: ['response'],
      State: ['response'],
    });
  });

  test('parameters, response headers and nested schemas count; unused schemas are absent', () => {
    const doc = base();
    schemas(doc).Flag = { type: 'boolean' };
    schemas(doc).Trace = { type: 'array', items: { allOf: [{ $ref: '#/components/schemas/TraceId' }] } };
    schemas(doc).TraceId = { type: 'string' };
    schemas(doc).Unused = { type: 'string' };
    op(doc).parameters[0].schema = { $ref: '#/components/schemas/Flag' };
    op(doc).responses['200'].headers['X-Trace'].schema = { $ref: '#/components/schemas/Trace' };
    const usage = plain(schemaUsage(doc));
    expect(usage).toMatchObject({ Flag: ['request'], Trace: ['response'], TraceId: ['response'] });
    expect(usage).not.toHaveProperty('Unused');
  });

  test('webhooks flow the other way: their request bodies are sent to clients', () => {
    const doc = base();
    doc.webhooks = {
      keyStored: { post: { requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Event' } } } }, responses: { '200': { description: 'ok' } } } },
    };
    schemas(doc).Event = { type: 'object' };
    expect(plain(schemaUsage(doc)).Event).toEqual(['response']);
  });
});

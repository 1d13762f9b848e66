// x-hem-effect: what an operation does to the key store. The generator refuses, with the
// pointer, an operation of a HEM spec without one, a kind the schema does not list, and an
// effect that does not fit its operation; the operation tables carry it as data.
import { describe, expect, test } from 'vitest';
import { EFFECT_KINDS } from '../src/hem.js';
import { renderDocument } from '../src/index.js';
import { doc } from './helpers.js';

const kid = { name: 'kid', in: 'path', required: true, schema: { type: 'string' } };
const ok = { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object', properties: { list: { type: 'array' } } } } } }, '406': { description: 'no' } };

/** A HEM document of one GET operation on `/k/{kid}` with these x-hem members. */
const spec = (hem: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  doc({}, { paths: { '/k/{kid}': { get: { operationId: 'op', parameters: [kid], 'x-hem-tls': 'required', ...hem, responses: ok, ...extra } } } });

const errors = (document: Record<string, unknown>) =>
  renderDocument(document, ['types'], 't.yaml')
    .diagnostics.filter((d) => d.severity === 'error')
    .map((d) => [d.pointer, d.message]);

describe('x-hem-effect', () => {
  test('the kinds are the enum of spec/hem-extensions.schema.json', () => {
    expect(EFFECT_KINDS).toEqual(['store-key', 'read-key', 'remove-key', 'list-keys']);
  });

  test('every kind that fits the operation is accepted, and emitted as data with the refusal as a number', () => {
    for (const effect of [
      { kind: 'read-key', kid: { in: 'path', name: 'kid' }, refused: '406' },
      { kind: 'remove-key', kid: { in: 'path', name: 'kid' } },
      { kind: 'list-keys', items: 'list' },
    ]) {
      const rendered = renderDocument(spec({ 'x-hem-effect': effect }), ['types'], 't.yaml');
      expect(rendered.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const text = rendered.files.get('types')!.get('operations.gen.ts')!;
      expect(text).toContain(`"kind": "${effect.kind}"`);
      if (effect.refused) expect(text).toContain('"refused": 406');
    }
  });

  test('an operation of a HEM spec without an effect is an error at the operation', () => {
    expect(errors(spec({}))).toEqual([['#/paths/~1k~1{kid}/get', expect.stringMatching(/^op declares no x-hem-effect: .*store-key, read-key, remove-key, list-keys/)]]);
  });

  test('a document without x-hem-* extensions needs none', () => {
    expect(errors(doc({}, { paths: { '/k/{kid}': { get: { operationId: 'op', parameters: [kid], responses: ok } } } }))).toEqual([]);
  });

  test('a kind the schema does not list is an error at the kind', () => {
    expect(errors(spec({ 'x-hem-effect': { kind: 'rotate-key' } }))).toEqual([
      ['#/paths/~1k~1{kid}/get/x-hem-effect/kind', expect.stringContaining('must be one of "store-key", "read-key", "remove-key", "list-keys"')],
    ]);
  });

  test('a read without its kid parameter, and a list without its property, are errors', () => {
    expect(errors(spec({ 'x-hem-effect': { kind: 'read-key' } }))).toEqual([['#/paths/~1k~1{kid}/get/x-hem-effect', expect.stringContaining('needs "kid"')]]);
    expect(errors(spec({ 'x-hem-effect': { kind: 'list-keys' } }))).toEqual([['#/paths/~1k~1{kid}/get/x-hem-effect', expect.stringContaining('needs "items"')]]);
  });

  test('an effect that does not fit its operation is an error with its pointer', () => {
    expect(errors(spec({ 'x-hem-effect': { kind: 'read-key', kid: { in: 'path', name: 'id' } } }))).toEqual([
      ['#/paths/~1k~1{kid}/get/x-hem-effect/kid', expect.stringContaining('the kid parameter id (in path) is not a parameter of the operation')],
    ]);
    expect(errors(spec({ 'x-hem-effect': { kind: 'remove-key', kid: { in: 'path', name: 'kid' }, refused: '404' } }))).toEqual([
      ['#/paths/~1k~1{kid}/get/x-hem-effect/refused', expect.stringContaining('refuses with 404, which the operation does not list')],
    ]);
    expect(errors(spec({ 'x-hem-effect': { kind: 'store-key' } }))).toEqual([
      ['#/paths/~1k~1{kid}/get/x-hem-effect', expect.stringContaining('needs a request body and x-hem-kid-from')],
    ]);
    expect(errors(spec({ 'x-hem-effect': { kind: 'list-keys', items: 'keys' } }))).toEqual([
      ['#/paths/~1k~1{kid}/get/x-hem-effect/items', expect.stringContaining('has no property keys')],
    ]);
  });
});

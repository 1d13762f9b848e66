// Spec text built to break out of every place it reaches generated code: comments, string
// literals, template literals, line ends. The generated package must compile, hold the text
// unchanged as data, and run nothing of it when imported (a canary the payloads would set).
import { afterEach, describe, expect, test } from 'vitest';
import { dataLiteral, docLines, identifier, lineComment, objectKey, stringLiteral, typeKey } from '../src/escape.js';
import { Diagnostics } from '../src/diagnostics.js';
import { generate } from './helpers.js';

declare global {
  var __hemCanary: string[] | undefined;
}

const RUN = (tag: string) => `globalThis.__hemCanary=[...(globalThis.__hemCanary??[]),${JSON.stringify(tag)}];`;
/** One payload per way out of a context, each setting the canary with its own tag. */
const payloads = (where: string): string[] => [
  `*/ ${RUN(`${where}:comment`)} /*`,
  `"; ${RUN(`${where}:dquote`)} "`,
  `'; ${RUN(`${where}:squote`)} '`,
  `\`; ${RUN(`${where}:backtick`)} \``,
  `\${${RUN(`${where}:template`)}}`,
  `\n${RUN(`${where}:lf`)}//`,
  `\r${RUN(`${where}:cr`)}//`,
  `\u2028${RUN(`${where}:ls`)}//`,
  `\u2029${RUN(`${where}:ps`)}//`,
  `</script><script>${RUN(`${where}:script`)}</script>`,
  `@returns ${RUN(`${where}:tag`)}`,
];
const hostile = (where: string) => payloads(where).join(' ');

afterEach(() => {
  globalThis.__hemCanary = undefined;
});

describe('escape.ts: one function per context', () => {
  const all = [...payloads('unit'), hostile('unit'), '__proto__', 'a\u2028b\u2029c\r\nd'];

  test.each(all)('stringLiteral round-trips %j and evaluates to nothing else', (text) => {
    const code = stringLiteral(text);
    expect(code).not.toMatch(/[\u2028\u2029\r\n]/);
    expect(code).not.toContain('*/');
    expect(code).not.toContain('</');
    expect(new Function(`return ${code};`)()).toBe(text);
    expect(globalThis.__hemCanary).toBeUndefined();
  });

  test.each(all)('docLines never ends the comment or starts a tag: %j', (text) => {
    const lines = docLines(text);
    const block = `/**\n${lines.map((l) => ` * ${l}`).join('\n')}\n */ 0`;
    for (const line of lines) {
      expect(line).not.toMatch(/[\u2028\u2029\r\n]/);
      expect(line).not.toContain('*/');
      expect(line).not.toMatch(/^\s*@/);
    }
    expect(new Function(block)()).toBeUndefined();
    expect(globalThis.__hemCanary).toBeUndefined();
  });

  test('keys: __proto__ is a data key in an object literal; a quoted key in a type', () => {
    expect(objectKey('__proto__')).toBe('["__proto__"]');
    expect(typeKey('__proto__')).toBe('"__proto__"');
    const made = new Function(`return { ${objectKey('__proto__')}: 1, ${objectKey('a b')}: 2, ${objectKey('toString')}: 3 };`)();
    expect(Object.hasOwn(made, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(made)).toBe(Object.prototype);
    expect(made['a b']).toBe(2);
    const data = new Function(`return ${dataLiteral(JSON.parse('{"__proto__": {"polluted": true}, "x": ["*/"]}'))};`)();
    expect(Object.hasOwn(data, '__proto__')).toBe(true);
    expect(data.polluted).toBeUndefined();
  });

  test('identifiers: invalid characters, digits, reserved words and globals are renamed, globals with a warning', () => {
    const diags = new Diagnostics();
    expect(identifier('a-b c', diags)).toBe('a_b_c');
    expect(identifier('2fa', diags)).toBe('_2fa');
    expect(identifier('Record', diags, '#/components/schemas/Record')).toBe('_Record');
    expect(identifier('Promise', diags)).toBe('_Promise');
    expect(identifier('delete', diags)).toBe('_delete');
    expect(identifier('KeyType', diags)).toBe('KeyType');
    expect(diags.list.map((d) => [d.severity, d.pointer])).toEqual([
      ['warning', '#/components/schemas/Record'],
      ['warning', '#'],
      ['warning', '#'],
    ]);
  });

  test('a line comment stays one line', () => {
    expect(lineComment('spec\n/* x */\u2028y\rz.yaml')).toBe('// spec /* x */ y z.yaml');
  });
});

/** A document with hostile text in every place spec text reaches generated code. */
function hostileDocument(): Record<string, unknown> {
  const op = (where: string) => ({
    operationId: `op ${hostile(`${where}.operationId`)}`,
    summary: hostile(`${where}.summary`),
    description: hostile(`${where}.description`),
    parameters: [{ name: 'kid', in: 'path', required: true, description: hostile(`${where}.param`), schema: { type: 'string' } }],
    requestBody: {
      description: hostile(`${where}.body`),
      required: true,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } },
    },
    responses: {
      '200': { description: hostile(`${where}.ok`), content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } },
      '400': { description: hostile(`${where}.400`) },
    },
  });
  const property = {
    type: 'string',
    title: hostile('property.title'),
    description: hostile('property.description'),
    default: hostile('property.default'),
    examples: [hostile('property.example')],
    example: hostile('property.example30'),
    // Every hostile character, as a pattern that accepts exactly them.
    pattern: `^[*/"'\`$\{}\\r\\n\\u2028\\u2029<>;() a-z]*$`,
  };
  return {
    openapi: '3.1.0',
    info: { title: hostile('info.title'), version: '1', description: hostile('info.description') },
    paths: {
      '/keys/{kid}*/ console.log("INJECTED"); /*': { get: op('issuePath') },
      // Braces in a path are parameters: `${` comes without its closing brace here.
      [`/things/{kid}${payloads('path')
        .filter((p) => !p.includes('{'))
        .join(' ')} \${ \``]: { post: op('path') },
    },
    webhooks: { [hostile('webhook')]: { post: { ...op('webhook'), parameters: [] } } },
    components: {
      schemas: {
        Thing: {
          type: 'object',
          description: hostile('schema.description'),
          required: [hostile('required')],
          properties: {
            [hostile('required')]: property,
            plain: { ...property, description: 'plain' },
            kind: { type: 'string', enum: payloads('enum'), description: hostile('enum.description') },
          },
        },
        [`Named ${hostile('schema.name')}`]: { type: 'string', enum: payloads('enum2') },
      },
    },
  };
}

describe('a hostile document', () => {
  test('generates a package that compiles, imports without running anything, and keeps the text as data', async () => {
    const source = `spec\n${RUN('filename:lf')}\r${RUN('filename:cr')}\u2028${RUN('filename:ls')}*/.yaml`;
    const gen = await generate(hostileDocument(), undefined, source);
    expect(gen.rendered.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(gen.rendered.blocked).toEqual([]);
    expect(gen.compileErrors).toEqual([]);
    for (const [, files] of gen.rendered.files) {
      for (const [name, text] of files) {
        // The header's source line stays a comment: one line, the break turned into a space.
        expect(text.split('\n')[1], name).toMatch(/^\/\/ Source: spec globalThis/);
      }
    }
    const modules = [
      await gen.load('types', 'models.gen.ts'),
      await gen.load('types', 'openapi.gen.ts'),
      await gen.load('validator', 'schemas.gen.ts'),
      await gen.load('validator', 'mini.gen.ts'),
      await gen.load('client', 'operations.gen.ts'),
    ];
    expect(globalThis.__hemCanary).toBeUndefined();
    expect(modules.length).toBe(5);

    // The text arrived unchanged: the validator accepts exactly the hostile values.
    type S = { safeParse(v: unknown): { success: boolean } };
    const validator = modules[2] as Record<string, S>;
    const thing = { [hostile('required')]: `*/"\`$\{}`, plain: 'x', kind: payloads('enum')[3] };
    expect(validator.Thing!.safeParse(thing).success).toBe(true);
    expect(validator.Thing!.safeParse({ ...thing, kind: 'other' }).success).toBe(false);
    expect(validator.Thing!.safeParse({ plain: 'x' }).success).toBe(false);
    const types = modules[0] as Record<string, unknown>;
    const enumArray = Object.entries(types).find(([k]) => k.startsWith('NAMED'))?.[1];
    expect(enumArray).toEqual(payloads('enum2'));
  });
});

describe('names and keys Object.prototype has', () => {
  const keys = {
    type: 'object',
    required: ['__proto__'],
    properties: {
      ___proto___: { type: 'string' },
      toString: { type: 'string' },
      constructor: { type: 'string' },
      valueOf: { type: 'integer' },
    },
  };
  const document = {
    openapi: '3.1.0',
    info: { title: 't', version: '1' },
    paths: Object.fromEntries(
      ['__proto__', 'constructor', 'toString'].map((id) => [
        `/${id}`,
        {
          post: {
            operationId: id,
            parameters: [{ name: 'constructor', in: 'query', required: false, schema: { type: 'string' } }],
            requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Keys' } } } },
            responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Record' } } } } },
          },
        },
      ]),
    ),
    components: {
      schemas: {
        Keys: keys,
        Record: { type: 'object', properties: { a: { $ref: '#/components/schemas/Promise' } }, additionalProperties: { type: 'string' } },
        Promise: { type: 'string', enum: ['x', 'y'] },
        RegExp: { type: 'string', pattern: '^a+$' },
        Number: { type: 'number', minimum: 1 },
        ___proto___: { type: 'string', minLength: 2 },
        constructor: { type: 'object', properties: { toString: { $ref: '#/components/schemas/Number' } } },
      },
    },
  };

  test('are plain data keys: the validator checks own properties, the names compile and work', async () => {
    // JSON.parse makes "__proto__" an own key (in an object literal it would set the prototype).
    const gen = await generate(JSON.parse(JSON.stringify(document).replaceAll('"___proto___"', '"__proto__"')));
    expect(gen.rendered.blocked).toEqual([]);
    expect(gen.compileErrors).toEqual([]);
    const warnings = gen.rendered.diagnostics.filter((d) => d.severity === 'warning').map((d) => d.pointer);
    for (const name of ['Record', 'Promise', 'RegExp', 'Number']) expect(warnings).toContain(`#/components/schemas/${name}`);
    expect(warnings).toContain('#/components/schemas/Keys/properties/__proto__');

    type S = { safeParse(v: unknown): { success: boolean } };
    for (const file of ['schemas.gen.ts', 'mini.gen.ts']) {
      const v = await gen.load<Record<string, S & Record<string, unknown>>>('validator', file);
      const ok = (name: string, value: unknown) => v[name]!.safeParse(value).success;
      // A required __proto__ refuses {} (an inherited prototype is no property) and checks an own one.
      expect(ok('Keys', {}), file).toBe(false);
      expect(ok('Keys', JSON.parse('{"__proto__": "x"}')), file).toBe(true);
      expect(ok('Keys', JSON.parse('{"__proto__": 1}')), file).toBe(false);
      // Optional toString/constructor/valueOf do not refuse ordinary objects, and check own values.
      const base = JSON.parse('{"__proto__": "x"}');
      expect(ok('Keys', { ...base, toString: 'a', constructor: 'b', valueOf: 1 }), file).toBe(true);
      expect(ok('Keys', Object.assign(JSON.parse('{"__proto__": "x"}'), { toString: 5 })), file).toBe(false);
      expect(ok('Keys', Object.assign(JSON.parse('{"__proto__": "x"}'), { valueOf: 'no' })), file).toBe(false);
      expect(ok('Constructor', {}), file).toBe(true);
      expect(ok('Constructor', { toString: 0 }), file).toBe(false);
      // Schemas named after globals work under their new names; the globals still do.
      expect(ok('_Record', { a: 'x', b: 'c' }), file).toBe(true);
      expect(ok('_Record', { a: 'z' }), file).toBe(false);
      expect(ok('_RegExp', 'aaa'), file).toBe(true);
      expect(ok('_RegExp', 'b'), file).toBe(false);
      expect(ok('_Number', 0), file).toBe(false);
      expect(ok('Proto', 'ab'), file).toBe(true);
      expect(ok('Proto', 'a'), file).toBe(false);
      const table = v.OPERATION_SCHEMAS as unknown as Record<string, { body: S }>;
      for (const id of ['__proto__', 'constructor', 'toString']) expect(Object.hasOwn(table, id), id).toBe(true);
      expect(Object.getPrototypeOf(table)).toBe(Object.prototype);
      expect(Object.getOwnPropertyDescriptor(table, '__proto__')?.value.body.safeParse({}).success).toBe(false);
    }
    // The operation tables live in @hem/types.
    const tables = await gen.load<Record<string, unknown>>('types', 'operations.gen.ts');
    const operations = Object.values(tables).find((x) => x && typeof x === 'object' && Object.hasOwn(x, 'toString')) as Record<string, unknown> | undefined;
    expect(operations && Object.hasOwn(operations, '__proto__')).toBe(true);
  });
});

// Given an edit of a small HEM-shaped spec, want exactly these changes (level, pointer, words).
import { describe, expect, test } from 'vitest';
import { diffDocuments } from '../src/index.js';
import { OP, S, base as base0, changesOf, op, schemas, type Doc } from './fixture.js';

type Want = [level: 'breaking' | 'minor' | 'patch', pointer: string, message: RegExp];
type Case = [name: string, edit: (doc: Doc) => void, want: Want[]];

function check(edit: (doc: Doc) => void, want: Want[]): void {
  const got = changesOf(edit);
  expect(got.map(([level, pointer]) => [level, pointer])).toEqual(want.map(([level, pointer]) => [level, pointer]));
  for (const [i, [, , message]] of got.entries()) expect(message).toMatch(want[i]![2]);
}

const REQ = `${S}/Req`;
const RES = `${S}/Res`;

describe('no change', () => {
  test('an identical document, and one with keys in another order, have no changes', () => {
    expect(changesOf(() => {})).toEqual([]);
    expect(
      changesOf((d) => {
        const { properties, ...rest } = schemas(d).Req;
        schemas(d).Req = { properties, ...rest };
      }),
    ).toEqual([]);
  });
});

describe('operations', () => {
  test.each<Case>([
    ['operation removed', (d) => delete d.paths['/keys/{kid}'].post, [['breaking', OP, /^operation POST \/keys\/\{kid\} removed$/]]],
    [
      'operation added',
      (d) => (d.paths['/keys'] = { get: { operationId: 'listKeys', responses: { '200': { description: 'ok' } } } }),
      [['minor', '#/paths/~1keys/get', /^operation GET \/keys added$/]],
    ],
    ['operationId renamed', (d) => (op(d).operationId = 'putKey'), [['breaking', `${OP}/operationId`, /from importKey to putKey.*method/]]],
    ['summary edited', (d) => (op(d).summary = 'Store a key'), [['patch', `${OP}/summary`, /^summary changed$/]]],
    ['deprecated', (d) => (op(d).deprecated = true), [['minor', `${OP}/deprecated`, /deprecated true added/]]],
    ['info edited', (d) => (d.info.description = 'other words'), [['patch', '#/info/description', /^info entry description changed$/]]],
  ])('%s', (_name, edit, want) => check(edit, want));
});

describe('parameters', () => {
  test.each<Case>([
    [
      'optional parameter added',
      (d) => op(d).parameters.push({ name: 'force', in: 'query', schema: { type: 'boolean' } }),
      [['minor', `${OP}/parameters/1`, /^optional query parameter force added$/]],
    ],
    [
      'required parameter added',
      (d) => op(d).parameters.push({ name: 'force', in: 'query', required: true, schema: { type: 'boolean' } }),
      [['breaking', `${OP}/parameters/1`, /^required query parameter force added$/]],
    ],
    ['parameter removed', (d) => (op(d).parameters = []), [['breaking', `${OP}/parameters/0`, /^query parameter dryRun removed$/]]],
    ['parameter made required', (d) => (op(d).parameters[0].required = true), [['breaking', `${OP}/parameters/0/required`, /stricter request rule/]]],
    [
      'parameter made optional',
      (d) => (d.paths['/keys/{kid}'].parameters[0].required = false),
      [['minor', '#/paths/~1keys~1{kid}/parameters/0/required', /required changed from true to false: looser request rule/]],
    ],
    [
      'parameter schema narrowed',
      (d) => (op(d).parameters[0].schema.enum = [true]),
      [['breaking', `${OP}/parameters/0/schema/enum`, /enum \[true\] added: stricter request rule/]],
    ],
    ['parameter described', (d) => (op(d).parameters[0].description = 'only check'), [['patch', `${OP}/parameters/0/description`, /^description added$/]]],
  ])('%s', (_name, edit, want) => check(edit, want));
});

describe('request body and responses', () => {
  const body = `${OP}/requestBody`;
  test.each<Case>([
    ['body made optional', (d) => (op(d).requestBody.required = false), [['minor', `${body}/required`, /looser request rule/]]],
    [
      'media type removed',
      (d) => (op(d).requestBody.content = { 'application/cbor': op(d).requestBody.content['application/json'] }),
      [
        ['breaking', `${body}/content/application~1json`, /^media type application\/json removed$/],
        ['minor', `${body}/content/application~1cbor`, /^media type application\/cbor added$/],
      ],
    ],
    ['status removed', (d) => delete op(d).responses['406'], [['breaking', `${OP}/responses/406`, /^status 406 removed$/]]],
    ['status added', (d) => (op(d).responses['409'] = { description: 'busy', 'x-hem-error-code': 'device_busy' }), [['minor', `${OP}/responses/409`, /^status 409 added$/]]],
    ['response description edited', (d) => (op(d).responses['200'].description = 'saved'), [['patch', `${OP}/responses/200/description`, /^description changed$/]]],
    ['response header removed', (d) => delete op(d).responses['200'].headers, [['breaking', `${OP}/responses/200/headers/X-Trace`, /^header X-Trace removed$/]]],
    [
      'response header made optional',
      (d) => (op(d).responses['200'].headers['X-Trace'].required = false),
      [['breaking', `${OP}/responses/200/headers/X-Trace/required`, /wider response/]],
    ],
  ])('%s', (_name, edit, want) => check(edit, want));
});

describe('security', () => {
  test.each<Case>([
    [
      'another scheme required',
      (d) => (op(d).security = [{ apiKey: [] }]),
      [
        ['breaking', '#/security', /alternative "bearerAuth" removed/],
        ['minor', `${OP}/security`, /alternative "apiKey" added/],
      ],
    ],
    ['an alternative added', (d) => (d.security = [{ bearerAuth: [] }, { apiKey: [] }]), [['minor', '#/security', /alternative "apiKey" added/]]],
    [
      'no credentials needed any more',
      (d) => (op(d).security = []),
      [
        ['minor', `${OP}/security`, /alternative "no credentials" added/],
        ['minor', '#/security', /alternative "bearerAuth" removed/],
      ],
    ],
    [
      'the operation repeats the default',
      (d) => {
        op(d).security = d.security;
        d.security = [];
      },
      [['patch', '#/security', /default security changed; no operation's security changed with it/]],
    ],
    ['scheme changed', (d) => (d.components.securitySchemes.bearerAuth.scheme = 'basic'), [['breaking', '#/components/securitySchemes/bearerAuth/scheme', /from bearer to basic/]]],
  ])('%s', (_name, edit, want) => check(edit, want));
});

describe('HEM operation extensions', () => {
  test.each<Case>([
    [
      'scope claim changed',
      (d) => (op(d)['x-hem-scope'].claim = 'keymgmt:imp'),
      [
        ['breaking', `${OP}/x-hem-scope`, /scope keymgmt:use:<path parameter 1> \(prefix\) removed/],
        ['minor', `${OP}/x-hem-scope`, /scope keymgmt:imp \(prefix\) added/],
      ],
    ],
    ['scope match narrowed', (d) => (op(d)['x-hem-scope'].match = 'exact'), [['breaking', `${OP}/x-hem-scope/match`, /match changed from prefix to exact/]]],
    [
      'scope rewritten as x-hem-scopes',
      (d) => {
        op(d)['x-hem-scopes'] = [op(d)['x-hem-scope']];
        delete op(d)['x-hem-scope'];
      },
      [['patch', `${OP}/x-hem-scopes`, /same alternatives/]],
    ],
    [
      'scope alternative added',
      (d) => {
        op(d)['x-hem-scopes'] = [op(d)['x-hem-scope'], { claim: 'keymgmt:imp', match: 'prefix' }];
        delete op(d)['x-hem-scope'];
      },
      [['minor', `${OP}/x-hem-scopes/1`, /scope keymgmt:imp \(prefix\) added as an alternative/]],
    ],
    [
      'scope placeholder follows a renamed path parameter',
      (d) => {
        d.paths['/keys/{id}'] = d.paths['/keys/{kid}'];
        delete d.paths['/keys/{kid}'];
        d.paths['/keys/{id}'].parameters[0].name = 'id';
        op({ paths: { '/keys/{kid}': d.paths['/keys/{id}'] } })['x-hem-scope'].claim = 'keymgmt:use:<id>';
      },
      [
        // The parameter's name is part of the generated types; the scope rule is the same.
        ['breaking', '#/paths/~1keys~1{id}/parameters/0', /^required path parameter id added$/],
        ['breaking', '#/paths/~1keys~1{kid}/parameters/0', /^path parameter kid removed$/],
        ['patch', '#/paths/~1keys~1{id}/post/x-hem-scope', /scope rule rewritten with the same alternatives/],
      ],
    ],
    ['allowed role removed', (d) => (op(d)['x-hem-roles'].allowed = ['User']), [['breaking', `${OP}/x-hem-roles/allowed/1`, /allowed role ExtAuth removed/]]],
    ['allowed role added', (d) => op(d)['x-hem-roles'].allowed.push('Master'), [['minor', `${OP}/x-hem-roles/allowed/2`, /allowed role Master added/]]],
    ['denied role added', (d) => op(d)['x-hem-roles'].denied.push('ExtAuth'), [['breaking', `${OP}/x-hem-roles/denied/1`, /denied role ExtAuth added/]]],
    ['denied role removed', (d) => (op(d)['x-hem-roles'].denied = []), [['minor', `${OP}/x-hem-roles/denied/0`, /denied role Master removed/]]],
    ['TLS made optional', (d) => (op(d)['x-hem-tls'] = 'optional'), [['minor', `${OP}/x-hem-tls`, /from required to optional: looser request rule/]]],
    ['TLS rule dropped (optional by default)', (d) => delete op(d)['x-hem-tls'], [['minor', `${OP}/x-hem-tls`, /required removed: looser request rule/]]],
    ['audit entry edited', (d) => (op(d)['x-hem-audit'][0].code = 23), [['patch', `${OP}/x-hem-audit`, /^x-hem-audit changed$/]]],
    ['kid computed from another property', (d) => (op(d)['x-hem-kid-from'] = 'descr'), [['breaking', `${OP}/x-hem-kid-from`, /from pubkey to descr/]]],
    ['kid rule removed', (d) => delete op(d)['x-hem-kid-from'], [['breaking', `${OP}/x-hem-kid-from`, /pubkey removed/]]],
    ['unknown HEM extension', (d) => (op(d)['x-hem-rate-limit'] = 5), [['breaking', `${OP}/x-hem-rate-limit`, /no rule classifies x-hem-rate-limit.*src\/rules\/hem\.ts/]]],
  ])('%s', (_name, edit, want) => check(edit, want));

  test('credentials where none were needed are breaking', () => {
    const before = base0();
    before.security = [];
    expect(changesFrom(before, base0())).toEqual([
      ['breaking', '#/security', 'security alternative "no credentials" removed'],
      ['minor', '#/security', 'security alternative "bearerAuth" added'],
    ]);
  });

  test('a scope where there was none is breaking', () => {
    const before = base0();
    delete op(before)['x-hem-scope'];
    expect(changesFrom(before, base0())).toEqual([['breaking', `${OP}/x-hem-scope`, 'scope now required: keymgmt:use:<path parameter 1> (prefix)']]);
  });

  test('TLS required where the rule was absent is breaking', () => {
    const before = base0();
    delete op(before)['x-hem-tls'];
    expect(changesFrom(before, base0())).toEqual([['breaking', `${OP}/x-hem-tls`, 'x-hem-tls required added: stricter request rule']]);
  });
});

describe('HEM response extensions', () => {
  const r = `${OP}/responses/406/x-hem-error-code`;
  test.each<Case>([
    ['error code changed', (d) => (op(d).responses['406']['x-hem-error-code'] = 'refused'), [['breaking', r, /from key_rejected to refused/]]],
    ['error code removed', (d) => delete op(d).responses['406']['x-hem-error-code'], [['breaking', r, /key_rejected removed/]]],
    ['error code added', (d) => (op(d).responses['200']['x-hem-error-code'] = 'ok'), [['minor', `${OP}/responses/200/x-hem-error-code`, /ok added/]]],
  ])('%s', (_name, edit, want) => check(edit, want));
});

describe('request schemas', () => {
  const label = `${REQ}/properties/label`;
  test.each<Case>([
    ['property removed', (d) => delete schemas(d).Req.properties.descr, [['breaking', `${REQ}/properties/descr`, /^property descr removed$/]]],
    ['optional property added', (d) => (schemas(d).Req.properties.note = { type: 'string' }), [['minor', `${REQ}/properties/note`, /new optional request field/]]],
    [
      'required property added',
      (d) => {
        schemas(d).Req.properties.note = { type: 'string' };
        schemas(d).Req.required.push('note');
      },
      [['breaking', `${REQ}/properties/note`, /added, required: new required request field/]],
    ],
    ['existing property made required', (d) => schemas(d).Req.required.push('mode'), [['breaking', `${REQ}/required/3`, /mode now required: new required request field/]]],
    ['property made optional', (d) => (schemas(d).Req.required = ['label', 'type']), [['minor', `${REQ}/required/2`, /pubkey no longer required: request field now optional/]]],
    [
      'maxLength lowered',
      (d) => (schemas(d).Req.properties.label.maxLength = 16),
      [['breaking', `${label}/maxLength`, /^maxLength lowered from 32 to 16: stricter request rule$/]],
    ],
    ['maxLength raised', (d) => (schemas(d).Req.properties.label.maxLength = 64), [['minor', `${label}/maxLength`, /raised from 32 to 64: looser request rule/]]],
    ['minLength raised', (d) => (schemas(d).Req.properties.label.minLength = 2), [['breaking', `${label}/minLength`, /raised from 1 to 2: stricter/]]],
    ['maxLength added', (d) => (schemas(d).Req.properties.pubkey.maxLength = 4000), [['breaking', `${REQ}/properties/pubkey/maxLength`, /maxLength 4000 added: stricter/]]],
    ['pattern narrowed', (d) => (schemas(d).Req.properties.label.pattern = '^[a-z-]+$'), [['breaking', `${label}/pattern`, /changed pattern counts as narrower/]]],
    ['pattern removed', (d) => delete schemas(d).Req.properties.label.pattern, [['minor', `${label}/pattern`, /removed: looser request rule/]]],
    ['format added', (d) => (schemas(d).Req.properties.label.format = 'hostname'), [['breaking', `${label}/format`, /hostname added: stricter/]]],
    ['type changed', (d) => (schemas(d).Req.properties.label.type = 'integer'), [['breaking', `${label}/type`, /from string to integer$/]]],
    ['type widened', (d) => (schemas(d).Req.properties.label.type = ['string', 'null']), [['minor', `${label}/type`, /looser request rule/]]],
    ['unknown properties allowed', (d) => delete schemas(d).Req.additionalProperties, [['minor', `${REQ}/additionalProperties`, /removed: looser request rule/]]],
    ['unknown properties refused', (d) => (schemas(d).Res.additionalProperties = false), [['minor', `${RES}/additionalProperties`, /added: narrower response/]]],
    [
      'decoded size lowered',
      (d) => (schemas(d).Req.properties.descr['x-hem-max-decoded-bytes'] = 32),
      [['breaking', `${REQ}/properties/descr/x-hem-max-decoded-bytes`, /lowered from 64 to 32: stricter request rule/]],
    ],
    [
      'decoded size raised',
      (d) => (schemas(d).Req.properties.descr['x-hem-max-decoded-bytes'] = 128),
      [['minor', `${REQ}/properties/descr/x-hem-max-decoded-bytes`, /raised from 64 to 128: looser request rule/]],
    ],
    [
      'decoded length from another property',
      (d) => (schemas(d).Req.properties.pubkey['x-hem-decoded-length-from'] = 'mode'),
      [['breaking', `${REQ}/properties/pubkey/x-hem-decoded-length-from`, /from type to mode/]],
    ],
    ['description edited', (d) => (schemas(d).Req.properties.label.description = 'the name'), [['patch', `${label}/description`, /^description changed$/]]],
    ['example edited', (d) => (schemas(d).Req.properties.label.examples = ['other']), [['patch', `${label}/examples`, /^examples changed$/]]],
    [
      'pattern hint edited',
      (d) => (schemas(d).Req.properties.label['x-hem-pattern-hint'] = 'ASCII only'),
      [['patch', `${label}/x-hem-pattern-hint`, /^x-hem-pattern-hint changed$/]],
    ],
    ['request example edited', (d) => (d.components.examples.A.value.label = 'b'), [['patch', '#/components/examples/A', /^example changed$/]]],
    [
      'unknown schema keyword',
      (d) => (schemas(d).Req.properties.label['x-internal'] = true),
      [['breaking', `${label}/x-internal`, /no rule classifies x-internal.*src\/rules\/schema\.ts/]],
    ],
  ])('%s', (_name, edit, want) => check(edit, want));
});

describe('enums and the key table', () => {
  const kt = `${S}/KeyType`;
  test.each<Case>([
    ['request enum value removed', (d) => (schemas(d).KeyType.enum = ['A']), [['breaking', `${kt}/enum/1`, /^enum value B removed: stricter request rule$/]]],
    ['request enum value added', (d) => schemas(d).KeyType.enum.push('C'), [['minor', `${kt}/enum/2`, /^enum value C added: looser request rule$/]]],
    ['enum values reordered', (d) => schemas(d).KeyType.enum.reverse(), [['patch', `${kt}/enum`, /reordered/]]],
    ['enum value description edited', (d) => (schemas(d).KeyType['x-enumDescriptions'].A = 'the A type'), [['patch', `${kt}/x-enumDescriptions/A`, /entry A changed/]]],
    [
      'key type removed with its enum value',
      (d) => {
        schemas(d).KeyType.enum = ['A'];
        delete schemas(d).KeyType['x-enumDescriptions'].B;
        delete schemas(d).KeyType['x-hem-key-formats'].B;
      },
      [
        ['breaking', `${kt}/enum/1`, /enum value B removed/],
        ['breaking', `${kt}/x-hem-key-formats/B`, /^key type B removed$/],
        ['patch', `${kt}/x-enumDescriptions/B`, /entry B removed/],
      ],
    ],
    [
      'key type added with its enum value',
      (d) => {
        schemas(d).KeyType.enum.push('C');
        schemas(d).KeyType['x-hem-key-formats'].C = { family: 'edwards', curve: 'Ed25519', bytes: 32, encoding: 'rfc8032', oid: '1.3.101.112' };
      },
      [
        ['minor', `${kt}/enum/2`, /enum value C added/],
        ['minor', `${kt}/x-hem-key-formats/C`, /^key type C added$/],
      ],
    ],
    ...(['family', 'curve', 'bytes', 'encoding', 'oid'] as const).map<Case>((field) => [
      `key type ${field} changed`,
      (d) => (schemas(d).KeyType['x-hem-key-formats'].A[field] = field === 'bytes' ? 65 : 'other'),
      [['breaking', `${kt}/x-hem-key-formats/A/${field}`, new RegExp(`^key type A: ${field} changed from`)]],
    ]),
    ['key type gains a field', (d) => (schemas(d).KeyType['x-hem-key-formats'].A.spki = 'x'), [['minor', `${kt}/x-hem-key-formats/A/spki`, /key type A: spki x added/]]],
    [
      'family newly requires mode',
      (d) => (schemas(d).KeyType['x-hem-key-families'].sec1.modeRequired = true),
      [['breaking', `${kt}/x-hem-key-families/sec1/modeRequired`, /key family sec1: modeRequired changed from false to true: stricter request rule/]],
    ],
    [
      'family added',
      (d) => (schemas(d).KeyType['x-hem-key-families'].edwards = { modeRequired: false }),
      [['minor', `${kt}/x-hem-key-families/edwards`, /key family edwards added/]],
    ],
  ])('%s', (_name, edit, want) => check(edit, want));

  test('a family that no longer requires mode is minor', () => {
    const before = base0();
    schemas(before).KeyType['x-hem-key-families'].sec1.modeRequired = true;
    expect(changesFrom(before, base0())).toEqual([
      ['minor', `${kt}/x-hem-key-families/sec1/modeRequired`, 'key family sec1: modeRequired changed from true to false: looser request rule'],
    ]);
  });
});

describe('response schemas and shared ones', () => {
  test.each<Case>([
    ['response field made optional', (d) => (schemas(d).Res.required = ['mode']), [['breaking', `${RES}/required/0`, /^kid no longer required: response field made optional$/]]],
    ['response field now always present', (d) => schemas(d).Res.required.push('state'), [['minor', `${RES}/required/2`, /state now required: now always in responses/]]],
    ['response property added', (d) => (schemas(d).Res.properties.label = { type: 'string' }), [['minor', `${RES}/properties/label`, /new response field/]]],
    ['response property removed', (d) => delete schemas(d).Res.properties.state, [['breaking', `${RES}/properties/state`, /^property state removed$/]]],
    ['response rule tightened', (d) => (schemas(d).Res.properties.kid.maxLength = 32), [['minor', `${RES}/properties/kid/maxLength`, /added: narrower response$/]]],
    ['response type widened', (d) => (schemas(d).Res.properties.kid.type = ['string', 'null']), [['breaking', `${RES}/properties/kid/type`, /wider response$/]]],
    [
      'response enum value added',
      (d) => schemas(d).State.enum.push('expired'),
      [['breaking', `${S}/State/enum/2`, /added: wider response: clients may not know the value \(mark the enum x-hem-extensible/]],
    ],
    [
      'response enum value added, enum marked extensible before',
      (d) => {
        schemas(d).State['x-hem-extensible'] = true;
        schemas(d).State.enum.push('expired');
      },
      [
        // Marking it is itself breaking for clients; the value then is not.
        ['breaking', `${S}/State/x-hem-extensible`, /clients must now accept values the enum does not list/],
        ['minor', `${S}/State/enum/2`, /the response enum is marked x-hem-extensible/],
      ],
    ],
    ['response enum value removed', (d) => (schemas(d).State.enum = ['active']), [['minor', `${S}/State/enum/1`, /removed: narrower response$/]]],
    [
      'shared enum value added: judged for requests and responses',
      (d) => schemas(d).KeyMode.enum.push('ECDH,ExDSA'),
      [['breaking', `${S}/KeyMode/enum/2`, /added: looser request rule, wider response/]],
    ],
    ['shared enum value removed', (d) => (schemas(d).KeyMode.enum = ['ECDH']), [['breaking', `${S}/KeyMode/enum/1`, /removed: stricter request rule, narrower response$/]]],
  ])('%s', (_name, edit, want) => check(edit, want));

  test('a new value in an enum already marked extensible is minor', () => {
    const before = base0();
    schemas(before).State['x-hem-extensible'] = true;
    const after = base0();
    schemas(after).State['x-hem-extensible'] = true;
    schemas(after).State.enum.push('expired');
    expect(changesFrom(before, after)).toEqual([['minor', `${S}/State/enum/2`, 'enum value expired added: the response enum is marked x-hem-extensible']]);
  });

  test('removing the marker is minor; it never matters for a request-only enum', () => {
    const marked = base0();
    schemas(marked).State['x-hem-extensible'] = true;
    expect(changesFrom(marked, base0())).toEqual([['minor', `${S}/State/x-hem-extensible`, 'x-hem-extensible true removed: responses keep to the listed values']]);
    const requestOnly = base0();
    schemas(requestOnly).KeyType['x-hem-extensible'] = true;
    expect(changesFrom(base0(), requestOnly)).toEqual([['patch', `${S}/KeyType/x-hem-extensible`, 'x-hem-extensible true added: no effect on requests']]);
  });

  test('a new property in a response that allowed no others is breaking', () => {
    const before = base0();
    schemas(before).Res.additionalProperties = false;
    const after = base0();
    schemas(after).Res.additionalProperties = false;
    schemas(after).Res.properties.label = { type: 'string' };
    expect(changesFrom(before, after)).toEqual([['breaking', `${RES}/properties/label`, 'property label added: new field in a response that allowed no others']]);
  });
});

describe('components', () => {
  test.each<Case>([
    ['schema added', (d) => (schemas(d).Unused = { type: 'string' }), [['minor', `${S}/Unused`, /^schema Unused added$/]]],
    [
      'schema removed',
      (d) => {
        delete schemas(d).State;
        delete schemas(d).Res.properties.state;
      },
      [
        ['breaking', `${RES}/properties/state`, /^property state removed$/],
        ['breaking', `${S}/State`, /^schema State removed$/],
      ],
    ],
    [
      'a property refers to another schema with the same content',
      (d) => {
        schemas(d).Mode2 = structuredClone(schemas(d).KeyMode);
        schemas(d).Req.properties.mode = { $ref: '#/components/schemas/Mode2' };
      },
      [['minor', `${S}/Mode2`, /^schema Mode2 added$/]],
    ],
    [
      'a property refers to another schema with other content',
      (d) => {
        schemas(d).Mode2 = { type: 'string', enum: ['ECDH'] };
        schemas(d).Req.properties.mode = { $ref: '#/components/schemas/Mode2' };
      },
      [
        ['breaking', `${S}/KeyMode/enum/1`, /enum value ExDSA removed: stricter request rule$/],
        ['minor', `${S}/Mode2`, /^schema Mode2 added$/],
      ],
    ],
  ])('%s', (_name, edit, want) => check(edit, want));
});

function changesFrom(before: unknown, after: unknown): [string, string, string][] {
  return diffDocuments(before as never, after as never).map((c) => [c.level, c.pointer, c.message]);
}

describe('recursion', () => {
  test('recursive schemas renamed on one side end, and report what differs', () => {
    const tree = (name: string, extra: object = {}) => ({ type: 'object', properties: { next: { $ref: `#/components/schemas/${name}` }, ...extra } });
    const before = base0();
    schemas(before).Node = tree('Node');
    schemas(before).Req.properties.node = { $ref: '#/components/schemas/Node' };
    const after = base0();
    schemas(after).Tree = tree('Tree', { depth: { type: 'integer' } });
    schemas(after).Req.properties.node = { $ref: '#/components/schemas/Tree' };
    expect(changesFrom(before, after)).toEqual([
      ['breaking', `${S}/Node`, 'schema Node removed'],
      ['minor', `${S}/Tree`, 'schema Tree added'],
      ['minor', `${S}/Tree/properties/depth`, 'property depth added: new optional request field'],
    ]);
  });
});

// @ts-check
// Runnable samples for every operation, made from the spec's own examples: TypeScript with
// @hem/client, the hem-import CLI for operations that import a public key, and curl. The
// docs test type-checks and runs each of them against a device-like HTTPS server. What is
// sent where (method, path, parameters, media type, token, read-back) comes from @hem/types's
// tables; the values, from the spec's examples (the IR's pointers lead to them).
import { atPointer } from '@hem/codegen';
import { DocsError, cliApplies, isBearer } from './sections.mjs';

/** @typedef {import('./ir.mjs').DocOperation} DocOperation */
/** @typedef {import('@hem/codegen').ParameterIR} ParameterIR */
/** @typedef {{ lang: string, label: string, source: string }} CodeSample */

/** Where the samples send their requests: the spec's first server. @param {any} document */
export function serverUrl(document) {
  const url = document.servers?.[0]?.url;
  if (typeof url !== 'string') throw new DocsError('#/servers', 'the samples need a server URL; add one under servers.');
  return url.replace(/\/+$/, '');
}

/** Follows local `$ref`s. @param {any} document @param {any} node */
function deref(document, node) {
  for (let i = 0; node && typeof node.$ref === 'string' && i < 32; i++) node = atPointer(document, node.$ref);
  return node;
}

/**
 * The first example the spec gives for a parameter: its `examples`, its `example`, or its
 * schema's `examples`.
 * @param {any} document @param {ParameterIR} param
 */
export function parameterExample(document, param) {
  const node = deref(document, atPointer(document, param.pointer));
  const named = node?.examples && Object.values(node.examples).map((e) => deref(document, e));
  if (named?.length) return named[0].value;
  if (node?.example !== undefined) return node.example;
  const schema = deref(document, node?.schema);
  if (Array.isArray(schema?.examples) && schema.examples.length) return schema.examples[0];
  return undefined;
}

/**
 * The input of one sample: the first request example and an example for every parameter.
 * @param {DocOperation} op @param {any} document
 * @returns {{ params: Record<string, { in: string, value: unknown }>, body?: Record<string, unknown>, bodyExample?: string }}
 */
export function sampleInput({ table, ir: op }, document) {
  /** @type {Record<string, { in: string, value: unknown }>} */
  const params = {};
  for (const p of table.params) {
    const source = op.parameters.find((x) => x.name === p.name && x.in === p.in);
    const pointer = source?.pointer ?? op.pointer;
    const value = source && parameterExample(document, source);
    if (value === undefined) {
      if (p.required) throw new DocsError(pointer, `required parameter ${p.name} of ${op.id} has no example; the samples are made from examples, so add one.`);
      continue;
    }
    if (value !== null && typeof value === 'object')
      throw new DocsError(pointer, `the example of ${p.name} is an object or array; the samples only serialise primitive parameters.`);
    params[p.name] = { in: p.in, value };
  }
  // The media type the client sends (the table's), and its examples from the spec.
  const media = table.body && op.requestBody?.content.find((m) => m.contentType === table.body?.contentType);
  if (!media) return { params };
  const example = media.examples[0];
  if (!example) {
    if (table.body?.required) throw new DocsError(media.pointer, `the request body of ${op.id} has no example; the samples are made from its first example, so add one.`);
    return { params };
  }
  if (example.value === null || typeof example.value !== 'object' || Array.isArray(example.value))
    throw new DocsError(media.pointer, `the first example of ${op.id}'s body is not a JSON object.`);
  return { params, body: /** @type {Record<string, unknown>} */ (example.value), bodyExample: example.name };
}

/** A TypeScript literal, as a person would write it. @param {unknown} value @param {string} indent @returns {string} */
export function tsLiteral(value, indent = '') {
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) return value.length ? `[\n${value.map((v) => `${inner}${tsLiteral(v, inner)},`).join('\n')}\n${indent}]` : '[]';
  const entries = Object.entries(value);
  if (!entries.length) return '{}';
  const key = (/** @type {string} */ k) => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : tsLiteral(k));
  return `{\n${entries.map(([k, v]) => `${inner}${key(k)}: ${tsLiteral(v, inner)},`).join('\n')}\n${indent}}`;
}

/** One shell word. @param {string} word */
export function shellQuote(word) {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Whether the operation takes a bearer token. @param {DocOperation} op */
const bearer = (op) => op.table.security.some((req) => req.some(isBearer));

/**
 * The scope rule a sample's token is for: the first without a `<param>` placeholder (its
 * claim is known before the call), else the first.
 * @param {DocOperation} op
 */
function tokenRule(op) {
  const scopes = op.table.hem?.scopes ?? [];
  return scopes.find((s) => !s.claim.includes('<')) ?? scopes[0];
}

/**
 * The variable a sample reads a token from: a device issues a token per scope, so one per
 * scope, named by the claim's last word (`keymgmt:imp` → `HEM_TOKEN_IMP`).
 * @param {DocOperation} op
 */
export function tokenVariable(op) {
  const word = (tokenRule(op)?.claim ?? '')
    .replace(/<[^>]*>/g, '')
    .split(':')
    .filter(Boolean)
    .at(-1);
  return word ? `HEM_TOKEN_${word.toUpperCase().replace(/[^A-Z0-9]/g, '_')}` : 'HEM_TOKEN';
}

/** The comment that says which token a sample needs. @param {DocOperation} op */
function tokenNote(op) {
  const scopes = (op.table.hem?.scopes ?? []).map((s) => (s.match === 'prefix' ? `${s.claim}*` : s.claim));
  return `a token with scope ${scopes.length > 1 ? `${scopes.slice(0, -1).join(', ')} or ${scopes.at(-1)}` : (scopes[0] ?? 'for this call')}`;
}

/**
 * The client's token option: one variable for one operation; for a retry-safe call, which
 * also reads back, a token per scope, picked by the scopes the client says allow each call.
 * @param {DocOperation} op @param {DocOperation} [read]
 */
function tokenLines(op, read) {
  if (!read) {
    const name = tokenVariable(op);
    return [`// ${name}: ${tokenNote(op)}.`, `const token = process.env.${name};`, `if (!token) throw new Error('Set ${name}.');`];
  }
  const ops = [op, read];
  const notes = ops.map((o, i) => `// ${tokenVariable(o)}: ${tokenNote(o)}${i ? ' (to read the kid back)' : ''}.`);
  const entries = ops.map((o) => `${tsLiteral(tokenRule(o)?.claim ?? '')}: process.env.${tokenVariable(o)}`);
  return [
    '// A token holds one scope, so one for each call this makes:',
    ...notes,
    `const tokens: Record<string, string | undefined> = { ${entries.join(', ')} };`,
    'const token = ({ scopes }: { scopes: { claim: string }[] }) => {',
    '  const found = scopes.map((s) => tokens[s.claim]).find(Boolean);',
    `  if (!found) throw new Error(\`Set a token for \${scopes.map((s) => s.claim).join(' or ')} (${ops.map(tokenVariable).join(', ')}).\`);`,
    '  return found;',
    '};',
  ];
}

/** @param {DocOperation} op @param {any} document @param {DocOperation} [read] the read-back, for the retry-safe form @returns {CodeSample} */
function typescript(op, document, read) {
  const once = read !== undefined;
  const { params, body } = sampleInput(op, document);
  const args = [];
  if (op.table.params.length) args.push(tsLiteral(Object.fromEntries(Object.entries(params).map(([k, v]) => [k, v.value]))));
  if (body) args.push(tsLiteral(body));
  // The client's method name is the generator's (names.ts), not a table fact.
  const call = `${op.ir.name}${once ? 'Once' : ''}`;
  const lines = ["import { createHemClient } from '@hem/client';", ''];
  if (bearer(op)) {
    lines.push(...tokenLines(op, read), `const hem = createHemClient({ baseUrl: ${tsLiteral(serverUrl(document))}, token });`);
  } else {
    lines.push(`const hem = createHemClient({ baseUrl: ${tsLiteral(serverUrl(document))} });`);
  }
  if (once) lines.push('', `// After ${mayHideSuccess(op)} it reads`, '// the kid back instead of sending again: { kid, outcome }.');
  lines.push(`const result = await hem.${call}(${args.join(', ')});`, 'console.log(JSON.stringify(result));');
  return { lang: 'TypeScript', label: once ? 'TypeScript (retry-safe)' : 'TypeScript', source: `${lines.join('\n')}\n` };
}

// The hem-import option for each request-body field; the kid-bearing field is the KEYFILE.
const CLI_OPTIONS = { label: '--label', type: '--type', mode: '--mode', descr: '--descr-b64' };
export const CLI_KEY_FILE = 'peer.key';

/**
 * The hem-import sample, for the operations it serves (cliApplies). Its token variables are
 * the other samples' (hem-import reads HEM_TOKEN_IMP, and HEM_TOKEN_GET for --if-absent's
 * read-back): samples.test.ts runs it with those alone.
 * @param {DocOperation} op @param {any} document @param {DocOperation} [read] the read-back of --if-absent
 * @returns {CodeSample | undefined}
 */
function cli(op, document, read) {
  const keyField = op.table.hem?.kidFrom;
  if (!cliApplies(op) || !keyField) return undefined;
  const { body } = sampleInput(op, document);
  if (!body) return undefined;
  /** @type {string[]} */
  const flags = [];
  for (const [field, value] of Object.entries(body)) {
    if (field === keyField) continue;
    const flag = /** @type {Record<string, string>} */ (CLI_OPTIONS)[field];
    if (!flag)
      throw new DocsError(
        op.ir.requestBody?.content[0]?.pointer ?? op.ir.pointer,
        `hem-import has no option for the body field ${field}; add one to the CLI or to CLI_OPTIONS in spec/scripts/docs/samples.mjs.`,
      );
    flags.push(flag, shellQuote(String(value)));
  }
  const command = (/** @type {string[]} */ ...extra) =>
    `hem-import --url ${shellQuote(serverUrl(document))} ${flags.slice(0, 2).join(' ')} \\\n  ${[...flags.slice(2), ...extra, CLI_KEY_FILE].join(' ')}`;
  const once = op.table.hem?.readBack && read;
  const lines = [
    `# ${tokenVariable(op)}: ${tokenNote(op)}.`,
    ...(once ? [`# ${tokenVariable(read)}: ${tokenNote(read)} (for --if-absent to read the kid back).`] : []),
    `# ${CLI_KEY_FILE}: the public key, here as base64 (so --type);`,
    '# a PEM, DER or JWK file works too, its type read from the key.',
    `echo ${shellQuote(String(body[keyField]))} > ${CLI_KEY_FILE}`,
    '',
    '# Check the request and print its kid; nothing is sent.',
    command('--dry-run'),
    '',
    ...(once
      ? [`# Import it. After ${mayHideSuccess(op)}`, `# it reads the kid back (with ${tokenVariable(read)}) instead of sending it again.`, command('--if-absent')]
      : ['# Import it.', command()]),
  ];
  return { lang: 'Shell', label: 'hem-import CLI', source: `${lines.join('\n')}\n` };
}

/** The failures after which a retry-safe call reads back, from the spec: "a timeout, a lost connection, a 406 or a 500". @param {DocOperation} op */
function mayHideSuccess(op) {
  const listed = ['a timeout', 'a lost connection', ...(op.table.hem?.readBack?.statuses ?? []).map((s) => `a ${s}`)];
  return `${listed.slice(0, -1).join(', ')} or ${listed.at(-1)}`;
}

/** @param {DocOperation} op @param {any} document @returns {CodeSample} */
function curl(op, document) {
  const { params, body } = sampleInput(op, document);
  let path = op.table.path;
  const query = new URLSearchParams();
  const headers = [];
  for (const [name, { in: where, value }] of Object.entries(params)) {
    if (where === 'path') path = path.replace(`{${name}}`, encodeURIComponent(String(value)));
    else if (where === 'query') query.append(name, String(value));
    else if (where === 'header') headers.push(`-H ${shellQuote(`${name}: ${String(value)}`)}`);
    else throw new DocsError(op.ir.pointer, `the curl sample cannot send ${where} parameter ${name}.`);
  }
  const url = `${serverUrl(document)}${path}${query.size ? `?${query}` : ''}`;
  const method = op.table.method;
  const parts = [`curl -sS --fail${method === 'GET' || (method === 'POST' && body) ? '' : ` -X ${method}`} ${shellQuote(url)}`];
  if (bearer(op)) parts.push(`-H "Authorization: Bearer $${tokenVariable(op)}"`);
  parts.push(...headers);
  const media = op.table.body;
  if (body && media) parts.push(`-H ${shellQuote(`Content-Type: ${media.contentType}`)}`, "--data @- <<'JSON'");
  const lines = [`# ${tokenVariable(op)}: ${tokenNote(op)}.`, '# --fail: an error status exits 22 (error answers have no body).', parts.join(' \\\n  ')];
  if (body && media) lines.push(JSON.stringify(body, null, 2), 'JSON');
  return { lang: 'Shell', label: 'curl', source: `${lines.join('\n')}\n` };
}

/**
 * Every sample of one operation, in the order the page shows them.
 * @param {DocOperation} op @param {any} document @param {DocOperation[]} operations every operation (the read-back's scope)
 * @returns {CodeSample[]}
 */
export function samplesFor(op, document, operations) {
  const samples = [typescript(op, document)];
  /** @type {DocOperation | undefined} */
  let read;
  if (op.table.hem?.readBack && op.table.hem.kidFrom) {
    // Which operation reads back is the IR's (x-hem-read-back); the tables carry its parameter only.
    const id = op.ir.hem?.readBack?.operation;
    read = operations.find((o) => o.table.id === id);
    if (!read) throw new DocsError(op.ir.pointer, `${op.table.id} reads back with ${id}, which is not an operation of the spec.`);
    samples.push(typescript(op, document, read));
  }
  const shell = cli(op, document, read);
  if (shell) samples.push(shell);
  samples.push(curl(op, document));
  return samples;
}

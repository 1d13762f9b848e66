// @ts-check
// The page's own sections: each operation's access rules and error table from @hem/types's
// operation tables (what the client and the mock enforce), their words and the key-type
// table from the generator's IR (ir.mjs says why). The spec's data is read here, never
// copied: a new operation, status or key type reaches the page with no change to this file.
import { EFFECT_KINDS, SECURITY_SCHEMES } from '@hem/types';

/** @typedef {import('@hem/codegen').IR} IR */
/** @typedef {import('./ir.mjs').DocOperation} DocOperation */

/** A fact the page cannot show, with the JSON pointer of its source. */
export class DocsError extends Error {
  /** @param {string} pointer @param {string} message */
  constructor(pointer, message) {
    super(`${pointer}: ${message}`);
    this.name = 'DocsError';
    this.pointer = pointer;
  }
}

/** One table cell: no line breaks, pipes escaped. @param {string} text */
export const cell = (text) =>
  text
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\|/g, '\\|')
    .trim();

/** A markdown table. @param {string[]} head @param {string[][]} rows */
export function table(head, rows) {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n');
}

// Verbs that open an instruction in the spec's error descriptions ("Fix the request", "check
// for its kid"). An error description must hold one: the build refuses it otherwise.
const IMPERATIVE =
  /^(?:do not|don't|fix|retry|log in|ask|send|add|call|check|pass|import|compare|use|wait|remove|omit|try|read|give|set|make|shorten|encode|compress|convert|update|upgrade|restart|reboot|contact|see)\b/i;

/** Sentences, keeping abbreviations such as "e.g." inside. @param {string} text */
function sentences(text) {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .split(/(?<=[.!?])\s+(?=[A-Z`(])/)
    .filter(Boolean);
}

const capital = (/** @type {string} */ s) => s.charAt(0).toUpperCase() + s.slice(1);
const period = (/** @type {string} */ s) => (/[.!?]$/.test(s) ? s : `${s}.`);

/**
 * Splits an error description into what happened and what to do. A whole sentence that
 * opens with an instruction goes to the advice; an instruction after `;` or `:` inside a
 * sentence ("...: check for its kid before importing again") is moved there too.
 * @param {string} text
 * @returns {{ meaning: string, advice: string }}
 */
export function splitAdvice(text) {
  const meaning = [];
  const advice = [];
  for (const sentence of sentences(text)) {
    if (IMPERATIVE.test(sentence)) {
      advice.push(period(sentence));
      continue;
    }
    // A clause after `;` or `:`, up to the end of the sentence or of its parenthesis.
    const clause = /([;:])\s+([^;:()]+?)(\)?)(?=[.!?]?$|\))/.exec(sentence);
    if (clause && IMPERATIVE.test(clause[2] ?? '')) {
      advice.push(period(capital((clause[2] ?? '').trim())));
      const rest = sentence.slice(0, clause.index) + sentence.slice(clause.index + clause[0].length - (clause[3] ?? '').length);
      meaning.push(period(rest.replace(/[.!?]$/, '').trim()));
      continue;
    }
    meaning.push(sentence);
  }
  return { meaning: meaning.join(' '), advice: advice.join(' ') };
}

/**
 * The error table of one operation: status, stable code, meaning, what to do, from the
 * operation's `statuses` table (the code `HemApiError` carries). The spec must name the code
 * (x-hem-error-code): the table's fallback, `http_<status>`, is no name a reader can rely on.
 * @param {DocOperation} op
 */
export function errorRows({ table, ir }) {
  return Object.entries(/** @type {Record<string, { code: string, meaning: string }>} */ (table.statuses)).map(([status, { code, meaning: text }]) => {
    const response = ir.responses.find((r) => r.status === status);
    const pointer = response?.pointer ?? ir.pointer;
    if (!response?.hem?.errorCode)
      throw new DocsError(pointer, `error status ${status} of ${table.id} has no x-hem-error-code; give it a stable code so clients and the docs can name it.`);
    const { meaning, advice } = splitAdvice(text);
    if (!advice) {
      throw new DocsError(
        pointer,
        `the description of ${table.id} ${status} says what happened but not what to do; add an instruction (e.g. "Retry after the device is ready."), as a sentence or after ";".`,
      );
    }
    return { status, code, meaning, advice };
  });
}

/**
 * Whether the hem-import CLI applies: it imports a public key file, so it serves the
 * operations that store a key named by its public key (x-hem-kid-from).
 * @param {DocOperation} op
 */
export const cliApplies = (op) => Boolean(op.table.hem?.kidFrom);

/** @param {DocOperation} op */
export function errorSection(op) {
  const rows = errorRows(op).map((r) => [`**${r.status}**<br>\`${r.code}\``, r.meaning, r.advice]);
  return [
    '### Errors',
    '',
    `Every error answer has an empty body: the status is the whole message. \`@hem/client\` throws \`HemApiError\` with this \`status\` and \`code\`${cliApplies(op) ? '; `hem-import` exits with 4' : ''}.`,
    '',
    table(['Status and code', 'Meaning', 'What to do'], rows),
  ].join('\n');
}

/** `keymgmt:use:<kid>` → the words for one scope rule. @param {{ readonly claim: string, readonly match: string }} rule */
function scopeWords(rule) {
  const params = [...rule.claim.matchAll(/<([^>]+)>/g)].map((m) => `\`${m[1]}\``);
  const filled = params.length ? `, with ${params.join(' and ')} of this call` : '';
  return rule.match === 'prefix' ? `\`${rule.claim}\` (the token's scope starts with it${filled})` : `\`${rule.claim}\` (exactly${filled})`;
}

/** @typedef {import('@hem/types').EffectSpec} EffectSpec */

/** The words for each kind of effect (x-hem-effect), with the refusal status filled in. @type {Record<string, (e: EffectSpec, kidFrom: string | null, refused: number) => string>} */
export const EFFECT_WORDS = {
  'store-key': (_e, kidFrom, refused) => `stores the key in \`${kidFrom}\` under its kid; a key already stored, or a full store, answers ${refused}.`,
  'read-key': (e, _k, refused) => `reads the key the ${e.kid?.in ?? ''} parameter \`${e.kid?.name ?? ''}\` names; no such key answers ${refused}.`,
  'remove-key': (e, _k, refused) => `removes the key the ${e.kid?.in ?? ''} parameter \`${e.kid?.name ?? ''}\` names; no such key answers ${refused}.`,
  'list-keys': (e) => `lists every stored key${e.items ? ` in \`${e.items}\` of the answer` : ''}.`,
};

/** What the operation does to the key store, in words. @param {DocOperation} op */
export function effectWords({ table, ir }) {
  const effect = table.hem?.effect;
  if (!effect) return undefined;
  const words = Object.hasOwn(EFFECT_WORDS, effect.kind) ? EFFECT_WORDS[effect.kind] : undefined;
  if (!words) {
    throw new DocsError(
      `${ir.pointer}/x-hem-effect`,
      `the effect kind ${effect.kind} has no words on the page (one of ${EFFECT_KINDS.join(', ')}); add them to EFFECT_WORDS in spec/scripts/docs/sections.mjs.`,
    );
  }
  const text = words(effect, table.hem?.kidFrom ?? null, effect.refused ?? 406);
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Whether a security scheme of the tables is a bearer token.
 * @param {string} name
 */
export function isBearer(name) {
  const scheme = /** @type {Record<string, import('@hem/types').SecuritySchemeSpec>} */ (SECURITY_SCHEMES)[name];
  return scheme?.type === 'http' && scheme.scheme === 'bearer';
}

/**
 * What a caller needs and what the device records: transport, token, scopes, roles, audit.
 * The bearer format (a word for the page only) is the one fact here the tables lack.
 * @param {DocOperation} op
 * @param {IR} ir
 */
export function accessRows({ table, ir: op }, ir) {
  const hem = table.hem;
  // TLS from the spec itself too: the tables fill a missing x-hem-tls with 'optional'.
  if (!hem?.scopes.length || !hem.roles || !op.hem?.tls) {
    throw new DocsError(op.pointer, `${table.id} does not declare x-hem-scopes, x-hem-roles and x-hem-tls; the access section needs all three.`);
  }
  const schemes = table.security.map((req) =>
    req
      .map((name) => {
        const format = ir.securitySchemes.find((x) => x.name === name)?.bearerFormat;
        return isBearer(name) ? `\`Authorization: Bearer <${format ?? 'token'}>\` (${name})` : name;
      })
      .join(' and '),
  );
  /** @type {[string, string][]} */
  const rows = [
    ['Transport', hem.tls === 'required' ? 'HTTPS only: the device refuses a request over plain HTTP.' : 'HTTPS or plain HTTP.'],
    ['Token', schemes.length ? schemes.join(', or ') : 'none'],
    [hem.scopes.length > 1 ? 'Scope (any one)' : 'Scope', hem.scopes.map(scopeWords).join('; ')],
    ['Roles', `allowed: ${hem.roles.allowed.join(', ')}${hem.roles.denied.length ? `; refused: ${hem.roles.denied.join(', ')}` : ''}`],
  ];
  const effect = effectWords({ table, ir: op });
  if (effect) rows.push(['Key store', effect]);
  return rows;
}

/** Status → audit entries, in status order. @param {DocOperation} op */
export function auditRows(op) {
  const rows = (op.table.hem?.audit ?? []).flatMap((entry) =>
    Object.entries(entry.results).map(([status, result]) => ({ status, event: entry.code === undefined ? entry.event : `${entry.event} (${entry.code})`, result })),
  );
  return rows.sort((a, b) => Number(a.status) - Number(b.status));
}

/** @param {DocOperation} op @param {IR} ir */
export function accessSection(op, ir) {
  const audit = auditRows(op);
  return [
    '### Access',
    '',
    table(['', ''], accessRows(op, ir)),
    '',
    `**Audit log.** ${audit.length ? 'The device writes one entry for these answers, and none for other statuses:' : 'The spec declares no audit entry for this operation.'}`,
    ...(audit.length
      ? [
          '',
          table(
            ['Status', 'Event', 'Result'],
            audit.map((a) => [a.status, `\`${a.event}\``, `\`${a.result}\``]),
          ),
        ]
      : []),
  ].join('\n');
}

/**
 * Every key type an import takes: its curve, size, byte layout, and whether `mode` is needed.
 * @param {IR} ir
 */
export function keyTypeRows(ir) {
  const table_ = ir.hem?.keyFormats;
  if (!table_) throw new DocsError('#/components/schemas', 'no schema carries x-hem-key-formats; the key-type table has nothing to show.');
  return table_.formats.map((f) => {
    const family = table_.families.find((x) => x.family === f.family);
    if (!family) throw new DocsError(table_.pointer, `${f.type}: family ${f.family} is not in x-hem-key-families.`);
    return { type: f.type, family: f.family, curve: f.curve, bytes: f.bytes, encoding: f.encoding, oid: f.oid, modeRequired: family.modeRequired, description: f.description };
  });
}

/** @param {IR} ir */
export function keyTypeSection(ir) {
  const rows = keyTypeRows(ir).map((r) => [`\`${r.type}\`<br>${r.curve}`, `${r.bytes} bytes<br>${r.encoding}`, r.modeRequired ? 'required' : 'optional', r.description]);
  return table(['Type', 'Public key', '`mode`', 'Notes'], rows);
}

/** The scopes a token needs, per operation, for the Authentication section. @param {DocOperation[]} operations */
export function scopeSection(operations) {
  return table(
    ['Operation', 'Scope (any one)', 'Roles'],
    operations.map(({ table: op, ir }) => [
      `${ir.summary ?? op.id} (\`${op.method} ${op.path}\`)`,
      (op.hem?.scopes ?? []).map(scopeWords).join('; '),
      op.hem?.roles ? op.hem.roles.allowed.join(', ') : '',
    ]),
  );
}

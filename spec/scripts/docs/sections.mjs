// @ts-check
// The page's own sections, derived from the generator's IR: each operation's access rules
// and error table, and the key-type table. The spec's data is read here, never copied: a
// new operation, status or key type reaches the page with no change to this file.

/** @typedef {import('@hem/codegen').IR} IR */
/** @typedef {import('@hem/codegen').OperationIR} OperationIR */
/** @typedef {import('@hem/codegen').ResponseIR} ResponseIR */

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

/** @param {string} status */
const isError = (status) => /^[45]/.test(status);

/**
 * The error table of one operation: status, stable code, meaning, what to do.
 * @param {OperationIR} op
 */
export function errorRows(op) {
  return op.responses
    .filter((r) => isError(r.status))
    .map((r) => {
      const code = r.hem?.errorCode;
      if (!code) throw new DocsError(r.pointer, `error status ${r.status} of ${op.id} has no x-hem-error-code; give it a stable code so clients and the docs can name it.`);
      const { meaning, advice } = splitAdvice(r.description);
      if (!advice) {
        throw new DocsError(
          r.pointer,
          `the description of ${op.id} ${r.status} says what happened but not what to do; add an instruction (e.g. "Retry after the device is ready."), as a sentence or after ";".`,
        );
      }
      return { status: r.status, code, meaning, advice };
    });
}

/**
 * Whether the hem-import CLI applies: it imports a public key file, so it serves the
 * operations that store a key named by its public key (x-hem-kid-from).
 * @param {OperationIR} op
 */
export const cliApplies = (op) => Boolean(op.hem?.kidFrom);

/** @param {OperationIR} op */
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

/** `keymgmt:use:<kid>` → the words for one scope rule. @param {{ claim: string, match: string }} rule */
function scopeWords(rule) {
  const params = [...rule.claim.matchAll(/<([^>]+)>/g)].map((m) => `\`${m[1]}\``);
  const filled = params.length ? `, with ${params.join(' and ')} of this call` : '';
  return rule.match === 'prefix' ? `\`${rule.claim}\` (the token's scope starts with it${filled})` : `\`${rule.claim}\` (exactly${filled})`;
}

/**
 * What a caller needs and what the device records: transport, token, scopes, roles, audit.
 * @param {OperationIR} op
 * @param {IR} ir
 */
export function accessRows(op, ir) {
  const hem = op.hem ?? {};
  if (!hem.scopes?.length || !hem.roles || !hem.tls) {
    throw new DocsError(op.pointer, `${op.id} does not declare x-hem-scopes, x-hem-roles and x-hem-tls; the access section needs all three.`);
  }
  const schemes = op.security.map((req) =>
    req.schemes
      .map((s) => {
        const scheme = ir.securitySchemes.find((x) => x.name === s.name);
        return scheme?.type === 'http' && scheme.scheme === 'bearer' ? `\`Authorization: Bearer <${scheme.bearerFormat ?? 'token'}>\` (${s.name})` : s.name;
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
  return rows;
}

/** Status → audit entries, in status order. @param {OperationIR} op */
export function auditRows(op) {
  const rows = (op.hem?.audit ?? []).flatMap((entry) =>
    Object.entries(entry.results).map(([status, result]) => ({ status, event: entry.code === undefined ? entry.event : `${entry.event} (${entry.code})`, result })),
  );
  return rows.sort((a, b) => Number(a.status) - Number(b.status));
}

/** @param {OperationIR} op @param {IR} ir */
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

/** The scopes a token needs, per operation, for the Authentication section. @param {IR} ir */
export function scopeSection(ir) {
  return table(
    ['Operation', 'Scope (any one)', 'Roles'],
    ir.operations.map((op) => [
      `${op.summary ?? op.id} (\`${op.method.toUpperCase()} ${op.path}\`)`,
      (op.hem?.scopes ?? []).map(scopeWords).join('; '),
      op.hem?.roles ? op.hem.roles.allowed.join(', ') : '',
    ]),
  );
}

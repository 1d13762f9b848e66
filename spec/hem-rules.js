// The x-hem-* rules that both the Redocly governance plugin (plugins/hem-governance.js) and
// the generator's loader (tools/codegen) apply: one home, two callers. Shapes come from
// hem-extensions.schema.json (passed in, so each caller loads JSON its own way); the few
// rules a schema cannot say (a table that must cover an enum, unique OIDs) are code here.
import Ajv2020Module from 'ajv/dist/2020.js';

const Ajv2020 = Ajv2020Module.default ?? Ajv2020Module;

/** The kinds of OpenAPI object that may carry x-hem-* extensions. */
export const HEM_OBJECT_KINDS = ['operation', 'response', 'schema'];

/**
 * A checker of x-hem-* extensions against the extension schema.
 * @param {object} schema the parsed hem-extensions.schema.json
 */
export function hemChecker(schema) {
  const ajv = new Ajv2020({ allErrors: true, strict: false, verbose: true });
  ajv.addSchema(schema);
  const validators = Object.fromEntries(HEM_OBJECT_KINDS.map((kind) => [kind, ajv.getSchema(`${schema.$id}#/$defs/${kind}`)]));
  const known = Object.fromEntries(HEM_OBJECT_KINDS.map((kind) => [kind, Object.keys(schema.$defs[kind].properties)]));
  return {
    /**
     * Problems with the x-hem-* members of `node` (an operation, response or schema object).
     * @returns {{ path: string[], message: string }[]} path: reference tokens below the node
     */
    check(kind, node) {
      if (node === null || typeof node !== 'object') return [];
      const ext = {};
      for (const key of Object.keys(node)) if (key.startsWith('x-hem-')) ext[key] = node[key];
      if (Object.keys(ext).length === 0) return [];
      const validate = validators[kind];
      if (validate(ext)) return [];
      return dedupe(validate.errors).map((e) => explain(e, kind, known[kind]));
    },
  };
}

/** Ajv reports each failed `anyOf`/`if` branch too; keep the leaf errors, one per place and keyword. */
function dedupe(errors) {
  const seen = new Set();
  return errors.filter((e) => {
    if (e.keyword === 'if') return false;
    const key = `${e.instancePath}\0${e.keyword}\0${JSON.stringify(e.params)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function explain(e, kind, known) {
  const path = e.instancePath
    .split('/')
    .slice(1)
    .map((t) => t.replaceAll('~1', '/').replaceAll('~0', '~'));
  const at = path.length ? path.join('.') : kind;
  switch (e.keyword) {
    case 'additionalProperties':
      return path.length === 0
        ? {
            path: [e.params.additionalProperty],
            message: `${e.params.additionalProperty} is not an x-hem extension of a${kind === 'operation' ? 'n' : ''} ${kind}: fix the name (known here: ${known.join(', ')}).`,
          }
        : { path: [...path, e.params.additionalProperty], message: `${at}.${e.params.additionalProperty} is not allowed: remove it (see spec/hem-extensions.schema.json).` };
    case 'required':
      return { path, message: `${at} needs "${e.params.missingProperty}": add it.` };
    case 'enum': {
      const allowed = e.params.allowedValues.map((v) => JSON.stringify(v)).join(', ');
      if (path.at(-1) === 'bytes')
        return { path, message: `${at}: this size cannot be a key of its family (${e.parentSchema?.description ?? 'see the schema'}); use one of ${allowed}.` };
      return { path, message: `${at} must be one of ${allowed}.` };
    }
    case 'not':
    case 'minimum':
      if (path.at(-1) === 'bytes') return { path, message: `${at}: this size cannot be a key of its family (${e.parentSchema?.description ?? e.message}).` };
      return { path, message: `${at} ${e.message}.` };
    default:
      return { path, message: `${at} ${e.message}${e.parentSchema?.description ? ` (${e.parentSchema.description})` : ''}.` };
  }
}

/**
 * Cross-checks of the key table that a schema cannot state: it covers exactly the enum,
 * every family it uses is described, and no two types share an SPKI OID or a curve.
 * @param {unknown[]} values the enum the table hangs on
 * @param {Record<string, {family: string, curve: string, oid: string}>} formats x-hem-key-formats
 * @param {Record<string, unknown> | undefined} families x-hem-key-families
 * @returns {{ path: string[], message: string }[]} path: tokens below the enum schema
 */
export function keyTableProblems(values, formats, families) {
  const problems = [];
  for (const value of values) {
    if (typeof value !== 'string' || !Object.hasOwn(formats, value)) {
      problems.push({
        path: ['x-hem-key-formats'],
        message: `key type ${JSON.stringify(value)} has no entry in x-hem-key-formats: add its family, curve, bytes, encoding and oid.`,
      });
    }
  }
  const byOid = new Map();
  const byCurve = new Map();
  const undescribed = new Map();
  for (const [type, format] of Object.entries(formats)) {
    const at = ['x-hem-key-formats', type];
    if (!values.includes(type)) {
      problems.push({ path: at, message: `x-hem-key-formats has "${type}", which is not in the enum: remove it or add it to the enum.` });
      continue;
    }
    if (format === null || typeof format !== 'object') continue; // the schema check reports it
    if (families === undefined || !Object.hasOwn(families, format.family)) undescribed.set(format.family, [...(undescribed.get(format.family) ?? []), type]);
    for (const [index, key, what] of [
      [byOid, format.oid, 'oid'],
      [byCurve, `${format.family}/${format.curve}`, 'curve'],
    ]) {
      if (index.has(key))
        problems.push({ path: [...at, what], message: `${type} has the same ${what} as ${index.get(key)}: keys are recognised by it, so each type needs its own.` });
      else index.set(key, type);
    }
  }
  for (const [family, types] of undescribed) {
    problems.push({
      path: ['x-hem-key-families'],
      message: `family "${family}" (used by ${types.join(', ')}) has no entry in x-hem-key-families: add ${family}: { modeRequired: true | false }.`,
    });
  }
  return problems;
}

// Governance rules for the hem-api spec, as a Redocly plugin. Each message names the
// place and says what to add, so a failing lint is a to-do list. The shapes of the x-hem-*
// extensions and the key-table cross-checks are not written here: they come from
// ../hem-extensions.schema.json and ../hem-rules.js, which the generator applies too.
import { createRequire } from 'node:module';
import { hemChecker, keyTableProblems } from '../hem-rules.js';

const schema = createRequire(import.meta.url)('../hem-extensions.schema.json');
const checker = hemChecker(schema);
const REQUIRED_ERROR_STATUSES = ['401', '403', '418'];
const REQUIRED_OPERATION_EXTENSIONS = {
  'x-hem-scopes': '[{ claim: <scope>, match: prefix|exact }]',
  'x-hem-roles': '{ allowed: [...], denied: [...] }',
  'x-hem-tls': 'required (or optional)',
};

const where = (ctx) => ctx.location.pointer;

/** Reports each problem of an object's x-hem-* extensions at its own place. */
function reportShape(kind, node, ctx) {
  for (const p of checker.check(kind, node)) ctx.report({ message: p.message, location: ctx.location.child(p.path).key() });
}

/** Every x-hem-* extension has the shape spec/hem-extensions.schema.json gives it; a misspelt one is an error. */
function Extensions() {
  return {
    Operation: { enter: (op, ctx) => reportShape('operation', op, ctx) },
    Response: { enter: (response, ctx) => reportShape('response', response, ctx) },
    Schema: { enter: (s, ctx) => reportShape('schema', s, ctx) },
  };
}

/** Every operation declares its scopes, roles and TLS rule as machine-readable extensions. */
function OperationGovernance() {
  return {
    Operation: {
      enter(op, ctx) {
        const id = op.operationId ?? where(ctx);
        for (const [name, shape] of Object.entries(REQUIRED_OPERATION_EXTENSIONS)) {
          if (op[name] === undefined) ctx.report({ message: `Operation ${id} has no ${name}: add ${name}: ${shape}.`, location: ctx.location.key() });
        }
      },
    },
  };
}

/** Every operation lists the statuses the device can always answer: 401, 403 and 418. */
function ErrorResponses() {
  return {
    Operation: {
      enter(op, ctx) {
        const listed = Object.keys(op.responses ?? {});
        for (const status of REQUIRED_ERROR_STATUSES) {
          if (!listed.includes(status)) {
            ctx.report({
              message: `Operation ${op.operationId ?? where(ctx)} does not list response ${status}: add it with what it means here.`,
              location: ctx.location.child(['responses']).key(),
            });
          }
        }
      },
    },
  };
}

/** Every property and every enum value carries a description. */
function Descriptions() {
  return {
    Schema: {
      enter(s, ctx) {
        for (const [name, prop] of Object.entries(s.properties ?? {})) {
          const target = prop && '$ref' in prop ? ctx.resolve(prop).node : prop;
          if (!prop?.description && !target?.description) {
            ctx.report({
              message: `Property "${name}" has no description: say what it holds and its rules.`,
              location: ctx.location.child(['properties', name]).key(),
            });
          }
        }
        if (Array.isArray(s.enum)) {
          const described = s['x-enumDescriptions'] ?? {};
          for (const value of s.enum) {
            if (typeof described[value] !== 'string' || described[value].trim() === '') {
              ctx.report({
                message: `Enum value "${value}" has no description: add it under x-enumDescriptions.`,
                location: ctx.location.child(['enum']).key(),
              });
            }
          }
        }
      },
    },
  };
}

/**
 * The key table covers exactly the enum and every family it uses (the shared rules), each
 * value's description states its size, and a request example holds a real key of each type.
 */
function KeyFormats() {
  const tables = [];
  const exampleTypes = new Set();
  return {
    Schema: {
      enter(s, ctx) {
        const formats = s['x-hem-key-formats'];
        if (formats === null || typeof formats !== 'object') return;
        const values = Array.isArray(s.enum) ? s.enum : [];
        for (const p of keyTableProblems(values, formats, s['x-hem-key-families'])) ctx.report({ message: p.message, location: ctx.location.child(p.path).key() });
        for (const [value, f] of Object.entries(formats)) {
          const text = s['x-enumDescriptions']?.[value];
          if (typeof text === 'string' && Number.isInteger(f?.bytes) && !text.includes(`${f.bytes} bytes`)) {
            ctx.report({
              message: `The description of "${value}" does not say "${f.bytes} bytes": keep it in step with x-hem-key-formats.`,
              location: ctx.location.child(['x-enumDescriptions', value]),
            });
          }
        }
        tables.push({ values: values.filter((v) => typeof v === 'string'), location: ctx.location.child(['x-hem-key-formats']) });
      },
    },
    MediaType: {
      enter(media, ctx) {
        for (const ref of Object.values(media.examples ?? {})) {
          const value = (ref && '$ref' in ref ? ctx.resolve(ref).node : ref)?.value;
          if (typeof value?.type === 'string' && typeof value.pubkey === 'string') exampleTypes.add(value.type);
        }
      },
    },
    Root: {
      leave(_root, ctx) {
        for (const table of tables) {
          const missing = table.values.filter((v) => !exampleTypes.has(v));
          if (missing.length) {
            ctx.report({
              message: `No request example holds a key of type ${missing.join(', ')}: add one per type (pnpm --filter @hem/spec examples ${missing.join(' ')} makes real keys).`,
              location: table.location.key(),
            });
          }
        }
      },
    },
  };
}

export default function hemGovernance() {
  return {
    id: 'hem',
    rules: {
      oas3: {
        extensions: Extensions,
        'operation-governance': OperationGovernance,
        'error-responses': ErrorResponses,
        descriptions: Descriptions,
        'key-formats': KeyFormats,
      },
    },
  };
}

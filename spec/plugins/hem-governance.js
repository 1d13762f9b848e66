// Governance rules for the hem-api spec, as a Redocly plugin. Each message names the
// place and says what to add, so a failing lint is a to-do list.
const REQUIRED_ERROR_STATUSES = ['401', '403', '418'];
const KEY_FAMILIES = new Set(['sec1', 'montgomery', 'edwards', 'mlkem', 'mldsa']);

const where = (ctx) => ctx.location.pointer;

/** Every operation declares its scope, roles and TLS rule as machine-readable extensions. */
function OperationGovernance() {
  return {
    Operation: {
      enter(op, ctx) {
        const id = op.operationId ?? where(ctx);
        const scope = op['x-hem-scope'];
        if (!scope || typeof scope.claim !== 'string' || !['prefix', 'exact'].includes(scope.match)) {
          ctx.report({
            message: `Operation ${id} has no x-hem-scope: add { claim: <scope>, match: prefix|exact }.`,
            location: ctx.location.key(),
          });
        }
        const roles = op['x-hem-roles'];
        if (!roles || !Array.isArray(roles.allowed) || roles.allowed.length === 0 || !Array.isArray(roles.denied)) {
          ctx.report({
            message: `Operation ${id} has no x-hem-roles: add { allowed: [...], denied: [...] }.`,
            location: ctx.location.key(),
          });
        }
        if (!['required', 'optional'].includes(op['x-hem-tls'])) {
          ctx.report({
            message: `Operation ${id} has no x-hem-tls: add x-hem-tls: required (or optional).`,
            location: ctx.location.key(),
          });
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
      enter(schema, ctx) {
        for (const [name, prop] of Object.entries(schema.properties ?? {})) {
          const target = prop && '$ref' in prop ? ctx.resolve(prop).node : prop;
          if (!prop?.description && !target?.description) {
            ctx.report({
              message: `Property "${name}" has no description: say what it holds and its rules.`,
              location: ctx.location.child(['properties', name]).key(),
            });
          }
        }
        if (Array.isArray(schema.enum)) {
          const described = schema['x-enumDescriptions'] ?? {};
          for (const value of schema.enum) {
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

/** x-hem-key-formats covers exactly the enum, and each value's description states its size. */
function KeyFormats() {
  return {
    Schema: {
      enter(schema, ctx) {
        const formats = schema['x-hem-key-formats'];
        if (formats === undefined) return;
        const here = ctx.location.child(['x-hem-key-formats']);
        const values = Array.isArray(schema.enum) ? schema.enum : [];
        for (const value of values) {
          if (!(value in formats)) {
            ctx.report({ message: `Key type "${value}" has no entry in x-hem-key-formats: add its family, bytes and encoding.`, location: here.key() });
          }
        }
        for (const [value, f] of Object.entries(formats)) {
          const at = here.child([value]);
          if (!values.includes(value)) {
            ctx.report({ message: `x-hem-key-formats has "${value}", which is not in the enum: remove it or add it to the enum.`, location: at.key() });
            continue;
          }
          if (!KEY_FAMILIES.has(f?.family)) {
            ctx.report({ message: `x-hem-key-formats.${value}.family must be one of ${[...KEY_FAMILIES].join(', ')}.`, location: at.key() });
          }
          if (!Number.isInteger(f?.bytes) || f.bytes <= 0) {
            ctx.report({ message: `x-hem-key-formats.${value}.bytes must be a positive integer (the decoded pubkey length).`, location: at.key() });
          }
          if (typeof f?.encoding !== 'string' || typeof f?.curve !== 'string') {
            ctx.report({ message: `x-hem-key-formats.${value} needs curve and encoding strings.`, location: at.key() });
          }
          if (typeof f?.oid !== 'string' || !/^\d+(\.\d+)+$/.test(f.oid)) {
            ctx.report({ message: `x-hem-key-formats.${value}.oid must be the dotted OID that names the key in an SPKI.`, location: at.key() });
          }
          const text = schema['x-enumDescriptions']?.[value];
          if (typeof text === 'string' && Number.isInteger(f?.bytes) && !text.includes(`${f.bytes} bytes`)) {
            ctx.report({
              message: `The description of "${value}" does not say "${f.bytes} bytes": keep it in step with x-hem-key-formats.`,
              location: ctx.location.child(['x-enumDescriptions', value]),
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
        'operation-governance': OperationGovernance,
        'error-responses': ErrorResponses,
        descriptions: Descriptions,
        'key-formats': KeyFormats,
      },
    },
  };
}

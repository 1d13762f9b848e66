// @ts-check
// Hostile documents, made on the spot (nothing fetched): each case writes a spec into a folder
// and says what every tool must answer. Shared by the hostile-document tests of codegen and
// spec-diff and by bench/hostile.bench.mjs (which measures memory and time per case and tool).
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, symlinkSync, writeFileSync, ftruncateSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Planted next to every case; must appear in no output, message or written file. */
export const SECRET = 'HEM_PLANTED_SECRET_7f3a9c';

const HEAD = `openapi: 3.1.0
info: { title: hostile, version: '1' }
paths:
  /things:
    get:
      operationId: getThings
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: { $ref: '#/components/schemas/Thing' }
`;

/** A document whose schema Thing is `thing` (YAML text, one line), plus `tail` at the root. */
const spec = (thing, tail = '') => `${HEAD}components:\n  schemas:\n    Thing: ${thing}\n${tail}`;

/**
 * @typedef {{ name: string, what: string, flags?: string[], pointer: string, message: RegExp,
 *   write(dir: string, ctx: { port: number }): void }} HostileCase
 */

/** @type {HostileCase[]} */
export const CASES = [
  {
    name: 'outside',
    what: '$ref to a file outside the folder',
    pointer: '#/components/schemas/Thing',
    message: /outside\.yaml is outside .*--allow-dir/,
    write: (dir) => writeFileSync(join(dir, 'openapi.yaml'), spec(`{ $ref: '../outside.yaml' }`)),
  },
  {
    name: 'absolute',
    what: '$ref to an absolute path',
    pointer: '#/components/schemas/Thing',
    message: /outside\.yaml is outside /,
    write: (dir) => writeFileSync(join(dir, 'openapi.yaml'), spec(`{ $ref: '${join(dirname(dir), 'outside.yaml')}' }`)),
  },
  {
    name: 'device',
    what: '$ref to /dev/zero, directly and through a symlink in an allowed folder',
    flags: ['--allow-dir', '/dev'],
    pointer: '#/components/schemas/Thing',
    message: /zero\.yaml is not a regular file/,
    write: (dir) => {
      symlinkSync('/dev/zero', join(dir, 'zero.yaml'));
      writeFileSync(join(dir, 'openapi.yaml'), spec(`{ $ref: 'zero.yaml' }`, `    Other: { $ref: '/dev/zero' }\n`));
    },
  },
  {
    name: 'fifo',
    what: '$ref to a FIFO',
    pointer: '#/components/schemas/Thing',
    message: /pipe\.yaml is not a regular file/,
    write: (dir) => {
      execFileSync('mkfifo', [join(dir, 'pipe.yaml')]);
      writeFileSync(join(dir, 'openapi.yaml'), spec(`{ $ref: 'pipe.yaml' }`));
    },
  },
  {
    name: 'symlink',
    what: '$ref to a symlink that leaves the folder',
    pointer: '#/components/schemas/Thing',
    message: /link\.yaml \(a symlink to .*outside\.yaml\) is outside /,
    write: (dir) => {
      symlinkSync(join(dirname(dir), 'outside.yaml'), join(dir, 'link.yaml'));
      writeFileSync(join(dir, 'openapi.yaml'), spec(`{ $ref: 'link.yaml' }`));
    },
  },
  {
    name: 'big',
    what: '$ref to a 200 MB file (sparse)',
    pointer: '#/components/schemas/Thing',
    message: /big\.yaml is 200\.0 MiB, above the 16\.0 MiB cap per file/,
    write: (dir) => {
      const fd = openSync(join(dir, 'big.yaml'), 'w');
      ftruncateSync(fd, 200 * 2 ** 20);
      closeSync(fd);
      writeFileSync(join(dir, 'openapi.yaml'), spec(`{ $ref: 'big.yaml' }`));
    },
  },
  {
    name: 'http',
    what: '$ref to http://127.0.0.1:<port>/ served by the test',
    pointer: '#/components/schemas/Thing',
    message: /\$ref "http:\/\/127\.0\.0\.1:\d+\/thing\.yaml" is a URL: refused, no tool reads the network/,
    write: (dir, { port }) => writeFileSync(join(dir, 'openapi.yaml'), spec(`{ $ref: 'http://127.0.0.1:${port}/thing.yaml' }`)),
  },
  {
    name: 'percent',
    what: 'malformed %-escapes in a $ref',
    pointer: '#/components/schemas/Thing',
    message: /\$ref "thing%E0%A4%A\.yaml" has a malformed %-escape/,
    write: (dir) => writeFileSync(join(dir, 'openapi.yaml'), spec(`{ $ref: 'thing%E0%A4%A.yaml' }`)),
  },
  {
    name: 'alias-bomb',
    what: 'a YAML alias bomb (10^9 nodes from 700 bytes)',
    pointer: '#/x-bomb/g',
    message: /expands to more than 5000000 nodes .*--max-nodes/,
    write: (dir) => {
      const levels = 'abcdefghi'.split('');
      const lines = levels.map(
        (l, i) =>
          `  ${l}: &${l} [${
            i === 0
              ? 'lol, lol, lol, lol, lol, lol, lol, lol, lol, lol'
              : Array(10)
                  .fill(`*${levels[i - 1]}`)
                  .join(', ')
          }]`,
      );
      writeFileSync(join(dir, 'openapi.yaml'), spec('{ type: string }', `x-bomb:\n${lines.join('\n')}\n`));
    },
  },
  {
    name: 'ref-bomb',
    what: 'a $ref bomb (each level refers to the next ten times; 10^8 nodes once copied)',
    pointer: '#/x-defs/l1/allOf',
    message: /expands to more than 5000000 nodes/,
    write: (dir) => {
      const lines = [];
      for (let i = 0; i < 8; i++)
        lines.push(
          `  l${i}: { allOf: [${Array(10)
            .fill(`{ $ref: '#/x-defs/l${i + 1}' }`)
            .join(', ')}] }`,
        );
      lines.push('  l8: { type: string }');
      writeFileSync(join(dir, 'openapi.yaml'), spec(`{ $ref: '#/x-defs/l0' }`, `x-defs:\n${lines.join('\n')}\n`));
    },
  },
  {
    name: 'deep-yaml',
    what: '10,000 levels of nesting (YAML)',
    pointer: '#/components/schemas/Thing',
    message: /deep\.yaml is not valid YAML \(nor JSON\) at line 1, column \d+: nesting exceeded the limit of 256 levels \(--max-depth\)/,
    write: (dir) => {
      // Unquoted keys: YAML flow style, not JSON, so the YAML parser reads it.
      writeFileSync(join(dir, 'deep.yaml'), `${'{a: '.repeat(10_000)}1${'}'.repeat(10_000)}\n`);
      writeFileSync(join(dir, 'openapi.yaml'), spec(`{ $ref: 'deep.yaml' }`));
    },
  },
  {
    name: 'deep-json',
    what: '10,000 levels of nesting (JSON)',
    pointer: '#/components/schemas/Thing',
    message: /deep\.json#\/properties\/a(\/properties\/a){127}: nested deeper than 256 levels/,
    write: (dir) => {
      writeFileSync(join(dir, 'deep.json'), `${'{"type":"object","properties":{"a":'.repeat(10_000)}{}${'}}'.repeat(10_000)}`);
      writeFileSync(join(dir, 'openapi.yaml'), spec(`{ $ref: 'deep.json' }`));
    },
  },
  {
    name: 'self',
    what: 'a schema that is only a $ref to itself',
    pointer: '#/components/schemas/Thing',
    message: /\$ref "#\/components\/schemas\/Thing" leads back to itself through \$refs only/,
    write: (dir) => writeFileSync(join(dir, 'openapi.yaml'), spec(`{ $ref: '#/components/schemas/Thing' }`)),
  },
  {
    name: 'syntax',
    what: 'a YAML syntax error in the document',
    pointer: '#',
    message: /openapi\.yaml is not valid YAML at line 3, column \d+: /,
    write: (dir) => writeFileSync(join(dir, 'openapi.yaml'), `openapi: 3.1.0\ninfo: { title: t, version: '1' }\npaths: { /a: [ }\n`),
  },
  {
    name: 'env',
    what: '$ref to the .env beside the spec',
    pointer: '#/components/schemas/Thing/description',
    message: /\.env is not a \.yaml, \.yml or \.json file/,
    write: (dir) => writeFileSync(join(dir, 'openapi.yaml'), spec(`{ description: { $ref: '.env' }, type: string }`)),
  },
];

/**
 * Writes `hostile` case into `dir` (the spec's folder, made here): the case's files, a `.env`
 * beside the spec and an `outside.yaml` above it, both holding SECRET. Returns the spec's path.
 * @param {HostileCase} hostile @param {string} dir @param {{ port: number }} ctx
 */
export function writeCase(hostile, dir, ctx) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, '.env'), `API_TOKEN=${SECRET}\n`);
  writeFileSync(join(dirname(dir), 'outside.yaml'), `type: string\ndescription: ${SECRET}\n`);
  hostile.write(dir, ctx);
  return join(dir, 'openapi.yaml');
}

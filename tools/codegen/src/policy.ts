// The resolve policy: what a document may make a tool read. Written once, plugged into
// Redocly's resolver (BaseResolver's resolveExternalRef / loadExternalRef / parseDocument
// hooks), and used by every tool that reads a spec (generator, check-spec, spec-diff, docs).
// Redocly's own resolver reads any path, follows http(s) $refs, opens devices and FIFOs and
// reads whole files; it has no option for any of that, so those three hooks are ours.
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { BaseResolver, type Document, Source, parseYaml } from '@redocly/openapi-core';

export interface ResolvePolicy {
  /** Folders $refs may read from besides the root document's own (`--allow-dir`, repeatable). */
  allowDirs?: readonly string[];
  /** Largest file read, in bytes (`--max-file-bytes`). */
  maxFileBytes?: number;
  /** Largest sum of every file of one document, in bytes (`--max-document-bytes`). */
  maxDocumentBytes?: number;
  /** Most nodes the document may expand to once YAML aliases and $refs are followed (`--max-nodes`). */
  maxNodes?: number;
  /** Deepest nesting of objects and arrays (`--max-depth`). */
  maxDepth?: number;
}

/** Well above the largest real documents seen (Twilio 1.9 MB, Discord 1.2 MB, ~40 levels deep). */
export const POLICY_DEFAULTS = {
  maxFileBytes: 16 * 2 ** 20,
  maxDocumentBytes: 64 * 2 ** 20,
  maxNodes: 5_000_000,
  maxDepth: 256,
} as const;

/** A refusal of the policy. Its message names the file and the rule, never the file's contents. */
export class PolicyError extends Error {
  override name = 'PolicyError';
  /** The place in the file named by `file`, when the refusal has one (depth, size of expansion). */
  readonly pointer: string | undefined;
  readonly file: string | undefined;
  constructor(message: string, where?: { file: string; pointer: string }) {
    super(where ? `${where.file}${where.pointer}: ${message}` : message);
    this.pointer = where?.pointer;
    this.file = where?.file;
  }
}

/** Only these are parsed as data; anything else (a `.env`, a key, Markdown) is refused. */
const DATA_FILE = /\.(ya?ml|json)$/i;
/** A URI scheme (`http:`, `file:`, `data:` …), not a Windows drive letter. */
const SCHEME = /^[a-z][a-z0-9+.-]+:/i;
const mib = (n: number) => `${(n / 2 ** 20).toFixed(1)} MiB`;

/** Command-line flags of the policy, for node:util parseArgs in every CLI. */
export const POLICY_FLAGS = {
  'allow-dir': { type: 'string', multiple: true },
  'max-file-bytes': { type: 'string' },
  'max-document-bytes': { type: 'string' },
  'max-nodes': { type: 'string' },
  'max-depth': { type: 'string' },
} as const;

export const POLICY_USAGE = `  --allow-dir DIR           $refs may also read files under DIR (repeatable; default: only the document's folder)
  --max-file-bytes N        refuse a file larger than N bytes (default ${POLICY_DEFAULTS.maxFileBytes})
  --max-document-bytes N    refuse a document whose files add up to more (default ${POLICY_DEFAULTS.maxDocumentBytes})
  --max-nodes N             refuse a document that expands to more nodes through aliases and $refs (default ${POLICY_DEFAULTS.maxNodes})
  --max-depth N             refuse nesting deeper than N levels (default ${POLICY_DEFAULTS.maxDepth})`;

/** The policy the flags name; throws a PolicyError for a malformed number. */
export function policyFromFlags(values: Record<string, unknown>, cwd: string): ResolvePolicy {
  const policy: { -readonly [K in keyof ResolvePolicy]: ResolvePolicy[K] } = {};
  const dirs = values['allow-dir'];
  if (Array.isArray(dirs)) policy.allowDirs = dirs.map((d) => resolve(cwd, String(d)));
  const numbers = { 'max-file-bytes': 'maxFileBytes', 'max-document-bytes': 'maxDocumentBytes', 'max-nodes': 'maxNodes', 'max-depth': 'maxDepth' } as const;
  for (const [flag, key] of Object.entries(numbers)) {
    const text = values[flag];
    if (text === undefined) continue;
    if (typeof text !== 'string' || !/^[1-9]\d{0,15}$/.test(text)) throw new PolicyError(`--${flag} takes a positive whole number, got "${String(text).slice(0, 40)}".`);
    policy[key] = Number(text);
  }
  return policy;
}

const inside = (dir: string, file: string) => {
  const rel = relative(dir, file);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
};

/**
 * Redocly's resolver under our policy. One instance per load: it counts the bytes read.
 */
export class PolicyResolver extends BaseResolver {
  readonly limits: Required<Omit<ResolvePolicy, 'allowDirs'>>;
  /** Real paths of the folders $refs may read from. */
  readonly dirs: string[];
  private readonly rootDir: string;
  private readonly root: string;
  private bytes = 0;
  /** $refs refused while resolving their path; loadExternalRef throws these (resolveExternalRef must not throw). */
  private readonly refusals = new Map<string, PolicyError>();

  constructor(rootFile: string, policy: ResolvePolicy = {}) {
    super({ http: { headers: [] } } as unknown as ConstructorParameters<typeof BaseResolver>[0]);
    this.root = resolve(rootFile);
    this.rootDir = dirname(this.root);
    this.limits = {
      maxFileBytes: policy.maxFileBytes ?? POLICY_DEFAULTS.maxFileBytes,
      maxDocumentBytes: policy.maxDocumentBytes ?? POLICY_DEFAULTS.maxDocumentBytes,
      maxNodes: policy.maxNodes ?? POLICY_DEFAULTS.maxNodes,
      maxDepth: policy.maxDepth ?? POLICY_DEFAULTS.maxDepth,
    };
    this.dirs = [this.rootDir, ...(policy.allowDirs ?? [])].map((d) => {
      try {
        return realpathSync(d);
      } catch {
        return resolve(d);
      }
    });
  }

  /** A path as messages show it: relative to the root document's folder when under it. */
  show(file: string): string {
    if (file.startsWith('\0')) return file.slice(1);
    return inside(this.rootDir, file) ? relative(this.rootDir, file) || '.' : file;
  }

  // Redocly keeps `%xx` escapes as written and turns http(s) into a URL to fetch. A $ref is a
  // URI reference: decode it; a URL or a malformed escape becomes a refusal, thrown on load
  // (Redocly calls this outside its try, so throwing here would lose the $ref's pointer).
  override resolveExternalRef(base: string | null, ref: string): string {
    if (base === null) return resolve(ref);
    // JSON quoting: the $ref is the document's text, and may hold control characters.
    const quoted = JSON.stringify(ref.slice(0, 200));
    const refuse = (message: string) => {
      const key = `\0${ref}`;
      this.refusals.set(key, new PolicyError(message));
      return key;
    };
    if (SCHEME.test(ref) && !/^[a-z]:[\\/]/i.test(ref)) {
      return refuse(`$ref ${quoted} is a URL: refused, no tool reads the network; copy the file next to the document and refer to it by a relative path.`);
    }
    let path: string;
    try {
      path = decodeURIComponent(ref);
    } catch {
      return refuse(`$ref ${quoted} has a malformed %-escape: write %25 for a literal %, or %XX with two hex digits.`);
    }
    if (base.startsWith('\0')) return refuse(`$ref ${quoted} is inside a refused file.`);
    return resolve(dirname(base), path);
  }

  override async loadExternalRef(absoluteRef: string): Promise<Source> {
    const refused = this.refusals.get(absoluteRef);
    if (refused) throw refused;
    return new Source(absoluteRef, this.read(absoluteRef));
  }

  /** Reads one file if the policy allows it: checks before opening, size before reading, a bounded read. */
  read(file: string): string {
    const shown = this.show(file);
    const isRoot = file === this.root;
    const outside = (via: string) =>
      new PolicyError(`${shown}${via} is outside ${this.dirs.join(', ')}: $refs read only under the document's folder; pass --allow-dir to allow another folder.`);
    // Where it points before whether it exists: a refusal must not tell what is on the machine.
    if (!isRoot && !this.dirs.some((d) => inside(d, file)) && !inside(this.rootDir, file)) throw outside('');
    if (!isRoot && !DATA_FILE.test(file)) {
      throw new PolicyError(`${shown} is not a .yaml, .yml or .json file: only OpenAPI documents are read through $ref.`);
    }
    let real: string;
    try {
      real = realpathSync(file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new PolicyError(code === 'ENOENT' ? `${shown} does not exist.` : `${shown} cannot be read (${code ?? 'error'}).`);
    }
    if (!isRoot && !this.dirs.some((d) => inside(d, real))) throw outside(` (a symlink to ${real})`);
    const before = statSync(real);
    if (!before.isFile()) throw new PolicyError(`${shown} is not a regular file (a device, FIFO, socket or folder): refused.`);
    const tooBig = (size: number) => {
      if (size > this.limits.maxFileBytes) {
        return new PolicyError(`${shown} is ${mib(size)}, above the ${mib(this.limits.maxFileBytes)} cap per file: raise it with --max-file-bytes if the file is meant.`);
      }
      if (this.bytes + size > this.limits.maxDocumentBytes) {
        return new PolicyError(
          `${shown} would bring the document to ${mib(this.bytes + size)}, above the ${mib(this.limits.maxDocumentBytes)} cap per document: raise it with --max-document-bytes.`,
        );
      }
      return undefined;
    };
    const early = tooBig(before.size);
    if (early) throw early;
    // O_NONBLOCK: a FIFO swapped in after the stat must not block the open; O_NOFOLLOW: nor a symlink.
    const fd = openSync(real, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
    try {
      const st = fstatSync(fd);
      if (!st.isFile() || st.ino !== before.ino || st.dev !== before.dev) throw new PolicyError(`${shown} changed while it was being read: refused.`);
      const late = tooBig(st.size);
      if (late) throw late;
      const buffer = Buffer.allocUnsafe(st.size);
      let length = 0;
      while (length < buffer.length) {
        const n = readSync(fd, buffer, length, buffer.length - length, length);
        if (n === 0) break;
        length += n;
      }
      this.bytes += length;
      return buffer.toString('utf8', 0, length).replace(/\r\n/g, '\n');
    } finally {
      closeSync(fd);
    }
  }

  // JSON through JSON.parse (several times faster than the YAML parser on Twilio-sized files);
  // YAML through Redocly's parser with js-yaml's depth cap. Parse errors keep the reason and
  // the line, never the excerpt of the file js-yaml and V8 put in their messages.
  override parseDocument(source: Source, _isRoot = false): Document {
    const shown = this.show(source.absoluteRef);
    let parsed: unknown;
    const body = source.body;
    const json = /^\s*[{[]/.test(body.slice(0, 64));
    try {
      parsed = json ? JSON.parse(body) : undefined;
    } catch {
      // not JSON after all (YAML flow style): the YAML parser decides
    }
    if (parsed === undefined) {
      try {
        parsed = parseYaml(body, { filename: source.absoluteRef, maxDepth: this.limits.maxDepth } as Parameters<typeof parseYaml>[1]);
      } catch (error) {
        const e = error as { reason?: string; mark?: { line: number; column: number } };
        const where = e.mark ? ` at line ${e.mark.line + 1}, column ${e.mark.column + 1}` : '';
        const reason = (e.reason ?? 'cannot be parsed').replace(/maxDepth \((\d+)\)/, 'the limit of $1 levels (--max-depth)');
        throw new PolicyError(`${shown} is not valid YAML${json ? ' (nor JSON)' : ''}${where}: ${reason.slice(0, 200)}.`);
      }
    }
    measure(parsed, this.limits, shown);
    return { source, parsed };
  }
}

/** A `#/a/b` token, escaped. */
const token = (key: string | number) => String(key).replaceAll('~', '~0').replaceAll('/', '~1');

/**
 * Counts the nodes `value` expands to when every shared node (a YAML alias) is copied, and
 * its depth, in time linear in the distinct nodes. Throws at the pointer where a cap is passed.
 * `follow` may name a node that stands for another one (a $ref the consumer will inline) and its
 * pointer. Pointers are built only for a refusal: this runs over every node of every document.
 */
export function measure(
  value: unknown,
  limits: { maxNodes: number; maxDepth: number },
  file: string,
  follow?: (node: object) => { node: unknown; pointer: string } | undefined,
): void {
  const sizes = new Map<object, { nodes: number; height: number }>();
  const open = new Set<object>();
  // The place being visited: a base pointer (where the last followed $ref led) and the keys below it.
  const bases: { pointer: string; depth: number }[] = [{ pointer: '#', depth: 0 }];
  const keys: (string | number)[] = [];
  const refuse = (message: string) => {
    const base = bases[bases.length - 1]!;
    const pointer = [base.pointer, ...keys.slice(base.depth).map(token)].join('/');
    return new PolicyError(message, { file, pointer });
  };
  const leaf = { nodes: 1, height: 0 };
  const visit = (node: unknown, depth: number): { nodes: number; height: number } => {
    if (node === null || typeof node !== 'object') return leaf;
    if (follow) {
      const target = follow(node);
      if (target !== undefined && target.node !== node) {
        // Counted where it is defined: a refusal names a place that exists in the document.
        if (target.node === null || typeof target.node !== 'object' || open.has(target.node)) return leaf;
        bases.push({ pointer: target.pointer, depth: keys.length });
        try {
          return visit(target.node, depth);
        } finally {
          bases.pop();
        }
      }
    }
    const known = sizes.get(node);
    if (known && depth + known.height <= limits.maxDepth) return known;
    if (depth >= limits.maxDepth) throw refuse(`nested deeper than ${limits.maxDepth} levels (--max-depth): refused.`);
    if (open.has(node)) throw refuse('a YAML alias refers to a node that holds it: refused.');
    open.add(node);
    let nodes = 1;
    let height = 0;
    const add = (key: string | number, v: unknown) => {
      keys.push(key);
      const sub = visit(v, depth + 1);
      nodes += sub.nodes;
      if (sub.height + 1 > height) height = sub.height + 1;
      if (nodes > limits.maxNodes) {
        keys.pop();
        throw refuse(`expands to more than ${limits.maxNodes} nodes once its YAML aliases and $refs are copied (an alias or $ref bomb?): refused; --max-nodes raises the cap.`);
      }
      keys.pop();
    };
    if (Array.isArray(node)) for (let i = 0; i < node.length; i++) add(i, node[i]);
    else for (const key in node) if (Object.hasOwn(node, key)) add(key, (node as Record<string, unknown>)[key]);
    open.delete(node);
    const result = { nodes, height };
    sizes.set(node, result);
    return result;
  };
  visit(value, 0);
}

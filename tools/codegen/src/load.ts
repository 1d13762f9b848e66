// The only stage that reads files: parse the spec (YAML or JSON) and inline every `$ref`
// that points into another file, so the model sees one document whose $refs are all
// internal. Lint stays with the Redocly CLI; this only needs what a generator needs, fast.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { load as parseYaml } from 'js-yaml';
import { CodegenError } from './diagnostics.js';
import { child, get } from './pointer.js';

export interface LoadedSpec {
  /** The document, external $refs inlined; internal ($ref: '#/...') ones kept. */
  document: Record<string, unknown>;
  /** Every file the spec was read from, for watch and cache inputs. */
  files: string[];
}

type Json = Record<string, unknown>;

/** Reads a spec and the files it refers to; any problem is a CodegenError naming the place. */
export async function loadSpec(path: string): Promise<LoadedSpec> {
  const root = resolve(path);
  const files = new Map<string, unknown>();
  const read = (file: string, from: string): unknown => {
    if (files.has(file)) return files.get(file);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new CodegenError([{ severity: 'error', pointer: from, message: `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.` }]);
    }
    let parsed: unknown;
    try {
      parsed = /\.json$/i.test(file) || /^\s*[{[]/.test(text.slice(0, 64)) ? JSON.parse(text) : parseYaml(text);
    } catch (error) {
      throw new CodegenError([
        { severity: 'error', pointer: from, message: `${file} is not valid ${/\.json$/i.test(file) ? 'JSON' : 'YAML'}: ${(error as Error).message.split('\n')[0]}` },
      ]);
    }
    files.set(file, parsed);
    return parsed;
  };

  const document = read(root, '#');
  if (document === null || typeof document !== 'object' || Array.isArray(document)) {
    throw new CodegenError([{ severity: 'error', pointer: '#', message: `${path} is not an OpenAPI document (no object at its root).` }]);
  }

  /** A copy of `node` (found in `file`) with every external $ref replaced by what it names. */
  const inline = (node: unknown, file: string, at: string, stack: string[]): unknown => {
    if (node === null || typeof node !== 'object') return node;
    if (Array.isArray(node)) return node.map((item, i) => inline(item, file, child(at, i), stack));
    const obj = node as Json;
    if (typeof obj.$ref === 'string' && (!obj.$ref.startsWith('#') || file !== root)) {
      const [target, fragment = ''] = obj.$ref.split('#');
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(target!)) {
        throw new CodegenError([{ severity: 'error', pointer: at, message: `$ref "${obj.$ref}" is a URL; refer to local files only (the generator reads no network).` }]);
      }
      const targetFile = target ? resolve(dirname(file), decodeURI(target)) : file;
      const key = `${targetFile}#${fragment}`;
      if (stack.includes(key)) {
        throw new CodegenError([
          { severity: 'error', pointer: at, message: `$ref "${obj.$ref}" refers back to itself across files: move the schema into components/schemas of the main document.` },
        ]);
      }
      const value = get(read(targetFile, at), `#${fragment}`);
      if (value === undefined) throw new CodegenError([{ severity: 'error', pointer: at, message: `$ref "${obj.$ref}" points at nothing in ${targetFile}: fix the reference.` }]);
      const { $ref, ...siblings } = obj;
      const resolved = inline(value, targetFile, at, [...stack, key]);
      return Object.keys(siblings).length && resolved && typeof resolved === 'object' && !Array.isArray(resolved)
        ? { ...resolved, ...(inline(siblings, file, at, stack) as Json) }
        : resolved;
    }
    const out: Json = {};
    for (const [k, v] of Object.entries(obj)) out[k] = inline(v, file, child(at, k), stack);
    return out;
  };

  return { document: inline(document, root, '#', []) as Json, files: [...files.keys()] };
}

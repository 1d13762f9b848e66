// JSON Schema `pattern`s, judged once at generation time: compiled with the `u` flag (what
// JSON Schema means: ECMA-262 with Unicode), and checked for catastrophic backtracking.
//
// The ReDoS checker is recheck (4.5.0), not safe-regex2 (5.1.2): on the same patterns
// safe-regex2's star-height heuristic flagged the device's own linear base64 pattern and
// `^\d+(\.\d+)*$` (false alarms a spec author would learn to ignore) and passed `^(a|a)*$`
// (exponential); recheck proves each verdict with an attack string. It costs over a second
// to load and warm up, so it is loaded only for a pattern it has not judged before: verdicts
// are kept for the process (watch mode) and in this package's node_modules/.cache (the next
// run), keyed by recheck's version and the pattern.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The input bound the validator applies before a catastrophic pattern with no maxLength. */
export const PATTERN_INPUT_BOUND = 256;

export type PatternVerdict = { valid: false; error: string } | { valid: true; catastrophic?: { complexity: string } };

type Recheck = typeof import('recheck');
let recheck: Recheck | undefined;
const verdicts = new Map<string, PatternVerdict>();

type Catastrophic = { catastrophic?: { complexity: string } };
const CACHE = fileURLToPath(new URL('../node_modules/.cache/hem-codegen/recheck-4.5.0.json', import.meta.url));
let cache: Record<string, Catastrophic> | undefined;
const cached = (): Record<string, Catastrophic> => {
  if (cache) return cache;
  try {
    cache = Object.assign(Object.create(null), JSON.parse(readFileSync(CACHE, 'utf8')) as Record<string, Catastrophic>);
  } catch {
    cache = Object.create(null) as Record<string, Catastrophic>;
  }
  return cache!;
};

/** Whether `pattern` compiles with the `u` flag, and whether it can backtrack catastrophically. */
export function judgePattern(pattern: string): PatternVerdict {
  const known = verdicts.get(pattern);
  if (known) return known;
  let verdict: PatternVerdict;
  try {
    new RegExp(pattern, 'u');
    verdict = { valid: true, ...catastrophic(pattern) };
  } catch (error) {
    verdict = { valid: false, error: (error as Error).message };
  }
  verdicts.set(pattern, verdict);
  return verdict;
}

function catastrophic(pattern: string): Catastrophic {
  const known = cached()[pattern];
  if (known) return known;
  recheck ??= createRequire(import.meta.url)('recheck') as Recheck;
  let verdict: Catastrophic = {};
  try {
    const result = recheck.checkSync(pattern, 'u', { timeout: 10_000 });
    if (result.status === 'vulnerable') verdict = { catastrophic: { complexity: result.complexity.type } };
    // 'unknown' (the checker gave up) is no verdict either way: nothing to warn about, nothing to keep.
    if (result.status === 'unknown') return verdict;
  } catch {
    return verdict;
  }
  cached()[pattern] = verdict;
  try {
    mkdirSync(dirname(CACHE), { recursive: true });
    writeFileSync(CACHE, JSON.stringify(cache));
  } catch {
    // A cache that cannot be written costs time, never a result.
  }
  return verdict;
}

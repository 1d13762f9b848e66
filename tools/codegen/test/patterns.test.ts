// Patterns are judged when the code is generated: compiled with the `u` flag (JSON Schema's
// meaning), an invalid one refused at its pointer, a catastrophic one warned about and run
// only on bounded input.
import { describe, expect, test } from 'vitest';
import { PATTERN_INPUT_BOUND, judgePattern } from '../src/patterns.js';
import { doc, generate, type SchemaModule } from './helpers.js';

describe('patterns', () => {
  test('an invalid pattern is an error at its pointer, and blocks the validator', async () => {
    const gen = await generate(doc({ Bad: { type: 'string', pattern: '^(a$' }, Lone: { type: 'string', pattern: '^\\p{Nope}$' } }), ['types']);
    const errors = gen.rendered.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => d.pointer)).toEqual(['#/components/schemas/Bad/pattern', '#/components/schemas/Lone/pattern']);
    expect(errors[0]!.message).toMatch(/does not compile as a Unicode regular expression/);
    expect(gen.rendered.blocked).toContain('validator');
  });

  test('Unicode classes mean what JSON Schema says (the u flag)', async () => {
    const gen = await generate(doc({ Letters: { type: 'string', pattern: '^\\p{L}+$' } }));
    expect(gen.compileErrors).toEqual([]);
    for (const file of ['schemas.gen.ts', 'mini.gen.ts']) {
      const v = await gen.load<SchemaModule>('validator', file);
      expect(v.Letters!.safeParse('héllo').success, file).toBe(true);
      expect(v.Letters!.safeParse('p{L}}}').success, file).toBe(false);
    }
  });

  test('a catastrophic pattern is a warning, and the validator bounds the input (maxLength, else the default bound)', async () => {
    expect(judgePattern('^(a+)+$')).toEqual({ valid: true, catastrophic: { complexity: 'exponential' } });
    expect(judgePattern('^[0-9a-f]{32}$')).toEqual({ valid: true });
    const gen = await generate(
      doc({
        Unbounded: { type: 'string', pattern: '^(a+)+$' },
        Bounded: { type: 'string', pattern: '^(a|a)*$', maxLength: 12 },
      }),
    );
    expect(gen.compileErrors).toEqual([]);
    const warnings = gen.rendered.diagnostics.filter((d) => d.severity === 'warning');
    const at = (pointer: string) => warnings.find((d) => d.pointer === pointer)?.message ?? '';
    expect(at('#/components/schemas/Unbounded/pattern')).toMatch(new RegExp(`catastrophically .*at most ${PATTERN_INPUT_BOUND} characters \\(no maxLength`));
    expect(at('#/components/schemas/Bounded/pattern')).toMatch(/catastrophically .*at most 12 characters \(its maxLength\)/);
    for (const file of ['schemas.gen.ts', 'mini.gen.ts']) {
      const v = await gen.load<SchemaModule>('validator', file);
      expect(v.Unbounded!.safeParse('a'.repeat(PATTERN_INPUT_BOUND)).success, file).toBe(true);
      expect(v.Unbounded!.safeParse('a'.repeat(PATTERN_INPUT_BOUND + 1)).success, file).toBe(false);
      expect(v.Unbounded!.safeParse('aab').success, file).toBe(false);
      expect(v.Bounded!.safeParse('a'.repeat(12)).success, file).toBe(true);
      // Past maxLength the pattern never runs: the length check refuses it (an attack string would hang here).
      expect(v.Bounded!.safeParse(`${'a'.repeat(40)}!`).success, file).toBe(false);
    }
  });
});

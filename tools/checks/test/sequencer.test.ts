import { describe, expect, test } from 'vitest';
import type { TestSpecification, Vitest } from 'vitest/node';
import { SlowFirstSequencer } from '../sequencer.js';

// Projects and files as vitest hands them to a sequencer: only what the order reads.
function project(name: string, hemSlow: string[] = [], hemStartFirst: string[] = []) {
  return { name, config: { root: `/repo/${name}`, isolate: true, sequence: { groupOrder: 0 } }, getProvidedContext: () => ({ hemSlow, hemStartFirst }) };
}
const file = (p: ReturnType<typeof project>, path: string) => ({ project: p, moduleId: `${p.config.root}/${path}` }) as unknown as TestSpecification;
const names = (files: TestSpecification[]) => files.map((f) => `${f.project.name}/${f.moduleId.split('/').pop()}`);

function sequencer(durations: Record<string, number> = {}) {
  const cache = {
    getFileTestResults: (key: string) => (key in durations ? { duration: durations[key], failed: false } : undefined),
    getFileStats: () => undefined,
  };
  return new SlowFirstSequencer({ cache, config: { root: '/repo' } } as unknown as Vitest);
}

describe('SlowFirstSequencer', () => {
  const a = project('a', ['test/slow.test.ts']);
  const b = project('b');
  const z = project('z', ['test/long.test.ts', 'test/dry.test.ts'], ['test/dry.test.ts']);
  const files = [file(a, 'test/fast.test.ts'), file(a, 'test/slow.test.ts'), file(b, 'test/other.test.ts'), file(z, 'test/long.test.ts'), file(z, 'test/dry.test.ts')];

  test('without times (a fresh clone): the files started first, then the slow tier, then the rest in vitest order', async () => {
    expect(names(await sequencer().sort(files))).toEqual(['z/dry.test.ts', 'a/slow.test.ts', 'z/long.test.ts', 'a/fast.test.ts', 'b/other.test.ts']);
  });

  test("with the last run's times: the slow tier longest first, after the files started first", async () => {
    const order = await sequencer({ 'a:a/test/slow.test.ts': 10, 'z:z/test/long.test.ts': 90, 'z:z/test/dry.test.ts': 5 }).sort(files);
    expect(names(order)).toEqual(['z/dry.test.ts', 'z/long.test.ts', 'a/slow.test.ts', 'a/fast.test.ts', 'b/other.test.ts']);
  });
});

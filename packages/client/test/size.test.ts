import { OPERATIONS } from '@hem/types';
import { describe, expect, test } from 'vitest';
import { APPS, appSize } from '../bench/sizes.mjs';

// Ceilings a little above what `pnpm bench` measured (min+gz): the core 9.6 kB; with the
// validator 12.8 kB loaded first and 27.2 kB later, on the first key checked (the deep
// checks: curve math and the Edwards/Montgomery decoders). Before the checks became lazy the
// app loaded 65.6 kB up front. A change that grows the client noticeably raises these on
// purpose, in review. Measured with the spec's 2 operations; each operation the spec gains
// brings its data and schemas, so each one beyond those raises the first-load ceiling by
// PER_OPERATION (min+gz), and a spec change alone never breaks the budget.
const MEASURED_WITH = 2;
const PER_OPERATION = 400;
const grown = Math.max(0, Object.keys(OPERATIONS).length - MEASURED_WITH) * PER_OPERATION;
const CEILING: Record<string, { gzip: number; lazy: number }> = {
  'createHemClient + importKey (@hem/client/core, no validator)': { gzip: 10_300, lazy: 0 },
  'createHemClient + importKey (@hem/client, with validator)': { gzip: 13_400, lazy: 29_500 },
};

describe('size budget of an app that creates a client and calls importKey', () => {
  test.each(Object.entries(CEILING))('%s stays under its ceilings (min+gz)', async (name, ceiling) => {
    const { gzip, lazy } = await appSize(APPS[name]!);
    expect(gzip).toBeLessThanOrEqual(ceiling.gzip + grown);
    expect(lazy).toBeLessThanOrEqual(ceiling.lazy);
  });

  test("the validator's deep checks are not in what the app loads first", async () => {
    const { lazy } = await appSize(APPS['createHemClient + importKey (@hem/client, with validator)']!);
    expect(lazy).toBeGreaterThan(10_000);
  });
});

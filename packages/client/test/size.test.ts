import { describe, expect, test } from 'vitest';
import { APPS, appSize } from '../bench/sizes.mjs';

// Ceilings a little above what `pnpm bench` measured (3.2 kB and 56.5 kB min+gz): a change
// that grows the client noticeably has to raise them on purpose, in review.
const CEILING: Record<string, number> = {
  'createHemClient + importKey (@hem/client/core, no validator)': 3_600,
  'createHemClient + importKey (@hem/client, with validator)': 60_000,
};

describe('size budget of an app that creates a client and calls importKey', () => {
  test.each(Object.entries(CEILING))('%s stays under %i bytes min+gz', async (name, ceiling) => {
    const { gzip } = await appSize(APPS[name]!);
    expect(gzip).toBeLessThanOrEqual(ceiling);
  });
});

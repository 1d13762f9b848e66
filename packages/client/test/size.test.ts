import { describe, expect, test } from 'vitest';
import { APPS, appSize } from '../bench/sizes.mjs';

// Ceilings a little above what `pnpm bench` measured (7.6 kB and 65.6 kB min+gz; the core
// grew from 3.5 kB when every operation became data: parameter serialisation, every body
// kind, security alternatives, getKey's error table, the retry-safe import): a change that
// grows the client noticeably has to raise them on purpose, in review.
const CEILING: Record<string, number> = {
  'createHemClient + importKey (@hem/client/core, no validator)': 8_000,
  'createHemClient + importKey (@hem/client, with validator)': 67_000,
};

describe('size budget of an app that creates a client and calls importKey', () => {
  test.each(Object.entries(CEILING))('%s stays under %i bytes min+gz', async (name, ceiling) => {
    const { gzip } = await appSize(APPS[name]!);
    expect(gzip).toBeLessThanOrEqual(ceiling);
  });
});

import { describe, expect, test } from 'vitest';
import { APPS, appSize } from '../bench/sizes.mjs';

// Ceilings a little above what `pnpm bench` measured (3.5 kB and 59.1 kB min+gz, with the
// error brands that work across copies): a change that grows the client noticeably has to
// raise them on purpose, in review.
const CEILING: Record<string, number> = {
  'createHemClient + importKey (@hem/client/core, no validator)': 3_700,
  'createHemClient + importKey (@hem/client, with validator)': 60_000,
};

describe('size budget of an app that creates a client and calls importKey', () => {
  test.each(Object.entries(CEILING))('%s stays under %i bytes min+gz', async (name, ceiling) => {
    const { gzip } = await appSize(APPS[name]!);
    expect(gzip).toBeLessThanOrEqual(ceiling);
  });
});

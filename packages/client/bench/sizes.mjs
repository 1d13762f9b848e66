// Minified + gzipped size of small apps that create a client and call importKey
// (esbuild, browser target). Shared by the benchmark and the size-ceiling test.
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const APPS = {
  'createHemClient + importKey (@hem/client, with validator)': `import { createHemClient } from '@hem/client';
    const c = createHemClient({ baseUrl: 'https://my.ence.do', token: 't' });
    c.importKey({ label: 'a', type: 'ED25519', pubkey: 'AAAA' }).then(console.log);`,
  'createHemClient + importKey (@hem/client/core, no validator)': `import { createHemClient } from '@hem/client/core';
    const c = createHemClient({ baseUrl: 'https://my.ence.do', token: 't' });
    c.importKey({ label: 'a', type: 'ED25519', pubkey: 'AAAA' }).then(console.log);`,
  'openapi-fetch createClient + POST (for comparison)': `import createClient from 'openapi-fetch';
    const c = createClient({ baseUrl: 'https://my.ence.do', headers: { authorization: 'Bearer t' } });
    c.POST('/api/keymgmt/import', { body: { label: 'a', type: 'ED25519', pubkey: 'AAAA' } }).then(console.log);`,
};

/** Bytes of the app, minified and gzipped. */
export async function appSize(source) {
  const out = await build({
    stdin: { contents: source, resolveDir: fileURLToPath(new URL('.', import.meta.url)), loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  const code = out.outputFiles[0].contents;
  return { min: code.length, gzip: gzipSync(code, { level: 9 }).length };
}

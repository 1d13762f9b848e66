// Minified + gzipped size of small apps that create a client and call importKey (esbuild,
// browser target, code splitting on as an app bundler has it). `gzip` is what the app loads
// first: its entry chunk and every chunk that entry imports statically; `lazy` is what
// arrives later through dynamic imports (the deep key checks, on the first key checked).
// Shared by the benchmark and the size-ceiling test.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
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

/** Bytes of the app, minified and gzipped: { min, gzip } of the initial chunks, { lazyMin, lazy } of the rest. */
export async function appSize(source) {
  // esbuild splits only real entry files; the app lives beside this module so imports resolve.
  const dir = mkdtempSync(join(fileURLToPath(new URL('.', import.meta.url)), '.app-'));
  try {
    const entry = join(dir, 'app.mjs');
    writeFileSync(entry, source);
    const out = await build({
      entryPoints: [entry],
      bundle: true,
      minify: true,
      splitting: true,
      format: 'esm',
      platform: 'browser',
      outdir: join(dir, 'out'),
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const byName = new Map(out.outputFiles.map((f) => [basename(f.path), f.contents]));
    const outputs = out.metafile.outputs;
    const entryOut = Object.keys(outputs).find((k) => outputs[k].entryPoint);
    const initial = new Set();
    const visit = (name) => {
      if (initial.has(name)) return;
      initial.add(name);
      for (const i of outputs[name].imports) if (i.kind === 'import-statement' && outputs[i.path]) visit(i.path);
    };
    visit(entryOut);
    const size = (names) =>
      names.reduce(
        (acc, n) => {
          const code = byName.get(basename(n));
          return { min: acc.min + code.length, gzip: acc.gzip + gzipSync(code, { level: 9 }).length };
        },
        { min: 0, gzip: 0 },
      );
    const first = size([...initial]);
    const rest = size(Object.keys(outputs).filter((n) => !initial.has(n) && n.endsWith('.js')));
    return { min: first.min, gzip: first.gzip, lazyMin: rest.min, lazy: rest.gzip };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

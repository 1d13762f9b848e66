// spec:release, the release step's hook after `changeset version`: records the released spec
// bundle and a hash of each published package's src/, which spec:diff and spec:gate compare with.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PATHS, SpecDiffError, bundleSpec, type ReleaseRecord } from './load.js';
import { pendingChangesets, readReleaseGroup, sourceHash } from './release-group.js';

export async function writeRelease(root: string): Promise<{ version: string; files: string[] }> {
  const group = await readReleaseGroup(root);
  const pending = pendingChangesets(group);
  if (pending.length > 0) {
    throw new SpecDiffError(
      `${pending.length} changeset(s) still pending (${pending.map((p) => p.file).join(', ')}): run \`pnpm changeset version\` first; spec:release records what it released.`,
    );
  }
  const document = await bundleSpec(join(root, PATHS.spec));
  const record: ReleaseRecord = {
    version: group.version,
    sources: Object.fromEntries(group.packages.map((p) => [p.name, sourceHash(root, p.dir)])),
  };
  mkdirSync(join(root, PATHS.released), { recursive: true });
  writeFileSync(join(root, PATHS.releasedSpec), `${JSON.stringify(document, null, 2)}\n`);
  writeFileSync(join(root, PATHS.releaseRecord), `${JSON.stringify(record, null, 2)}\n`);
  return { version: group.version, files: [PATHS.releasedSpec, PATHS.releaseRecord] };
}

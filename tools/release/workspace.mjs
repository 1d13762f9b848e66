// Where the repository is, and what it publishes: the members of the one fixed group in
// .changeset/config.json, found by name among the workspace's packages.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** @returns {{ name: string, dir: string, manifest: Record<string, any> }[]} the fixed group, in the config's order */
export function releaseGroup(root = ROOT) {
  const config = JSON.parse(readFileSync(join(root, '.changeset/config.json'), 'utf8'));
  if (config.fixed?.length !== 1) throw new Error('.changeset/config.json: expected exactly one fixed group (the published packages).');
  const byName = new Map();
  for (const parent of ['packages', 'tools']) {
    for (const entry of readdirSync(join(root, parent))) {
      const file = join(root, parent, entry, 'package.json');
      if (!existsSync(file)) continue;
      const manifest = JSON.parse(readFileSync(file, 'utf8'));
      byName.set(manifest.name, { name: manifest.name, dir: join(root, parent, entry), manifest });
    }
  }
  return config.fixed[0].map((name) => {
    const pkg = byName.get(name);
    if (!pkg) throw new Error(`.changeset/config.json: the fixed group names ${name}, which is no workspace package.`);
    return pkg;
  });
}

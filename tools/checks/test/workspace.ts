import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** What the checks read of a package.json. */
export interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  license?: string;
  sideEffects?: boolean;
  exports?: Record<string, Record<string, object> | undefined>;
  dependencies?: Record<string, string>;
  publishConfig?: object;
}

export interface WorkspacePackage {
  dir: string;
  manifest: Manifest;
}

/** Every package under packages/ that is not private: what gets published. */
export function publishedPackages(): WorkspacePackage[] {
  return readdirSync(join(ROOT, 'packages'))
    .map((name) => join(ROOT, 'packages', name))
    .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest }))
    .filter((p) => !p.manifest.private);
}

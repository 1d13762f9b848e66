import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ROOT, publishedPackages } from './workspace.js';

const config = JSON.parse(readFileSync(join(ROOT, '.changeset/config.json'), 'utf8'));
const published = publishedPackages();

describe('one release group', () => {
  test('the fixed group holds exactly the published packages', () => {
    expect(config.fixed).toHaveLength(1);
    expect([...config.fixed[0]].sort()).toEqual(published.map((p) => p.manifest.name).sort());
  });

  test('published packages share one version', () => {
    expect(new Set(published.map((p) => p.manifest.version)).size).toBe(1);
  });

  test('workspace dependencies between them use workspace:*', () => {
    const names = new Set(published.map((p) => p.manifest.name));
    for (const p of published) {
      for (const [dep, range] of Object.entries(p.manifest.dependencies ?? {})) {
        if (names.has(dep)) expect(range, `${p.manifest.name} -> ${dep}`).toBe('workspace:*');
      }
    }
  });

  test('every pending changeset names only known packages', () => {
    const names = new Set(published.map((p) => p.manifest.name));
    for (const file of readdirSync(join(ROOT, '.changeset')).filter((f) => f.endsWith('.md') && f !== 'README.md')) {
      const front = /^---\n([\s\S]*?)\n---/.exec(readFileSync(join(ROOT, '.changeset', file), 'utf8'))?.[1] ?? '';
      for (const line of front.split('\n').filter(Boolean)) {
        expect(names, `${file}: ${line}`).toContain(/^["']?([^"':]+)["']?:/.exec(line)?.[1]);
      }
    }
  });
});

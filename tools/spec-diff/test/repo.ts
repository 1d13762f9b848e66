// A throwaway git repository shaped like the workspace: a fixed group of two published
// packages, a private one outside it, changesets, and a small spec with an external file.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { writeRelease } from '../src/index.js';

export const SPEC = `openapi: 3.1.0
info:
  title: fixture
  version: '1'
paths:
  /api/keymgmt/import:
    post:
      operationId: importKey
      x-hem-scope: { claim: 'keymgmt:imp', match: prefix }
      x-hem-tls: required
      requestBody:
        required: true
        content:
          application/json:
            schema: { $ref: '#/components/schemas/ImportKeyRequest' }
            examples:
              A: { $ref: 'components/examples.yaml#/A' }
      responses:
        '200': { description: stored }
components:
  schemas:
    ImportKeyRequest:
      type: object
      additionalProperties: false
      required: [label, type]
      properties:
        label: { type: string, maxLength: 32, description: A name. }
        type: { $ref: '#/components/schemas/KeyType' }
    KeyType:
      type: string
      enum: [SECP256R1, MLKEM512]
`;

const GIT_ENV = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' };
const made: string[] = [];

export class Repo {
  constructor(readonly root: string) {}

  write(path: string, text: string): this {
    mkdirSync(dirname(join(this.root, path)), { recursive: true });
    writeFileSync(join(this.root, path), text);
    return this;
  }

  read(path: string): string {
    return readFileSync(join(this.root, path), 'utf8');
  }

  /** Replaces text that must be there. */
  edit(path: string, from: string, to: string): this {
    const text = this.read(path);
    if (!text.includes(from)) throw new Error(`${path} has no ${JSON.stringify(from)}`);
    return this.write(path, text.replace(from, to));
  }

  git(...args: string[]): string {
    return execFileSync('git', args, { cwd: this.root, env: GIT_ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  }

  commit(message: string): this {
    this.git('add', '-A');
    this.git('commit', '-q', '--allow-empty', '-m', message);
    return this;
  }

  /** A pending changeset bumping `names` (default: the whole group). */
  changeset(id: string, bump: 'major' | 'minor' | 'patch', names = ['@fx/types', '@fx/client']): this {
    return this.write(`.changeset/${id}.md`, `---\n${names.map((n) => `"${n}": ${bump}`).join('\n')}\n---\n\nA change.\n`);
  }

  /** Moves every package of the group to `version`, as `changeset version` would. */
  setVersion(version: string): this {
    for (const dir of ['packages/types', 'packages/client']) {
      const manifest = JSON.parse(this.read(`${dir}/package.json`));
      this.write(`${dir}/package.json`, `${JSON.stringify({ ...manifest, version }, null, 2)}\n`);
    }
    return this;
  }
}

/** A repository at `version` with nothing released yet and no pending changeset. */
export function makeRepo(version = '0.1.0'): Repo {
  const root = mkdtempSync(join(tmpdir(), 'hem-spec-gate-'));
  made.push(root);
  const repo = new Repo(root);
  const manifest = (name: string, extra: object = {}) => `${JSON.stringify({ name, version, ...extra }, null, 2)}\n`;
  repo
    .write('package.json', `${JSON.stringify({ name: 'fixture', private: true }, null, 2)}\n`)
    .write('pnpm-workspace.yaml', 'packages:\n  - packages/*\n')
    .write('packages/types/package.json', manifest('@fx/types'))
    .write('packages/types/src/index.ts', 'export type KeyType = string;\n')
    .write('packages/client/package.json', manifest('@fx/client'))
    .write('packages/client/src/index.ts', 'export const client = {};\n')
    .write('packages/internal/package.json', manifest('@fx/internal', { private: true }))
    .write('packages/internal/src/index.ts', 'export {};\n')
    .write(
      '.changeset/config.json',
      `${JSON.stringify({ changelog: false, commit: false, fixed: [['@fx/types', '@fx/client']], linked: [], access: 'restricted', baseBranch: 'main', updateInternalDependencies: 'patch', ignore: ['@fx/internal'] }, null, 2)}\n`,
    )
    .write('spec/openapi.yaml', SPEC)
    .write('spec/components/examples.yaml', 'A:\n  value: { label: a, type: SECP256R1 }\n');
  repo.git('init', '-q', '-b', 'main');
  return repo.commit('start');
}

/** A repository whose release `version` is recorded (spec/released/ written and committed). */
export async function releasedRepo(version = '0.1.0'): Promise<Repo> {
  const repo = makeRepo(version);
  await writeRelease(repo.root);
  return repo.commit(`release ${version}`);
}

export function removeRepos(): void {
  for (const root of made.splice(0)) rmSync(root, { recursive: true, force: true });
}

/** The breaking change the gate tests make (an enum value removed), and the line it prints. */
export const DROP_MLKEM = ['enum: [SECP256R1, MLKEM512]', 'enum: [SECP256R1]'] as const;
export const BREAKING_LINE = 'breaking  #/components/schemas/KeyType/enum/1  enum value MLKEM512 removed: stricter request rule';

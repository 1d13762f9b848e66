// A throwaway npm registry for the release dry run: Verdaccio (pinned in package.json) as a
// child process on a free port, its config, storage, users and log in a temporary folder.
// @hem/* needs a login to read and to publish (a restricted, internal scope); nothing is
// proxied to another registry, so every @hem package a consumer gets was published here.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const VERDACCIO = fileURLToPath(new URL('node_modules/verdaccio/bin/verdaccio', import.meta.url));
// Room for a slow start on a loaded machine; a guard against a registry that never comes up.
const START_MS = 120_000;

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts Verdaccio in `dir` and signs up one publisher.
 * @param {string} dir an empty folder of the dry run's own
 * @param {NodeJS.ProcessEnv} env the environment for the child
 * @returns {Promise<{ url: string, token: string, authEnv: Record<string, string>, npmrc: string, log: () => string, close: () => Promise<void> }>}
 */
export async function startRegistry(dir, env) {
  mkdirSync(join(dir, 'storage'), { recursive: true });
  const config = join(dir, 'config.yaml');
  // JSON is YAML: no YAML writer needed.
  writeFileSync(
    config,
    JSON.stringify(
      {
        storage: join(dir, 'storage'),
        auth: { htpasswd: { file: join(dir, 'htpasswd'), max_users: 1 } },
        uplinks: {},
        packages: {
          '@hem/*': { access: '$authenticated', publish: '$authenticated', unpublish: '$authenticated' },
          '**': { access: '$authenticated', publish: '$authenticated' },
        },
        // The tarballs with their source maps and src/ are a few hundred kB; room for growth.
        max_body_size: '200mb',
        web: { enable: false },
        log: { type: 'stdout', format: 'json', level: 'warn' },
      },
      null,
      2,
    ),
  );
  const logFile = join(dir, 'verdaccio.log');
  let output = '';
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/`;
    const child = spawn(process.execPath, [VERDACCIO, '--config', config, '--listen', `127.0.0.1:${port}`], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(`exited ${code ?? signal}`)));
    const close = async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      writeFileSync(logFile, output);
    };
    const up = await Promise.race([exited, waitForPing(url)]);
    if (up === true) {
      try {
        const token = await signUp(url);
        const authKey = `npm_config_${url.replace(/^https?:/, '')}:_authToken`;
        return {
          url,
          token,
          // npm and pnpm both read a registry's token from this variable. pnpm ignores a
          // ${VAR} in a project .npmrc, so the token never goes into the copy's files.
          authEnv: { [authKey]: token },
          npmrc: `@hem:registry=${url}\n`,
          log: () => output,
          close,
        };
      } catch (error) {
        await close();
        throw error;
      }
    }
    await close();
    // Another process took the port between the probe and the listen: try another.
    if (attempt >= 2) throw new Error(`Verdaccio did not start (${up}):\n${output}`);
  }
}

async function waitForPing(url) {
  const until = Date.now() + START_MS;
  while (Date.now() < until) {
    try {
      if ((await fetch(`${url}-/ping`)).ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return `no answer on ${url}-/ping`;
}

/** Creates the publisher (the first user signs up; max_users is 1) and returns its token. */
async function signUp(url) {
  const name = 'hem-release';
  const response = await fetch(`${url}-/user/org.couchdb.user:${name}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, password: `dry-run-${crypto.randomUUID()}` }),
  });
  const body = await response.json().catch(() => ({}));
  if (response.status !== 201 || typeof body.token !== 'string') throw new Error(`signing up ${name} on ${url} answered ${response.status}: ${JSON.stringify(body.error ?? body)}`);
  return body.token;
}

/** The registry's document of a package, as an authenticated reader (or anonymously: token undefined). */
export async function packument(url, name, token) {
  const response = await fetch(`${url}${name.replace('/', '%2f')}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: response.status, body: await response.json().catch(() => undefined) };
}

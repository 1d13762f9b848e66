#!/usr/bin/env node
// hem-mock-server: the mock on this machine, for demos, CI and other languages' tests.
// Prints its URLs, the certificate's path and ready tokens; stops cleanly on SIGINT/SIGTERM.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { OPERATIONS } from '@hem/types';
import { createMockHem, type MockHem } from './node.js';

const usage = `Usage: hem-mock-server [options]

A mock Encedo HEM on this machine: HTTPS with a self-signed certificate made at start, and
plain HTTP (answered 418, as the device does). Prints its URLs, the certificate's path and
a ready token per operation; stops on Ctrl-C (SIGINT) or SIGTERM.

  --host ADDR           address to listen on (default 127.0.0.1)
  --port N              HTTPS port (default: any free port)
  --http-port N         plain-HTTP port (default: any free port)
  --store FILE          keep the keys in FILE (JSON, written atomically); default: in memory
  --capacity N          keys the repository holds (default 1000); a full one answers 406
  --descr-max-bytes N   largest decoded descr: 64 (firmware 1.2.2, default) or 128
  --origin URL          allow this CORS origin (repeat it; '*' allows any); default: none
  --no-require-tls      serve the API over plain HTTP too (no 418)
  --hostname NAME       another name for the certificate (repeat it)
  --ca-file FILE        write the certificate here (default: a temporary file, removed at stop)
  --token-ttl SECONDS   lifetime of the printed tokens (default 3600)
  --json                print one JSON line: {url, httpUrl, caFile, store, tokens}
  --verbose             log every exchange to stderr (method, path, status)
  -h, --help            this text

Exit codes: 0 stopped by a signal, 1 could not start, 2 bad usage.`;

function fail(message: string): never {
  console.error(`hem-mock-server: ${message}\n\n${usage}`);
  process.exit(2);
}

function integer(name: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) fail(`--${name} must be a whole number of at least ${min}, got ${JSON.stringify(value)}.`);
  return n;
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        host: { type: 'string' },
        port: { type: 'string' },
        'http-port': { type: 'string' },
        store: { type: 'string' },
        capacity: { type: 'string' },
        'descr-max-bytes': { type: 'string' },
        origin: { type: 'string', multiple: true },
        'no-require-tls': { type: 'boolean', default: false },
        hostname: { type: 'string', multiple: true },
        'ca-file': { type: 'string' },
        'token-ttl': { type: 'string' },
        json: { type: 'boolean', default: false },
        verbose: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    fail((error as Error).message);
  }
  const { values } = parsed;
  if (values.help) {
    console.log(usage);
    return;
  }
  const origins = values.origin?.includes('*') ? '*' : (values.origin ?? []);
  const ttl = integer('token-ttl', values['token-ttl'], 1) ?? 3600;
  const descrMaxBytes = integer('descr-max-bytes', values['descr-max-bytes'], 0);
  const capacity = integer('capacity', values.capacity, 0);
  const port = integer('port', values.port, 0);
  const httpPort = integer('http-port', values['http-port'], 0);
  const cwd = process.env.INIT_CWD ?? process.cwd();

  let mock: MockHem;
  try {
    mock = await createMockHem({
      ...(values.host ? { host: values.host } : {}),
      ...(port !== undefined ? { port } : {}),
      ...(httpPort !== undefined ? { httpPort } : {}),
      ...(values.store ? { store: resolve(cwd, values.store) } : {}),
      ...(capacity !== undefined ? { capacity } : {}),
      ...(descrMaxBytes !== undefined ? { descrMaxBytes } : {}),
      origins,
      requireTls: !values['no-require-tls'],
      ...(values.hostname ? { hostnames: values.hostname } : {}),
      ...(values.verbose ? { onAnswer: (e) => console.error(`${e.method} ${e.target} ${e.dropped ? 'dropped' : e.status}${e.operation ? ` ${e.operation}` : ''}`) } : {}),
    });
  } catch (error) {
    console.error(`hem-mock-server: ${(error as Error).message}`);
    process.exit(1);
  }

  // The certificate as a file, for NODE_EXTRA_CA_CERTS and curl --cacert.
  let caDir: string | undefined;
  let caFile: string;
  if (values['ca-file']) {
    caFile = resolve(cwd, values['ca-file']);
  } else {
    caDir = mkdtempSync(join(tmpdir(), 'hem-mock-server-'));
    caFile = join(caDir, 'ca.pem');
  }
  writeFileSync(caFile, mock.ca);

  // Before anything is printed: a signal right after the ready line must still stop cleanly.
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      console.error(`hem-mock-server: ${signal} again, exiting without waiting.`);
      process.exit(1);
    }
    stopping = true;
    void mock.close().then(() => {
      if (caDir) rmSync(caDir, { recursive: true, force: true });
      if (!values.json) console.log('hem-mock-server stopped');
      process.exit(0);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  // A token per operation, for the first scope rule that needs no parameter.
  const tokens: Record<string, { scope: string; token: string }> = {};
  for (const op of Object.values(OPERATIONS)) {
    const rule = op.hem?.scopes.find((s) => !s.claim.includes('<'));
    if (rule) tokens[op.id] = { scope: rule.claim, token: await mock.mintToken({ scope: rule.claim, expiresIn: ttl }) };
  }
  const storeText = values.store ? `${resolve(cwd, values.store)} (${mock.keys.size} keys)` : 'memory';
  if (values.json) {
    console.log(
      JSON.stringify({
        url: mock.url,
        httpUrl: mock.httpUrl,
        caFile,
        store: values.store ? resolve(cwd, values.store) : null,
        keys: mock.keys.size,
        tokens: Object.fromEntries(Object.entries(tokens).map(([id, t]) => [id, t.token])),
      }),
    );
  } else {
    const width = Math.max(...Object.keys(tokens).map((k) => k.length));
    console.log(
      [
        'hem-mock-server ready',
        `  url      ${mock.url}`,
        `  httpUrl  ${mock.httpUrl}${values['no-require-tls'] ? '' : '  (answers 418: TLS required)'}`,
        `  ca       ${caFile}  (NODE_EXTRA_CA_CERTS=${caFile}, curl --cacert ${caFile})`,
        `  store    ${storeText}`,
        `tokens (role User, valid ${ttl} s):`,
        ...Object.entries(tokens).map(([id, t]) => `  ${id.padEnd(width)}  ${t.scope.padEnd(12)} ${t.token}`),
        'Stop with Ctrl-C.',
      ].join('\n'),
    );
  }
}

await main();

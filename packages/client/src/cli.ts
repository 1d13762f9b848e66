#!/usr/bin/env node
// hem-import: import a public key file into an Encedo HEM from the command line.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { ImportKeyRequest, KeyType } from '@hem/types';
import { KEY_MODES, KEY_TYPES } from '@hem/types';
import { computeKid, parseImportKeyRequest } from '@hem/validator';
import { type HemKeyInput, type JwkLike, HemApiError, HemError, HemKeyFormatError, HemNetworkError, HemReadBackError, HemResponseError, HemTimeoutError, HemValidationError, createHemClient, toHemPublicKey } from './index.js';

const USAGE = `Usage: hem-import --url URL --label NAME [options] KEYFILE

Imports the public key in KEYFILE into the HEM at URL and prints its key id (kid).

KEYFILE  a PEM "PUBLIC KEY", DER SubjectPublicKeyInfo, a JWK (JSON), or the raw key as
         bytes or base64 text with --type. The type is read from the key; NIST points are
         compressed for you.

Options:
  --url URL            the device, e.g. https://my.ence.do (HTTPS is required)
  --label NAME         1 to 32 printable ASCII characters
  --mode MODE          ${KEY_MODES.join(' | ')} (NIST/SEC curves; omit otherwise)
  --descr-text TEXT    a description, as text (UTF-8; see --descr-max-bytes)
  --descr-b64 B64      a description, as base64 of its bytes
  --descr-max-bytes N  the device's limit on the description (64 on firmware 1.2.2, 128 newer)
  --type TYPE          the key type, needed for raw key bytes: ${KEY_TYPES.join(', ')}
  --token-file FILE    read the bearer token from FILE (default: the HEM_TOKEN variable)
  --dry-run            check the request and print it with the expected kid; send nothing
  --if-absent          import unless the key is already stored: after a 406, a 500, a timeout
                       or a lost connection, read the kid back instead of sending again
                       (prints "imported" or "already present"; never sends the import twice)
  --json               print one JSON object instead of text
  --timeout-ms N       give up after N milliseconds (default 30000)
  --allow-http         permit an http:// URL (test servers only; the device answers 418)
  -h, --help           show this help

The token is never taken from an argument, so it does not end up in shell history.

Exit codes: 0 imported (or dry run passed), 2 usage, 3 bad key or request (nothing sent),
4 the device refused (HTTP error status), 5 network failure or timeout,
6 the device's answer is wrong (malformed, or a kid that is not the key's).

Example:
  HEM_TOKEN=$(cat token.jwt) hem-import --url https://my.ence.do --label partner-signing peer.pem`;

const EXIT = { ok: 0, usage: 2, invalid: 3, refused: 4, network: 5, response: 6 } as const;

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        url: { type: 'string' },
        label: { type: 'string' },
        mode: { type: 'string' },
        'descr-text': { type: 'string' },
        'descr-b64': { type: 'string' },
        'descr-max-bytes': { type: 'string' },
        type: { type: 'string' },
        'token-file': { type: 'string' },
        'dry-run': { type: 'boolean' },
        'if-absent': { type: 'boolean' },
        json: { type: 'boolean' },
        'timeout-ms': { type: 'string' },
        'allow-http': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    return usage((error as Error).message);
  }
  if (values.help) {
    console.log(USAGE);
    return EXIT.ok;
  }
  const json = values.json === true;
  const say = (text: string, data: Record<string, unknown>) => console.log(json ? JSON.stringify(data) : text);

  try {
    if (positionals.length !== 1) throw new UsageError(positionals.length ? 'give exactly one KEYFILE' : 'KEYFILE is missing');
    if (!values.label) throw new UsageError('--label is required');
    if (values['descr-text'] !== undefined && values['descr-b64'] !== undefined) throw new UsageError('give --descr-text or --descr-b64, not both');
    if (values.type !== undefined && !(KEY_TYPES as readonly string[]).includes(values.type as string)) throw new UsageError(`--type must be one of ${KEY_TYPES.join(', ')}`);
    const timeoutMs = values['timeout-ms'] === undefined ? undefined : Number(values['timeout-ms']);
    if (timeoutMs !== undefined && !(Number.isInteger(timeoutMs) && timeoutMs > 0 && timeoutMs < 2 ** 31)) throw new UsageError('--timeout-ms must be a whole number of milliseconds, at most 2147483647');
    const descrMaxBytes = values['descr-max-bytes'] === undefined ? undefined : Number(values['descr-max-bytes']);
    if (descrMaxBytes !== undefined && !(Number.isInteger(descrMaxBytes) && descrMaxBytes >= 0)) throw new UsageError('--descr-max-bytes must be a whole number of bytes');
    const limits = descrMaxBytes === undefined ? {} : { descrMaxBytes };

    const file = positionals[0]!;
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (error) {
      throw new UsageError(`cannot read KEYFILE ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    const text = bytes.toString('utf8').trim();
    const input = readKey(text, bytes);
    const key = toHemPublicKey(input, values.type ? { type: values.type as KeyType } : undefined);

    const descr = values['descr-text'] !== undefined ? Buffer.from(values['descr-text'] as string, 'utf8').toString('base64') : (values['descr-b64'] as string | undefined);
    const request = {
      label: values.label as string,
      type: key.type,
      pubkey: key.pubkey,
      ...(values.mode !== undefined ? { mode: values.mode } : {}),
      ...(descr !== undefined ? { descr } : {}),
    } as ImportKeyRequest;

    if (values['dry-run']) {
      const checked = parseImportKeyRequest(request, limits);
      if (!checked.ok) throw new HemValidationError('importKey', checked.issues);
      const kid = computeKid(request.pubkey);
      say(`dry run: the request is valid; nothing was sent.\n${JSON.stringify(request, null, 2)}\nexpected kid: ${kid}`, { ok: true, dryRun: true, request, kid });
      return EXIT.ok;
    }

    if (!values.url) throw new UsageError('--url is required (or use --dry-run)');
    const token = readToken(values['token-file'] as string | undefined);
    const client = createHemClient({
      baseUrl: values.url as string,
      token,
      allowInsecureHttp: values['allow-http'] === true,
      ...limits,
      ...(timeoutMs ? { timeoutMs } : {}),
    });
    if (values['if-absent']) {
      const { kid, outcome } = await client.importKeyOnce(request);
      say(`${kid} ${outcome === 'imported' ? 'imported' : 'already present'}`, { ok: true, kid, outcome, type: request.type, label: request.label });
      return EXIT.ok;
    }
    const { kid } = await client.importKey(request);
    say(kid, { ok: true, kid, type: request.type, label: request.label });
    return EXIT.ok;
  } catch (error) {
    return report(error, json);
  }
}

/** A JWK, PEM, or base64 text (as another HEM exports keys, wrapped or not) as text; anything else as bytes. */
function readKey(text: string, bytes: Buffer): HemKeyInput {
  if (text.startsWith('{')) {
    try {
      const jwk: unknown = JSON.parse(text);
      if (jwk !== null && typeof jwk === 'object' && !Array.isArray(jwk)) return jwk as JwkLike;
    } catch {
      // not JSON: a raw key whose first byte happens to be "{"
    }
    return new Uint8Array(bytes);
  }
  if (text.startsWith('-----BEGIN')) return text;
  if (/^[A-Za-z0-9+/_-][A-Za-z0-9+/_\s-]*=*$/.test(text)) return text.replace(/\s+/g, '');
  return new Uint8Array(bytes);
}

function readToken(file: string | undefined): string {
  if (file !== undefined) {
    try {
      const token = readFileSync(file, 'utf8').trim();
      if (token) return token;
    } catch (error) {
      throw new UsageError(`cannot read --token-file ${file}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`);
    }
    throw new UsageError(`--token-file ${file} is empty`);
  }
  const token = process.env.HEM_TOKEN?.trim();
  if (!token) throw new UsageError('no token: set HEM_TOKEN or pass --token-file FILE');
  return token;
}

function usage(message: string): number {
  console.error(`hem-import: ${message}\nRun hem-import --help for usage.`);
  return EXIT.usage;
}

/** The exit code of a failure; a failed retry-safe import exits as its first failure did. */
function exitCodeOf(error: unknown): number {
  if (error instanceof HemKeyFormatError || error instanceof HemValidationError) return EXIT.invalid;
  if (error instanceof HemApiError) return EXIT.refused;
  if (error instanceof HemNetworkError || error instanceof HemTimeoutError) return EXIT.network;
  if (error instanceof HemResponseError) return EXIT.response;
  if (error instanceof HemReadBackError) return error.code === 'key_mismatch' ? EXIT.response : exitCodeOf(error.cause);
  if (error instanceof TypeError) return EXIT.usage;
  return 1;
}

function report(error: unknown, json: boolean): number {
  if (error instanceof UsageError) return usage(error.message);
  const code = exitCodeOf(error);
  const message = error instanceof Error ? error.message : String(error);
  if (json) {
    const detail = error instanceof HemError ? error.toJSON() : { name: (error as Error)?.name, message };
    console.log(JSON.stringify({ ok: false, exitCode: code, error: error instanceof HemKeyFormatError ? { name: error.name, code: error.code, message } : detail }));
  } else {
    console.error(`hem-import: ${message}`);
  }
  return code;
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});

// hem-import: import a public key file into an Encedo HEM from the command line. runCli is the
// whole command; the bin (cli.ts) calls it with the process's streams and variables, and the
// tests call the same built module many times in one process (test/cli-batch.mjs).
import { Console } from 'node:console';
import { open } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { ImportKeyRequest, KeyType } from '@hem/types';
import { KEY_MODES, KEY_TYPES, OPERATIONS } from '@hem/types';
import {
  type HemKeyInput,
  type JwkLike,
  HemApiError,
  HemError,
  HemKeyFormatError,
  HemNetworkError,
  HemReadBackError,
  HemResponseError,
  HemTimeoutError,
  HemValidationError,
  createHemClient,
  scrub,
  toHemPublicKey,
} from './index.js';

// The scope each call's token needs, from the spec (a HEM token holds one scope).
const IMPORT_SCOPE = OPERATIONS.importKey.hem.scopes[0].claim;
const READ_SCOPE = OPERATIONS.getKey.hem.scopes[0].claim;

const USAGE = `Usage: hem-import --url URL --label NAME [options] KEYFILE

Imports the public key in KEYFILE into the HEM at URL and prints its key id (kid).

KEYFILE  a PEM "PUBLIC KEY", DER SubjectPublicKeyInfo, a JWK (JSON), or the raw key as
         bytes or base64 text with --type. The type is read from the key; NIST points are
         compressed for you.

Options:
  --url URL            the device, e.g. https://my.ence.do (HTTPS is required)
  --label NAME         1 to 32 printable ASCII characters
  --mode MODE          ${KEY_MODES.join(' | ')} (required for NIST/SEC curves; optional otherwise)
  --descr-text TEXT    a description, as text (UTF-8; see --descr-max-bytes)
  --descr-b64 B64      a description, as base64 of its bytes
  --descr-max-bytes N  the device's limit on the description (64 on firmware 1.2.2, 128 newer)
  --type TYPE          the key type, needed for raw key bytes: ${KEY_TYPES.join(', ')}
  --token-file FILE    read the import token (scope ${IMPORT_SCOPE}) from FILE (default: the
                       HEM_TOKEN_IMP variable, or HEM_TOKEN as before); warns when the group
                       or others may read FILE (chmod 600 it)
  --dry-run            check the request and print it with the expected kid; send nothing
  --if-absent          import unless the key is already stored: after a 406, a 500, a timeout
                       or a lost connection, read the kid back instead of sending again
                       (prints "imported" or "already present"; never sends the import twice).
                       The read needs its own token: a HEM token holds one scope
  --read-token-file FILE
                       read the token for --if-absent's read-back (scope ${READ_SCOPE}) from
                       FILE (default: the HEM_TOKEN_GET variable); warns like --token-file
  --json               print one JSON object on stdout for every outcome, errors included:
                       {"ok": false, "exitCode": N, "message": ...} when it fails
  --timeout-ms N       give up after N milliseconds (default 30000)
  --allow-http         permit an http:// URL (test servers only; the device answers 418)
  -h, --help           show this help

Tokens are never taken from an argument, so they do not end up in shell history.
KEYFILE is read up to 64 KiB and each token file up to 16 KiB (no key or token is near that
size): a larger file, /dev/zero or a pipe that does not end is refused with exit 2.

Exit codes: 0 imported (or dry run passed), 2 usage, 3 bad key or request (nothing sent),
4 the device refused (HTTP error status), 5 the device could not be reached (nothing was
sent), 6 the device's answer is wrong (malformed, or a kid that is not the key's), 7 the
outcome is unknown: a timeout or a connection lost after the request left, so the key may be
stored (check with --if-absent, which reads the kid back instead of sending twice),
8 --if-absent had to read the kid back and has no read token (HEM_TOKEN_GET or
--read-token-file): the message says what the import's answer tells about the key.

Examples:
  HEM_TOKEN_IMP=$(cat import-token.jwt) hem-import --url https://my.ence.do --label partner-signing peer.pem
  HEM_TOKEN_IMP=$(cat import-token.jwt) HEM_TOKEN_GET=$(cat get-token.jwt) \\
    hem-import --url https://my.ence.do --label partner-signing --if-absent peer.pem`;

const EXIT = { ok: 0, usage: 2, invalid: 3, refused: 4, network: 5, response: 6, unknown: 7, noReadToken: 8 } as const;

/** The most bytes read from KEYFILE: a JWK with a certificate chain (x5c) fits; any key PEM is a few kB. */
const KEYFILE_LIMIT = 64 * 1024;
/** The most bytes read from --token-file: bearer tokens are a few hundred bytes, and Node refuses headers past 16 KiB anyway. */
const TOKEN_FILE_LIMIT = 16 * 1024;

const OPTIONS = {
  url: { type: 'string' },
  label: { type: 'string' },
  mode: { type: 'string' },
  'descr-text': { type: 'string' },
  'descr-b64': { type: 'string' },
  'descr-max-bytes': { type: 'string' },
  type: { type: 'string' },
  'token-file': { type: 'string' },
  'read-token-file': { type: 'string' },
  'dry-run': { type: 'boolean' },
  'if-absent': { type: 'boolean' },
  json: { type: 'boolean' },
  'timeout-ms': { type: 'string' },
  'allow-http': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** --if-absent had to read the kid back and no read token was given; `cause` is the import's failure. */
class NoReadTokenError extends Error {
  override readonly name = 'NoReadTokenError';
  readonly code = 'no_read_token';
  constructor(
    readonly kid: string,
    readonly stored: 'likely' | 'unknown',
    message: string,
    cause: unknown,
  ) {
    super(message, { cause });
  }
}

/** What one run prints: text for people, or exactly one JSON object (--json), whatever the outcome. */
class Output {
  readonly warnings: string[] = [];
  /** Scrubbed from everything printed; the client never puts them in an error, this is the second line of defence. */
  readonly secrets: string[] = [];
  constructor(
    readonly json: boolean,
    private readonly console: Console,
  ) {}

  warn(message: string): void {
    this.warnings.push(message);
    if (!this.json) this.console.error(`hem-import: warning: ${message}`);
  }

  done(text: string, data: Record<string, unknown>): number {
    this.print(this.console.log, this.json ? JSON.stringify({ ok: true, ...data, ...this.extra() }) : text);
    return EXIT.ok;
  }

  fail(exitCode: number, message: string, error: Record<string, unknown>): number {
    if (this.json) this.print(this.console.log, JSON.stringify({ ok: false, exitCode, message, error, ...this.extra() }));
    else
      this.print(
        this.console.error,
        exitCode === EXIT.usage && error.name === 'UsageError' ? `hem-import: ${message}\nRun hem-import --help for usage.` : `hem-import: ${message}`,
      );
    return exitCode;
  }

  private extra(): Record<string, unknown> {
    return this.warnings.length ? { warnings: this.warnings } : {};
  }

  private print(to: (text: string) => void, text: string): void {
    to(this.secrets.reduce((t, secret) => scrub(t, secret), text));
  }
}

/** --json decides how even a parse error is printed, so it is looked for before parsing (up to a "--"). */
function wantsJson(argv: readonly string[]): boolean {
  for (const arg of argv) {
    if (arg === '--') return false;
    if (arg === '--json') return true;
  }
  return false;
}

/** Where one run reads its tokens from and prints to: the bin passes the process's own. */
export interface CliIo {
  /** The variables: only HEM_TOKEN_IMP, HEM_TOKEN and HEM_TOKEN_GET are read. */
  env: Readonly<Record<string, string | undefined>>;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/**
 * Runs hem-import with `argv` (the arguments after the command) and answers its exit code;
 * every failure is reported on `io` and turned into a code, nothing is thrown. It neither
 * exits nor sets process.exitCode, and keeps no state from one call to the next.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  // A Console like the global one (errors writing, such as EPIPE, are ignored), on these streams.
  const out = new Output(wantsJson(argv), new Console({ stdout: io.stdout, stderr: io.stderr }));
  try {
    return await run([...argv], io.env, out);
  } catch (error) {
    return report(error, out);
  }
}

async function run(argv: string[], env: CliIo['env'], out: Output): Promise<number> {
  let parsed: ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; tokens: true; options: typeof OPTIONS }>>;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, tokens: true, options: OPTIONS });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals, tokens } = parsed;
  // parseArgs keeps the last of a repeated option; a second --label would drop the first in silence.
  const given = new Map<string, number>();
  for (const token of tokens)
    if (token.kind === 'option' && OPTIONS[token.name as keyof typeof OPTIONS]?.type === 'string') given.set(token.name, (given.get(token.name) ?? 0) + 1);
  for (const [name, count] of given) if (count > 1) throw new UsageError(`--${name} is given ${count} times; give it once`);
  if (values.help) {
    return out.done(USAGE, { usage: USAGE });
  }

  if (positionals.length !== 1) throw new UsageError(positionals.length ? 'give exactly one KEYFILE' : 'KEYFILE is missing');
  if (!values.label) throw new UsageError('--label is required');
  if (values['descr-text'] !== undefined && values['descr-b64'] !== undefined) throw new UsageError('give --descr-text or --descr-b64, not both');
  if (values.type !== undefined && !(KEY_TYPES as readonly string[]).includes(values.type)) throw new UsageError(`--type must be one of ${KEY_TYPES.join(', ')}`);
  const timeoutMs = values['timeout-ms'] === undefined ? undefined : Number(values['timeout-ms']);
  if (timeoutMs !== undefined && !(Number.isInteger(timeoutMs) && timeoutMs > 0 && timeoutMs < 2 ** 31))
    throw new UsageError('--timeout-ms must be a whole number of milliseconds, at most 2147483647');
  const descrMaxBytes = values['descr-max-bytes'] === undefined ? undefined : Number(values['descr-max-bytes']);
  if (descrMaxBytes !== undefined && !(Number.isInteger(descrMaxBytes) && descrMaxBytes >= 0)) throw new UsageError('--descr-max-bytes must be a whole number of bytes');
  const limits = descrMaxBytes === undefined ? {} : { descrMaxBytes };
  if (values['read-token-file'] !== undefined && !values['if-absent'])
    throw new UsageError('--read-token-file is for the read-back of --if-absent; add --if-absent or leave it out');

  const file = positionals[0]!;
  const { bytes } = await readBounded(file, 'KEYFILE', KEYFILE_LIMIT);
  const input = readKey(bytes.toString('utf8').trim(), new Uint8Array(bytes));
  const key = toHemPublicKey(input, values.type ? { type: values.type as KeyType } : undefined);

  const descr = values['descr-text'] !== undefined ? Buffer.from(values['descr-text'], 'utf8').toString('base64') : values['descr-b64'];
  const request = {
    label: values.label,
    type: key.type,
    pubkey: key.pubkey,
    ...(values.mode !== undefined ? { mode: values.mode } : {}),
    ...(descr !== undefined ? { descr } : {}),
  } as ImportKeyRequest;

  if (values['dry-run']) {
    // Only --dry-run needs the full validator (zod's schemas): loading it up front cost every
    // run about 0.15 s of CPU; an import checks through the client, which loads what it needs.
    const { computeKid, parseImportKeyRequest } = await import('@hem/validator');
    const checked = parseImportKeyRequest(request, limits);
    if (!checked.ok) throw new HemValidationError('importKey', checked.issues);
    const kid = computeKid(request.pubkey);
    return out.done(`dry run: the request is valid; nothing was sent.\n${JSON.stringify(request, null, 2)}\nexpected kid: ${kid}`, { dryRun: true, request, kid });
  }

  if (!values.url) throw new UsageError('--url is required (or use --dry-run)');
  const token = await readToken(IMPORT_TOKEN, values['token-file'], env, out);
  // Read before anything is sent, so a bad file stops the run while nothing has happened.
  const readBackToken = values['if-absent'] ? await readToken(READ_TOKEN, values['read-token-file'], env, out) : undefined;
  if (values['if-absent'] && readBackToken === undefined)
    out.warn(`--if-absent has no read token (set HEM_TOKEN_GET or pass --read-token-file FILE): if the import's answer leaves the outcome open, the kid cannot be read back`);
  let readTokenAsked = false;
  const client = createHemClient({
    baseUrl: values.url,
    // The import takes the import token; the read-back (any other operation) the read token.
    token: ({ operationId }) => {
      if (operationId === IMPORT_OPERATION) return token;
      if (readBackToken !== undefined) return readBackToken;
      readTokenAsked = true;
      throw new UsageError('no read token');
    },
    allowInsecureHttp: values['allow-http'] === true,
    ...limits,
    ...(timeoutMs ? { timeoutMs } : {}),
  });
  if (values['if-absent']) {
    let result: Awaited<ReturnType<typeof client.importKeyOnce>>;
    try {
      result = await client.importKeyOnce(request);
    } catch (error) {
      if (readTokenAsked && error instanceof HemReadBackError) {
        // Nothing was sent: the read token is not what is missing, the device is.
        if (error.cause instanceof HemNetworkError && error.cause.reachedDevice === 'no') throw error.cause;
        throw noReadToken(error);
      }
      throw error;
    }
    const { kid, outcome } = result;
    return out.done(`${kid} ${outcome === 'imported' ? 'imported' : 'already present'}`, { kid, outcome, type: request.type, label: request.label });
  }
  const { kid } = await client.importKey(request);
  return out.done(kid, { kid, type: request.type, label: request.label });
}

/**
 * Reads at most `limit` bytes of `file`, one more to tell a larger file, in a loop of
 * plain reads: no size from stat is trusted, so FIFOs, /dev/stdin and character devices
 * (/dev/zero never ends) are bounded like regular files.
 */
async function readBounded(file: string, what: string, limit: number): Promise<{ bytes: Buffer; mode: number; regular: boolean }> {
  const cannot = (error: unknown) => new UsageError(`cannot read ${what} ${file}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`);
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    throw cannot(error);
  }
  try {
    const info = await handle.stat();
    const buffer = Buffer.alloc(limit + 1);
    let filled = 0;
    while (filled <= limit) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, null);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    if (filled > limit) throw new UsageError(`${what} ${file} is larger than ${limit} bytes, the most hem-import reads from it; is it the right file?`);
    return { bytes: buffer.subarray(0, filled), mode: info.mode, regular: info.isFile() };
  } catch (error) {
    throw error instanceof UsageError ? error : cannot(error);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** A JWK, PEM, or base64 text (as another HEM exports keys, wrapped or not) as text; anything else as bytes. */
function readKey(text: string, bytes: Uint8Array): HemKeyInput {
  if (text.startsWith('{')) {
    try {
      const jwk: unknown = JSON.parse(text);
      if (jwk !== null && typeof jwk === 'object' && !Array.isArray(jwk)) return jwk as JwkLike;
    } catch {
      // not JSON: a raw key whose first byte happens to be "{"
    }
    return bytes;
  }
  return text.startsWith('-----BEGIN') || isBase64Text(text) ? text : bytes;
}

/** Base64 (either alphabet) with line breaks or spaces inside, `=` only at the end: one pass, no regex. */
function isBase64Text(text: string): boolean {
  let padding = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x3d && i > 0) padding = true;
    else if (padding || !(isBase64Char(c) || (i > 0 && (c === 0x20 || (c >= 0x09 && c <= 0x0d))))) return false;
  }
  return text.length > 0;
}

// A-Z a-z 0-9 + / - _
function isBase64Char(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2f || c === 0x2d || c === 0x5f;
}

/** Where a token comes from: its option, then its variables, first first. */
interface TokenPlace {
  option: string;
  variables: readonly string[];
  /** What to say when none is given; undefined: not having one is allowed. */
  missing?: string;
}
// HEM_TOKEN_IMP and HEM_TOKEN_GET are the names the READMEs and the docs samples use (a token
// per scope); HEM_TOKEN is what hem-import read before it had a read token, and keeps working.
const IMPORT_TOKEN = {
  option: '--token-file',
  variables: ['HEM_TOKEN_IMP', 'HEM_TOKEN'],
  missing: `no token: set HEM_TOKEN_IMP (a token with scope ${IMPORT_SCOPE}), set HEM_TOKEN or pass --token-file FILE`,
} satisfies TokenPlace;
const READ_TOKEN: TokenPlace = { option: '--read-token-file', variables: ['HEM_TOKEN_GET'] };
const IMPORT_OPERATION = OPERATIONS.importKey.id;

/** Reads a token from its file (bounded, mode checked) or its variables; the token goes to out.secrets. */
async function readToken(place: TokenPlace & { missing: string }, file: string | undefined, env: CliIo['env'], out: Output): Promise<string>;
async function readToken(place: TokenPlace, file: string | undefined, env: CliIo['env'], out: Output): Promise<string | undefined>;
async function readToken(place: TokenPlace, file: string | undefined, env: CliIo['env'], out: Output): Promise<string | undefined> {
  if (file !== undefined) {
    const { bytes, mode, regular } = await readBounded(file, place.option, TOKEN_FILE_LIMIT);
    // Only a regular file's mode says who can read it (a pipe from <(...) has none that matters).
    if (regular && process.platform !== 'win32' && (mode & 0o077) !== 0) {
      out.warn(`${place.option} ${file} may be read by the group or others (mode ${(mode & 0o777).toString(8).padStart(3, '0')}); run: chmod 600 ${shellQuote(file)}`);
    }
    const token = bytes.toString('utf8').trim();
    if (!token) throw new UsageError(`${place.option} ${file} is empty`);
    out.secrets.push(token, ...pieces(token));
    return oneLine(token, `${place.option} ${file}`);
  }
  const given = place.variables.map((name) => ({ name, token: env[name]?.trim() })).filter((v): v is { name: string; token: string } => Boolean(v.token));
  for (const { token } of given) out.secrets.push(token, ...pieces(token));
  for (const { name, token } of given) oneLine(token, name);
  const [first, ...others] = given;
  for (const other of others) if (other.token !== first!.token) out.warn(`${first!.name} and ${other.name} hold different tokens; using ${first!.name}`);
  if (!first && place.missing) throw new UsageError(place.missing);
  return first?.token;
}

/** The lines of a token that is wrongly several: each is as secret as the whole. */
const pieces = (token: string) => token.split(/\s+/).filter((piece) => piece.length >= 8);

/**
 * A token goes into a header: checked before anything is sent, so that neither call fails
 * halfway (a read token found bad only at the read-back would leave the outcome open).
 */
function oneLine(token: string, where: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this looks for
  if (/[\x00-\x1f\x7f]/.test(token)) throw new UsageError(`${where} holds a line break or another control character; a token is one line (the token is not shown)`);
  return token;
}

/**
 * The read-back of --if-absent was needed and had no token: what the import's answer tells.
 * A 406 for a request that passed the checks (type, key length) means a duplicate, unless the
 * device's key repository failed or is full; a 500, a timeout or a lost connection tell nothing.
 */
function noReadToken(error: HemReadBackError): NoReadTokenError {
  const first = error.cause;
  const duplicate = first instanceof HemApiError && first.status === OPERATIONS.importKey.hem.effect.refused;
  const answer =
    first instanceof HemApiError ? `the device answered ${first.status} (${first.code})` : first instanceof HemTimeoutError ? 'no answer came in time' : 'the connection failed';
  const fix = `set HEM_TOKEN_GET or pass --read-token-file FILE (a token with scope ${READ_SCOPE}) and run the same command again; it will not import twice`;
  const message = duplicate
    ? `${answer}: the key is most likely already stored under kid ${error.kid} (a ${first.status} for a valid request means a duplicate, unless the device's key repository failed or is full). To confirm it, --if-absent reads the kid back, which needs a read token: ${fix}.`
    : `${answer}, so whether the key is stored under kid ${error.kid} is unknown. --if-absent reads the kid back to find out, which needs a read token: ${fix}.`;
  return new NoReadTokenError(error.kid, duplicate ? 'likely' : 'unknown', message, first);
}

function shellQuote(path: string): string {
  return /^[\w@%+=:,./-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`;
}

/** The exit code of a failure; a failed retry-safe import exits as its first failure did. */
function exitCodeOf(error: unknown): number {
  if (error instanceof UsageError) return EXIT.usage;
  if (error instanceof NoReadTokenError) return EXIT.noReadToken;
  if (error instanceof HemKeyFormatError || error instanceof HemValidationError) return EXIT.invalid;
  if (error instanceof HemApiError) return EXIT.refused;
  // Only a failure before anything was sent is "not reached"; after that the key may be stored.
  if (error instanceof HemNetworkError) return error.reachedDevice === 'no' ? EXIT.network : EXIT.unknown;
  if (error instanceof HemTimeoutError) return EXIT.unknown;
  if (error instanceof HemResponseError) return EXIT.response;
  if (error instanceof HemReadBackError) return error.code === 'key_mismatch' ? EXIT.response : exitCodeOf(error.cause);
  if (error instanceof TypeError) return EXIT.usage;
  return 1;
}

function report(error: unknown, out: Output): number {
  const code = exitCodeOf(error);
  const message = error instanceof Error ? error.message : String(error);
  const detail =
    error instanceof HemError
      ? error.toJSON()
      : error instanceof HemKeyFormatError
        ? { name: error.name, code: error.code, message }
        : error instanceof UsageError
          ? { name: error.name, code: 'usage', message }
          : error instanceof NoReadTokenError
            ? { name: error.name, code: error.code, message, kid: error.kid, stored: error.stored, cause: error.cause instanceof HemError ? error.cause.toJSON() : undefined }
            : { name: error instanceof Error ? error.name : typeof error, message };
  return out.fail(code, message, detail);
}

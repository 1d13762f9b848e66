// The store on disk: one JSON document `{"format":"hem-mock-server/keys@1","keys":[...]}`.
// The path must be a regular file (a symlink, a device or a FIFO is refused before it is
// opened), no larger than `capacity` keys could make it, and whole: a corrupt store stops the
// start with the byte offset and is never overwritten.
import { constants } from 'node:fs';
import { lstat, open } from 'node:fs/promises';
import { jsonErrorIndex } from './json-offset.js';
import type { StoredKeyRecord } from './repository.js';

const FORMAT = 'hem-mock-server/keys@1';
const KID = /^[0-9a-f]{32}$/;

/**
 * The most bytes one key takes in the store, with room to spare: the largest public key
 * (ML-DSA-87, 2592 bytes, 3456 in base64), a 128-byte descr, a 32-character label escaped,
 * the kid, type, mode, time and the JSON around them come to under 4 KiB.
 */
export const MAX_RECORD_BYTES = 4096;
const STORE_OVERHEAD_BYTES = 64;

/** The store's text for these records. */
export function formatStore(keys: readonly StoredKeyRecord[]): string {
  return JSON.stringify({ format: FORMAT, keys });
}

/** A store path must be a regular file, or nothing yet: checked without following links. */
export async function refuseOddPath(path: string): Promise<void> {
  let stats;
  try {
    stats = await lstat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new Error(`hem-mock-server: cannot read the key store ${path}: ${(error as Error).message}`);
  }
  if (stats.isFile()) return;
  const what = stats.isSymbolicLink()
    ? 'a symbolic link'
    : stats.isDirectory()
      ? 'a folder'
      : stats.isFIFO()
        ? 'a FIFO'
        : stats.isCharacterDevice() || stats.isBlockDevice()
          ? 'a device'
          : stats.isSocket()
            ? 'a socket'
            : 'not a regular file';
  throw new Error(`hem-mock-server: the key store ${path} is ${what}; it must be a regular file (or not exist yet): pass --store the path of the file itself.`);
}

/** Reads the store through one descriptor that does not follow links, bounded by what `capacity` keys could take. */
export async function readStore(path: string, capacity: number, sizedByDefault: boolean): Promise<StoredKeyRecord[]> {
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new Error(`hem-mock-server: cannot read the key store ${path}: ${(error as Error).message}`);
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw new Error(`hem-mock-server: the key store ${path} is not a regular file: pass --store the path of the file itself.`);
    const most = capacity * MAX_RECORD_BYTES + STORE_OVERHEAD_BYTES;
    if (stats.size > most) {
      throw new Error(
        `hem-mock-server: the key store ${path} is ${stats.size} bytes, more than ${capacity} keys can take (${MAX_RECORD_BYTES} bytes each); it was not read.${sizedByDefault ? ' Pass --capacity with the number of keys it holds' : ' Raise --capacity'} if it is a store of this mock.`,
      );
    }
    const bytes = await handle.readFile();
    return parseStore(bytes, path);
  } finally {
    await handle.close();
  }
}

function parseStore(bytes: Buffer, path: string): StoredKeyRecord[] {
  const fail = (why: string): never => {
    throw new Error(`hem-mock-server: ${path} is not a key store of this mock (${why}); it was left as it is. Point --store at a new file or at one this mock wrote.`);
  };
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    return fail('not UTF-8 text');
  }
  if (text.trim() === '') return fail(`empty, ${bytes.length} bytes`);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const index = jsonErrorIndex(text);
    const offset = index < 0 ? bytes.length : Buffer.byteLength(text.slice(0, index));
    return fail(`not JSON at byte offset ${offset} of ${bytes.length} bytes${offset >= bytes.length ? ' (cut short)' : ''}: ${(error as Error).message}`);
  }
  const store = data as { format?: unknown; keys?: unknown };
  if (store === null || typeof store !== 'object' || store.format !== FORMAT || !Array.isArray(store.keys)) return fail(`expected {"format":"${FORMAT}","keys":[...]}`);
  const seen = new Set<string>();
  return store.keys.map((record: Record<string, unknown>, i: number) => {
    const at = `keys[${i}]`;
    if (record === null || typeof record !== 'object') return fail(`${at} is not an object`);
    if (typeof record.kid !== 'string' || !KID.test(record.kid)) return fail(`${at}.kid is not 32 lowercase hex characters`);
    if (seen.has(record.kid)) return fail(`${at}.kid ${record.kid} appears twice`);
    seen.add(record.kid);
    for (const field of ['type', 'pubkey'] as const) if (typeof record[field] !== 'string') return fail(`${at}.${field} is not a string`);
    for (const field of ['label', 'mode', 'descr'] as const) if (record[field] !== undefined && typeof record[field] !== 'string') return fail(`${at}.${field} is not a string`);
    if (typeof record.updated !== 'number' || !Number.isInteger(record.updated) || record.updated < 0) return fail(`${at}.updated is not a whole number`);
    return record as unknown as StoredKeyRecord;
  });
}

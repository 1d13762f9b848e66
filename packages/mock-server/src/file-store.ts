// The repository kept in a JSON file, for a mock that must keep its keys across restarts.
// It loses nothing:
// - every change is written to a temporary file beside the store, created exclusively
//   (O_EXCL|O_NOFOLLOW) under an unpredictable name, fsynced, renamed over the store, and the
//   folder fsynced: a crash mid-write leaves the previous file whole, and a planted file or
//   symlink is never written through;
// - one server per store: `<store>.lock`, created exclusively, holds the owner's pid; a second
//   server refuses to start and names the first; a lock whose pid is dead is stale and taken;
// - the store must be a regular file (a symlink, a device or a FIFO is refused before it is
//   opened), no larger than `capacity` keys could make it, and whole: a corrupt store stops
//   the start with the byte offset and is never overwritten;
// - nothing is deleted that this server did not create.
// Writes are grouped: an import waits for the first write that starts after its key was
// stored, and answers 200 only once that write is durable; concurrent imports share a write.
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { jsonErrorIndex } from './json-offset.js';
import { DEFAULT_CAPACITY, MemoryRepository, checkCapacity, type StoredKeyRecord } from './repository.js';

export { jsonErrorIndex } from './json-offset.js';

const FORMAT = 'hem-mock-server/keys@1';
const KID = /^[0-9a-f]{32}$/;

/**
 * The most bytes one key takes in the store, with room to spare: the largest public key
 * (ML-DSA-87, 2592 bytes, 3456 in base64), a 128-byte descr, a 32-character label escaped,
 * the kid, type, mode, time and the JSON around them come to under 4 KiB.
 */
export const MAX_RECORD_BYTES = 4096;
const STORE_OVERHEAD_BYTES = 64;

const EXCLUSIVE = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);

interface Waiter {
  generation: number;
  resolve(): void;
  reject(error: unknown): void;
}

export class FileRepository extends MemoryRepository {
  readonly file: string;
  private readonly lock: string;
  private durable: number;
  private writing = false;
  private waiters: Waiter[] = [];
  private released = false;

  private constructor(file: string, lock: string, capacity: number, records: StoredKeyRecord[]) {
    super(capacity, records);
    this.file = file;
    this.lock = lock;
    this.durable = this.generation;
  }

  /**
   * Opens (or starts) the store at `file`, locked for this process until `close`. A path that
   * is not a regular file, a store another live process holds, one too large for `capacity`
   * and one that is not a whole store are errors; nothing is replaced or deleted.
   */
  static async open(file: string, capacity?: number): Promise<FileRepository> {
    const path = resolve(file);
    const limit = checkCapacity(capacity ?? DEFAULT_CAPACITY, 'FileRepository');
    await refuseOddPath(path);
    const lock = `${path}.lock`;
    await takeLock(lock, path);
    try {
      const records = await readStore(path, limit, capacity === undefined);
      const repository = new FileRepository(path, lock, capacity ?? Math.max(records.length, DEFAULT_CAPACITY), records);
      if (records.length > repository.capacity)
        throw new Error(`hem-mock-server: the key store ${path} holds ${records.length} keys, more than the capacity ${repository.capacity}: raise --capacity.`);
      return repository;
    } catch (error) {
      await releaseLock(lock);
      throw error;
    }
  }

  override get synced(): boolean {
    return this.durable >= this.generation;
  }

  override flush(): Promise<void> {
    const generation = this.generation;
    if (this.durable >= generation) return Promise.resolve();
    return new Promise<void>((resolvePromise, reject) => {
      this.waiters.push({ generation, resolve: resolvePromise, reject });
      if (!this.writing) void this.writeLoop();
    });
  }

  /** Waits for the last write, then gives up the store (removes this process's lock). */
  async close(): Promise<void> {
    if (this.released) return;
    await this.flush().catch(() => undefined);
    this.released = true;
    await releaseLock(this.lock);
  }

  private async writeLoop(): Promise<void> {
    this.writing = true;
    try {
      while (this.durable < this.generation) {
        const generation = this.generation;
        const text = JSON.stringify({ format: FORMAT, keys: this.list() });
        try {
          await this.writeAtomically(text);
        } catch (error) {
          // Every waiter takes its change back (the device answers 500); the next flush tries again.
          const failed = this.waiters;
          this.waiters = [];
          for (const w of failed) w.reject(error);
          return;
        }
        this.durable = generation;
        const done = this.waiters.filter((w) => w.generation <= generation);
        this.waiters = this.waiters.filter((w) => w.generation > generation);
        for (const w of done) w.resolve();
      }
    } finally {
      this.writing = false;
    }
  }

  private async writeAtomically(text: string): Promise<void> {
    // A random name, created exclusively without following links: nothing planted beside the
    // store can be written through, and a name taken by chance is simply not used.
    const temporary = `${this.file}.${randomBytes(12).toString('hex')}.tmp`;
    const handle = await open(temporary, EXCLUSIVE, 0o600);
    let renamed = false;
    try {
      await handle.writeFile(text);
      await handle.sync();
      await handle.close();
      await rename(temporary, this.file);
      renamed = true;
    } finally {
      if (!renamed) {
        await handle.close().catch(() => undefined);
        await rm(temporary, { force: true }); // ours: created exclusively above
      }
    }
    // The rename is durable once the folder is.
    const folder = await open(dirname(this.file), 'r');
    try {
      await folder.sync();
    } catch {
      // Some file systems cannot fsync a folder; the rename is still atomic there.
    } finally {
      await folder.close();
    }
  }
}

/** A store path must be a regular file, or nothing yet: checked without following links. */
async function refuseOddPath(path: string): Promise<void> {
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

/** Whether a process with this pid runs (EPERM: it runs, as another user). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Creates the lock exclusively; a lock of a live process refuses the start, one of a dead process is taken over. */
async function takeLock(lock: string, store: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await open(lock, EXCLUSIVE, 0o600);
      try {
        await handle.writeFile(`${process.pid}\n`);
        await handle.sync();
      } finally {
        await handle.close();
      }
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new Error(`hem-mock-server: cannot lock the key store ${store} (${lock}): ${(error as Error).message}`);
    }
    const held = await lstat(lock).catch(() => undefined);
    if (held && !held.isFile()) throw new Error(`hem-mock-server: the lock ${lock} of the key store is not a regular file: remove it if no server uses ${store}.`);
    const text = await readFile(lock, 'utf8').catch(() => '');
    const pid = /^(\d+)\n?$/.exec(text)?.[1];
    if (pid !== undefined && alive(Number(pid))) {
      throw new Error(`hem-mock-server: the key store ${store} is in use by another process (pid ${pid}, lock ${lock}): stop that server first, or pass another --store.`);
    }
    // A lock without a live owner (a server that crashed): taken over once; a second race is lost.
    if (attempt > 0 || pid === undefined) {
      throw new Error(
        `hem-mock-server: the lock ${lock} of the key store ${store} is held${pid === undefined ? ' but names no process' : ''}: remove it if no server uses the store.`,
      );
    }
    await rm(lock, { force: true });
  }
}

/** Removes the lock, only while it is this process's. */
async function releaseLock(lock: string): Promise<void> {
  const text = await readFile(lock, 'utf8').catch(() => '');
  if (text === `${process.pid}\n`) await rm(lock, { force: true });
}

/** Reads the store through one descriptor that does not follow links, bounded by what `capacity` keys could take. */
async function readStore(path: string, capacity: number, sizedByDefault: boolean): Promise<StoredKeyRecord[]> {
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

// The repository kept in a JSON file, for a mock that must keep its keys across restarts.
// Every change is written atomically (a temporary file, fsync, rename, fsync of the folder),
// so a crash mid-write leaves the previous file whole. Writes are grouped: an import waits
// for the first write that starts after its key was stored, and answers 200 only once that
// write is durable; many concurrent imports share one write.
import { open, readFile, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { DEFAULT_CAPACITY, MemoryRepository, checkCapacity, type StoredKeyRecord } from './repository.js';

const FORMAT = 'hem-mock-server/keys@1';
const KID = /^[0-9a-f]{32}$/;

interface Waiter {
  generation: number;
  resolve(): void;
  reject(error: unknown): void;
}

export class FileRepository extends MemoryRepository {
  readonly file: string;
  private durable: number;
  private writing = false;
  private waiters: Waiter[] = [];
  private sequence = 0;

  private constructor(file: string, capacity: number, records: StoredKeyRecord[]) {
    super(capacity, records);
    this.file = file;
    this.durable = this.generation;
  }

  /** Opens (or starts) the store at `file`; a file that is not one is an error, never silently replaced. */
  static async open(file: string, capacity?: number): Promise<FileRepository> {
    const path = resolve(file);
    let records: StoredKeyRecord[] = [];
    let text: string | undefined;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`hem-mock-server: cannot read the key store ${path}: ${(error as Error).message}`);
    }
    if (text !== undefined) records = parseStore(text, path);
    // Temporary files of a write that a crash interrupted: the store itself is whole.
    const prefix = `${basename(path)}.`;
    for (const name of await readdir(dirname(path)).catch(() => [] as string[])) {
      if (name.startsWith(prefix) && name.endsWith('.tmp')) await rm(join(dirname(path), name), { force: true });
    }
    const repository = new FileRepository(path, checkCapacity(capacity ?? Math.max(records.length, DEFAULT_CAPACITY), 'FileRepository'), records);
    if (records.length > repository.capacity)
      throw new Error(`hem-mock-server: the key store ${path} holds ${records.length} keys, more than the capacity ${repository.capacity}: raise --capacity.`);
    return repository;
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
    const temporary = `${this.file}.${process.pid}.${++this.sequence}.tmp`;
    const handle = await open(temporary, 'w', 0o600);
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await rename(temporary, this.file);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
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

function parseStore(text: string, path: string): StoredKeyRecord[] {
  const fail = (why: string): never => {
    throw new Error(`hem-mock-server: ${path} is not a key store of this mock (${why}). Point --store at a new file or at one this mock wrote.`);
  };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return fail(`not JSON: ${(error as Error).message}`);
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

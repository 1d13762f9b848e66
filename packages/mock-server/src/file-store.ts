// The repository kept in a JSON file, for a mock that must keep its keys across restarts.
// It loses nothing:
// - every change replaces the store atomically, never writing through a planted file or
//   symlink (atomic-write.ts);
// - one server per store, held by `<store>.lock` (store-lock.ts);
// - the store must be a regular file, no larger than `capacity` keys could make it, and whole:
//   a corrupt store stops the start with the byte offset and is never overwritten
//   (store-format.ts);
// - nothing is deleted that this server did not create.
// Writes are grouped: an import waits for the first write that starts after its key was
// stored, and answers 200 only once that write is durable; concurrent imports share a write.
import { resolve } from 'node:path';
import { writeAtomically } from './atomic-write.js';
import { DEFAULT_CAPACITY, MemoryRepository, checkCapacity, type StoredKeyRecord } from './repository.js';
import { formatStore, readStore, refuseOddPath } from './store-format.js';
import { releaseLock, takeLock } from './store-lock.js';

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
        const text = formatStore(this.list());
        try {
          await writeAtomically(this.file, text);
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
}

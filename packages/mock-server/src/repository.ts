// The device's key repository, in memory. The decision to store a key (new kid, room left)
// is synchronous, so concurrent imports of one key get exactly one "stored". Durability is
// a separate step (`flush`), which the file-backed repository (file-store.ts) fills in.

/** A stored key, as the mock keeps it. Base64 fields are standard, padded (as the device writes them). */
export interface StoredKeyRecord {
  readonly kid: string;
  readonly type: string;
  readonly pubkey: string;
  readonly label?: string;
  readonly mode?: string;
  readonly descr?: string;
  /** Seconds since the epoch of the key's last change. */
  readonly updated: number;
}

export type AddResult = 'stored' | 'duplicate' | 'full';

/** The repository as the device model uses it. */
export interface KeyRepository {
  /** How many keys fit; an import past it answers 406. */
  readonly capacity: number;
  readonly size: number;
  get(kid: string): StoredKeyRecord | undefined;
  has(kid: string): boolean;
  /** Every stored key, oldest first. */
  list(): StoredKeyRecord[];
  /** Stores `record` unless its kid is already stored or the repository is full. */
  add(record: StoredKeyRecord): AddResult;
  delete(kid: string): boolean;
  clear(): void;
  /** Resolves once every change so far is durable (at once in memory). */
  flush(): Promise<void>;
  /**
   * True when every change so far is already durable, so `flush` has nothing to wait for (always
   * in memory). Optional: without it, the device waits for `flush` after every change.
   */
  readonly synced?: boolean;
}

/** The default capacity: the device's own limit is not published; tests that need more say so. */
export const DEFAULT_CAPACITY = 1000;

export function checkCapacity(capacity: number, where: string): number {
  if (!(capacity === Infinity || (Number.isInteger(capacity) && capacity >= 0))) {
    throw new TypeError(`${where}: capacity must be a whole number of keys (or Infinity), got ${String(capacity)}.`);
  }
  return capacity;
}

export class MemoryRepository implements KeyRepository {
  readonly capacity: number;
  protected readonly records = new Map<string, StoredKeyRecord>();
  /** Counts changes, so a durable copy knows what it has caught up with. */
  protected generation = 0;

  constructor(capacity = DEFAULT_CAPACITY, initial: Iterable<StoredKeyRecord> = []) {
    this.capacity = checkCapacity(capacity, 'KeyRepository');
    for (const record of initial) this.records.set(record.kid, record);
  }

  get size(): number {
    return this.records.size;
  }
  get(kid: string): StoredKeyRecord | undefined {
    return this.records.get(kid);
  }
  has(kid: string): boolean {
    return this.records.has(kid);
  }
  list(): StoredKeyRecord[] {
    return [...this.records.values()];
  }
  add(record: StoredKeyRecord): AddResult {
    if (this.records.has(record.kid)) return 'duplicate';
    if (this.records.size >= this.capacity) return 'full';
    this.records.set(record.kid, Object.isFrozen(record) ? record : Object.freeze({ ...record }));
    this.changed();
    return 'stored';
  }
  delete(kid: string): boolean {
    const deleted = this.records.delete(kid);
    if (deleted) this.changed();
    return deleted;
  }
  clear(): void {
    if (!this.records.size) return;
    this.records.clear();
    this.changed();
  }
  flush(): Promise<void> {
    return Promise.resolve();
  }
  get synced(): boolean {
    return true;
  }
  protected changed(): void {
    this.generation++;
  }
}

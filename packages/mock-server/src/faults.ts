// Fault injection: chosen requests get a 409 or 500, a delay, or a dropped connection,
// before the operation takes effect or after it (a key stored, and the answer lost: the
// case a retry-safe import has to survive).
import type { OperationSpec } from '@hem/types';

/** What a fault's `match` sees of a request. */
export interface FaultRequest {
  operation: string;
  /** Path, query and header parameters, as sent. */
  params: Readonly<Record<string, string>>;
  /** The parsed JSON body; undefined when there is none or it is not JSON. */
  body: unknown;
  headers: { get(name: string): string | null };
}

export interface FaultSpec {
  /** The operationId it applies to; any operation when absent. */
  operation?: string;
  /** Picks the requests among those of `operation`; every one when absent. */
  match?(request: FaultRequest): boolean;
  /** How many requests it applies to (default 1; Infinity until removed). */
  times?: number;
  /** Waits this long (ms) before answering. */
  delayMs?: number;
  /** Answers this status instead: 409 (busy, nothing happens) or 500. Must be a status the operation's spec lists. */
  status?: 409 | 500;
  /** Drops the connection instead of answering (a network error for the client). */
  drop?: boolean;
  /**
   * Applies after the operation took effect (the key is stored): the answer is delayed,
   * replaced by a 500, or lost with the connection. Only requests that would succeed count.
   */
  after?: boolean;
}

export interface Fault {
  readonly spec: Readonly<FaultSpec>;
  /** How many requests it has applied to. */
  readonly hits: number;
  /** How many more it will apply to. */
  readonly remaining: number;
  remove(): void;
}

export interface Faults {
  add(spec: FaultSpec): Fault;
  clear(): void;
  readonly list: readonly Fault[];
}

/** The action of one fault on one request. */
export interface FaultAction {
  delayMs: number;
  status?: 409 | 500;
  drop: boolean;
}

class Entry implements Fault {
  hits = 0;
  remaining: number;
  constructor(
    readonly spec: Readonly<FaultSpec>,
    private readonly owner: FaultQueue,
  ) {
    this.remaining = spec.times ?? 1;
  }
  remove(): void {
    this.owner.remove(this);
  }
}

export class FaultQueue implements Faults {
  private entries: Entry[] = [];
  constructor(private readonly operations: Readonly<Record<string, OperationSpec>>) {}

  /** Whether any fault is waiting (take has nothing to do otherwise). */
  get pending(): boolean {
    return this.entries.length > 0;
  }

  get list(): readonly Fault[] {
    return [...this.entries];
  }

  add(spec: FaultSpec): Fault {
    const where = 'faults.add';
    if (spec === null || typeof spec !== 'object') throw new TypeError(`${where}: pass a fault, e.g. { operation: 'importKey', status: 409 }.`);
    const ops = spec.operation === undefined ? Object.values(this.operations) : [this.operations[spec.operation]];
    if (ops[0] === undefined)
      throw new TypeError(`${where}: ${JSON.stringify(spec.operation)} is not an operation of the spec; use one of ${Object.keys(this.operations).join(', ')}.`);
    const times = spec.times ?? 1;
    if (!(times === Infinity || (Number.isInteger(times) && times > 0))) throw new TypeError(`${where}: times must be a positive whole number or Infinity, got ${String(times)}.`);
    if (spec.delayMs !== undefined && !(Number.isFinite(spec.delayMs) && spec.delayMs >= 0))
      throw new TypeError(`${where}: delayMs must be a number of milliseconds, got ${String(spec.delayMs)}.`);
    if (spec.status !== undefined && spec.status !== 409 && spec.status !== 500)
      throw new TypeError(`${where}: status must be 409 (busy) or 500 (internal failure), got ${String(spec.status)}.`);
    if (spec.status !== undefined && spec.drop) throw new TypeError(`${where}: a fault either answers a status or drops the connection, not both.`);
    if (spec.status === 409 && spec.after) throw new TypeError(`${where}: a 409 means the device did nothing; it cannot come after the operation took effect (use 500, or drop).`);
    if (spec.status === undefined && !spec.drop && spec.delayMs === undefined) throw new TypeError(`${where}: say what the fault does: status, drop or delayMs.`);
    if (spec.status !== undefined) {
      const missing = ops.filter((op) => !Object.hasOwn(op!.statuses, spec.status!));
      if (spec.operation !== undefined && missing.length)
        throw new TypeError(`${where}: the spec lists no ${spec.status} for ${spec.operation} (it lists ${Object.keys(missing[0]!.statuses).join(', ')}).`);
    }
    const entry = new Entry(Object.freeze({ ...spec }), this);
    this.entries.push(entry);
    return entry;
  }

  clear(): void {
    this.entries = [];
  }

  remove(entry: Entry): void {
    this.entries = this.entries.filter((e) => e !== entry);
  }

  /** The first fault for this request at this phase, consumed; undefined when none applies. */
  take(op: OperationSpec, after: boolean, request: () => FaultRequest): FaultAction | undefined {
    if (!this.entries.length) return undefined;
    for (const entry of this.entries) {
      const s = entry.spec;
      if (Boolean(s.after) !== after) continue;
      if (s.operation !== undefined && s.operation !== op.id) continue;
      // A status the operation's spec does not list is never sent for it.
      if (s.status !== undefined && !Object.hasOwn(op.statuses, s.status)) continue;
      if (s.match && !s.match(request())) continue;
      entry.hits++;
      if (--entry.remaining <= 0) this.remove(entry);
      return { delayMs: s.delayMs ?? 0, ...(s.status !== undefined ? { status: s.status } : {}), drop: s.drop === true };
    }
    return undefined;
  }
}

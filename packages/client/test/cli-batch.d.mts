// Types of cli-batch.mjs for the TypeScript tests.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';

/** One case's answer, as a run of the bin gives it; `killed` says why the child was killed during it. */
export interface BatchResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The child's largest resident memory seen while the case waited (bytes; 0 if never looked). */
  peakRss: number;
  killed?: string;
}

export interface CliBatch {
  /** Runs hem-import with `args` and exactly the variables `env`, after the cases already sent. */
  run(args: string[], env: Record<string, string>, limits?: { killAfterMs?: number }): Promise<BatchResult>;
  /**
   * Ends the child (after the cases sent). `unexpected`: each child that ended before it was
   * told to, other than by the memory or time guard (which its case reports); `stray`: what the
   * children printed outside their cases. Both are empty unless something is wrong.
   */
  close(): Promise<{ unexpected: string[]; stray: string }>;
}

/** What a run of hem-import gives: its exit code and what it printed. */
export interface CliOutcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Node with `args`, in a process of its own with exactly the variables `env`. */
export declare function runNode(args: string[], env: Record<string, string>): Promise<CliOutcome>;

export declare function startCliBatch(options: { module: string; env: Record<string, string>; memoryLimit: number }): CliBatch;

/** Internal: a case waiting for its answer. */
export interface Waiting {
  done(result: BatchResult): void;
  fail(error: Error): void;
  peakRss: number;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/** Internal: one child and the cases it has not answered yet, oldest first. */
export interface BatchChild {
  child: ChildProcessWithoutNullStreams;
  pending: Waiting[];
  killed: string | undefined;
  exited: { code: number | null; signal: string | null } | undefined;
  /** close() ended its stdin: exiting with code 0 is expected now. */
  closing: boolean;
  stderr: string;
}

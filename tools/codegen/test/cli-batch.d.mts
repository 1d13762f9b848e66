// Types of cli-batch.mjs for the TypeScript tests.
export interface BatchCase {
  /** The built module (absolute path) and the export that runs the command: runCli or runDocs. */
  module: string;
  name: string;
  cwd: string;
  args: string[];
}
export declare function runBatch(cases: BatchCase[]): Promise<{
  results: ({ code: number; out: string } | undefined)[];
  exit: { code: number | null; signal: string | null; stderr: string };
}>;

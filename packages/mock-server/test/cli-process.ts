// The hem-mock-server bin (as built) in its own process, for the CLI and load tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Agent, fetch as undiciFetch } from 'undici';

export const CLI = fileURLToPath(new URL('../dist/cli.mjs', import.meta.url));

export interface Running {
  child: ChildProcess;
  /** Everything printed so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves when stdout matches `pattern` (rejects if the process exits first). */
  waitFor(pattern: RegExp): Promise<RegExpExecArray>;
  /** Resolves with the exit code and signal once it exits. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function runCli(args: string[], env: NodeJS.ProcessEnv = process.env): Running {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
  let out = '';
  let err = '';
  const waiters: (() => void)[] = [];
  child.stdout!.on('data', (d: Buffer) => {
    out += d;
    for (const w of [...waiters]) w();
  });
  child.stderr!.on('data', (d: Buffer) => (err += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitFor(pattern) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const m = pattern.exec(out);
          if (!m) return;
          const at = waiters.indexOf(check);
          if (at >= 0) waiters.splice(at, 1);
          resolve(m);
        };
        waiters.push(check);
        check();
        void exited.then(({ code, signal }) => reject(new Error(`hem-mock-server exited (${code ?? signal}) before printing ${pattern}:\n${out}\n${err}`)));
      });
    },
  };
}

export interface Ready {
  url: string;
  httpUrl: string;
  caFile: string;
  store: string | null;
  keys: number;
  tokens: Record<string, string>;
}

/** Starts the bin with --json and reads its ready line. */
export async function startJson(args: string[]): Promise<{ run: Running; ready: Ready }> {
  const run = runCli(['--json', ...args]);
  const [line] = await run.waitFor(/^\{.*\}\n/m);
  return { run, ready: JSON.parse(line) as Ready };
}

/** Kills whatever of `runs` is still running (a test's afterAll) and waits for each to exit. */
export async function killAll(runs: readonly Running[]): Promise<void> {
  for (const run of runs) {
    if (run.child.exitCode === null && run.child.signalCode === null) {
      run.child.kill('SIGKILL');
      await run.exited;
    }
  }
}

/** A fetch that trusts the bin's certificate (`ca` is its PEM); close `agent` when done. */
export function trusting(ca: string): { agent: Agent; fetch: typeof fetch } {
  const agent = new Agent({ connect: { ca } });
  return { agent, fetch: ((input: string, init?: object) => undiciFetch(input, { ...init, dispatcher: agent })) as unknown as typeof fetch };
}

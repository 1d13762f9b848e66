// Many runs of the built hem-import in one long-lived child process: starting Node and loading
// the client per run was most of the CLI tests' time. The child imports dist/cli-run.mjs, whose
// runCli is what the bin (dist/cli.mjs) calls with the process's own arguments, variables and
// streams; here each case gets its own arguments, variables and captured stdout/stderr, and
// the cases run one after the other, never two at once.
//
// What the cases share: the process (started once with the variables Node reads at start, such
// as NODE_EXTRA_CA_CERTS; its cwd), the loaded modules (the validator the first --dry-run loads
// stays loaded; none of them keeps state that changes an answer: runCli creates its client,
// its output and its token list per call). Not shared: fetch's connection pool, which a fresh
// process starts without: each case gets a new one (a kept-alive socket from the case before
// would otherwise carry the next case's request). Whatever the child prints on its own
// stdout/stderr (a warning, a stray console.log) is a defect, and so is a child that ends
// before it is told to: close() returns both.
//
// As a script (the child): node cli-batch.mjs MODULE reads one JSON case per line on stdin
// ({ args, env }) and answers one JSON line per case on fd 3 ({ code, stdout, stderr }).
import { execFile, spawn } from 'node:child_process';
import { readFileSync, writeSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';

const SELF = fileURLToPath(import.meta.url);

/**
 * Starts the batch child lazily, on the first case (and again after it died).
 * @param {{ module: string, env: Record<string, string>, memoryLimit: number }} options
 *   the built module that exports runCli, the child's variables, and the resident memory
 *   (Linux /proc) past which the child is killed: a read without a bound fails its case
 *   instead of eating the machine
 */
export function startCliBatch({ module, env, memoryLimit }) {
  /** @type {import('./cli-batch.d.mts').BatchChild | undefined} */
  let current;
  /** @type {string[]} */
  const stray = [];
  /** @type {string[]} */
  const unexpected = [];

  function start() {
    const child = spawn(process.execPath, [SELF, module], { env, stdio: ['pipe', 'pipe', 'pipe', 'pipe'] });
    /** @type {import('./cli-batch.d.mts').BatchChild} */
    const state = { child, pending: [], killed: undefined, exited: undefined, closing: false, stderr: '' };
    // A child that died while a case was being written: its 'close' fails the waiting cases.
    child.stdin.on('error', () => undefined);
    child.on('error', (error) => {
      for (const waiting of state.pending.splice(0)) waiting.fail(error);
    });
    child.stdout.on('data', (b) => stray.push(String(b)));
    child.stderr.on('data', (b) => {
      stray.push(String(b));
      state.stderr += String(b);
    });
    createInterface({ input: /** @type {import('node:stream').Readable} */ (child.stdio[3]) }).on('line', (line) => {
      const waiting = state.pending.shift();
      if (waiting) settle(waiting, { ...JSON.parse(line), peakRss: waiting.peakRss });
    });
    const watch = setInterval(() => {
      if (!state.pending.length) return;
      let rss = 0;
      try {
        rss = 1024 * Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0);
      } catch {
        return; // exited between two looks
      }
      for (const waiting of state.pending) waiting.peakRss = Math.max(waiting.peakRss, rss);
      if (rss > memoryLimit) kill(state, `its memory passed ${memoryLimit / 2 ** 20} MiB`);
    }, 100);
    watch.unref();
    child.on('close', (code, signal) => {
      clearInterval(watch);
      state.exited = { code, signal };
      // Killed by the guard: the case it was running says so.
      if (!state.killed && !(state.closing && code === 0 && signal === null)) unexpected.push(`the batch child ended (code ${code}, signal ${signal}): ${state.stderr}`);
      if (current === state) current = undefined;
      for (const waiting of state.pending.splice(0)) {
        if (state.killed) settle(waiting, { code: null, stdout: '', stderr: '', peakRss: waiting.peakRss, killed: state.killed });
        else waiting.fail(new Error(`the batch child ended (code ${code}, signal ${signal}) before answering: ${state.stderr}`));
      }
    });
    return state;
  }

  /** @param {import('./cli-batch.d.mts').BatchChild} state @param {string} why */
  function kill(state, why) {
    if (state.killed || state.exited) return;
    state.killed = why;
    state.child.kill('SIGKILL');
  }

  /** @param {import('./cli-batch.d.mts').Waiting} waiting @param {import('./cli-batch.d.mts').BatchResult} result */
  function settle(waiting, result) {
    clearTimeout(waiting.timer);
    waiting.done(result);
  }

  return {
    /** @type {import('./cli-batch.d.mts').CliBatch['run']} */
    run(args, caseEnv, limits = {}) {
      current ??= start();
      const state = current;
      return new Promise((done, fail) => {
        /** @type {import('./cli-batch.d.mts').Waiting} */
        const waiting = { done, fail, peakRss: 0, timer: undefined };
        // Counted from when the case is sent; the cases before it in the queue count too.
        if (limits.killAfterMs) waiting.timer = setTimeout(() => kill(state, `it ran for ${limits.killAfterMs / 1000} s`), limits.killAfterMs);
        state.pending.push(waiting);
        state.child.stdin.write(`${JSON.stringify({ args, env: caseEnv })}\n`);
      });
    },
    /** @type {import('./cli-batch.d.mts').CliBatch['close']} */
    async close() {
      const state = current;
      if (state && !state.exited) {
        state.closing = true;
        await new Promise((done) => {
          state.child.once('close', done);
          state.child.stdin.end();
        });
      }
      return { unexpected, stray: stray.join('') };
    },
  };
}

/**
 * Runs Node with `args` (the bin and its arguments, or a preload before them) in a process of
 * its own with exactly the variables `env`: what the batch's answers are compared with.
 * @param {string[]} args @param {Record<string, string>} env
 * @returns {Promise<import('./cli-batch.d.mts').CliOutcome>}
 */
export function runNode(args, env) {
  return new Promise((done) => {
    execFile(process.execPath, args, { env }, (error, stdout, stderr) => done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }));
  });
}

/**
 * fetch's pool as a fresh process has it: the global dispatcher Node makes at start (an Agent
 * with no options); the one the case before used is destroyed with its sockets, as its
 * process's exit would have closed them. Node 20 keeps it under this symbol (undici's).
 */
const GLOBAL_DISPATCHER = Symbol.for('undici.globalDispatcher.1');
function freshConnections() {
  const dispatchers = /** @type {Record<symbol, { constructor: new () => unknown, destroy(): Promise<void> } | undefined>} */ (/** @type {unknown} */ (globalThis));
  const used = dispatchers[GLOBAL_DISPATCHER];
  if (!used) return;
  /** @type {Record<symbol, unknown>} */ (dispatchers)[GLOBAL_DISPATCHER] = new used.constructor();
  used.destroy().catch(() => undefined);
}

/** A stream that keeps what is written to it, as a pipe would deliver it. */
function capture() {
  /** @type {Buffer[]} */
  const chunks = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      chunks.push(chunk);
      callback();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

if (process.argv[1] === SELF) {
  const { runCli } = await import(pathToFileURL(/** @type {string} */ (process.argv[2])).href);
  for await (const line of createInterface({ input: process.stdin })) {
    const { args, env } = JSON.parse(line);
    freshConnections();
    const stdout = capture();
    const stderr = capture();
    const code = await runCli(args, { env, stdout: stdout.stream, stderr: stderr.stream });
    writeSync(3, `${JSON.stringify({ code, stdout: stdout.text(), stderr: stderr.text() })}\n`);
  }
  freshConnections(); // the last case's sockets, closed as its process's exit would
}

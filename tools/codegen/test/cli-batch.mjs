// Many runs of the built commands in one child process, for the hostile suites: starting Node
// and loading the loader (Redocly) per case was most of their time. The child keeps the
// suites' guard: it runs with a 256 MB heap, so a bomb that got through ends it with an
// out-of-memory abort, which fails every case it had not answered. Each case runs in its own
// folder with its own arguments, one after the other, through the same function the bin calls
// (run.mjs's runCli, build.mjs's runDocs); what it prints is captured as a pipe would get it.
//
// As a script (the child): reads one JSON case per line on stdin ({ module, name, cwd, args }),
// answers one JSON line per case on fd 3 ({ code, out }).
import { spawn } from 'node:child_process';
import { writeSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';

const SELF = fileURLToPath(import.meta.url);

/**
 * Runs every case in one child process capped at 256 MB of heap, in order.
 * @param {{ module: string, name: string, cwd: string, args: string[] }[]} cases
 * @returns {Promise<{ results: ({ code: number, out: string } | undefined)[], exit: { code: number | null, signal: string | null, stderr: string } }>}
 *   a result per case (undefined for the cases after the child died) and how the child ended
 */
export function runBatch(cases) {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--max-old-space-size=256', SELF], { stdio: ['pipe', 'pipe', 'pipe', 'pipe'] });
    /** @type {({ code: number, out: string } | undefined)[]} */
    const results = [];
    const stderr = [];
    child.stdout.resume();
    child.stderr.on('data', (b) => stderr.push(b));
    createInterface({ input: /** @type {import('node:stream').Readable} */ (child.stdio[3]) }).on('line', (line) => results.push(JSON.parse(line)));
    child.on('error', fail);
    child.on('close', (code, signal) => {
      while (results.length < cases.length) results.push(undefined);
      done({ results, exit: { code, signal, stderr: Buffer.concat(stderr).toString('utf8') } });
    });
    child.stdin.end(cases.map((c) => `${JSON.stringify(c)}\n`).join(''));
  });
}

if (process.argv[1] === SELF) {
  const stdout = process.stdout.write;
  const stderr = process.stderr.write;
  const home = process.cwd();
  for await (const line of createInterface({ input: process.stdin })) {
    const { module, name, cwd, args } = JSON.parse(line);
    const run = (await import(pathToFileURL(module).href))[name];
    /** @type {string[]} */
    const out = [];
    // console.* writes through these, so one capture takes every line, in order.
    const capture = (/** @type {string | Uint8Array} */ chunk, /** @type {unknown[]} */ ...rest) => {
      out.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      const callback = rest.find((r) => typeof r === 'function');
      if (callback) process.nextTick(callback);
      return true;
    };
    process.stdout.write = /** @type {typeof stdout} */ (capture);
    process.stderr.write = /** @type {typeof stderr} */ (capture);
    let code;
    try {
      process.chdir(cwd);
      code = await run(args);
    } finally {
      process.stdout.write = stdout;
      process.stderr.write = stderr;
      process.chdir(home);
    }
    writeSync(3, `${JSON.stringify({ code, out: out.join('') })}\n`);
  }
}

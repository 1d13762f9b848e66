#!/usr/bin/env node
// The hem-import bin: runCli (cli-run.ts) with this process's arguments, variables and streams.
import { runCli } from './cli-run.js';

runCli(process.argv.slice(2), { env: process.env, stdout: process.stdout, stderr: process.stderr }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // Not reached: runCli reports every failure. Kept so that a bug still exits non-zero.
    console.error(error);
    process.exitCode = 1;
  },
);

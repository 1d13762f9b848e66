#!/usr/bin/env node
// The hem-codegen bin; the command is run.ts. exitCode, never process.exit(): exiting at once
// cuts stdout when it is a pipe still draining.
import { runCli } from './run.js';

runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});

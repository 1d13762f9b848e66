// hem-spec-diff diff [--base REF] [--json] | gate [--json] | release
// The command as a function of its arguments (cli.ts is the bin): it prints, and answers the
// exit code; it never exits, so tests can run many cases in one process.
import { parseArgs } from 'node:util';
import { formatGate, runGate } from './gate.js';
import { POLICY_FLAGS, POLICY_USAGE, PolicyError, policyFromFlags } from '@hem/codegen/load';
import { SpecDiffError, setPolicy, workspaceRoot } from './load.js';
import { writeRelease } from './release.js';
import { formatReport, specDiff } from './report.js';

const usage = `Usage: hem-spec-diff <diff|gate|release> [options]

  diff [--base REF] [--json]  classify every change of spec/openapi.yaml against the last release
                              (spec/released/openapi.json), or against the spec at git REF
  gate [--since REF] [--json] fail when the pending changesets do not cover the changes since the
                              last release (a changeset per changed package; a large enough bump),
                              or generated files changed since REF (default: the merge base with
                              main) without a changeset added since
  release                     after \`changeset version\`: record the released spec and sources

What $refs may read (local files under the spec's folder, regular, bounded; never the network):
${POLICY_USAGE}

Run inside the workspace; pnpm spec:diff, pnpm spec:gate and pnpm spec:release build and call it.`;

async function main(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        base: { type: 'string' },
        since: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        ...POLICY_FLAGS,
      },
    });
    setPolicy(policyFromFlags(parsed.values, process.env.INIT_CWD ?? process.cwd()));
  } catch (error) {
    console.error(`hem-spec-diff: ${(error as Error).message}\n${usage}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const command = positionals[0];
  if (values.help) {
    console.log(usage);
    return 0;
  }
  if (
    !['diff', 'gate', 'release'].includes(command ?? '') ||
    positionals.length > 1 ||
    (command !== 'diff' && values.base !== undefined) ||
    (command !== 'gate' && values.since !== undefined)
  ) {
    console.error(`hem-spec-diff: ${command ? `unexpected arguments for ${command}` : 'name a command'}.\n${usage}`);
    return 2;
  }
  const root = workspaceRoot(process.cwd());
  if (!root) {
    console.error('hem-spec-diff: run it inside the workspace (no pnpm-workspace.yaml above this folder).');
    return 2;
  }
  if (command === 'diff') {
    const report = await specDiff(root, { base: values.base });
    console.log(values.json ? JSON.stringify(report, null, 2) : formatReport(report));
    return 0;
  }
  if (command === 'gate') {
    const result = await runGate(root, values.since === undefined ? {} : { since: values.since });
    console.log(values.json ? JSON.stringify(result, null, 2) : formatGate(result));
    return result.ok ? 0 : 1;
  }
  const { version, files } = await writeRelease(root);
  console.log(`spec:release: recorded release ${version} in ${files.join(' and ')}; commit them with the version bump.`);
  return 0;
}

/** Runs hem-spec-diff with these arguments (without node and the script), in the current folder's workspace; prints, and answers the exit code. */
export function runCli(args: string[]): Promise<number> {
  return main(args).catch((error) => {
    if (error instanceof SpecDiffError || error instanceof PolicyError) console.error(`hem-spec-diff: ${error.message}`);
    else console.error(`hem-spec-diff: ${(error as Error)?.stack ?? error}`);
    return 1;
  });
}

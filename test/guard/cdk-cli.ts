// The real CDK CLI, run the way a developer or a pipeline's synth step runs it, for the guard's CLI tests.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');
const CDK = path.join(ROOT, 'node_modules', '.bin', 'cdk');

export interface CliRun {
  readonly status: number | null;
  readonly output: string;
  readonly outdir: string;
}

/** A fresh output folder for one scenario. */
export function newOutdir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
}

/**
 * `cdk synth` of `app` (a command line) with no stack selection into `outdir`; the app reads its scenario from
 * GUARD_SCENARIO. CDK's own validation is off and NODE_ENV unset (jest sets it to test, which changes how
 * aws-cdk-lib reports validation; a real CLI run has none).
 */
export function cdkSynth(app: string, scenario: string, outdir: string, ...args: string[]): CliRun {
  const env: NodeJS.ProcessEnv = { ...process.env, GUARD_SCENARIO: scenario, CDK_VALIDATION: 'false', CDK_DISABLE_CLI_TELEMETRY: 'true' };
  delete env.NODE_ENV;
  const result = spawnSync(CDK, ['synth', '--no-notices', '--quiet', '--app', app, '--output', outdir, ...args], {
    cwd: ROOT,
    env,
    encoding: 'utf-8',
    timeout: 120_000,
  });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}`, outdir };
}

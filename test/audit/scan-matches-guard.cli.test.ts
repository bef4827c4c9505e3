// `scan` on the cdk.out folders that the real CDK CLI writes for the guard's own test app
// (test/guard/apps/guard-app.ts) must find exactly what the guard found during that synthesis: the guard
// writes its findings to <cdk.out>/agentcore-gateway-authorization.json, and scan reads only the templates.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { tempDir } from './helpers';
import { runCli } from './run-cli';

const ROOT = path.join(__dirname, '..', '..');
const CDK = path.join(ROOT, 'node_modules', '.bin', 'cdk');
const GUARD_APP = 'node -r ts-node/register/transpile-only test/guard/apps/guard-app.ts';

/** `cdk synth` of one scenario of the guard's app; returns the cloud assembly folder and the exit code. */
function synthGuardApp(scenario: string): { outdir: string; status: number | null; output: string } {
  const outdir = path.join(tempDir(`scan-vs-guard-${scenario}-`), 'cdk.out');
  const env: NodeJS.ProcessEnv = { ...process.env, GUARD_SCENARIO: scenario, CDK_VALIDATION: 'false', CDK_DISABLE_CLI_TELEMETRY: 'true' };
  delete env.NODE_ENV;
  const run = spawnSync(CDK, ['synth', '--no-notices', '--quiet', '--app', GUARD_APP, '--output', outdir], { cwd: ROOT, env, encoding: 'utf-8', timeout: 120_000 });
  return { outdir, status: run.status, output: `${run.stdout}\n${run.stderr}` };
}

interface ReportedGateway {
  readonly constructPath?: string;
  readonly location?: string;
  readonly templatePath?: string;
  readonly logicalId: string;
  readonly authorization: string;
  readonly verdict: string;
  readonly exemptionReason?: string;
  readonly findings: Array<{ ruleId: string; propertyPath: string; message: string }>;
}

/** The comparable part of a gateway in either report; template paths relative to the cloud assembly. */
function comparable(gateways: ReportedGateway[], outdir: string) {
  return gateways
    .map((g) => ({
      constructPath: g.constructPath,
      location: g.location,
      templatePath: g.templatePath && path.isAbsolute(g.templatePath) ? path.relative(outdir, g.templatePath) : g.templatePath,
      logicalId: g.logicalId,
      authorization: g.authorization,
      verdict: g.verdict,
      exemptionReason: g.exemptionReason,
      findings: g.findings,
    }))
    .sort((a, b) => `${a.constructPath}`.localeCompare(`${b.constructPath}`));
}

describe('scan finds exactly what the guard finds (real CDK CLI, the guard\'s test app)', () => {
  test.each([
    // [scenario, guard exit code, scan flags, scan exit code, gateways, non-compliant]
    ['top-level', 1, [], 1, 1, 1],
    ['stage-only', 1, [], 1, 4, 2],
    ['pipeline', 1, [], 1, 2, 2],
    ['secure', 0, [], 0, 6, 0],
    ['exempt', 0, ['--allow-exemptions'], 0, 1, 0],
  ] as const)('GIVEN the %s scenario WHEN cdk synth (guard exit %d) and then scan %j THEN scan exits %d and reports the same %d gateways, %d failing', async (scenario, guardStatus, flags, scanStatus, count, failing) => {
    // GIVEN
    const synth = synthGuardApp(scenario);
    expect({ scenario, status: synth.status }).toEqual({ scenario, status: guardStatus });
    const guardReport = JSON.parse(fs.readFileSync(path.join(synth.outdir, 'agentcore-gateway-authorization.json'), 'utf-8'));

    // WHEN
    const run = await runCli(['scan', synth.outdir, '--format', 'json', ...flags]);

    // THEN
    expect(run.code).toBe(scanStatus);
    const scanReport = JSON.parse(run.stdout);
    expect(scanReport.problems).toEqual([]);
    expect(scanReport.summary).toEqual(guardReport.summary);
    expect(scanReport.summary).toMatchObject({ gateways: count, nonCompliant: failing });
    expect(comparable(scanReport.gateways, synth.outdir)).toEqual(comparable(guardReport.gateways, synth.outdir));
  });

  test('GIVEN the exempt scenario WHEN scanned without --allow-exemptions THEN the exemption is refused, as by a guard without allowExemptions', async () => {
    const synth = synthGuardApp('exempt');

    const run = await runCli(['scan', synth.outdir, '--format', 'json']);

    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).gateways[0].findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(['AGW1', 'AGW7']);
  });
});

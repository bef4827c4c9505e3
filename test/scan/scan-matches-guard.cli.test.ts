// `scan` on the cdk.out folders written by the guard's own test app (test/guard/apps/guard-app.ts) must
// find exactly what the guard found during that synthesis: the guard writes its findings to
// <cdk.out>/agentcore-gateway-authorization.json, and scan reads only the templates.
//
// The app is run the way the CDK CLI runs it (CDK_OUTDIR, CDK_CONTEXT_JSON with the CLI's metadata
// settings), not through the CLI itself: the context key `@aws-cdk/core:failSynthOnValidationErrors: false`
// lets the guard report top-level findings as error annotations, so the app exits 0 with its whole assembly
// on disk. Findings in Stages still make the app fail, after the assembly is written; the guard then
// withdraws the App's manifest, and scan finds the Stages' assemblies by walking the folder.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { tempDir } from './helpers';
import type { ReportedGateway } from '../../src/engine/report';
import { runCli } from '../cli/run-cli';

const ROOT = path.join(__dirname, '..', '..');

/** Runs one scenario of the guard's app; returns the cloud assembly folder and the app's exit code. */
function synthGuardApp(scenario: string): { outdir: string; status: number | null; output: string } {
  const outdir = path.join(tempDir(`scan-vs-guard-${scenario}-`), 'cdk.out');
  const context = {
    '@aws-cdk/core:failSynthOnValidationErrors': false,
    'aws:cdk:enable-path-metadata': true,
    'aws:cdk:enable-asset-metadata': true,
  };
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GUARD_SCENARIO: scenario,
    CDK_OUTDIR: outdir,
    CDK_CONTEXT_JSON: JSON.stringify(context),
    CDK_VALIDATION: 'false',
  };
  delete env.NODE_ENV;
  delete env.CDK_CLI_VERSION;
  delete env.CDK_CLI_ASM_VERSION;
  const run = spawnSync('node', ['-r', 'ts-node/register/transpile-only', 'test/guard/apps/guard-app.ts'], { cwd: ROOT, env, encoding: 'utf-8', timeout: 120_000 });
  return { outdir, status: run.status, output: `${run.stdout}\n${run.stderr}` };
}


/** The comparable part of a gateway in either report; template paths relative to the cloud assembly. */
function comparable(gateways: ReportedGateway[], outdir: string) {
  return gateways
    .map((g) => ({
      resourceType: g.resourceType,
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

describe('scan finds exactly what the guard finds (the guard\'s test app)', () => {
  test.each([
    // [scenario, app exit code, scan flags, scan exit code, gateways, non-compliant]
    ['top-level', 0, [], 1, 1, 1],
    ['stage-only', 1, [], 1, 4, 2],
    ['pipeline', 1, [], 1, 2, 2],
    ['secure', 0, [], 0, 6, 0],
    ['exempt', 0, ['--allow-exemptions'], 0, 1, 0],
    ['surface', 0, ['--allow-authenticate-only-with-enforced-policy-engine'], 1, 4, 2],
  ] as const)('GIVEN the %s scenario WHEN synthesized (app exit %d) and then scanned with %j THEN scan exits %d and reports the same %d gateways, %d failing', async (scenario, guardStatus, flags, scanStatus, count, failing) => {
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

  test('GIVEN the surface scenario WHEN scanned THEN the LOG_ONLY AUTHENTICATE_ONLY gateway fails AGW8, the public policy AGW9, and grantInvoke\'s policy passes', async () => {
    const synth = synthGuardApp('surface');

    const run = await runCli(['scan', synth.outdir, '--format', 'json', '--allow-authenticate-only-with-enforced-policy-engine']);

    const verdicts = JSON.parse(run.stdout).gateways.map((g: ReportedGateway) => [g.constructPath, g.verdict, g.findings.map((f) => f.ruleId)]);
    expect(verdicts).toEqual(
      expect.arrayContaining([
        ['Top/AuthnOnlyENFORCE', 'COMPLIANT', []],
        ['Top/AuthnOnlyLOGONLY', 'NON_COMPLIANT', ['AGW8']],
        ['Top/Partnered/ResourcePolicy/Resource', 'COMPLIANT', []],
        ['Shared/SharedPolicy', 'NON_COMPLIANT', ['AGW9']],
      ]),
    );
  });

  test('GIVEN the exempt scenario WHEN scanned without --allow-exemptions THEN the exemption is refused, as by a guard without allowExemptions', async () => {
    const synth = synthGuardApp('exempt');

    const run = await runCli(['scan', synth.outdir, '--format', 'json']);

    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).gateways[0].findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(['AGW1', 'AGW7']);
  });
});

// The classes of issue "the guard judges what was written" that this engine change covers (templates shipped
// in other resources, SDK calls, macros, unrelated parameters), each through the real CDK CLI on the small app
// apps/embedded-app.ts: the guarded app fails `cdk synth` with the finding printed, its secure twin passes;
// the same app synthesized without the guard fails `agentcore-gateway-guard scan cdk.out`, its twin passes.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { flatFindings } from './app-fixtures';
import { Scenario, scanArgs } from './apps/embedded-scenarios';
import { runCli } from '../cli/run-cli';

const ROOT = path.join(__dirname, '..', '..');
const CDK = path.join(ROOT, 'node_modules', '.bin', 'cdk');
const APP = 'node -r ts-node/register/transpile-only test/guard/apps/embedded-app.ts';

/** `cdk synth` with no stack selection, as a developer or a pipeline's synth step runs it. */
function cdkSynth(scenario: Scenario, secure: boolean, guarded: boolean) {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `embedded-cli-${scenario}-`));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    EMBEDDED_SCENARIO: scenario,
    EMBEDDED_SECURE: secure ? '1' : '0',
    EMBEDDED_GUARD: guarded ? 'on' : 'off',
    CDK_VALIDATION: 'false',
    CDK_DISABLE_CLI_TELEMETRY: 'true',
  };
  // jest sets NODE_ENV=test, which changes how aws-cdk-lib reports validation; a real CLI run has none.
  delete env.NODE_ENV;
  const result = spawnSync(CDK, ['synth', '--no-notices', '--quiet', '--app', APP, '--output', outdir], { cwd: ROOT, env, encoding: 'utf-8', timeout: 180_000 });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}`, outdir };
}

// Each finding is printed on short wrapped lines (rule, where, what); flatFindings joins them into one line.
const CLASSES: Array<[Scenario, RegExp, RegExp]> = [
  // [scenario, what cdk synth prints, what scan prints]
  ['nested-asset', /\[AGW1\] Gw \(Top\/Child, logical ID Gw\) at Properties\.AuthorizerType: AuthorizerType is NONE\./, /\[AGW1\] Gw \(Top\/Child, logical ID Gw\) at Properties\.AuthorizerType/],
  ['stack-set-body', /\[AGW1\] Gw \(Top -> StackSet MySet \(TemplateBody\), logical ID Gw\) at Properties\.AuthorizerType: AuthorizerType is NONE\./, /\[AGW1\] Gw \(Top -> StackSet MySet \(TemplateBody\), logical ID Gw\)/],
  ['stack-set-yaml-body', /\[AGW1\] Gw \(Top -> StackSet MySet \(TemplateBody\), logical ID Gw\)/, /\[AGW1\] Gw \(Top -> StackSet MySet \(TemplateBody\), logical ID Gw\)/],
  ['stack-set-asset', /\[AGW1\] Gw \(Top -> StackSet MySet \(TemplateURL\), logical ID Gw\)/, /\[AGW1\] Gw \(Top -> StackSet MySet \(TemplateURL\), logical ID Gw\)/],
  ['service-catalog', /\[AGW1\] Gw \(Top -> Service Catalog product Product\w+ \(ProvisioningArtifactParameters\[0\]\), logical ID Gw\)/, /\[AGW1\] Gw \(Top -> Service Catalog product Product\w+/],
  ['remote-url', /\[AGW10\] Top\/Shared \(Top, logical ID Shared\) at Properties\.TemplateURL: Stack Shared \(TemplateURL\) cannot be read by the guard/, /\[AGW10\] Top\/Shared \(Top, logical ID Shared\) at Properties\.TemplateURL/],
  ['sdk-call', /\[AGW1\] Top\/MakeGateway\/Resource\/Default \(Top, logical ID MakeGateway\w+\) at Properties\.Create\.parameters\.authorizerType: AuthorizerType is NONE\./, /\[AGW1\] Top\/MakeGateway\/Resource\/Default .* at Properties\.Create\.parameters\.authorizerType/],
  ['sdk-create-stack', /\[AGW1\] Gw \(Top -> SDK call MakeStack\w+ \(Create: CloudFormation\.createStack TemplateBody\), logical ID Gw\)/, /\[AGW1\] Gw \(Top -> SDK call MakeStack\w+/],
  ['transform', /\[AGW2\] Top\/Gw \(Top, logical ID Gw\) at Properties\.Fn::Transform: Fn::Transform calls macro TeamMacro/, /\[AGW2\] Top\/Gw \(Top, logical ID Gw\) at Properties\.Fn::Transform/],
  ['parameters', /\[AGW1\] Top\/Gw \(Top, logical ID Gw\) at Properties\.AuthorizerType: When parameter Team = 'web' and parameter Env = 'e3': AuthorizerType is NONE\./, /When parameter Team = 'web' and parameter Env = 'e3': AuthorizerType is NONE\./],
];

describe.each(CLASSES)('the %s class through the real CLIs', (scenario, synthFinding, scanFinding) => {
  test('GIVEN the guarded app WHEN cdk synth THEN it exits non-zero and prints the finding', () => {
    const run = cdkSynth(scenario, false, true);
    expect(run.status).not.toBe(0);
    expect(flatFindings(run.output).join('\n')).toMatch(synthFinding);
  });

  test('GIVEN its secure twin WHEN cdk synth THEN it exits 0 and scan of its cdk.out exits 0', async () => {
    const run = cdkSynth(scenario, true, true);
    expect(run.output).not.toMatch(/\[AGW\d+\]/);
    expect(run.status).toBe(0);
    const scan = await runCli(['scan', run.outdir, ...scanArgs(scenario, true)]);
    expect(scan.stdout).not.toMatch(/NON_COMPLIANT/);
    expect(scan.code).toBe(0);
  });

  test('GIVEN the app synthesized without the guard WHEN scan reads its cdk.out THEN exit 1 with the finding', async () => {
    const run = cdkSynth(scenario, false, false);
    expect(run.status).toBe(0);
    const scan = await runCli(['scan', run.outdir]);
    expect(scan.code).toBe(1);
    expect(flatFindings(scan.stdout).join('\n')).toMatch(scanFinding);
  });
});

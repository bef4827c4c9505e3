// Runs the real CDK CLI (`aws-cdk`, a devDependency) on apps/bypass-app.ts: every way around the guard that
// the written-assembly verdict and the exit check close, each with a twin that must pass.
import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { ENV, flatFindings, publicGateway } from './app-fixtures';
import { cdkSynth as runCdkSynth, CliRun, newOutdir as freshOutdir } from './cdk-cli';

const APP = 'node -r ts-node/register/transpile-only test/guard/apps/bypass-app.ts';
const REPORT = 'agentcore-gateway-authorization.json';

interface FlatRun extends CliRun {
  /** Each finding printed, its wrapping undone (see `flatFindings`). */
  readonly findings: string;
}

function newOutdir(scenario: string): string {
  return freshOutdir(`guard-bypass-${scenario}`);
}

/** `cdk synth` of the bypass app with no stack selection into `outdir`, as a developer or a pipeline's synth step runs it. */
function cdkSynth(scenario: string, outdir = newOutdir(scenario), ...args: string[]): FlatRun {
  const run = runCdkSynth(APP, scenario, outdir, ...args);
  return { ...run, findings: flatFindings(run.output).join('\n') };
}

function report(outdir: string): any {
  return JSON.parse(fs.readFileSync(path.join(outdir, REPORT), 'utf-8'));
}

function verdicts(outdir: string): Array<[string | undefined, string, string]> {
  return report(outdir).gateways.map((g: any) => [g.constructPath, g.logicalId, g.verdict]);
}

describe('cdk synth (real CLI): the verdict is on what was written', () => {
  test('GIVEN a stale "compliant" report in cdk.out and app.synth({ skipValidation: true }) WHEN a gateway is NONE THEN exit 1, the finding is printed and the report is this run\'s', () => {
    const outdir = newOutdir('skip');
    fs.writeFileSync(path.join(outdir, REPORT), JSON.stringify({ summary: { gateways: 3, compliant: 3, nonCompliant: 0, exempt: 0 }, gateways: [] }));
    const run = cdkSynth('skip-validation', outdir);
    expect(run.status).not.toBe(0);
    expect(run.findings).toContain('[AGW1] Api/Open (Api, logical ID Open) at Properties.AuthorizerType: AuthorizerType is NONE.');
    expect(verdicts(outdir)).toEqual([['Api/Open', 'Open', 'NON_COMPLIANT']]);
    // The rejected assembly cannot be deployed: its manifest is gone, its template stays for inspection.
    expect(fs.existsSync(path.join(outdir, 'manifest.json'))).toBe(false);
    expect(fs.existsSync(path.join(outdir, 'Api.template.json'))).toBe(true);
  });

  test('GIVEN the twin: skipValidation with a secure gateway and a stale report WHEN cdk synth THEN exit 0 and the report describes this run', () => {
    const outdir = newOutdir('skip-secure');
    fs.writeFileSync(path.join(outdir, REPORT), JSON.stringify({ summary: { gateways: 3, compliant: 3, nonCompliant: 0, exempt: 0 }, gateways: [] }));
    const run = cdkSynth('skip-validation-secure', outdir);
    expect(run.output).not.toMatch(/AGW\d/);
    expect(run.status).toBe(0);
    expect(verdicts(outdir)).toEqual([['Api/Secure', 'Secure', 'COMPLIANT']]);
  });

  test.each([
    ['synthesis-hook', '[AGW1] Hooked/Gw (Hooked, logical ID Gw) at Properties.AuthorizerType: AuthorizerType is NONE.'],
    ['stack-synthesizer', '[AGW1] Mutated/Gw (Mutated, logical ID Gw) at Properties.AuthorizerType: AuthorizerType is NONE.'],
    ['stack-subclass', '[AGW1] Injected (Injecting, template Injecting.template.json, logical ID Injected) at Properties.AuthorizerType: AuthorizerType is NONE.'],
    ['disguised-resource', '[AGW1] Disguised/Topic (Disguised, logical ID Topic) at Properties.AuthorizerType: AuthorizerType is NONE.'],
    ['raw-element', '[AGW1] Raw/Element (Raw, logical ID Element) at Properties.AuthorizerType: AuthorizerType is NONE.'],
    ['late-stage', '[AGW1] Late/Api/Gw (Late/Api, logical ID Gw) at Properties.AuthorizerType: AuthorizerType is NONE.'],
  ])('GIVEN %s that makes a gateway public after validation WHEN cdk synth THEN exit 1 and the finding is printed', (scenario, finding) => {
    const run = cdkSynth(scenario);
    expect(run.status).not.toBe(0);
    expect(run.findings).toContain(finding);
    expect(report(run.outdir).summary).toEqual({ gateways: 1, compliant: 0, nonCompliant: 1, exempt: 0 });
  });

  test('GIVEN a Stage created during synthesis AND a stack selection that leaves it out WHEN cdk synth Trigger THEN still exit 1', () => {
    const run = cdkSynth('late-stage', undefined, 'Trigger');
    expect(run.status).not.toBe(0);
    expect(run.findings).toContain('[AGW1] Late/Api/Gw (Late/Api, logical ID Gw)');
  });

  test('GIVEN the twins: every one of those mechanisms ending in a secure gateway WHEN cdk synth THEN exit 0 and the report lists each as written', () => {
    const run = cdkSynth('all-bypasses-secure');
    expect(run.output).not.toMatch(/AGW\d/);
    expect(run.status).toBe(0);
    expect(verdicts(run.outdir)).toEqual([
      ['Hooked/Gw', 'Gw', 'COMPLIANT'],
      ['Mutated/Gw', 'Gw', 'COMPLIANT'],
      [undefined, 'Injected', 'COMPLIANT'],
      ['Disguised/Topic', 'Topic', 'COMPLIANT'],
      ['Raw/Element', 'Element', 'COMPLIANT'],
      ['Late/Api/Gw', 'Gw', 'COMPLIANT'],
    ]);
    // Written by the hook: AWS_IAM, though the construct says CUSTOM_JWT.
    expect(report(run.outdir).gateways[0].authorization).toBe('AWS_IAM');
  });
});

describe('cdk synth (real CLI): two Apps, one output directory', () => {
  test('GIVEN a team App with a public gateway that synthesizes after the guarded App WHEN cdk synth THEN exit 1: the manifest was replaced and the gateway is named', () => {
    const run = cdkSynth('two-apps');
    expect(run.status).not.toBe(0);
    expect(run.output).toMatch(/manifest\.json is not the cloud assembly the guard judged: it was written by an App of this program that has no RequireGatewayAuthorization/);
    expect(run.findings).toContain('[AGW1] Open (Team, template Team.template.json, logical ID Open) at Properties.AuthorizerType: AuthorizerType is NONE.');
    // The report describes what the CLI would have read, not the guarded App's assembly.
    expect(verdicts(run.outdir)).toEqual([[undefined, 'Open', 'NON_COMPLIANT']]);
  });

  test('GIVEN a team App whose gateway is secure but that replaces the guarded manifest WHEN cdk synth THEN exit 1 (the guarded stacks would not deploy)', () => {
    const run = cdkSynth('two-apps-secure-team');
    expect(run.status).not.toBe(0);
    expect(run.output).toMatch(/is not the cloud assembly the guard judged/);
    expect(run.output).not.toMatch(/\[AGW\d\]/);
  });

  test.each([['two-apps-both-guarded'], ['team-app-own-outdir']])('GIVEN the twin %s WHEN cdk synth THEN exit 0', (scenario) => {
    const run = cdkSynth(scenario);
    expect(run.output).not.toMatch(/RequireGatewayAuthorization|AGW\d/);
    expect(run.status).toBe(0);
  });
});

describe('cdk synth (real CLI): tricks from inside the app', () => {
  test('GIVEN team code that catches the guard\'s error WHEN cdk synth THEN exit 1 and the finding is printed', () => {
    const run = cdkSynth('swallow-error');
    expect(run.status).not.toBe(0);
    expect(run.findings).toContain('[AGW1] Api/Open (Api, logical ID Open)');
  });

  test('GIVEN team code that resets the exit code to 0 when the process exits WHEN cdk synth THEN the CLI still fails: the rejected assembly has no manifest', () => {
    const run = cdkSynth('reset-exit-code');
    expect(run.status).not.toBe(0);
    expect(run.findings).toContain('[AGW1] Api/Open (Api, logical ID Open)');
    expect(fs.existsSync(path.join(run.outdir, 'manifest.json'))).toBe(false);
  });

  test('GIVEN team code that turns the guard\'s uncaught error into process.exit(0) WHEN cdk synth THEN exit 1, the finding is printed and there is no manifest to deploy', () => {
    const run = cdkSynth('exit-zero-on-error');
    expect(run.status).not.toBe(0);
    expect(run.findings).toContain('[AGW1] Api/Open (Api, logical ID Open)');
    expect(run.output).toContain('the process was about to exit with success after the errors above; it fails.');
    expect(fs.existsSync(path.join(run.outdir, 'manifest.json'))).toBe(false);
    expect(fs.existsSync(path.join(run.outdir, 'Api.template.json'))).toBe(true);
  });

  test('GIVEN team code that deletes the CLI variables and sets NODE_ENV=test WHEN cdk synth -c failSynthOnValidationErrors=false --ignore-errors THEN exit 1', () => {
    const run = cdkSynth('forget-toolkit', undefined, '-c', '@aws-cdk/core:failSynthOnValidationErrors=false', '--ignore-errors');
    expect(run.status).not.toBe(0);
    expect(run.findings).toContain('[AGW1] Api/Open (Api, logical ID Open)');
  });

  test('GIVEN cdk.out holding an insecure assembly from elsewhere and team code that exits before the App synthesizes WHEN cdk synth THEN exit 1 naming the gateway', () => {
    const outdir = newOutdir('exit-early');
    const foreign = new App({ outdir });
    publicGateway(new Stack(foreign, 'Old', { env: ENV }), 'Open');
    foreign.synth();
    const run = cdkSynth('exit-before-synth', outdir);
    expect(run.status).not.toBe(0);
    expect(run.output).toMatch(/RequireGatewayAuthorization \(the cloud assembly in .*, which no guard judged, .*\): 1 AgentCore gateway would deploy without enforced inbound authorization:\n/);
    expect(run.findings).toContain('[AGW1] Open (Old, template Old.template.json, logical ID Open)');
  });

  test('GIVEN team code that rewrites a template after synth() WHEN cdk synth THEN exit 1', () => {
    const run = cdkSynth('rewrite-after-synth');
    expect(run.status).not.toBe(0);
    expect(run.findings).toContain('[AGW1] Api/Secure (Api, logical ID Secure) at Properties.AuthorizerType: AuthorizerType is NONE.');
  });

  test('GIVEN team code that adds a stack to the manifest after synth() WHEN cdk synth THEN exit 1 naming the added gateway', () => {
    const run = cdkSynth('second-manifest');
    expect(run.status).not.toBe(0);
    expect(run.output).toMatch(/is not the cloud assembly the guard judged: it was written by no App of this program in this run/);
    expect(run.findings).toContain('[AGW1] Open (Extra, template Extra.template.json, logical ID Open)');
  });
});

// The check the guard runs when a process started by the CDK CLI exits, called here in process on a state
// that says "the CLI reads <dir>": two Apps of one program writing the same output directory.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { cfnGateway, ENV, flatFindings, publicGateway } from './app-fixtures';
import { RequireGatewayAuthorization, RequireGatewayAuthorizationProps } from '../../src/guard';
import { GuardPolicy, GuardProcess, strictestPolicy } from '../../src/guard/guard-process';
import { GUARDED_APPS } from '../../src/guard/synthesis-gate';
import { checkToolkitOutput, recordToolkitSynthesis } from '../../src/guard/toolkit-output-check';

const DEFAULT_POLICY: GuardPolicy = {
  allowExemptions: false,
  allowAuthenticateOnlyWithEnforcedPolicyEngine: false,
  additionalAllowedAuthorizerTypes: [],
  allowedTemplateUrlPrefixes: [],
  reportFileName: 'agentcore-gateway-authorization',
};

/** A process as the CDK CLI starts it, reading `outdir`. */
function cliProcess(outdir: string, policies: GuardPolicy[] = [DEFAULT_POLICY]): GuardProcess {
  return { start: { runByToolkit: true, toolkitOutdir: outdir }, policies, toolkitSyntheses: [], rejected: new Map(), exitCheckInstalled: false };
}

/** Synthesizes `app` as the CLI's autoSynth does, and records it as the guard's synth hook does under the CLI. */
function synth(app: App, state: GuardProcess): void {
  let assembly;
  try {
    assembly = app.synth();
  } catch {
    // The guard rejected it; what matters here is what the exit check then finds.
    return;
  }
  recordToolkitSynthesis(app, assembly, state);
}

function guardedApp(outdir: string, props: RequireGatewayAuthorizationProps = {}): App {
  const app = new App({ outdir });
  RequireGatewayAuthorization.applyTo(app, props);
  return app;
}

function report(outdir: string): any {
  return JSON.parse(fs.readFileSync(path.join(outdir, 'agentcore-gateway-authorization.json'), 'utf-8'));
}

describe('the output directory the CDK CLI reads, when the process exits', () => {
  let outdir: string;
  beforeEach(() => {
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'guard-toolkit-'));
  });

  test('GIVEN a team App with a public gateway that synthesizes after the guarded App WHEN checked THEN it fails: the manifest was replaced, and names the gateway', () => {
    // GIVEN
    const state = cliProcess(outdir);
    const platform = guardedApp(outdir);
    cfnGateway(new Stack(platform, 'Platform', { env: ENV }), 'Secure');
    const team = new App({ outdir });
    publicGateway(new Stack(team, 'Team', { env: ENV }), 'Open');
    synth(platform, state);
    synth(team, state);

    // WHEN
    const lines = checkToolkitOutput(state, GUARDED_APPS);

    // THEN
    expect(lines[0]).toMatch(
      /^RequireGatewayAuthorization: .*manifest\.json is not the cloud assembly the guard judged: it was written by an App of this program that has no RequireGatewayAuthorization, after the guarded App synthesized into the same directory.* Fix: create every stack in the App the guard is applied to/,
    );
    expect(lines[1]).toMatch(/^RequireGatewayAuthorization \(the cloud assembly in .*, which no guard judged, .*\): 1 AgentCore gateway would deploy without enforced inbound authorization:\n/);
    expect(flatFindings(lines[1])).toEqual([expect.stringContaining('[AGW1] Open (Team, template Team.template.json, logical ID Open) at Properties.AuthorizerType: AuthorizerType is NONE.')]);
    expect(lines[1]).toMatch(/in the report:\n {6}\S*agentcore-gateway-authorization\.json \(and SARIF next to it\)$/);
    expect(lines).toHaveLength(2);
    // The report now describes what the CLI would read.
    expect(report(outdir).gateways).toEqual([expect.objectContaining({ logicalId: 'Open', templatePath: 'Team.template.json', verdict: 'NON_COMPLIANT' })]);
  });

  test('GIVEN a team App with only secure gateways that replaces the guarded manifest WHEN checked THEN it still fails (the guarded stacks would not deploy)', () => {
    const state = cliProcess(outdir);
    const platform = guardedApp(outdir);
    cfnGateway(new Stack(platform, 'Platform', { env: ENV }), 'Secure');
    const team = new App({ outdir });
    cfnGateway(new Stack(team, 'Team', { env: ENV }), 'Secure');
    synth(platform, state);
    synth(team, state);
    const lines = checkToolkitOutput(state, GUARDED_APPS);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/is not the cloud assembly the guard judged/);
  });

  test('GIVEN the twin: the team App is guarded too WHEN checked THEN it passes', () => {
    const state = cliProcess(outdir);
    const platform = guardedApp(outdir);
    cfnGateway(new Stack(platform, 'Platform', { env: ENV }), 'Secure');
    const team = guardedApp(outdir);
    cfnGateway(new Stack(team, 'Team', { env: ENV }), 'Secure');
    synth(platform, state);
    synth(team, state);
    expect(checkToolkitOutput(state, GUARDED_APPS)).toEqual([]);
  });

  test('GIVEN the twin: the team App writes its own directory WHEN checked THEN it passes', () => {
    const state = cliProcess(outdir);
    const platform = guardedApp(outdir);
    cfnGateway(new Stack(platform, 'Platform', { env: ENV }), 'Secure');
    const team = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'guard-team-')) });
    publicGateway(new Stack(team, 'Team', { env: ENV }), 'Open');
    synth(platform, state);
    synth(team, state);
    expect(checkToolkitOutput(state, GUARDED_APPS)).toEqual([]);
  });

  test('GIVEN a template changed on disk after the guarded App synthesized WHEN checked THEN the guard judges it again, with its construct path', () => {
    const state = cliProcess(outdir);
    const platform = guardedApp(outdir);
    cfnGateway(new Stack(platform, 'Api', { env: ENV }), 'Secure');
    synth(platform, state);
    const file = path.join(outdir, 'Api.template.json');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf-8').replace('"CUSTOM_JWT"', '"NONE"'));
    const lines = checkToolkitOutput(state, GUARDED_APPS);
    expect(lines).toHaveLength(1);
    expect(flatFindings(lines[0]).join('\n')).toContain('[AGW1] Api/Secure (Api, logical ID Secure) at Properties.AuthorizerType: AuthorizerType is NONE.');
    expect(report(outdir).summary.nonCompliant).toBe(1);
  });

  test('GIVEN an assembly no App of this run wrote (the guarded App never synthesized) WHEN it holds a public gateway THEN it fails; WHEN not THEN it passes', () => {
    const old = new App({ outdir });
    publicGateway(new Stack(old, 'Old', { env: ENV }), 'Open');
    old.synth();
    const state = cliProcess(outdir);
    guardedApp(outdir);
    expect(flatFindings(checkToolkitOutput(state, GUARDED_APPS).join('\n')).join('\n')).toContain('[AGW1] Open (Old, template Old.template.json, logical ID Open)');

    const secureDir = fs.mkdtempSync(path.join(os.tmpdir(), 'guard-toolkit-'));
    const secure = new App({ outdir: secureDir });
    cfnGateway(new Stack(secure, 'Old', { env: ENV }), 'Secure');
    secure.synth();
    expect(checkToolkitOutput(cliProcess(secureDir), GUARDED_APPS)).toEqual([]);
  });

  test('GIVEN a rejected assembly whose error code in the app swallowed WHEN the process is about to exit with success THEN the check fails with the error', () => {
    const state = cliProcess(outdir);
    const platform = guardedApp(outdir);
    publicGateway(new Stack(platform, 'Api', { env: ENV }), 'Open');
    state.rejected.set(platform, 'RequireGatewayAuthorization: 1 AgentCore gateway would deploy without enforced inbound authorization');
    expect(checkToolkitOutput(state, GUARDED_APPS)).toEqual([
      'RequireGatewayAuthorization: 1 AgentCore gateway would deploy without enforced inbound authorization',
      'RequireGatewayAuthorization: the process was about to exit with success after the errors above; it fails.',
    ]);
  });

  test('GIVEN an unjudged assembly with a nested stack from a remote URL WHEN only one guard allows the prefix THEN AGW10 fails it; WHEN every guard does THEN it passes', () => {
    const old = new App({ outdir });
    new CfnResource(new Stack(old, 'Old', { env: ENV }), 'Shared', {
      type: 'AWS::CloudFormation::Stack',
      properties: { TemplateURL: 'https://templates.example.com/vetted/gateways.json' },
    });
    old.synth();
    const vetted: GuardPolicy = { ...DEFAULT_POLICY, allowedTemplateUrlPrefixes: ['https://templates.example.com/vetted/'] };
    const lines = flatFindings(checkToolkitOutput(cliProcess(outdir, [vetted, DEFAULT_POLICY]), GUARDED_APPS).join('\n')).join('\n');
    expect(lines).toContain('[AGW10] Shared (Old, logical ID Shared) at Properties.TemplateURL: Stack Shared (TemplateURL) cannot be read by the guard');
    expect(checkToolkitOutput(cliProcess(outdir, [vetted, vetted]), GUARDED_APPS)).toEqual([]);
  });

  test('GIVEN no manifest at all WHEN checked THEN there is nothing to judge (the CLI fails by itself)', () => {
    expect(checkToolkitOutput(cliProcess(outdir), GUARDED_APPS)).toEqual([]);
  });

  test('GIVEN two guards, one allowing exemptions WHEN an unjudged assembly holds an exempted public gateway THEN the strictest policy refuses it', () => {
    const old = new App({ outdir });
    publicGateway(new Stack(old, 'Old', { env: ENV }), 'Demo').addMetadata('cdk-secure-agentcore-gateway:exemption', { reason: 'Public MCP demo, protected by interceptors' });
    old.synth();
    const lenient: GuardPolicy = { ...DEFAULT_POLICY, allowExemptions: true };
    expect(checkToolkitOutput(cliProcess(outdir, [lenient]), GUARDED_APPS)).toEqual([]);
    const lines = flatFindings(checkToolkitOutput(cliProcess(outdir, [lenient, DEFAULT_POLICY]), GUARDED_APPS).join('\n')).join('\n');
    expect(lines).toContain('[AGW1] Demo (Old, template Old.template.json, logical ID Demo)');
    expect(lines).toContain('[AGW7] Demo');
  });

  test('GIVEN policies WHEN combined THEN exemptions and AUTHENTICATE_ONLY only if every guard allows them, and only the extra types and URL prefixes every guard allows', () => {
    const a: GuardPolicy = {
      allowExemptions: true,
      allowAuthenticateOnlyWithEnforcedPolicyEngine: true,
      additionalAllowedAuthorizerTypes: ['AUTHENTICATE_ONLY', 'X'],
      allowedTemplateUrlPrefixes: ['https://a.example.com/', 'https://vetted.example.com/'],
      reportFileName: 'a',
    };
    const b: GuardPolicy = {
      allowExemptions: false,
      allowAuthenticateOnlyWithEnforcedPolicyEngine: false,
      additionalAllowedAuthorizerTypes: ['X'],
      allowedTemplateUrlPrefixes: ['https://vetted.example.com/'],
      reportFileName: 'b',
    };
    expect(strictestPolicy([a, b], 'default')).toEqual({
      allowExemptions: false,
      allowAuthenticateOnlyWithEnforcedPolicyEngine: false,
      additionalAllowedAuthorizerTypes: ['X'],
      allowedTemplateUrlPrefixes: ['https://vetted.example.com/'],
      reportFileName: 'a',
    });
    expect(strictestPolicy([a], 'default')).toEqual(a);
    expect(strictestPolicy([a, { ...a, reportFileName: 'c' }], 'default').allowAuthenticateOnlyWithEnforcedPolicyEngine).toBe(true);
    expect(strictestPolicy([], 'default')).toEqual({
      allowExemptions: false,
      allowAuthenticateOnlyWithEnforcedPolicyEngine: false,
      additionalAllowedAuthorizerTypes: [],
      allowedTemplateUrlPrefixes: [],
      reportFileName: 'default',
    });
  });
});

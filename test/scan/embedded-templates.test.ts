// `scan` judges what an app deploys through other resources, in a cdk.out and in templates on disk: nested
// CfnStacks and StackSets whose templates are file assets, inline StackSet bodies, Service Catalog products,
// SDK calls and macros; what it cannot read is AGW10 unless allowed.
import * as fs from 'fs';
import * as path from 'path';
import { App, CfnStack, NestedStack, Stack } from 'aws-cdk-lib';
import { Asset } from 'aws-cdk-lib/aws-s3-assets';
import { gatewayResource, tempDir, writeFiles } from './helpers';
import { scanPaths, ScanOptions } from '../../src/scan/scan';
import { runCli } from '../cli/run-cli';
import { addScenario, gatewayTemplate, Scenario, VETTED_PREFIX } from '../guard/apps/embedded-scenarios';

process.env.CDK_VALIDATION = 'false';

/** The scenario synthesized without the guard, as a team's app would be. */
function synth(scenario: Scenario, secure: boolean, build?: (stack: Stack) => void): string {
  const outdir = path.join(tempDir('scan-embedded-'), 'cdk.out');
  const app = new App({ outdir, context: { 'aws:cdk:enable-path-metadata': true, 'aws:cdk:enable-asset-metadata': true } });
  const stack = new Stack(app, 'Top', { env: { account: '111111111111', region: 'eu-west-1' } });
  addScenario(stack, scenario, secure);
  build?.(stack);
  app.synth();
  return outdir;
}

function judged(paths: string[], options: ScanOptions = {}) {
  const result = scanPaths(paths, options);
  return {
    problems: result.problems.map((p) => p.message),
    gateways: result.evaluations.map((e) => ({
      where: `${e.location} :: ${e.logicalId}`,
      verdict: e.verdict,
      findings: e.findings.map((f) => `${f.ruleId} ${f.propertyPath}`),
    })),
  };
}

describe('scan follows templates deployed through other resources (cdk.out)', () => {
  test.each<[Scenario, string, string]>([
    ['nested-asset', 'Top/Child :: Gw', 'AGW1 Properties.AuthorizerType'],
    ['stack-set-body', 'Top -> StackSet MySet (TemplateBody) :: Gw', 'AGW1 Properties.AuthorizerType'],
    ['stack-set-yaml-body', 'Top -> StackSet MySet (TemplateBody) :: Gw', 'AGW1 Properties.AuthorizerType'],
    ['stack-set-asset', 'Top -> StackSet MySet (TemplateURL) :: Gw', 'AGW1 Properties.AuthorizerType'],
    ['sdk-call', 'Top :: MakeGateway', 'AGW1 Properties.Create.parameters.authorizerType'],
    ['sdk-create-stack', ' -> SDK call MakeStack', 'AGW1 Properties.AuthorizerType'],
    ['transform', 'Top :: Gw', 'AGW2 Properties.Fn::Transform'],
    ['parameters', 'Top :: Gw', 'AGW1 Properties.AuthorizerType'],
  ])('GIVEN the %s scenario in a cdk.out WHEN scanned THEN the gateway fails; its secure twin passes', (scenario, where, finding) => {
    const insecure = judged([synth(scenario, false)]);
    expect(insecure.problems).toEqual([]);
    expect(insecure.gateways).toEqual([{ where: expect.stringContaining(where), verdict: 'NON_COMPLIANT', findings: [finding] }]);

    const secure = judged([synth(scenario, true)]);
    expect(secure.problems).toEqual([]);
    expect(secure.gateways).toEqual([{ where: expect.stringContaining(where), verdict: 'COMPLIANT', findings: [] }]);
  });

  test('GIVEN a Service Catalog product from an asset WHEN scanned THEN its template is judged; its secure twin passes', () => {
    const where = expect.stringMatching(/^Top -> Service Catalog product Product\w+ \(ProvisioningArtifactParameters\[0\]\) :: Gw$/);
    expect(judged([synth('service-catalog', false)]).gateways).toEqual([{ where, verdict: 'NON_COMPLIANT', findings: ['AGW1 Properties.AuthorizerType'] }]);
    expect(judged([synth('service-catalog', true)]).gateways).toEqual([{ where, verdict: 'COMPLIANT', findings: [] }]);
  });

  test('GIVEN a remote template URL WHEN scanned THEN AGW10; WHEN its prefix is allowed THEN nothing to judge', () => {
    const out = synth('remote-url', false);
    expect(judged([out]).gateways).toEqual([{ where: 'Top :: Shared', verdict: 'NON_COMPLIANT', findings: ['AGW10 Properties.TemplateURL'] }]);
    expect(judged([out], { allowedTemplateUrlPrefixes: [VETTED_PREFIX] }).gateways).toEqual([]);
  });

  test('GIVEN a URL that names an asset\'s object key on another host WHEN scanned THEN it is not matched to the asset (AGW10)', () => {
    const out = synth('nested-asset', true, (stack) => {
      const key = JSON.stringify(stack.resolve((stack.node.findChild('ChildTemplate') as any).s3ObjectKey));
      new CfnStack(stack, 'Lookalike', { templateUrl: `https://attacker.example.com/${JSON.parse(key)}` });
    });
    expect(judged([out]).gateways).toEqual([
      { where: 'Top/Child :: Gw', verdict: 'COMPLIANT', findings: [] },
      { where: 'Top :: Lookalike', verdict: 'NON_COMPLIANT', findings: ['AGW10 Properties.TemplateURL'] },
    ]);
  });

  test('GIVEN aws:asset:path metadata naming a secure file next to a TemplateURL elsewhere WHEN scanned THEN AGW10 (the metadata does not decide)', () => {
    const out = synth('nested-asset', true, (stack) => {
      const decoy = new CfnStack(stack, 'Decoy', { templateUrl: 'https://s3.amazonaws.com/attacker-bucket/open.json' });
      decoy.addMetadata('aws:asset:path', 'Top.template.json');
    });
    const decoy = judged([out]).gateways.find((g) => g.where === 'Top :: Decoy');
    expect(decoy).toEqual({ where: 'Top :: Decoy', verdict: 'NON_COMPLIANT', findings: ['AGW10 Properties.TemplateURL'] });
    const message = scanPaths([out]).evaluations.find((e) => e.logicalId === 'Decoy')!.findings[0].message;
    expect(message).toMatch(/is not where CDK uploads the file its aws:asset:path metadata names \(Top\.template\.json\)/);
  });

  test('GIVEN aws:asset:path naming a file that is no asset, next to the URL of an insecure asset of the app WHEN scanned THEN the asset the URL names is judged', () => {
    // The parameters scenario's stack is only a carrier; the decoy is the one reference to the insecure asset.
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'open.json'), JSON.stringify(gatewayTemplate(false)));
    const out = synth('parameters', true, (stack) => {
      const asset = new Asset(stack, 'OpenTemplate', { path: path.join(dir, 'open.json') });
      const decoy = new CfnStack(stack, 'Decoy', { templateUrl: asset.httpUrl });
      decoy.addMetadata('aws:asset:path', 'Top.template.json');
    });
    expect(judged([out]).gateways).toEqual([
      { where: 'Top :: Gw', verdict: 'COMPLIANT', findings: [] },
      { where: 'Top/Decoy :: Gw', verdict: 'NON_COMPLIANT', findings: ['AGW1 Properties.AuthorizerType'] },
    ]);
  });

  test('GIVEN a cdk.out whose asset manifest is gone WHEN a nested stack cannot be matched THEN its template is still read by file name and the nested stack is AGW10', () => {
    const out = path.join(tempDir('scan-embedded-'), 'cdk.out');
    const app = new App({ outdir: out });
    const top = new Stack(app, 'Top', { env: { account: '111111111111', region: 'eu-west-1' } });
    addScenario(new NestedStack(top, 'Inner'), 'transform', true);
    app.synth();
    fs.rmSync(path.join(out, 'Top.assets.json'));
    const result = scanPaths([out]);
    expect(result.evaluations.map((e) => [e.logicalId, e.verdict, e.findings.map((f) => f.ruleId)])).toEqual([
      ['Gw', 'COMPLIANT', []],
      [expect.stringMatching(/^InnerNestedStack/), 'NON_COMPLIANT', ['AGW10']],
    ]);
    expect(result.problems.map((p) => p.severity)).toEqual(['warning']);
  });

  test('GIVEN an asset manifest whose source path leaves the assembly WHEN scanned THEN that file is never read', () => {
    const out = synth('nested-asset', false);
    const outside = path.join(path.dirname(out), 'outside.json');
    fs.writeFileSync(outside, JSON.stringify(gatewayTemplate(true)));
    const manifest = JSON.parse(fs.readFileSync(path.join(out, 'Top.assets.json'), 'utf-8'));
    for (const asset of Object.values<any>(manifest.files)) if (asset.source.path.startsWith('asset.')) asset.source.path = '../outside.json';
    fs.writeFileSync(path.join(out, 'Top.assets.json'), JSON.stringify(manifest));
    expect(judged([out]).gateways).toEqual([{ where: 'Top :: Child', verdict: 'NON_COMPLIANT', findings: ['AGW10 Properties.TemplateURL'] }]);
  });
});

describe('scan follows templates deployed through other resources (templates on disk)', () => {
  const stackSet = (body: string) => ({ Resources: { MySet: { Type: 'AWS::CloudFormation::StackSet', Properties: { TemplateBody: body } } } });

  test('GIVEN a StackSet whose YAML TemplateBody holds a public gateway WHEN scanned THEN AGW1 with the chain and the parent file', () => {
    const dir = tempDir();
    writeFiles(dir, { 'root.json': stackSet('Resources:\n  Open:\n    Type: AWS::BedrockAgentCore::Gateway\n    Properties: {AuthorizerType: NONE}\n') });
    const result = scanPaths([path.join(dir, 'root.json')]);
    expect(result.evaluations.map((e) => [e.location, e.logicalId, e.templatePath, e.findings.map((f) => f.ruleId)])).toEqual([
      [`${dir}/root.json -> StackSet MySet (TemplateBody)`, 'Open', `${dir}/root.json`, ['AGW1']],
    ]);
    expect(result.templates).toBe(2);
  });

  test('GIVEN a StackSet body that embeds a StackSet whose body embeds a public gateway WHEN scanned THEN the whole chain is named', () => {
    const inner = JSON.stringify({ Resources: { Open: gatewayResource('NONE') } });
    const middle = JSON.stringify(stackSet(inner));
    const dir = tempDir();
    writeFiles(dir, { 'root.json': stackSet(middle) });
    expect(scanPaths([path.join(dir, 'root.json')]).evaluations.map((e) => e.location)).toEqual([
      `${dir}/root.json -> StackSet MySet (TemplateBody) -> StackSet MySet (TemplateBody)`,
    ]);
  });

  test('GIVEN a TemplateBody that expands to a billion nodes through YAML aliases WHEN scanned THEN AGW10 and the scan ends', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    lines.push('Resources: {Gw: {Type: AWS::BedrockAgentCore::Gateway, Properties: {AuthorizerType: *i}}}');
    const dir = tempDir();
    writeFiles(dir, { 'root.json': stackSet(lines.join('\n')) });
    const [e] = scanPaths([path.join(dir, 'root.json')]).evaluations;
    expect(e.findings[0]).toEqual(expect.objectContaining({ ruleId: 'AGW10', message: expect.stringMatching(/its aliases expand to more than 100000 nodes/) }));
  });

  test('GIVEN a StackSet whose TemplateBody is not a template WHEN scanned THEN AGW10 says why', () => {
    const dir = tempDir();
    writeFiles(dir, { 'root.json': stackSet('{"Resources": ') });
    const [e] = scanPaths([path.join(dir, 'root.json')]).evaluations;
    expect(e.findings[0].message).toMatch(/^StackSet MySet \(TemplateBody\) cannot be read by the guard: it is not a template the guard can read: .*invalid JSON/);
  });

  test('GIVEN a StackSet whose TemplateBody is binary data WHEN scanned THEN AGW10 says so without quoting its bytes', () => {
    const dir = tempDir();
    writeFiles(dir, { 'root.json': stackSet('\u0000\u0001\u0002\u001b[2Jbinary\u0000') });
    const [e] = scanPaths([path.join(dir, 'root.json')]).evaluations;
    expect(e.findings[0].message).toMatch(/^StackSet MySet \(TemplateBody\) cannot be read by the guard: .*not a text file \(it holds binary data\)/);
    expect(e.findings[0].message).not.toMatch(/binary\u0000|\u001b/);
  });

  test('GIVEN a StackSet whose TemplateURL holds control characters WHEN scan prints the table THEN they are shown as escapes', async () => {
    const dir = tempDir();
    const url = 'https://evil.example.com/\u001b[2J\u202etemplate.json';
    writeFiles(dir, { 'root.json': { Resources: { MySet: { Type: 'AWS::CloudFormation::StackSet', Properties: { TemplateURL: url } } } } });
    const run = await runCli(['scan', path.join(dir, 'root.json')]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('[AGW10]');
    expect(run.stdout).toContain('\\u001b[2J\\u202etemplate.json');
    expect(run.stdout).not.toMatch(/[\u001b\u202e]/);
  });

  test('GIVEN a template-level macro WHEN scanned THEN AGW10 with the scan fix', () => {
    const dir = tempDir();
    writeFiles(dir, { 'macro.yaml': 'Transform: TeamMacro\nResources:\n  Gw: {Type: AWS::BedrockAgentCore::Gateway, Properties: {AuthorizerType: AWS_IAM}}\n' });
    const result = scanPaths([path.join(dir, 'macro.yaml')]);
    expect(result.evaluations.map((e) => [e.logicalId, e.verdict])).toEqual([
      ['Transform', 'NON_COMPLIANT'],
      ['Gw', 'COMPLIANT'],
    ]);
    expect(result.evaluations[0].findings[0].fix).toMatch(/--allow-template-url-prefix/);
  });
});

describe('--allow-template-url-prefix', () => {
  test('GIVEN a prefix that is not a folder URL WHEN scan is run THEN a usage error names the problem and the fix', async () => {
    const run = await runCli(['scan', '.', '--allow-template-url-prefix', 'https://templates.example.com']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      "--allow-template-url-prefix 'https://templates.example.com' must end with / so that it names a folder and cannot match another host or folder: write 'https://templates.example.com/'",
    );
    const audit = await runCli(['audit', '--allow-template-url-prefix', 'https://templates.example.com/']);
    expect(audit.stderr).toContain('--allow-template-url-prefix is an option of scan, not of audit');
  });
});

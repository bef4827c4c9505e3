// The synthesis gate judges gateways that are not gateway resources of a stack: templates the app ships in
// other resources (nested CfnStack, StackSet, Service Catalog product), SDK calls (AwsCustomResource),
// macros next to literal properties, and it no longer fails a secure gateway on unrelated parameters.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Aspects, CfnResource, NestedStack, Stack } from 'aws-cdk-lib';
import * as servicecatalog from 'aws-cdk-lib/aws-servicecatalog';
import { ENV, flatFindings, synthError, synthReport } from './app-fixtures';
import { addScenario, guardProps, Scenario } from './apps/embedded-scenarios';
import { RequireGatewayAuthorization } from '../../src/guard';

function app(scenario: Scenario, secure: boolean): App {
  const result = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'guard-embedded-')) });
  Aspects.of(result).add(new RequireGatewayAuthorization(guardProps(scenario, secure)));
  addScenario(new Stack(result, 'Top', { env: ENV }), scenario, secure);
  return result;
}

describe('the gate judges gateways wherever the app puts them', () => {
  test.each<[Scenario, RegExp]>([
    ['nested-asset', /^\[AGW1\] Gw \(Top\/Child, logical ID Gw\) at Properties\.AuthorizerType: AuthorizerType is NONE\./],
    ['stack-set-body', /^\[AGW1\] Gw \(Top -> StackSet MySet \(TemplateBody\), logical ID Gw\) at Properties\.AuthorizerType: AuthorizerType is NONE\./],
    ['stack-set-yaml-body', /^\[AGW1\] Gw \(Top -> StackSet MySet \(TemplateBody\), logical ID Gw\) at Properties\.AuthorizerType/],
    ['stack-set-asset', /^\[AGW1\] Gw \(Top -> StackSet MySet \(TemplateURL\), logical ID Gw\) at Properties\.AuthorizerType/],
    ['service-catalog', /^\[AGW1\] Gw \(Top -> Service Catalog product Product\w+ \(ProvisioningArtifactParameters\[0\]\), logical ID Gw\)/],
    ['remote-url', /^\[AGW10\] Top\/Shared \(Top, logical ID Shared\) at Properties\.TemplateURL: Stack Shared \(TemplateURL\) cannot be read by the guard: its TemplateURL 'https:\/\/templates\.example\.com\/vetted\/gateways\.json' is not a file of this app \(not a local path, not one of its file assets\)\./],
    ['sdk-call', /^\[AGW1\] Top\/MakeGateway\/Resource\/Default \(Top, logical ID MakeGateway\w+\) at Properties\.Create\.parameters\.authorizerType: AuthorizerType is NONE\./],
    ['sdk-create-stack', /^\[AGW1\] Gw \(Top -> SDK call MakeStack\w+ \(Create: CloudFormation\.createStack TemplateBody\), logical ID Gw\) at Properties\.AuthorizerType/],
    ['transform', /^\[AGW2\] Top\/Gw \(Top, logical ID Gw\) at Properties\.Fn::Transform: Fn::Transform calls macro TeamMacro, which rewrites Properties, sibling keys included/],
    ['parameters', /^\[AGW1\] Top\/Gw \(Top, logical ID Gw\) at Properties\.AuthorizerType: When parameter Team = 'web' and parameter Env = 'e3': AuthorizerType is NONE\./],
  ])('GIVEN the %s scenario WHEN synthesized THEN it fails naming the gateway; its secure twin passes', (scenario, finding) => {
    const lines = flatFindings(synthError(app(scenario, false)));
    expect(lines).toEqual([expect.stringMatching(finding)]);

    // The secure twin's gateway is judged too (the vetted remote template is the one the guard does not read).
    const judged = scenario === 'remote-url' ? 0 : 1;
    expect(synthReport(app(scenario, true)).summary).toEqual({ gateways: judged, compliant: judged, nonCompliant: 0, exempt: 0 });
  });

  test('GIVEN the false-positive app (literal AWS_IAM, three parameters in Name and Description) WHEN synthesized THEN it passes and the report shows the gateway', () => {
    expect(synthReport(app('parameters', true)).gateways).toEqual([expect.objectContaining({ constructPath: 'Top/Gw', authorization: 'AWS_IAM', verdict: 'COMPLIANT' })]);
  });

  test('GIVEN a StackSet body WHEN reported THEN the chain is the location and the template file is the parent\'s', () => {
    const report = synthReport(app('stack-set-body', true));
    expect(report.gateways).toEqual([
      expect.objectContaining({ logicalId: 'Gw', location: 'Top -> StackSet MySet (TemplateBody)', templatePath: 'Top.template.json', verdict: 'COMPLIANT' }),
    ]);
  });

  test('GIVEN a NestedStack and a ProductStack (stacks of their own) WHEN synthesized THEN they are judged as stacks, not as unreadable references', () => {
    const result = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'guard-embedded-')) });
    Aspects.of(result).add(new RequireGatewayAuthorization());
    const top = new Stack(result, 'Top', { env: ENV });
    addScenario(new NestedStack(top, 'Inner'), 'transform', true);
    const productStack = new servicecatalog.ProductStack(top, 'Catalog');
    addScenario(productStack, 'transform', true);
    new servicecatalog.CloudFormationProduct(top, 'Product', {
      productName: 'p',
      owner: 'o',
      productVersions: [{ productVersionName: 'v1', cloudFormationTemplate: servicecatalog.CloudFormationTemplate.fromProductStack(productStack) }],
    });
    const report = synthReport(result);
    expect(report.gateways.map((g: any) => [g.constructPath, g.verdict])).toEqual([
      ['Top/Inner/Gw', 'COMPLIANT'],
      ['Top/Catalog/Gw', 'COMPLIANT'],
    ]);
  });
});

describe('allowedTemplateUrlPrefixes', () => {
  test('GIVEN prefixes that could match another host or are not URLs WHEN the guard is created THEN one error names each, with the fix', () => {
    expect(() => new RequireGatewayAuthorization({ allowedTemplateUrlPrefixes: ['https://templates.example.com', 'ftp://x/', 'https://templates.example.com/ok/'] })).toThrow(
      new RegExp(
        '^RequireGatewayAuthorization has 2 invalid properties:\\n' +
          " {2}- allowedTemplateUrlPrefixes\\[0\\]: 'https://templates\\.example\\.com' must end with / so that it names a folder .*Fix: write 'https://templates\\.example\\.com/'.*\\n" +
          " {2}- allowedTemplateUrlPrefixes\\[1\\]: 'ftp://x/' must start with https:// \\(or s3:// for AWS::Include\\)\\. Fix: ",
      ),
    );
  });

  test('GIVEN two guards with different prefixes on one app WHEN a remote template is under only one THEN the stricter guard still fails it', () => {
    const result = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'guard-embedded-')) });
    Aspects.of(result).add(new RequireGatewayAuthorization({ allowedTemplateUrlPrefixes: ['https://templates.example.com/vetted/'] }));
    Aspects.of(result).add(new RequireGatewayAuthorization());
    addScenario(new Stack(result, 'Top', { env: ENV }), 'remote-url', true);
    expect(flatFindings(synthError(result))).toEqual([expect.stringMatching(/^\[AGW10\] Top\/Shared/)]);
  });
});

describe('macros around gateways in the gate', () => {
  function guarded(): { app: App; top: Stack } {
    const result = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'guard-embedded-')) });
    Aspects.of(result).add(new RequireGatewayAuthorization());
    return { app: result, top: new Stack(result, 'Top', { env: ENV }) };
  }

  test('GIVEN a stack with a custom template-level macro WHEN synthesized THEN AGW10; SAM alone passes', () => {
    const { app: custom, top } = guarded();
    top.addTransform('TeamMacro');
    expect(flatFindings(synthError(custom))).toEqual([expect.stringMatching(/^\[AGW10\] Transform \(Top, template Top\.template\.json, logical ID Transform\) at Transform: Macro TeamMacro rewrites the whole template/)]);

    const { app: sam, top: samTop } = guarded();
    samTop.addTransform('AWS::Serverless-2016-10-31');
    addScenario(samTop, 'transform', true);
    expect(synthReport(sam).summary.nonCompliant).toBe(0);
  });

  test('GIVEN a Fn::Transform added at the top of a non-gateway resource with addOverride WHEN synthesized THEN AGW10: the macro can make it a gateway', () => {
    const { app: result, top } = guarded();
    const queue = new CfnResource(top, 'Queue', { type: 'AWS::SQS::Queue' });
    queue.addOverride('Fn::Transform', { Name: 'TeamMacro' });
    expect(flatFindings(synthError(result))).toEqual([expect.stringMatching(/^\[AGW10\] Top\/Queue \(Top, logical ID Queue\) at Fn::Transform: Macro TeamMacro rewrites resource Queue/)]);
  });
});

test('GIVEN a nested CfnStack whose template is a file asset WHEN reported THEN the template file is named relative to the cloud assembly, as the stacks are', () => {
  const report = synthReport(app('nested-asset', true));
  expect(report.gateways).toEqual([expect.objectContaining({ location: 'Top/Child', templatePath: expect.stringMatching(/^asset\.[0-9a-f]{64}\.json$/) })]);
});

test('GIVEN a StackSet whose remote TemplateURL holds control characters WHEN synthesis fails THEN AGW10 shows them as escapes, never raw', () => {
  const result = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'guard-embedded-')) });
  Aspects.of(result).add(new RequireGatewayAuthorization());
  const top = new Stack(result, 'Top', { env: ENV });
  new CfnResource(top, 'MySet', {
    type: 'AWS::CloudFormation::StackSet',
    properties: { StackSetName: 's', PermissionModel: 'SELF_MANAGED', TemplateURL: 'https://evil.example.com/\u001b[2J\u202etemplate.json' },
  });
  const message = synthError(result);
  expect(flatFindings(message)).toEqual([expect.stringMatching(/^\[AGW10\] Top\/MySet \(Top, logical ID MySet\) at Properties\.TemplateURL: StackSet MySet \(TemplateURL\) cannot be read/)]);
  expect(message).toContain('\\u001b[2J\\u202etemplate.json');
  expect(message).not.toMatch(/[\u001b\u202e]/);
});

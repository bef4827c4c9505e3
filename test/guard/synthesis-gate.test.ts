import * as fs from 'fs';
import * as path from 'path';
import { App, Aspects, CfnResource, Stack, Stage, Validations } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { CfnResourcePolicy } from 'aws-cdk-lib/aws-bedrockagentcore';
import { cfnGateway, ENV, failures, guardedApp, publicGateway, stack, synthError } from './app-fixtures';
import { RequireGatewayAuthorization } from '../../src/guard';

const CALLER_HANDLES_FAILURES = { '@aws-cdk/core:failSynthOnValidationErrors': false };

describe('synthesis gate', () => {
  describe('annotations (for the CDK CLI and Annotations.fromStack)', () => {
    test('GIVEN a caller that handles validation failures (as the CDK CLI does) WHEN a top-level stack has a public gateway THEN it is an error annotation, not a throw', () => {
      const app = guardedApp({}, { context: CALLER_HANDLES_FAILURES });
      const s = stack(app);
      publicGateway(s, 'Open');
      cfnGateway(s, 'Secure');
      const annotations = Annotations.fromStack(s);
      annotations.hasError(
        '/Stack/Open',
        Match.stringLikeRegexp(
          '^\\[AGW1\\] Gateway has no inbound authorization \\(AuthorizerType NONE\\)\\n {2}where: {2}Stack/Open \\(Stack, logical ID Open\\) at Properties\\.AuthorizerType\\n {2}what: {3}AuthorizerType is NONE\\.\\n {2}fix: {4}Use SecureAgentCoreGateway',
        ),
      );
      expect(annotations.findError('/Stack/Secure', Match.anyValue())).toEqual([]);
      // A second synthesis (Annotations.fromStack forces one) does not duplicate the annotation.
      expect(Annotations.fromStack(s).findError('/Stack/Open', Match.anyValue())).toHaveLength(1);
    });

    test('GIVEN a caller that handles validation failures WHEN a nested Stage has a public gateway THEN synthesis still throws (the CLI would not look there)', () => {
      const app = guardedApp({}, { context: CALLER_HANDLES_FAILURES });
      cfnGateway(stack(app), 'Secure');
      publicGateway(new Stack(new Stage(app, 'Prod'), 'Api', { env: ENV }), 'Open');
      expect(failures(app)).toEqual([['AGW1', 'Prod/Api/Open']]);
    });

    test('GIVEN a caller that handles validation failures WHEN public resource policies are on a gateway and on a runtime THEN only the gateway\'s is an error annotation (AGW9), and synthesis does not throw', () => {
      const app = guardedApp({}, { context: CALLER_HANDLES_FAILURES });
      const s = stack(app);
      const gw = cfnGateway(s, 'Gw', { authorizerType: 'AWS_IAM', authorizerConfiguration: undefined });
      const runtime = new CfnResource(s, 'Runtime', { type: 'AWS::BedrockAgentCore::Runtime', properties: {} });
      const anyone = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'bedrock-agentcore:*', Resource: '*' }] });
      new CfnResourcePolicy(s, 'GwPolicy', { resourceArn: gw.attrGatewayArn, policy: anyone });
      new CfnResourcePolicy(s, 'RuntimePolicy', { resourceArn: runtime.getAtt('AgentRuntimeArn').toString(), policy: anyone });
      const annotations = Annotations.fromStack(s);
      annotations.hasError('/Stack/GwPolicy', Match.stringLikeRegexp('^\\[AGW9\\]'));
      expect(annotations.findError('/Stack/RuntimePolicy', Match.anyValue())).toEqual([]);
    });

    test('GIVEN the default context WHEN a top-level stack has a public gateway THEN synthesis throws', () => {
      const app = guardedApp();
      publicGateway(stack(app), 'Open');
      expect(failures(app)).toEqual([['AGW1', 'Stack/Open']]);
    });
  });

  describe('nothing silences the guard without allowExemptions', () => {
    test('GIVEN Validations.acknowledge() of the rule IDs WHEN synthesized THEN synthesis still fails', () => {
      const app = guardedApp();
      const s = stack(app);
      const gw = publicGateway(s, 'Open');
      for (const scope of [app, s, gw]) {
        Validations.of(scope).acknowledge({ id: 'AGW1', reason: 'we accept the risk of a public gateway' }, { id: 'RequireGatewayAuthorization::AGW1', reason: 'we accept the risk' });
      }
      expect(failures(app)).toEqual([['AGW1', 'Stack/Open']]);
    });

    test('GIVEN cdk-nag-style stack and resource suppressions (cdk_nag metadata) WHEN synthesized THEN synthesis still fails', () => {
      const app = guardedApp();
      const s = stack(app);
      const gw = publicGateway(s, 'Open');
      const suppression = { cdk_nag: { rules_to_suppress: [{ id: 'AGW1', reason: 'we accept the risk of a public gateway' }] } };
      s.templateOptions.metadata = suppression;
      gw.addMetadata('cdk_nag', suppression.cdk_nag);
      expect(failures(app)).toEqual([['AGW1', 'Stack/Open']]);
    });
  });

  describe('idempotency', () => {
    test('GIVEN the guard applied twice to the App and once to a Stage WHEN synthesized THEN every finding is listed once', () => {
      const app = guardedApp();
      Aspects.of(app).add(new RequireGatewayAuthorization());
      RequireGatewayAuthorization.applyTo(app);
      const prod = new Stage(app, 'Prod');
      Aspects.of(prod).add(new RequireGatewayAuthorization());
      publicGateway(stack(app), 'Top');
      publicGateway(new Stack(prod, 'Api', { env: ENV }), 'InStage');
      // The Stage's own guard fails first, while the Stage is synthesized.
      expect(failures(app)).toEqual([['AGW1', 'Prod/Api/InStage']]);
      const appOnly = guardedApp();
      Aspects.of(appOnly).add(new RequireGatewayAuthorization());
      publicGateway(stack(appOnly), 'Top');
      expect(failures(appOnly)).toEqual([['AGW1', 'Stack/Top']]);
    });

    test('GIVEN a strict guard on the App and a permissive one on a Stage WHEN a gateway in the Stage is exempt THEN the stricter verdict wins', () => {
      const app = guardedApp();
      const prod = new Stage(app, 'Prod');
      RequireGatewayAuthorization.applyTo(prod, { allowExemptions: true, reportFileName: 'stage-report' });
      publicGateway(new Stack(prod, 'Api', { env: ENV }), 'Demo').addMetadata('cdk-secure-agentcore-gateway:exemption', { reason: 'Public MCP demo, protected by interceptors' });
      expect(failures(app)).toEqual([
        ['AGW1', 'Prod/Api/Demo'],
        ['AGW7', 'Prod/Api/Demo'],
      ]);
      const stageReport = JSON.parse(fs.readFileSync(path.join(prod.outdir, 'stage-report.json'), 'utf-8'));
      expect(stageReport.gateways.map((g: any) => g.verdict)).toEqual(['EXEMPT']);
    });

    test('GIVEN the guard scoped to one stack WHEN another stack has a public gateway THEN only the scoped stack is judged', () => {
      const build = (publicInChecked: boolean) => {
        const app = new App();
        const checked = stack(app, 'Checked');
        RequireGatewayAuthorization.applyTo(checked);
        publicGateway(stack(app, 'Unchecked'), 'Open');
        cfnGateway(checked, 'Secure');
        if (publicInChecked) publicGateway(checked, 'Open');
        return app;
      };
      expect(() => build(false).synth()).not.toThrow();
      expect(failures(build(true))).toEqual([['AGW1', 'Checked/Open']]);
    });
  });

  test('GIVEN a Stage synthesized early whose template is gone WHEN the App is synthesized THEN it fails closed and says why', () => {
    const app = guardedApp();
    const prod = new Stage(app, 'Prod');
    const api = new Stack(prod, 'Api', { env: ENV });
    cfnGateway(api, 'Secure');
    prod.synth();
    fs.rmSync(path.join(prod.outdir, api.templateFile));
    const message = synthError(app);
    expect(message).toMatch(/RequireGatewayAuthorization(\]|:) some AgentCore gateways cannot be checked:\n/);
    // The problem is wrapped into short lines; read it as one sentence.
    expect(message.replace(/\n +/g, ' ')).toMatch(
      /\[RequireGatewayAuthorization\] Prod\/Api: .*ProdApi[0-9A-F]{8}\.template\.json: cannot read the file \(no such file or directory\) .*; the gateways of this stack cannot be checked, so synthesis fails closed\./,
    );
  });

  describe('reports', () => {
    test('GIVEN a failing synthesis WHEN it throws THEN the JSON and SARIF reports are already in the assembly directory', () => {
      const app = guardedApp({ reportFileName: 'gateway-guard' });
      publicGateway(stack(app), 'Open');
      publicGateway(new Stack(new Stage(app, 'Prod'), 'Api', { env: ENV }), 'InStage');
      expect(synthError(app)).toMatch(/in the report:\n {6}\S*gateway-guard\.json \(and SARIF next to it\)$/);
      const json = JSON.parse(fs.readFileSync(path.join(app.outdir, 'gateway-guard.json'), 'utf-8'));
      expect(json.source).toBe('cdk synth (App)');
      expect(json.gateways).toEqual([
        expect.objectContaining({ constructPath: 'Stack/Open', location: 'Stack', templatePath: 'Stack.template.json', verdict: 'NON_COMPLIANT' }),
        expect.objectContaining({ constructPath: 'Prod/Api/InStage', location: 'Prod/Api', templatePath: expect.stringMatching(/^assembly-Prod\/ProdApi[0-9A-F]{8}\.template\.json$/), verdict: 'NON_COMPLIANT' }),
      ]);
      const sarif = JSON.parse(fs.readFileSync(path.join(app.outdir, 'gateway-guard.sarif'), 'utf-8'));
      expect(sarif.version).toBe('2.1.0');
      expect(sarif.runs[0].results.map((r: any) => [r.ruleId, r.locations[0].logicalLocations[0].fullyQualifiedName])).toEqual([
        ['AGW1', 'Stack/Open'],
        ['AGW1', 'Prod/Api/InStage'],
      ]);
    });
  });
});

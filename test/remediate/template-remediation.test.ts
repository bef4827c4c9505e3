import * as fs from 'fs';
import * as path from 'path';
import { parse as parseYaml, stringify } from 'yaml';
import { JWT_CHOICE } from './fixtures';
import { evaluateTemplate } from '../../src/engine/evaluate';
import { remediateTemplate, runRemediate, TemplateOutcome } from '../../src/remediate';
import { TemplateDocument } from '../../src/scan/template-loader';
import { tempDir } from '../scan/helpers';
import { assertLintClean } from '../support/cfn-lint';

const ROLE = 'arn:aws:iam::111111111111:role/tools-gateway-role';
const LAMBDA_CONFIG = {
  Mcp: {
    Lambda: {
      LambdaArn: 'arn:aws:lambda:us-east-1:111111111111:function:tools',
      ToolSchema: { InlinePayload: [{ Name: 'ping', Description: 'Pings', InputSchema: { Type: 'object' } }] },
    },
  },
};
const IAM_ROLE = [{ CredentialProviderType: 'GATEWAY_IAM_ROLE' }];

/** A template with a public gateway (two targets, an output, a policy that names it) and a secure one. */
function template(): TemplateDocument {
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Resources: {
      OpenGateway: {
        Type: 'AWS::BedrockAgentCore::Gateway',
        Metadata: { 'aws:cdk:path': 'Tools/OpenGateway/Resource' },
        Properties: { Name: 'tools', Description: 'Tools', ProtocolType: 'MCP', RoleArn: ROLE, AuthorizerType: 'NONE' },
      },
      PingTarget: {
        Type: 'AWS::BedrockAgentCore::GatewayTarget',
        DependsOn: 'OpenGateway',
        Properties: { GatewayIdentifier: { 'Fn::GetAtt': ['OpenGateway', 'GatewayIdentifier'] }, Name: 'ping', TargetConfiguration: LAMBDA_CONFIG, CredentialProviderConfigurations: IAM_ROLE },
      },
      EchoTarget: {
        Type: 'AWS::BedrockAgentCore::GatewayTarget',
        Properties: { GatewayIdentifier: { 'Fn::GetAtt': ['OpenGateway', 'GatewayIdentifier'] }, Name: 'echo', TargetConfiguration: LAMBDA_CONFIG, CredentialProviderConfigurations: IAM_ROLE },
      },
      CallerPolicy: {
        Type: 'AWS::IAM::ManagedPolicy',
        Properties: {
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: 'bedrock-agentcore:InvokeGateway', Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:bedrock-agentcore:${AWS::Region}:${AWS::AccountId}:gateway/${OpenGateway}' } }],
          },
        },
      },
      SecureGateway: {
        Type: 'AWS::BedrockAgentCore::Gateway',
        Properties: { Name: 'secure', ProtocolType: 'MCP', RoleArn: ROLE, AuthorizerType: 'AWS_IAM' },
      },
      SecureTarget: {
        Type: 'AWS::BedrockAgentCore::GatewayTarget',
        Properties: { GatewayIdentifier: { 'Fn::GetAtt': ['SecureGateway', 'GatewayIdentifier'] }, Name: 'secure', TargetConfiguration: LAMBDA_CONFIG, CredentialProviderConfigurations: IAM_ROLE },
      },
    },
    Outputs: { ToolsUrl: { Value: { 'Fn::GetAtt': ['OpenGateway', 'GatewayUrl'] } } },
  };
}

function replaced(outcome: TemplateOutcome) {
  if (outcome.kind !== 'replace') throw new Error(`expected a replacement, got ${outcome.kind}`);
  return outcome;
}

describe('remediate --template', () => {
  test('GIVEN a public gateway with targets WHEN remediated with IAM THEN the cut-over adds secure copies and changes nothing else', () => {
    const source = template();
    const { cutover, replacements } = replaced(remediateTemplate(source, { authorization: { kind: 'iam' } }));

    expect(replacements.map((r) => [r.sourceLogicalId, r.replacementLogicalId, r.targets])).toEqual([
      ['OpenGateway', 'OpenGatewaySecure', [['PingTarget', 'PingTargetSecure'], ['EchoTarget', 'EchoTargetSecure']]],
    ]);
    // Every original resource and output, unchanged.
    for (const [id, resource] of Object.entries(source.Resources)) {
      expect(cutover.Resources[id]).toEqual(resource);
    }
    expect(template()).toEqual(source);
    expect(cutover.Resources.OpenGatewaySecure).toEqual({
      Type: 'AWS::BedrockAgentCore::Gateway',
      Properties: { Name: 'tools-secure', Description: 'Tools', ProtocolType: 'MCP', RoleArn: ROLE, AuthorizerType: 'AWS_IAM' },
    });
    expect(cutover.Resources.PingTargetSecure).toEqual({
      ...source.Resources.PingTarget as object,
      DependsOn: 'OpenGatewaySecure',
      Properties: { ...(source.Resources.PingTarget as any).Properties, GatewayIdentifier: { 'Fn::GetAtt': ['OpenGatewaySecure', 'GatewayIdentifier'] } },
    });
    expect((cutover.Outputs as any).OpenGatewaySecureUrl.Value).toEqual({ 'Fn::GetAtt': ['OpenGatewaySecure', 'GatewayUrl'] });
    // The secure gateway's target is not copied.
    expect(Object.keys(cutover.Resources).filter((id) => id.startsWith('SecureTarget'))).toEqual(['SecureTarget']);
  });

  test('GIVEN the same template WHEN remediated THEN the corrected template holds only the copies, every reference moved, and passes the guard', () => {
    const { corrected } = replaced(remediateTemplate(template(), { authorization: { kind: 'iam' } }));
    expect(Object.keys(corrected.Resources)).toEqual(['OpenGatewaySecure', 'PingTargetSecure', 'EchoTargetSecure', 'CallerPolicy', 'SecureGateway', 'SecureTarget']);
    expect(corrected.Outputs).toEqual({ ToolsUrl: { Value: { 'Fn::GetAtt': ['OpenGatewaySecure', 'GatewayUrl'] } } });
    expect(JSON.stringify((corrected.Resources.CallerPolicy as any).Properties)).toContain('gateway/${OpenGatewaySecure}');
    expect(evaluateTemplate(corrected).map((e) => [e.logicalId, e.verdict])).toEqual([['OpenGatewaySecure', 'COMPLIANT'], ['SecureGateway', 'COMPLIANT']]);
  });

  test('GIVEN JWT options and a computed name WHEN remediated THEN the copy has the JWT authorizer and the name gets its suffix at deploy time', () => {
    const source = template();
    (source.Resources.OpenGateway as any).Properties.Name = { 'Fn::Sub': '${AWS::StackName}-tools' };
    const { cutover } = replaced(remediateTemplate(source, { authorization: JWT_CHOICE }));
    expect((cutover.Resources.OpenGatewaySecure as any).Properties).toMatchObject({
      Name: { 'Fn::Join': ['', [{ 'Fn::Sub': '${AWS::StackName}-tools' }, '-secure']] },
      AuthorizerType: 'CUSTOM_JWT',
      AuthorizerConfiguration: {
        CustomJWTAuthorizer: {
          DiscoveryUrl: JWT_CHOICE.discoveryUrl,
          AllowedClients: JWT_CHOICE.allowedClients,
          AllowedScopes: JWT_CHOICE.allowedScopes,
        },
      },
    });
  });

  test('GIVEN both templates WHEN linted by cfn-lint THEN nothing blocks', () => {
    const { cutover, corrected } = replaced(remediateTemplate(template(), { authorization: JWT_CHOICE }));
    const dir = tempDir('remediate-template-lint-');
    fs.writeFileSync(path.join(dir, 'cutover.json'), JSON.stringify(cutover));
    fs.writeFileSync(path.join(dir, 'corrected.json'), JSON.stringify(corrected));
    assertLintClean([path.join(dir, 'cutover.json'), path.join(dir, 'corrected.json')]);
  });

  test('GIVEN only secure gateways, or only a weak JWT configuration WHEN remediated THEN nothing to do, or fix in place', () => {
    const secure = template();
    delete (secure.Resources as Record<string, unknown>).OpenGateway;
    expect(remediateTemplate(secure, { authorization: { kind: 'iam' } }).kind).toBe('nothing-to-do');
    (secure.Resources.SecureGateway as any).Properties.AuthorizerType = 'CUSTOM_JWT';
    (secure.Resources.SecureGateway as any).Properties.AuthorizerConfiguration = { CustomJWTAuthorizer: { DiscoveryUrl: JWT_CHOICE.discoveryUrl } };
    expect(remediateTemplate(secure, { authorization: { kind: 'iam' } }).kind).toBe('fix-in-place');
  });

  test('GIVEN cognito-m2m or an unknown logical ID WHEN remediated THEN refused with what to do', () => {
    expect(() => remediateTemplate(template(), { authorization: { kind: 'cognito-m2m' } })).toThrow(/--template needs --authorization iam or jwt/);
    expect(() => remediateTemplate(template(), { authorization: { kind: 'iam' }, logicalIds: ['Nope'] })).toThrow(
      '--gateway Nope: the template has no AWS::BedrockAgentCore::Gateway with that logical ID (it has OpenGateway, SecureGateway)',
    );
  });

  test('GIVEN a public resource policy on the public gateway WHEN remediated THEN only gateways are replaced or named, and the corrected template moves the policy to the copy', () => {
    const source = template();
    (source.Resources as Record<string, unknown>).OpenPolicy = {
      Type: 'AWS::BedrockAgentCore::ResourcePolicy',
      Properties: {
        ResourceArn: { 'Fn::GetAtt': ['OpenGateway', 'GatewayArn'] },
        Policy: { Statement: [{ Effect: 'Allow', Principal: '*', Action: 'bedrock-agentcore:InvokeGateway', Resource: '*' }] },
      },
    };

    const { replacements, corrected } = replaced(remediateTemplate(source, { authorization: { kind: 'iam' } }));

    expect(replacements.map((r) => r.sourceLogicalId)).toEqual(['OpenGateway']);
    expect((corrected.Resources.OpenPolicy as any).Properties.ResourceArn).toEqual({ 'Fn::GetAtt': ['OpenGatewaySecure', 'GatewayArn'] });
    // A resource policy is corrected in place, never replaced: it is not a gateway to name.
    expect(() => remediateTemplate(source, { authorization: { kind: 'iam' }, logicalIds: ['OpenPolicy'] })).toThrow(
      '--gateway OpenPolicy: the template has no AWS::BedrockAgentCore::Gateway with that logical ID (it has OpenGateway, SecureGateway)',
    );
  });

  test('GIVEN an AUTHENTICATE_ONLY gateway behind a policy engine WHEN remediated with and without accepting it THEN nothing to do, or replaced', () => {
    const source = template();
    delete (source.Resources as Record<string, unknown>).OpenGateway;
    (source.Resources.SecureGateway as any).Properties = {
      ...(source.Resources.SecureGateway as any).Properties,
      AuthorizerType: 'AUTHENTICATE_ONLY',
      AuthorizerConfiguration: { CustomJWTAuthorizer: { DiscoveryUrl: JWT_CHOICE.discoveryUrl } },
      PolicyEngineConfiguration: { Arn: 'arn:aws:bedrock-agentcore:us-east-1:111111111111:policy-engine/tools', Mode: 'ENFORCE' },
    };
    expect(remediateTemplate(source, { authorization: { kind: 'iam' }, allowAuthenticateOnlyWithEnforcedPolicyEngine: true }).kind).toBe('nothing-to-do');
    expect(replaced(remediateTemplate(source, { authorization: { kind: 'iam' } })).replacements.map((r) => [r.sourceLogicalId, r.evaluation.findings.map((f) => f.ruleId)])).toEqual([
      ['SecureGateway', ['AGW8']],
    ]);
  });

  test('GIVEN a YAML template file WHEN `remediate --template` runs THEN written: two YAML files, never overwriting', async () => {
    const dir = tempDir('remediate-template-');
    fs.writeFileSync(path.join(dir, 'tools.yaml'), stringify(template()));
    const run = () => runRemediate({ template: 'tools.yaml', authorization: { kind: 'iam' } }, { cwd: dir });

    const result = await run();
    expect(result).toMatchObject({ status: 'written', errors: [], warnings: [], written: ['tools.secure.cutover.yaml', 'tools.secure.yaml'] });
    expect(result.report).toContain('  OpenGateway [AGW1] -> OpenGatewaySecure\n    target PingTarget -> PingTargetSecure\n');
    const corrected = parseYaml(fs.readFileSync(path.join(dir, 'tools.secure.yaml'), 'utf-8'));
    expect(corrected).toEqual(replaced(remediateTemplate(template(), { authorization: { kind: 'iam' } })).corrected);

    expect(await run()).toMatchObject({ status: 'failed', errors: [expect.stringContaining('tools.secure.yaml exists; choose another --out or remove it')] });
  });
});

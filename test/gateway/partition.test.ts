import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { GatewayAuthorization, SecureAgentCoreGateway } from '../../src';
import { TemplateRecorder } from '../support/cfn-lint';

const recorder = new TemplateRecorder();
afterAll(() => recorder.lintRecordedTemplates());

/** Every string in the template, with its path. */
function strings(value: any, path: string[] = []): { path: string; value: string }[] {
  if (typeof value === 'string') return [{ path: path.join('/'), value }];
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => strings(v, [...path, k]));
  return [];
}

describe.each([
  ['China', 'cn-north-1', '222222222222'],
  ['GovCloud', 'us-gov-west-1', '333333333333'],
])('in %s (%s)', (_name, region, account) => {
  function synth(authorization?: GatewayAuthorization, withCaller = false) {
    const stack = new Stack(new App(), 'Agents', { env: { account, region } });
    const gw = new SecureAgentCoreGateway(stack, 'Gateway', { authorization });
    if (withCaller) {
      gw.grantInvoke(new iam.Role(stack, 'Caller', { assumedBy: new iam.AccountRootPrincipal() }));
    }
    return recorder.templateOf(stack).toJSON();
  }

  test('GIVEN a Cognito gateway THEN the discovery URL takes the partition\'s URL suffix from CloudFormation', () => {
    const json = synth();
    const gateway = Object.values(json.Resources).find((r: any) => r.Type === 'AWS::BedrockAgentCore::Gateway') as any;
    expect(gateway.Properties.AuthorizerConfiguration.CustomJWTAuthorizer.DiscoveryUrl).toEqual({
      'Fn::Join': ['', [`https://cognito-idp.${region}.`, { Ref: 'AWS::URLSuffix' }, '/', { Ref: expect.stringMatching(/UserPool/) }, '/.well-known/openid-configuration']],
    });
  });

  test('GIVEN any mode THEN no URL or ARN hard-codes the commercial partition', () => {
    for (const authorization of [undefined, GatewayAuthorization.awsIam()]) {
      const json = synth(authorization);
      const offending = strings(json).filter((s) =>
        (s.value.includes('amazonaws.com') && !/Principal\/Service/.test(s.path)) || s.value.includes('arn:aws:'));
      expect(offending).toEqual([]);
    }
  });

  test('GIVEN an IAM gateway THEN grantInvoke renders the gateway ARN through CloudFormation, not a commercial ARN', () => {
    const json = synth(GatewayAuthorization.awsIam(), true);
    const policy = Object.values(json.Resources).find((r: any) => r.Type === 'AWS::IAM::Policy') as any;
    expect(policy.Properties.PolicyDocument.Statement[0].Resource).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/IamGateway/), 'GatewayArn'] });
    const trust = strings(json).filter((s) => s.value.includes(':bedrock-agentcore:'));
    expect(trust.length).toBeGreaterThan(0);
    expect(JSON.stringify(json)).toContain('"Ref":"AWS::Partition"');
  });
});

import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { blockingFindings, cfnLint, describeFindings } from './cfn-lint';

const GATEWAY_ARN = { 'Fn::GetAtt': ['Gw', 'GatewayArn'] };

function gateway(extra: object = {}, jwt: object = {}): object {
  return {
    Type: 'AWS::BedrockAgentCore::Gateway',
    Properties: {
      Name: 'orders',
      ProtocolType: 'MCP',
      RoleArn: 'arn:aws:iam::111111111111:role/gateway',
      AuthorizerType: 'CUSTOM_JWT',
      AuthorizerConfiguration: {
        CustomJWTAuthorizer: { DiscoveryUrl: 'https://id.example.com/.well-known/openid-configuration', AllowedScopes: ['read'], ...jwt },
      },
      ...extra,
    },
  };
}

function resourcePolicy(policy: unknown): object {
  return { Type: 'AWS::BedrockAgentCore::ResourcePolicy', Properties: { ResourceArn: GATEWAY_ARN, Policy: policy } };
}

const VALID_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::222222222222:root' }, Action: 'bedrock-agentcore:InvokeGateway', Resource: '*' }],
});

function lint(resources: object): { all: string[]; blocking: string } {
  const dir = mkdtempSync(join(tmpdir(), 'agw-lag-'));
  const file = join(dir, 'Lag.template.json');
  writeFileSync(file, JSON.stringify({ Resources: resources }));
  const matches = cfnLint([file]);
  return { all: matches.map((m) => m.Rule.Id), blocking: describeFindings(blockingFindings(matches)) };
}

// cfn-lint 1.51 predates the gateway's WAF, private-endpoint and advertised-scope properties and the
// ResourcePolicy type; its errors about them are accepted only when aws-cdk-lib 2.276's newer schemas agree.
describe('cfn-lint schema lag, judged by the newer schemas', () => {
  test('GIVEN valid uses of the new properties and resource type THEN cfn-lint objects, and the objections are accepted', () => {
    const result = lint({
      Gw: gateway({ WafConfiguration: { FailureMode: 'FAIL_CLOSE' } }, {
        AdvertisedScopeMapping: { read: 'api://orders/read' },
        PrivateEndpoint: { SelfManagedLatticeResource: { ResourceConfigurationIdentifier: 'rcfg-0123456789abcdef0' } },
      }),
      Policy: resourcePolicy(VALID_POLICY),
    });
    expect(result.all).toEqual(expect.arrayContaining(['E3002', 'E3006']));
    expect(result.blocking).toBe('');
  });

  test.each<[string, object, RegExp]>([
    ['an unknown key in WafConfiguration', { Gw: gateway({ WafConfiguration: { FailureMode: 'FAIL_CLOSE', WebAclArn: 'x' } }) },
      /F3002 .*Resources\/Gw\/Properties\/WafConfiguration\/WebAclArn: Additional properties are not allowed \('WebAclArn' was unexpected\) \(newer schema, FATAL\)/],
    ['a failure mode the service does not have', { Gw: gateway({ WafConfiguration: { FailureMode: 'FAIL_SOMETIMES' } }) },
      /'FAIL_SOMETIMES' is not one of \['FAIL_CLOSE', 'FAIL_OPEN'\] \(newer schema, WARN\)/],
    ['a private endpoint with a malformed VPC id', {
      Gw: gateway({}, { PrivateEndpoint: { ManagedVpcResource: { VpcIdentifier: 'my-vpc', SubnetIds: ['subnet-0123456789abcdef0'], EndpointIpAddressType: 'IPV4' } } }),
    }, /'my-vpc' does not match pattern/],
    ['a resource policy given as an object', { Gw: gateway(), Policy: resourcePolicy({ Version: '2012-10-17' }) },
      /Resources\/Policy\/Properties\/Policy: .* is not of type 'string' \(newer schema, FATAL\)/],
  ])('GIVEN %s THEN the newer schemas reject it and the gate fails', (_name, resources, message) => {
    expect(lint(resources).blocking).toMatch(message);
  });
});

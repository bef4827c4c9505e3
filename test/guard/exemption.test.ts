import { Aws, Stack } from 'aws-cdk-lib';
import { Gateway, GatewayAuthorizer } from 'aws-cdk-lib/aws-bedrockagentcore';
import { Construct } from 'constructs';
import { cfnGateway, ENV, failures, genericGateway, guardedApp, publicGateway, stack, synthReport } from './app-fixtures';
import { GatewayAuthorizationExemption } from '../../src/guard';

const REASON = 'Public MCP demo server, protected by request interceptors';
const KEY = 'cdk-secure-agentcore-gateway:exemption';

describe('GatewayAuthorizationExemption', () => {
  test('GIVEN a CfnGateway WHEN exempted THEN the reason is in the template Metadata', () => {
    const s = new Stack(undefined, 'S', { env: ENV });
    const gw = publicGateway(s, 'Gw');
    GatewayAuthorizationExemption.exempt(gw, { reason: REASON });
    const template = s.resolve((gw as any)._toCloudFormation());
    expect(template.Resources.Gw.Metadata[KEY]).toEqual({ reason: REASON });
  });

  test('GIVEN an L2 Gateway WHEN exempted THEN its CfnGateway carries the exemption', () => {
    const s = new Stack(undefined, 'S', { env: ENV });
    const gw = new Gateway(s, 'Gw', { gatewayName: 'gw', authorizerConfiguration: GatewayAuthorizer.withNoAuth() });
    GatewayAuthorizationExemption.exempt(gw, { reason: REASON });
    expect((gw.node.defaultChild as any).cfnOptions.metadata[KEY]).toEqual({ reason: REASON });
  });

  test('GIVEN a reason shorter than 20 characters WHEN exempted THEN it throws with the length', () => {
    const gw = publicGateway(new Stack(), 'Gw');
    expect(() => GatewayAuthorizationExemption.exempt(gw, { reason: ' short reason ' })).toThrow(
      "GatewayAuthorizationExemption.exempt(Default/Gw): reason ' short reason ' has 12 characters; give at least 20 that say why the gateway is public and what protects it instead.",
    );
  });

  test('GIVEN a token as reason WHEN exempted THEN it throws', () => {
    const s = new Stack();
    expect(() => GatewayAuthorizationExemption.exempt(publicGateway(s, 'Gw'), { reason: `${Aws.STACK_NAME} is a public demo gateway` })).toThrow(/reason must be a literal string, not a token/);
  });

  test('GIVEN a construct without a gateway, or with two WHEN exempted THEN it throws naming them', () => {
    const s = new Stack();
    expect(() => GatewayAuthorizationExemption.exempt(new Construct(s, 'Empty'), { reason: REASON })).toThrow(
      /no AWS::BedrockAgentCore::Gateway resource found under this construct/,
    );
    const two = new Construct(s, 'Two');
    publicGateway(two, 'A');
    genericGateway(two, 'B', { AuthorizerType: 'NONE' });
    expect(() => GatewayAuthorizationExemption.exempt(two, { reason: REASON })).toThrow(/2 gateway resources found under this construct \(Default\/Two\/A, Default\/Two\/B\)/);
  });

  test('GIVEN an exempt public gateway WHEN the guard allows exemptions THEN synthesis passes and the report shows the exemption', () => {
    const app = guardedApp({ allowExemptions: true });
    const s = stack(app);
    GatewayAuthorizationExemption.exempt(publicGateway(s, 'Demo'), { reason: REASON });
    cfnGateway(s, 'Secure');
    expect(synthReport(app).gateways).toEqual([
      expect.objectContaining({ constructPath: 'Stack/Demo', authorization: 'NONE', verdict: 'EXEMPT', exemptionReason: REASON, findings: [expect.objectContaining({ ruleId: 'AGW1' })] }),
      expect.objectContaining({ constructPath: 'Stack/Secure', verdict: 'COMPLIANT' }),
    ]);
  });

  test('GIVEN an exempt public gateway WHEN the guard does not allow exemptions THEN synthesis fails with AGW1 and AGW7', () => {
    const app = guardedApp();
    GatewayAuthorizationExemption.exempt(publicGateway(stack(app), 'Demo'), { reason: REASON });
    expect(failures(app)).toEqual([
      ['AGW1', 'Stack/Demo'],
      ['AGW7', 'Stack/Demo'],
    ]);
  });

  test('GIVEN an exemption written by hand with a short reason WHEN exemptions are allowed THEN synthesis fails with AGW7', () => {
    const app = guardedApp({ allowExemptions: true });
    publicGateway(stack(app), 'Demo').addMetadata(KEY, { reason: 'because' });
    expect(failures(app)).toEqual([
      ['AGW1', 'Stack/Demo'],
      ['AGW7', 'Stack/Demo'],
    ]);
  });
});

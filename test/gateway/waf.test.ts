import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { GatewayAuthorization, GatewayWafFailureMode, SecureAgentCoreGateway, SecureAgentCoreGatewayProps } from '../../src';
import { TemplateRecorder } from '../support/cfn-lint';

const recorder = new TemplateRecorder();
afterAll(() => recorder.lintRecordedTemplates());

const ENV = { account: '111111111111', region: 'us-east-1' };
const GATEWAY = 'AWS::BedrockAgentCore::Gateway';
const ASSOCIATION = 'AWS::WAFv2::WebACLAssociation';
const WEB_ACL_ARN = 'arn:aws:wafv2:us-east-1:111111111111:regional/webacl/agent-gateway/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111';

function newStack(): Stack {
  return new Stack(new App(), 'Stack', { env: ENV });
}

function build(props: SecureAgentCoreGatewayProps, stack = newStack()): () => SecureAgentCoreGateway {
  return () => new SecureAgentCoreGateway(stack, 'Gateway', props);
}

function regionalWebAcl(stack: Stack): wafv2.CfnWebACL {
  return new wafv2.CfnWebACL(stack, 'WebAcl', {
    scope: 'REGIONAL',
    defaultAction: { allow: {} },
    visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: 'agent-gateway', sampledRequestsEnabled: true },
    rules: [{
      name: 'block-marked-requests',
      priority: 0,
      action: { block: {} },
      statement: {
        byteMatchStatement: {
          fieldToMatch: { singleHeader: { Name: 'x-block-me' } },
          positionalConstraint: 'EXACTLY',
          searchString: 'yes',
          textTransformations: [{ priority: 0, type: 'NONE' }],
        },
      },
      visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: 'block-marked', sampledRequestsEnabled: true },
    }],
  });
}

describe('wafConfiguration', () => {
  test('GIVEN a web ACL of the stack WHEN synthesized THEN it is associated with the gateway and the gateway fails closed', () => {
    const stack = newStack();
    const acl = regionalWebAcl(stack);
    build({ authorization: GatewayAuthorization.awsIam(), wafConfiguration: { webAclArn: acl.attrArn } }, stack)();
    const template = recorder.templateOf(stack);

    template.hasResourceProperties(GATEWAY, { WafConfiguration: { FailureMode: 'FAIL_CLOSE' } });
    template.resourceCountIs(ASSOCIATION, 1);
    template.hasResourceProperties(ASSOCIATION, {
      ResourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^GatewayIamGateway'), 'GatewayArn'] },
      WebACLArn: { 'Fn::GetAtt': ['WebAcl', 'Arn'] },
    });
  });

  test('GIVEN FAIL_OPEN on a JWT gateway WHEN synthesized THEN the failure mode is rendered as chosen', () => {
    const stack = newStack();
    build({ wafConfiguration: { webAclArn: WEB_ACL_ARN, failureMode: GatewayWafFailureMode.FAIL_OPEN } }, stack)();
    const template = recorder.templateOf(stack);
    template.hasResourceProperties(GATEWAY, { AuthorizerType: 'CUSTOM_JWT', WafConfiguration: { FailureMode: 'FAIL_OPEN' } });
    template.hasResourceProperties(ASSOCIATION, { WebACLArn: WEB_ACL_ARN });
  });

  test('GIVEN no wafConfiguration WHEN synthesized THEN there is neither a failure mode nor an association', () => {
    const stack = newStack();
    build({}, stack)();
    const template = recorder.templateOf(stack);
    const gateway = Object.values(template.findResources(GATEWAY))[0] as any;
    expect(gateway.Properties.WafConfiguration).toBeUndefined();
    template.resourceCountIs(ASSOCIATION, 0);
  });

  test.each<[string, string, RegExp]>([
    ['a CloudFront (global) web ACL', 'arn:aws:wafv2:us-east-1:111111111111:global/webacl/edge/a1b2c3d4',
      /wafConfiguration\.webAclArn: '.*global\/webacl.*' is a global web ACL; only regional web ACLs can protect a gateway.*Fix: create the web ACL with scope REGIONAL/],
    ['a web ACL in another region', 'arn:aws:wafv2:eu-west-1:111111111111:regional/webacl/agent-gateway/a1b2c3d4',
      /wafConfiguration\.webAclArn: '.*' is in eu-west-1, but the gateway is in us-east-1; AWS WAF only associates a web ACL with resources in its own region\. Fix: use a web ACL created in us-east-1/],
    ['something that is not a web ACL ARN', 'agent-gateway',
      /wafConfiguration\.webAclArn: 'agent-gateway' is not the ARN of an AWS WAF web ACL .*Fix: pass the web ACL's ARN/],
    ['an AWS WAF Classic ARN', 'arn:aws:waf-regional:us-east-1:111111111111:webacl/a1b2c3d4',
      /wafConfiguration\.webAclArn: 'arn:aws:waf-regional:.*' is not the ARN of an AWS WAF web ACL/],
  ])('GIVEN %s THEN it is rejected with the field, the rule and the fix', (_name, webAclArn, message) => {
    expect(build({ wafConfiguration: { webAclArn } })).toThrow(message);
  });

  test('GIVEN a web ACL ARN only known at deploy time, or an environment-agnostic stack THEN nothing is judged at synth time', () => {
    const stack = newStack();
    const arn = new CfnParameter(stack, 'WebAclArn').valueAsString;
    expect(build({ wafConfiguration: { webAclArn: arn } }, stack)).not.toThrow();
    expect(build({ wafConfiguration: { webAclArn: 'arn:aws:wafv2:eu-west-1:111111111111:regional/webacl/a/b' } }, new Stack(new App(), 'Agnostic'))).not.toThrow();
  });

  test('GIVEN a bad web ACL and a bad name THEN one error lists both', () => {
    expect(build({ gatewayName: 'bad_name', wafConfiguration: { webAclArn: 'nope' } }))
      .toThrow(/has 2 invalid properties:\n {2}- gatewayName: [^\n]*\n {2}- wafConfiguration\.webAclArn: 'nope'/);
  });
});

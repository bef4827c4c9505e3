import { App, Stack, Token, aws_organizations as organizations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { DenyUnauthorizedGatewaysPolicy, DenyUnauthorizedGatewaysPolicyProps } from '../../src';
import { gatewayScpJson } from '../../src/organization/scp';

const ENV = { account: '111111111111', region: 'us-east-1' };

function policyStack(props?: DenyUnauthorizedGatewaysPolicyProps): { stack: Stack; policy: DenyUnauthorizedGatewaysPolicy } {
  const stack = new Stack(new App(), 'Organization', { env: ENV });
  return { stack, policy: new DenyUnauthorizedGatewaysPolicy(stack, 'NoPublicGateways', props) };
}

describe('DenyUnauthorizedGatewaysPolicy', () => {
  test('GIVEN target IDs WHEN synthesized THEN a service control policy with the minified document, attached to them', () => {
    const { stack, policy } = policyStack({ targetIds: ['ou-ab12-cdefgh34', '222222222222'] });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Organizations::Policy', 1);
    template.hasResourceProperties('AWS::Organizations::Policy', {
      Name: 'DenyUnauthorizedAgentCoreGateways',
      Type: 'SERVICE_CONTROL_POLICY',
      Content: JSON.parse(gatewayScpJson()),
      TargetIds: ['ou-ab12-cdefgh34', '222222222222'],
      Description: Match.stringLikeRegexp('without an allowed inbound authorizer'),
    });
    expect(policy.policyDocument).toBe(gatewayScpJson());
    expect(policy.policySize).toBe(296);
    expect(DenyUnauthorizedGatewaysPolicy.MAX_POLICY_CHARACTERS).toBe(5120);
    expect(stack.resolve(policy.policyId)).toEqual({ 'Fn::GetAtt': [stack.getLogicalId(policy.policy), 'Id'] });
    expect(stack.resolve(policy.policyArn)).toEqual({ 'Fn::GetAtt': [stack.getLogicalId(policy.policy), 'Arn'] });
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('GIVEN every option WHEN synthesized THEN the document carries them', () => {
    const { stack, policy } = policyStack({
      policyName: 'agentcore-gateways',
      description: 'No public gateways.',
      targetIds: ['r-abcd'],
      additionalAllowedAuthorizerTypes: ['FUTURE_TYPE'],
      allowedDiscoveryUrls: ['https://cognito-idp.eu-west-1.amazonaws.com/*'],
      breakGlassPrincipalArns: ['arn:aws:iam::*:role/BreakGlass'],
    });
    const document = JSON.parse(policy.policyDocument);
    expect(document.Statement.map((s: any) => s.Sid)).toEqual(['DenyGatewaysWithoutAllowedAuthorizer', 'DenyGatewaysWithUnapprovedIdentityProvider']);
    expect(document.Statement[0].Condition.StringNotEquals['bedrock-agentcore:GatewayAuthorizerType']).toEqual(['AWS_IAM', 'CUSTOM_JWT', 'FUTURE_TYPE']);
    expect(document.Statement[1].Condition.StringNotLike['bedrock-agentcore:DiscoveryUrl']).toEqual(['https://cognito-idp.eu-west-1.amazonaws.com/*']);
    for (const statement of document.Statement) {
      expect(statement.Condition.ArnNotLike).toEqual({ 'aws:PrincipalArn': ['arn:aws:iam::*:role/BreakGlass'] });
    }
    Template.fromStack(stack).hasResourceProperties('AWS::Organizations::Policy', {
      Name: 'agentcore-gateways',
      Description: 'No public gateways.',
      Content: JSON.parse(policy.policyDocument),
    });
  });

  test('GIVEN no target IDs WHEN synthesized THEN a warning says the policy denies nothing yet', () => {
    const { stack } = policyStack();
    Template.fromStack(stack).hasResourceProperties('AWS::Organizations::Policy', { TargetIds: Match.absent() });
    Annotations.fromStack(stack).hasWarning('/Organization/NoPublicGateways', Match.stringLikeRegexp('not attached to any root, organizational unit or account'));
  });

  test('GIVEN a target ID from another construct (a token) WHEN synthesized THEN it is passed through', () => {
    const stack = new Stack(new App(), 'Organization', { env: ENV });
    const ou = new organizations.CfnOrganizationalUnit(stack, 'Agents', { name: 'agents', parentId: 'r-abcd' });
    new DenyUnauthorizedGatewaysPolicy(stack, 'NoPublicGateways', { targetIds: [ou.attrId] });
    Template.fromStack(stack).hasResourceProperties('AWS::Organizations::Policy', { TargetIds: [{ 'Fn::GetAtt': ['Agents', 'Id'] }] });
  });

  describe('validation', () => {
    const errorOf = (props: DenyUnauthorizedGatewaysPolicyProps): string => {
      try {
        policyStack(props);
      } catch (e) {
        return (e as Error).message;
      }
      throw new Error('expected the construct to throw');
    };

    test('GIVEN several invalid props THEN every problem is listed at once, each with its field and fix', () => {
      const message = errorOf({
        targetIds: ['ou-x', '12345'],
        additionalAllowedAuthorizerTypes: ['NONE'],
        allowedDiscoveryUrls: ['https://*.example.com/*'],
        breakGlassPrincipalArns: ['arn:aws:iam::*:role/*'],
        policyName: '',
        description: 'x'.repeat(513),
      });
      expect(message).toMatch(/^DenyUnauthorizedGatewaysPolicy at 'Organization\/NoPublicGateways' has 7 invalid properties:/);
      expect(message).toMatch(/additionalAllowedAuthorizerTypes\[0\]: "NONE" makes a gateway a public endpoint/);
      expect(message).toMatch(/allowedDiscoveryUrls\[0\]: "https:\/\/\*\.example\.com\/\*" must be https:\/\/<host>\/<path> with a literal host/);
      expect(message).toMatch(/breakGlassPrincipalArns\[0\]: "arn:aws:iam::\*:role\/\*" would exempt every role/);
      expect(message).toMatch(/targetIds\[0\]: 'ou-x' is not an organization root \(r-\.\.\.\), organizational unit \(ou-\.\.\.-\.\.\.\) or account ID \(12 digits\). Fix: copy the ID from AWS Organizations/);
      expect(message).toMatch(/targetIds\[1\]: '12345' is not/);
      expect(message).toMatch(/policyName: is 0 characters; AWS Organizations accepts 1 to 128/);
      expect(message).toMatch(/description: is 513 characters; AWS Organizations accepts at most 512/);
    });

    test('GIVEN a break-glass principal that is a token THEN rejected: the policy must be known at synth time', () => {
      expect(errorOf({ breakGlassPrincipalArns: [Token.asString({ Ref: 'Role' })] })).toMatch(
        /breakGlassPrincipalArns: holds a token; the policy must be known at synth time .* Fix: write the values out/,
      );
    });

    test('GIVEN duplicate targets THEN rejected', () => {
      expect(errorOf({ targetIds: ['r-abcd', 'r-abcd'] })).toMatch(/targetIds: lists a target twice/);
    });
  });
});

import { App, Stack, aws_events as events, aws_sns as sns, aws_sqs as sqs, aws_events_targets as targets } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { GatewayAuthorizerConfigRule } from '../../src';

function newStack(region = 'us-east-1'): Stack {
  const app = new App();
  return new Stack(app, 'Audit', { env: { account: '111111111111', region } });
}

describe('GatewayAuthorizerConfigRule', () => {
  test('GIVEN no props WHEN synthesized THEN deploys the managed rule scoped to AgentCore gateways and nothing else', () => {
    // GIVEN
    const stack = newStack();

    // WHEN
    const rule = new GatewayAuthorizerConfigRule(stack, 'GatewayAuth');

    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Config::ConfigRule', 1);
    template.hasResourceProperties('AWS::Config::ConfigRule', {
      Source: { Owner: 'AWS', SourceIdentifier: 'BEDROCKAGENTCORE_GATEWAY_AUTHORIZER_ENABLED' },
      Scope: { ComplianceResourceTypes: ['AWS::BedrockAgentCore::Gateway'] },
      Description: Match.stringLikeRegexp('AuthorizerType NONE.*recreate'),
      ConfigRuleName: Match.absent(),
    });
    template.resourceCountIs('AWS::Events::Rule', 0);
    template.resourceCountIs('AWS::SNS::TopicPolicy', 0);
    expect(rule.notificationRule).toBeUndefined();
    expect(stack.resolve(rule.configRuleName)).toEqual({ Ref: expect.stringMatching(/^GatewayAuthRule/) });
    expect(stack.resolve(rule.configRuleArn)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^GatewayAuthRule/), 'Arn'] });
  });

  test('GIVEN a name and a description WHEN synthesized THEN the rule carries them', () => {
    const stack = newStack();

    new GatewayAuthorizerConfigRule(stack, 'GatewayAuth', {
      configRuleName: 'agentcore-gateway-authorizer-enabled',
      description: 'Team policy: no public gateways.',
    });

    Template.fromStack(stack).hasResourceProperties('AWS::Config::ConfigRule', {
      ConfigRuleName: 'agentcore-gateway-authorizer-enabled',
      Description: 'Team policy: no public gateways.',
    });
  });

  test('GIVEN an SNS topic WHEN synthesized THEN an EventBridge rule sends NON_COMPLIANT gateway events with a readable message, and EventBridge may publish', () => {
    const stack = newStack();
    const topic = new sns.Topic(stack, 'Alerts');

    const rule = new GatewayAuthorizerConfigRule(stack, 'GatewayAuth', { notificationTopic: topic });

    const template = Template.fromStack(stack);
    expect(rule.notificationRule).toBeDefined();
    template.resourceCountIs('AWS::Events::Rule', 1);
    template.hasResourceProperties('AWS::Events::Rule', {
      State: 'ENABLED',
      EventPattern: {
        'source': ['aws.config'],
        'detail-type': ['Config Rules Compliance Change'],
        'detail': {
          configRuleName: [{ Ref: Match.stringLikeRegexp('^GatewayAuthRule') }],
          resourceType: ['AWS::BedrockAgentCore::Gateway'],
          newEvaluationResult: { complianceType: ['NON_COMPLIANT'] },
        },
      },
      Targets: [
        Match.objectLike({
          Arn: { Ref: Match.stringLikeRegexp('^Alerts') },
          InputTransformer: {
            InputPathsMap: {
              'detail-resourceId': '$.detail.resourceId',
              'detail-awsAccountId': '$.detail.awsAccountId',
              'detail-awsRegion': '$.detail.awsRegion',
              'detail-configRuleName': '$.detail.configRuleName',
            },
            InputTemplate: Match.stringLikeRegexp(
              'gateway <detail-resourceId> in account <detail-awsAccountId>, region <detail-awsRegion>.*AuthorizerType is NONE.*recreate the gateway with CUSTOM_JWT or AWS_IAM.*list-gateway-targets',
            ),
          },
        }),
      ],
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: 'sns:Publish', Principal: { Service: 'events.amazonaws.com' } }),
        ]),
      },
    });
  });

  test('GIVEN other targets and a topic WHEN synthesized THEN one rule delivers to all of them, the others get the raw event', () => {
    const stack = newStack();
    const topic = new sns.Topic(stack, 'Alerts');
    const queue = new sqs.Queue(stack, 'Findings');
    const bus = new events.EventBus(stack, 'SecurityBus');

    new GatewayAuthorizerConfigRule(stack, 'GatewayAuth', {
      notificationTopic: topic,
      notificationTargets: [new targets.SqsQueue(queue), new targets.EventBus(bus)],
    });

    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Events::Rule', 1);
    const rules = template.findResources('AWS::Events::Rule');
    const ruleTargets = Object.values(rules)[0].Properties.Targets as Array<Record<string, unknown>>;
    expect(ruleTargets).toHaveLength(3);
    const queueTarget = ruleTargets.find((t) => JSON.stringify(t.Arn).includes('Findings'));
    expect(queueTarget).toBeDefined();
    expect(queueTarget!.InputTransformer).toBeUndefined();
    expect(queueTarget!.Input).toBeUndefined();
  });

  test('GIVEN only other targets WHEN synthesized THEN the rule exists without a topic', () => {
    const stack = newStack();
    const queue = new sqs.Queue(stack, 'Findings');

    const rule = new GatewayAuthorizerConfigRule(stack, 'GatewayAuth', { notificationTargets: [new targets.SqsQueue(queue)] });

    expect(rule.notificationRule).toBeDefined();
    Template.fromStack(stack).resourceCountIs('AWS::SNS::TopicPolicy', 0);
    Template.fromStack(stack).resourceCountIs('AWS::Events::Rule', 1);
  });

  test('GIVEN an empty list of targets WHEN synthesized THEN no EventBridge rule is created', () => {
    const stack = newStack();

    const rule = new GatewayAuthorizerConfigRule(stack, 'GatewayAuth', { notificationTargets: [] });

    expect(rule.notificationRule).toBeUndefined();
    Template.fromStack(stack).resourceCountIs('AWS::Events::Rule', 0);
  });

  test('GIVEN a region where the managed rule is documented WHEN synthesized THEN no warning', () => {
    const stack = newStack('eu-central-1');

    new GatewayAuthorizerConfigRule(stack, 'GatewayAuth');

    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('GIVEN a region where the managed rule is not documented WHEN synthesized THEN a warning names the region, the list and the way out', () => {
    const stack = newStack('sa-east-1');

    new GatewayAuthorizerConfigRule(stack, 'GatewayAuth');

    Annotations.fromStack(stack).hasWarning(
      '/Audit/GatewayAuth',
      Match.stringLikeRegexp('BEDROCKAGENTCORE_GATEWAY_AUTHORIZER_ENABLED is not documented in sa-east-1 \\(documented in: us-east-1, .*\\).*agentcore-gateway-guard audit --region sa-east-1'),
    );
  });

  test('GIVEN an environment-agnostic stack WHEN synthesized THEN no warning (the region is not known)', () => {
    const stack = new Stack(new App(), 'Agnostic');

    new GatewayAuthorizerConfigRule(stack, 'GatewayAuth');

    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('GIVEN a blank name and an over-long description WHEN constructed THEN one error lists both problems with the fix', () => {
    const stack = newStack();

    expect(() => new GatewayAuthorizerConfigRule(stack, 'GatewayAuth', { configRuleName: '   ', description: 'x'.repeat(257) })).toThrow(
      /^GatewayAuthorizerConfigRule at 'Audit\/GatewayAuth' has 2 invalid properties:\n {2}- configRuleName: '   ' must be 1 to 128 characters and not blank .*Fix: .*leave it out.*\n {2}- description: is 257 characters; AWS Config accepts at most 256\. Fix: shorten it$/,
    );
  });

  test('GIVEN a name of 129 characters WHEN constructed THEN it is rejected', () => {
    const stack = newStack();

    expect(() => new GatewayAuthorizerConfigRule(stack, 'GatewayAuth', { configRuleName: 'a'.repeat(129) })).toThrow(/must be 1 to 128 characters/);
  });

  test('GIVEN the published region list WHEN read THEN it is a copy that cannot change the construct', () => {
    const copy = GatewayAuthorizerConfigRule.MANAGED_RULE_REGIONS;
    expect(copy).toContain('us-east-1');
    expect(copy).toHaveLength(14);
    copy.push('xx-fake-1');
    const stack = newStack('xx-fake-1');

    new GatewayAuthorizerConfigRule(stack, 'GatewayAuth');

    Annotations.fromStack(stack).hasWarning('/Audit/GatewayAuth', Match.stringLikeRegexp('not documented in xx-fake-1'));
    copy.pop();
  });
});

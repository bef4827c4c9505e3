import { readFileSync } from 'fs';
import { join } from 'path';
import { App, Stack, aws_s3 as s3 } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { GatewayAuthorizationGuardHook, GatewayAuthorizationGuardHookProps, GuardHookFailureMode, GuardHookStackFilteringCriteria } from '../../src';
import { gatewayAuthorizationGuardRules } from '../../src/hook/guard-rules';
import { SHIPPED_GUARD_RULES } from '../support/guard-rules-file';

const ENV = { account: '111111111111', region: 'eu-west-1' };

function hookStack(props?: GatewayAuthorizationGuardHookProps): { stack: Stack; hook: GatewayAuthorizationGuardHook; template: Template } {
  const stack = new Stack(new App(), 'Hooks', { env: ENV });
  const hook = new GatewayAuthorizationGuardHook(stack, 'GatewayHook', props);
  return { stack, hook, template: Template.fromStack(stack) };
}

/** The rule file the asset stages into the cloud assembly, as CloudFormation would download it. */
function stagedRules(stack: Stack, hook: GatewayAuthorizationGuardHook): string {
  const assembly = (stack.node.root as App).synth();
  return readFileSync(join(assembly.directory, hook.rulesAsset.assetPath), 'utf8');
}

describe('GatewayAuthorizationGuardHook', () => {
  test('GIVEN no props WHEN synthesized THEN an enabled Guard hook that fails the operation, for gateway creates and updates', () => {
    const { template } = hookStack();
    template.resourceCountIs('AWS::CloudFormation::GuardHook', 1);
    template.hasResourceProperties('AWS::CloudFormation::GuardHook', {
      Alias: 'Guard::AgentCoreGateway::Authorization',
      FailureMode: 'FAIL',
      HookStatus: 'ENABLED',
      TargetOperations: ['RESOURCE'],
      TargetFilters: {
        Targets: [
          { TargetName: 'AWS::BedrockAgentCore::Gateway', Action: 'CREATE', InvocationPoint: 'PRE_PROVISION' },
          { TargetName: 'AWS::BedrockAgentCore::Gateway', Action: 'UPDATE', InvocationPoint: 'PRE_PROVISION' },
        ],
      },
      RuleLocation: { Uri: Match.stringLikeRegexp('^s3://cdk-[a-z0-9]+-assets-111111111111-eu-west-1/[0-9a-f]{64}\\.guard$') },
      StackFilters: Match.absent(),
      LogBucket: Match.absent(),
    });
  });

  test('GIVEN no props WHEN synthesized THEN the deployed rule file is the one the package ships', () => {
    const { stack, hook } = hookStack();
    expect(stagedRules(stack, hook)).toBe(readFileSync(SHIPPED_GUARD_RULES, 'utf8'));
    expect(hook.allowedAuthorizerTypes).toEqual(['AWS_IAM', 'CUSTOM_JWT']);
  });

  test('GIVEN no props WHEN synthesized THEN the execution role may read that one object and nothing else', () => {
    const { template } = hookStack();
    template.resourceCountIs('AWS::IAM::Role', 1);
    template.resourceCountIs('AWS::IAM::Policy', 0);
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'hooks.cloudformation.amazonaws.com' } }],
      },
      ManagedPolicyArns: Match.absent(),
      Policies: [
        {
          PolicyName: 'GuardRules',
          PolicyDocument: {
            Statement: [
              {
                Action: 's3:GetObject',
                Effect: 'Allow',
                Resource: {
                  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, Match.stringLikeRegexp('^:s3:::cdk-[a-z0-9]+-assets-111111111111-eu-west-1/[0-9a-f]{64}\\.guard$')]],
                },
              },
            ],
          },
        },
      ],
    });
    template.hasResourceProperties('AWS::CloudFormation::GuardHook', { ExecutionRole: { 'Fn::GetAtt': [Match.stringLikeRegexp('^GatewayHookExecutionRole'), 'Arn'] } });
  });

  test('GIVEN a log bucket WHEN synthesized THEN the hook writes reports there and the role may only put objects into it', () => {
    const stack = new Stack(new App(), 'Hooks', { env: ENV });
    const logs = new s3.Bucket(stack, 'Reports');
    new GatewayAuthorizationGuardHook(stack, 'GatewayHook', { logBucket: logs });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::CloudFormation::GuardHook', { LogBucket: { Ref: stack.getLogicalId(logs.node.defaultChild as s3.CfnBucket) } });
    template.hasResourceProperties('AWS::IAM::Role', {
      Policies: [
        {
          PolicyName: 'GuardRules',
          PolicyDocument: {
            Statement: [
              Match.objectLike({ Action: 's3:GetObject' }),
              { Action: 's3:PutObject', Effect: 'Allow', Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^Reports'), 'Arn'] }, '/*']] } },
            ],
          },
        },
      ],
    });
  });

  test('GIVEN WARN, disabled, a custom alias and the Cloud Control API WHEN synthesized THEN each is rendered', () => {
    const { template } = hookStack({ failureMode: GuardHookFailureMode.WARN, enabled: false, alias: 'Acme::Agents::GatewayAuth', includeCloudControlApi: true });
    template.hasResourceProperties('AWS::CloudFormation::GuardHook', {
      Alias: 'Acme::Agents::GatewayAuth',
      FailureMode: 'WARN',
      HookStatus: 'DISABLED',
      TargetOperations: ['RESOURCE', 'CLOUD_CONTROL'],
    });
  });

  test('GIVEN stack filters WHEN synthesized THEN names and roles are rendered with the criteria (ALL by default)', () => {
    const role = 'arn:aws:iam::111111111111:role/cdk-hnb659fds-cfn-exec-role-111111111111-eu-west-1';
    hookStack({ stackFilters: { excludeStackNames: ['sandbox-*'] } }).template.hasResourceProperties('AWS::CloudFormation::GuardHook', {
      StackFilters: { FilteringCriteria: 'ALL', StackNames: { Exclude: ['sandbox-*'] }, StackRoles: Match.absent() },
    });
    hookStack({
      stackFilters: { includeStackNames: ['prod-*'], includeStackRoles: [role], filteringCriteria: GuardHookStackFilteringCriteria.ANY },
    }).template.hasResourceProperties('AWS::CloudFormation::GuardHook', {
      StackFilters: { FilteringCriteria: 'ANY', StackNames: { Include: ['prod-*'] }, StackRoles: { Include: [role] } },
    });
  });

  test('GIVEN additional authorizer types WHEN synthesized THEN the deployed rule file is the generated variant that allows them', () => {
    const { stack, hook, template } = hookStack({ additionalAllowedAuthorizerTypes: ['FUTURE_TYPE'] });
    const rules = stagedRules(stack, hook);
    expect(rules).toContain("let agw_allowed_authorizer_types = ['AWS_IAM', 'CUSTOM_JWT', 'FUTURE_TYPE']");
    expect(hook.allowedAuthorizerTypes).toEqual(['AWS_IAM', 'CUSTOM_JWT', 'FUTURE_TYPE']);
    template.hasResourceProperties('AWS::CloudFormation::GuardHook', { RuleLocation: { Uri: Match.stringLikeRegexp('\\.guard$') } });
  });

  test('GIVEN allowAuthenticateOnlyWithEnforcedPolicyEngine WHEN synthesized THEN the deployed rule file is the generator\'s variant with the option, another asset', () => {
    const { stack, hook } = hookStack({ allowAuthenticateOnlyWithEnforcedPolicyEngine: true });
    const rules = stagedRules(stack, hook);
    expect(rules).toBe(gatewayAuthorizationGuardRules({ allowAuthenticateOnlyWithEnforcedPolicyEngine: true }));
    expect(rules).not.toBe(readFileSync(SHIPPED_GUARD_RULES, 'utf8'));
    const plain = hookStack({ allowAuthenticateOnlyWithEnforcedPolicyEngine: false });
    expect(stagedRules(plain.stack, plain.hook)).toBe(readFileSync(SHIPPED_GUARD_RULES, 'utf8'));
    expect(hook.rulesAsset.assetHash).not.toBe(plain.hook.rulesAsset.assetHash);
    const both = hookStack({ additionalAllowedAuthorizerTypes: ['FUTURE_TYPE'], allowAuthenticateOnlyWithEnforcedPolicyEngine: true });
    expect(stagedRules(both.stack, both.hook)).toBe(
      gatewayAuthorizationGuardRules({ additionalAllowedAuthorizerTypes: ['FUTURE_TYPE'], allowAuthenticateOnlyWithEnforcedPolicyEngine: true }),
    );
  });

  test('GIVEN the same props twice WHEN synthesized THEN the asset is the same (a stable hash, no needless redeploy)', () => {
    const uri = (props?: GatewayAuthorizationGuardHookProps) => hookStack(props).template.findResources('AWS::CloudFormation::GuardHook');
    expect(JSON.stringify(uri({ additionalAllowedAuthorizerTypes: ['FUTURE_TYPE'] }))).toBe(
      JSON.stringify(uri({ additionalAllowedAuthorizerTypes: ['FUTURE_TYPE'] })),
    );
  });

  describe('validation', () => {
    const errorOf = (props: GatewayAuthorizationGuardHookProps): string => {
      try {
        hookStack(props);
      } catch (e) {
        return (e as Error).message;
      }
      throw new Error('expected the construct to throw');
    };

    test('GIVEN NONE as an additional type THEN it is rejected with the field, the rule and the fix', () => {
      expect(errorOf({ additionalAllowedAuthorizerTypes: ['NONE'] })).toBe(
        "GatewayAuthorizationGuardHook at 'Hooks/GatewayHook' has 1 invalid property:\n" +
          '  - additionalAllowedAuthorizerTypes[0]: "NONE" makes a gateway a public endpoint and is never allowed. ' +
          'Fix: remove it; give the gateway AWS_IAM or CUSTOM_JWT authorization instead',
      );
    });

    test.each(['Just::Two', 'AWS::Gateway::Hook', 'aws::Gateway::Hook', 'A::Gateway::Hook', 'Has-Dash::Gateway::Hook'])('GIVEN the alias %j THEN it is rejected', (alias) => {
      expect(errorOf({ alias })).toMatch(/alias: '.*' must be three parts of 2 to 64 letters or digits joined by '::', not starting with 'AWS'.*Fix: use e\.g\. 'Guard::AgentCoreGateway::Authorization', or omit alias/);
    });

    test('GIVEN empty stack filters THEN rejected: CloudFormation needs a name or a role', () => {
      expect(errorOf({ stackFilters: { includeStackNames: [] } })).toMatch(/stackFilters: names no stack and no role; .* Fix: give includeStackNames, excludeStackNames, includeStackRoles or excludeStackRoles, or omit stackFilters/);
    });

    test('GIVEN invalid filter entries THEN every problem is listed at once', () => {
      const message = errorOf({
        stackFilters: {
          includeStackNames: ['prod_stack', 'ok', 'ok'],
          excludeStackRoles: ['not-an-arn'],
          excludeStackNames: Array.from({ length: 51 }, (_, i) => `s${i}`),
        },
      });
      expect(message).toMatch(/has 4 invalid properties/);
      expect(message).toMatch(/stackFilters\.includeStackNames: lists an entry twice; .* Fix: remove the duplicates/);
      expect(message).toMatch(/stackFilters\.includeStackNames\[0\]: 'prod_stack' is not a stack name .* Fix: correct or remove it/);
      expect(message).toMatch(/stackFilters\.excludeStackNames: has 51 entries; CloudFormation accepts at most 50/);
      expect(message).toMatch(/stackFilters\.excludeStackRoles\[0\]: 'not-an-arn' is not an IAM role ARN/);
    });
  });
});

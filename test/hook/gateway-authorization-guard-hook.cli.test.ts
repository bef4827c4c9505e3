// Runs cfn-lint and the cfn-guard binary on what the construct synthesizes (*.cli.test.ts: not repeated
// by `test:latest`).
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { basename, join } from 'path';
import { App, Stack, aws_s3 as s3 } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { cfnGuardValidate } from './cfn-guard';
import { GatewayAuthorizationGuardHook, GuardHookFailureMode, GuardHookStackFilteringCriteria } from '../../src';
import { cfnLint } from '../support/cfn-lint';

const ENV = { account: '111111111111', region: 'eu-west-1' };

describe('GatewayAuthorizationGuardHook with the real tools', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'agw-guard-hook-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('GIVEN every variant of the construct WHEN cfn-lint checks the templates THEN it reports nothing (and does flag a broken copy)', () => {
    const variants: Record<string, (stack: Stack) => void> = {
      defaults: (stack) => new GatewayAuthorizationGuardHook(stack, 'Hook'),
      everything: (stack) =>
        new GatewayAuthorizationGuardHook(stack, 'Hook', {
          alias: 'Acme::Agents::GatewayAuth',
          failureMode: GuardHookFailureMode.WARN,
          enabled: false,
          additionalAllowedAuthorizerTypes: ['FUTURE_TYPE'],
          includeCloudControlApi: true,
          logBucket: new s3.Bucket(stack, 'Reports', { enforceSSL: true, blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL }),
          stackFilters: {
            includeStackNames: ['prod-*'],
            excludeStackNames: ['prod-sandbox'],
            includeStackRoles: ['arn:aws:iam::111111111111:role/deployer'],
            excludeStackRoles: ['arn:aws:iam::111111111111:role/break-glass'],
            filteringCriteria: GuardHookStackFilteringCriteria.ANY,
          },
        }),
    };
    const files = Object.entries(variants).map(([name, build]) => {
      const stack = new Stack(new App(), `GuardHook-${name}`, { env: ENV });
      build(stack);
      const file = join(dir, `${name}.template.json`);
      writeFileSync(file, JSON.stringify(Template.fromStack(stack).toJSON(), undefined, 2));
      return file;
    });
    const broken = Template.fromStack(withHook()).toJSON();
    const hookId = Object.keys(broken.Resources).find((id) => broken.Resources[id].Type === 'AWS::CloudFormation::GuardHook')!;
    broken.Resources[hookId].Properties.FailureMode = 'ROLLBACK';
    const brokenFile = join(dir, 'broken.template.json');
    writeFileSync(brokenFile, JSON.stringify(broken, undefined, 2));

    const reports = cfnLint([...files, brokenFile]).map((m) => `${basename(m.Filename)}:${m.Rule.Id}:${m.Message}`);

    expect(reports).toEqual([expect.stringMatching(/^broken\.template\.json:E3030:'ROLLBACK' is not one of \['FAIL', 'WARN'\]/)]);
  });

  test('GIVEN the rule file the construct deploys WHEN cfn-guard evaluates hook input THEN it stops a public gateway and lets a secure one through', () => {
    const stack = withHook();
    const hook = stack.node.findChild('Hook') as GatewayAuthorizationGuardHook;
    const assembly = (stack.node.root as App).synth();
    const rules = join(assembly.directory, hook.rulesAsset.assetPath);
    const input = (properties: object) => ({
      HookContext: { TargetName: 'AWS::BedrockAgentCore::Gateway', TargetType: 'RESOURCE', TargetLogicalId: 'Gw', InvocationPoint: 'CREATE_PRE_PROVISION' },
      Resources: { Gw: { ResourceType: 'AWS::BedrockAgentCore::Gateway', ResourceProperties: { Name: 'gw', ProtocolType: 'MCP', RoleArn: 'arn:aws:iam::111111111111:role/gw', ...properties } } },
    });
    writeFileSync(join(dir, 'public.json'), JSON.stringify(input({ AuthorizerType: 'NONE' })));
    writeFileSync(join(dir, 'iam.json'), JSON.stringify(input({ AuthorizerType: 'AWS_IAM' })));

    const results = cfnGuardValidate(rules, [join(dir, 'public.json'), join(dir, 'iam.json')]);

    expect(results.get(join(dir, 'public.json'))).toEqual(
      expect.objectContaining({ status: 'FAIL', ruleIds: ['AGW1'], messages: [expect.stringMatching(/^AGW1 Gateway has no inbound authorization \(AuthorizerType NONE\): AuthorizerType is NONE\. Fix: /)] }),
    );
    expect(results.get(join(dir, 'iam.json'))).toEqual(expect.objectContaining({ status: 'PASS', ruleIds: [] }));
  });
});

function withHook(): Stack {
  const stack = new Stack(new App(), 'GuardHook', { env: ENV });
  new GatewayAuthorizationGuardHook(stack, 'Hook');
  return stack;
}

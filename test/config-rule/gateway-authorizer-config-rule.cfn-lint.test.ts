import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack, aws_events as events, aws_sns as sns, aws_sqs as sqs, aws_events_targets as targets } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { GatewayAuthorizerConfigRule } from '../../src';
import { cfnLint } from '../support/cfn-lint';

// The shared cfn-lint runner fails the test, not skips it, when cfn-lint is not installed.
describe('GatewayAuthorizerConfigRule and cfn-lint', () => {
  test('GIVEN every variant of the construct WHEN cfn-lint checks the synthesized templates THEN it reports nothing for them (and does flag a broken copy)', () => {
    // GIVEN
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'config-rule-lint-'));
    const variants: Record<string, (stack: Stack) => void> = {
      'defaults': (stack) => new GatewayAuthorizerConfigRule(stack, 'GatewayAuth'),
      'named': (stack) =>
        new GatewayAuthorizerConfigRule(stack, 'GatewayAuth', { configRuleName: 'agentcore-gateway-authorizer-enabled', description: 'No public gateways.' }),
      'topic-and-targets': (stack) =>
        new GatewayAuthorizerConfigRule(stack, 'GatewayAuth', {
          notificationTopic: new sns.Topic(stack, 'Alerts'),
          notificationTargets: [new targets.SqsQueue(new sqs.Queue(stack, 'Findings')), new targets.EventBus(new events.EventBus(stack, 'Bus'))],
        }),
    };
    const files = Object.entries(variants).map(([name, build]) => {
      const stack = new Stack(new App(), `ConfigRule-${name}`, { env: { account: '111111111111', region: 'us-east-1' } });
      build(stack);
      const file = path.join(dir, `${name}.template.json`);
      fs.writeFileSync(file, JSON.stringify(Template.fromStack(stack).toJSON(), undefined, 2));
      return file;
    });

    // A known-bad copy proves the linter really checks these files (and would fail this test).
    const broken = JSON.parse(fs.readFileSync(files[0], 'utf-8'));
    const ruleId = Object.keys(broken.Resources).find((id) => broken.Resources[id].Type === 'AWS::Config::ConfigRule')!;
    broken.Resources[ruleId].Properties.Bogus = 1;
    const brokenFile = path.join(dir, 'broken.template.json');
    fs.writeFileSync(brokenFile, JSON.stringify(broken, undefined, 2));

    // WHEN
    const matches = cfnLint([...files, brokenFile]);
    fs.rmSync(dir, { recursive: true, force: true });

    // THEN: not even a warning for the real templates; the broken copy's error is found
    const reports = matches.map((m) => `${path.basename(m.Filename)}:${m.Rule.Id}:${m.Message}`);
    expect(reports).toEqual([expect.stringMatching(/^broken\.template\.json:E3002:.*'Bogus' was unexpected/)]);
  });
});

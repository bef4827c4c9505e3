import { App, Stack } from 'aws-cdk-lib';
import * as agentcore from 'aws-cdk-lib/aws-bedrockagentcore';
import { SecureAgentCoreGateway } from '../../src';
import { readablePart } from '../../src/gateway/domain-prefix';
import { DOMAIN_PREFIX_PATTERN, RESERVED_DOMAIN_WORDS } from '../../src/gateway/validation';
import { TemplateRecorder } from '../support/cfn-lint';

const recorder = new TemplateRecorder();
afterAll(() => recorder.lintRecordedTemplates());

function domainOf(stack: Stack): any {
  const app = stack.node.root as App;
  const template = app.synth().getStackByName(stack.stackName).template;
  recorder.record(stack.stackName, template);
  const domains = Object.values(template.Resources).filter((r: any) => r.Type === 'AWS::Cognito::UserPoolDomain') as any[];
  expect(domains).toHaveLength(1);
  return domains[0].Properties.Domain;
}

function prefixFor(stackId: string, gatewayId: string, env?: { account: string; region: string }): any {
  const stack = new Stack(new App(), stackId, { env });
  new SecureAgentCoreGateway(stack, gatewayId);
  return domainOf(stack);
}

function expectAcceptedByCognito(prefix: string): void {
  expect(prefix).toMatch(DOMAIN_PREFIX_PATTERN);
  for (const word of RESERVED_DOMAIN_WORDS) {
    expect(prefix).not.toContain(word);
  }
}

/** Evaluates the Fn::Join / Fn::Select / Fn::Split expression CloudFormation would, for a given stack id. */
function evaluate(expr: any, stackId: string): string {
  if (typeof expr === 'string') return expr;
  if (expr.Ref === 'AWS::StackId') return stackId;
  if (expr['Fn::Join']) return expr['Fn::Join'][1].map((p: any) => evaluate(p, stackId)).join(expr['Fn::Join'][0]);
  if (expr['Fn::Select']) return evaluateList(expr['Fn::Select'][1], stackId)[expr['Fn::Select'][0]];
  throw new Error(`cannot evaluate ${JSON.stringify(expr)}`);
}
function evaluateList(expr: any, stackId: string): string[] {
  if (expr['Fn::Split']) return evaluate(expr['Fn::Split'][1], stackId).split(expr['Fn::Split'][0]);
  throw new Error(`cannot evaluate list ${JSON.stringify(expr)}`);
}

describe('generated Cognito domain prefix', () => {
  const ACCOUNT_A = { account: '111111111111', region: 'us-east-1' };
  const ACCOUNT_B = { account: '222222222222', region: 'us-east-1' };

  test('GIVEN a stack named AwsAmazonCognitoStack WHEN synthesized THEN no reserved word reaches the prefix', () => {
    const prefix = prefixFor('AwsAmazonCognitoStack', 'AmazonGateway', ACCOUNT_A);
    expectAcceptedByCognito(prefix);
    expect(prefix).toMatch(/^stack-gateway-[0-9a-f]{8}$/);
  });

  test('GIVEN the same stack and ids, aws-cdk-lib\'s own Gateway L2 WOULD put reserved words in its prefix (why we derive our own)', () => {
    const stack = new Stack(new App(), 'AwsCognitoAgents', { env: ACCOUNT_A });
    new agentcore.Gateway(stack, 'AmazonGateway');
    const l2Prefix = domainOf(stack);
    expect(l2Prefix).toMatch(/^awscognitoagents-amazongateway-/);
    expect(prefixFor('AwsCognitoAgents', 'AmazonGateway', ACCOUNT_A)).not.toMatch(/aws|amazon|cognito/);
  });

  test('GIVEN the same app in two accounts in one region WHEN synthesized THEN the prefixes differ', () => {
    const a = prefixFor('Agents', 'Gateway', ACCOUNT_A);
    const b = prefixFor('Agents', 'Gateway', ACCOUNT_B);
    expectAcceptedByCognito(a);
    expectAcceptedByCognito(b);
    expect(a).not.toBe(b);
  });

  test('GIVEN the same app, account and region twice WHEN synthesized THEN the prefix is stable (no replacement on redeploy)', () => {
    expect(prefixFor('Agents', 'Gateway', ACCOUNT_A)).toBe(prefixFor('Agents', 'Gateway', ACCOUNT_A));
  });

  test('GIVEN two gateways in one stack WHEN synthesized THEN their prefixes differ', () => {
    const stack = new Stack(new App(), 'Agents', { env: ACCOUNT_A });
    new SecureAgentCoreGateway(stack, 'Gateway');
    new SecureAgentCoreGateway(stack, 'Gateway2');
    const template = (stack.node.root as App).synth().getStackByName(stack.stackName).template;
    recorder.record(stack.stackName, template);
    const prefixes = Object.values(template.Resources).filter((r: any) => r.Type === 'AWS::Cognito::UserPoolDomain').map((r: any) => r.Properties.Domain);
    expect(new Set(prefixes).size).toBe(2);
  });

  test('GIVEN an environment-agnostic stack WHEN synthesized THEN the prefix ends with the stack\'s own UUID, so two deployments differ', () => {
    const expr = prefixFor('AwsAgents', 'Gateway');
    expect(JSON.stringify(expr)).toContain('AWS::StackId');
    const inAccountA = evaluate(expr, 'arn:aws:cloudformation:us-east-1:111111111111:stack/AwsAgents/51af3dc0-da77-11e4-872e-1234567db123');
    const inAccountB = evaluate(expr, 'arn:aws:cloudformation:us-east-1:222222222222:stack/AwsAgents/7f59c1a0-2b4e-11f0-9a1b-0a1b2c3d4e5f');
    expectAcceptedByCognito(inAccountA);
    expectAcceptedByCognito(inAccountB);
    expect(inAccountA).toMatch(/^agents-gateway-[0-9a-f]{8}-1234567db123$/);
    expect(inAccountA).not.toBe(inAccountB);
  });

  test('GIVEN very long ids WHEN synthesized THEN the prefix stays within 63 characters', () => {
    const prefix = prefixFor('S'.repeat(120), 'G'.repeat(200), ACCOUNT_A);
    expectAcceptedByCognito(prefix);
    expect(prefix.length).toBeLessThanOrEqual(63);
  });
});

describe('readablePart', () => {
  test.each([
    [['AwsAmazonCognitoStack', 'Gateway'], 'stack-gateway'],
    [['aawsws', 'x'], 'x'],
    [['cogawsnito'], 'gateway'],
    [['My_Stack', 'Orders Gateway'], 'my-stack-orders-gateway'],
    [['---'], 'gateway'],
  ])('%j -> %s', (ids, expected) => {
    expect(readablePart(ids)).toBe(expected);
  });

  test('GIVEN 2,000 generated ids built from reserved fragments THEN no result contains a reserved word or breaks the syntax', () => {
    const fragments = ['a', 'w', 's', 'aws', 'amaz', 'on', 'amazon', 'cog', 'nito', 'cognito', '-', '_', 'X', '9', 'Aws', 'COGNITO'];
    let seed = 42;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let i = 0; i < 2000; i++) {
      const id = Array.from({ length: 1 + (next() % 12) }, () => fragments[next() % fragments.length]).join('');
      const part = readablePart([id]);
      expect(`${part}-0123abcd`).toMatch(DOMAIN_PREFIX_PATTERN);
      for (const word of RESERVED_DOMAIN_WORDS) {
        expect(part).not.toContain(word);
      }
    }
  });
});

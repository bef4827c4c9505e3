import { RunSimulationResults, runSimulation } from '@cloud-copilot/iam-simulate';
import { App, PhysicalName, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { GatewayAuthorization, SecureAgentCoreGateway } from '../../src';
import { evaluateTemplate } from '../../src/engine/evaluate';
import { TemplateRecorder } from '../support/cfn-lint';

const recorder = new TemplateRecorder();
afterAll(() => recorder.lintRecordedTemplates());

const GATEWAY_ACCOUNT = '111111111111';
const PARTNER_ACCOUNT = '222222222222';
const ENV = { account: GATEWAY_ACCOUNT, region: 'us-east-1' };
const RESOURCE_POLICY = 'AWS::BedrockAgentCore::ResourcePolicy';
const INVOKE = 'bedrock-agentcore:InvokeGateway';
/** What the gateway's ARN becomes once deployed, for evaluating the policies. */
const DEPLOYED_GATEWAY_ARN = `arn:aws:bedrock-agentcore:us-east-1:${GATEWAY_ACCOUNT}:gateway/orders-0123456789`;

function iamGateway(stack: Stack, id = 'Gateway'): SecureAgentCoreGateway {
  return new SecureAgentCoreGateway(stack, id, { authorization: GatewayAuthorization.awsIam() });
}

function newStack(id = 'GatewayStack', env: { account?: string; region?: string } | undefined = ENV, app = new App()): Stack {
  return new Stack(app, id, { env });
}

/**
 * The one resource policy of a template: its ResourceArn and its document, with every reference replaced
 * by what it stands for once deployed (the Policy property is a JSON string joined with references).
 */
function resourcePolicyOf(template: Template): { resourceArn: unknown; document: any } {
  const found = Object.values(template.findResources(RESOURCE_POLICY)) as any[];
  expect(found).toHaveLength(1);
  return {
    resourceArn: found[0].Properties.ResourceArn,
    document: JSON.parse(deployed(found[0].Properties.Policy)),
  };
}

/** Evaluates the intrinsics the grants produce (partition, the gateway's ARN, cross-stack outputs). */
function deployed(value: any): any {
  if (typeof value === 'string' || value === null || typeof value !== 'object') {
    return value;
  }
  if (Array.isArray(value)) {
    return value.map(deployed);
  }
  if ('Fn::Join' in value) {
    const [separator, parts] = value['Fn::Join'];
    return parts.map(deployed).join(separator);
  }
  if (value.Ref === 'AWS::Partition') {
    return 'aws';
  }
  if ('Fn::GetAtt' in value && value['Fn::GetAtt'][1] === 'GatewayArn') {
    return DEPLOYED_GATEWAY_ARN;
  }
  if ('Fn::GetStackOutput' in value && /GatewayArn/.test(value['Fn::GetStackOutput'].OutputName)) {
    return DEPLOYED_GATEWAY_ARN;
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, deployed(v)]));
}

/** Every IAM statement a template attaches to the role whose logical id starts with `rolePrefix`. */
function identityStatements(template: Template, rolePrefix: string): any[] {
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((p: any) => p.Properties.Roles.some((r: any) => String(r.Ref).startsWith(rolePrefix)))
    .flatMap((p: any) => deployed(p.Properties.PolicyDocument).Statement);
}

describe('grantInvoke to a principal of this account', () => {
  test('GIVEN a role of the gateway\'s account WHEN granted THEN only its identity policy changes: no resource policy', () => {
    const stack = newStack();
    const gw = iamGateway(stack);
    gw.grantInvoke(new iam.Role(stack, 'Caller', { assumedBy: new iam.AccountRootPrincipal() }));
    const template = recorder.templateOf(stack);

    template.resourceCountIs(RESOURCE_POLICY, 0);
    expect(identityStatements(template, 'Caller')).toEqual([{ Action: INVOKE, Effect: 'Allow', Resource: DEPLOYED_GATEWAY_ARN }]);
  });

  test('GIVEN an environment-agnostic stack and a role in it WHEN granted THEN the accounts are the same deployment\'s: no resource policy', () => {
    const stack = newStack('Agnostic', undefined);
    iamGateway(stack).grantInvoke(new iam.Role(stack, 'Caller', { assumedBy: new iam.AccountRootPrincipal() }));
    recorder.templateOf(stack).resourceCountIs(RESOURCE_POLICY, 0);
  });
});

describe('grantInvoke to a principal of another account', () => {
  test('GIVEN a role imported from another account WHEN granted THEN the gateway\'s resource policy admits that role only, on this gateway only', () => {
    const stack = newStack();
    const gw = iamGateway(stack);
    const partner = iam.Role.fromRoleArn(stack, 'Partner', `arn:aws:iam::${PARTNER_ACCOUNT}:role/order-agent`);
    const grant = gw.grantInvoke(partner);
    const template = recorder.templateOf(stack);

    const policy = resourcePolicyOf(template);
    expect(policy.resourceArn).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^GatewayIamGateway/), 'GatewayArn'] });
    expect(policy.document).toEqual({
      Version: '2012-10-17',
      Statement: [{
        Action: INVOKE,
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${PARTNER_ACCOUNT}:role/order-agent` },
        Resource: DEPLOYED_GATEWAY_ARN,
      }],
    });
    expect(grant.resourceStatements).toHaveLength(1);
    expect(grant.success).toBe(true);
  });

  test('GIVEN several grants to other accounts WHEN synthesized THEN they are statements of one policy document, one resource policy per gateway', () => {
    const app = new App();
    const stack = newStack('GatewayStack', ENV, app);
    const gw = iamGateway(stack);
    const other = iamGateway(stack, 'OtherGateway');
    gw.grantInvoke(iam.Role.fromRoleArn(stack, 'Partner', `arn:aws:iam::${PARTNER_ACCOUNT}:role/order-agent`));
    gw.grantInvoke(new iam.AccountPrincipal('333333333333'));
    const callerStack = new Stack(app, 'CallerStack', { env: { account: '444444444444', region: 'us-east-1' } });
    gw.grantInvoke(new iam.Role(callerStack, 'Agent', { assumedBy: new iam.AccountRootPrincipal(), roleName: PhysicalName.GENERATE_IF_NEEDED }));
    gw.grantInvoke(new iam.Role(stack, 'LocalCaller', { assumedBy: new iam.AccountRootPrincipal() }));
    other.grantInvoke(new iam.AccountPrincipal('555555555555'));
    const template = recorder.templateOf(stack);
    const callerTemplate = recorder.templateOf(callerStack);

    const policies = Object.values(template.findResources(RESOURCE_POLICY)) as any[];
    expect(policies).toHaveLength(2);
    const ofGateway = (prefix: string) => policies.find((p) => p.Properties.ResourceArn['Fn::GetAtt'][0].startsWith(prefix));
    const principals = JSON.parse(deployed(ofGateway('GatewayIamGateway').Properties.Policy)).Statement.map((s: any) => s.Principal.AWS);
    expect(principals).toEqual([
      `arn:aws:iam::${PARTNER_ACCOUNT}:role/order-agent`,
      'arn:aws:iam::333333333333:root',
      expect.stringMatching(/^arn:aws:iam::444444444444:role\/callerstack/),
    ]);
    // The local caller stays out of the resource policy; the other gateway's grant stays in its own policy.
    expect(JSON.parse(deployed(ofGateway('OtherGatewayIamGateway').Properties.Policy)).Statement.map((s: any) => s.Principal.AWS))
      .toEqual(['arn:aws:iam::555555555555:root']);
    // The caller in the other account also gets its identity-policy half of the grant.
    expect(identityStatements(callerTemplate, 'Agent')).toEqual([{ Action: INVOKE, Effect: 'Allow', Resource: DEPLOYED_GATEWAY_ARN }]);
  });

  test('GIVEN every kind of cross-account grant WHEN the guard\'s engine judges the template THEN each resource policy passes AGW9 (never public)', () => {
    const app = new App();
    const stack = newStack('GatewayStack', ENV, app);
    const gw = iamGateway(stack);
    gw.grantInvoke(iam.Role.fromRoleArn(stack, 'Partner', `arn:aws:iam::${PARTNER_ACCOUNT}:role/order-agent`));
    gw.grantInvoke(new iam.AccountPrincipal('333333333333'));
    gw.grantInvoke(new iam.ArnPrincipal(`arn:aws:iam::${PARTNER_ACCOUNT}:user/ci`));
    const callerStack = new Stack(app, 'CallerStack', { env: { account: '444444444444', region: 'us-east-1' } });
    gw.grantInvoke(new iam.Role(callerStack, 'Agent', { assumedBy: new iam.AccountRootPrincipal(), roleName: PhysicalName.GENERATE_IF_NEEDED }));
    iamGateway(stack, 'OtherGateway').grantInvoke(new iam.AccountPrincipal('555555555555'));

    const evaluations = evaluateTemplate(recorder.templateOf(stack).toJSON());

    const policies = evaluations.filter((e) => e.resourceType === RESOURCE_POLICY);
    expect(policies.map((e) => [e.logicalId, e.verdict, e.authorization])).toEqual([
      [expect.stringMatching(/^GatewayResourcePolicy/), 'COMPLIANT', expect.stringMatching(/^resource policy on gateway GatewayIamGateway/)],
      [expect.stringMatching(/^OtherGatewayResourcePolicy/), 'COMPLIANT', expect.stringMatching(/^resource policy on gateway OtherGatewayIamGateway/)],
    ]);
    expect(evaluations.every((e) => e.verdict === 'COMPLIANT')).toBe(true);
  });

  test('GIVEN an environment-agnostic stack and a role of a named account WHEN granted THEN same-account cannot be proven, so the resource policy names the role', () => {
    const stack = newStack('Agnostic', undefined);
    iamGateway(stack).grantInvoke(iam.Role.fromRoleArn(stack, 'Partner', `arn:aws:iam::${PARTNER_ACCOUNT}:role/order-agent`));
    const policy = resourcePolicyOf(recorder.templateOf(stack));
    expect(policy.document.Statement.map((s: any) => s.Principal)).toEqual([{ AWS: `arn:aws:iam::${PARTNER_ACCOUNT}:role/order-agent` }]);
  });

  test('GIVEN an ArnPrincipal (no account known to CDK) WHEN granted THEN it can only be admitted by the resource policy, which names that ARN', () => {
    const stack = newStack();
    const grant = iamGateway(stack).grantInvoke(new iam.ArnPrincipal(`arn:aws:iam::${PARTNER_ACCOUNT}:user/ci`));
    const policy = resourcePolicyOf(recorder.templateOf(stack));
    expect(policy.document.Statement.map((s: any) => s.Principal)).toEqual([{ AWS: `arn:aws:iam::${PARTNER_ACCOUNT}:user/ci` }]);
    expect(grant.success).toBe(true);
  });

  test('GIVEN the synthesized policies WHEN IAM evaluates a call from the other account THEN the granted role is allowed and any other role is not', async () => {
    const app = new App();
    const stack = newStack('GatewayStack', ENV, app);
    const callerStack = new Stack(app, 'CallerStack', { env: { account: PARTNER_ACCOUNT, region: 'us-east-1' } });
    const agent = new iam.Role(callerStack, 'Agent', { assumedBy: new iam.AccountRootPrincipal(), roleName: 'order-agent' });
    iamGateway(stack).grantInvoke(agent);
    const resourcePolicy = resourcePolicyOf(recorder.templateOf(stack)).document;
    const identityPolicy = { Version: '2012-10-17', Statement: identityStatements(recorder.templateOf(callerStack), 'Agent') };

    const invoke = async (principal: string, withResourcePolicy: boolean) => resultOf(await runSimulation({
      request: {
        principal,
        action: INVOKE,
        resource: { resource: DEPLOYED_GATEWAY_ARN, accountId: GATEWAY_ACCOUNT },
        contextVariables: {},
      },
      identityPolicies: [{ name: 'identity', policy: identityPolicy }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: withResourcePolicy ? resourcePolicy : undefined,
    }, {}));

    expect(await invoke(`arn:aws:iam::${PARTNER_ACCOUNT}:role/order-agent`, true)).toBe('Allowed');
    // Without the resource policy the identity policy alone does not reach across accounts.
    expect(await invoke(`arn:aws:iam::${PARTNER_ACCOUNT}:role/order-agent`, false)).toBe('ImplicitlyDenied');
    // The resource policy names the granted role, not its account: another role there is not admitted.
    expect(await invoke(`arn:aws:iam::${PARTNER_ACCOUNT}:role/some-other-role`, true)).toBe('ImplicitlyDenied');
  });
});

describe('grantInvoke never opens the gateway to everyone', () => {
  test.each<[string, () => iam.IPrincipal]>([
    ['AnyPrincipal', () => new iam.AnyPrincipal()],
    ['StarPrincipal', () => new iam.StarPrincipal()],
    ['an organization (every account in it)', () => new iam.OrganizationPrincipal('o-a1b2c3d4e5')],
    ['an account principal for every account', () => new iam.AccountPrincipal('*')],
    ['a role ARN with a wildcard', () => new iam.ArnPrincipal(`arn:aws:iam::${PARTNER_ACCOUNT}:role/*`)],
  ])('GIVEN %s WHEN granted THEN the wildcard is refused and no resource policy is created', (_name, principal) => {
    const stack = newStack();
    const gw = iamGateway(stack);
    expect(() => gw.grantInvoke(principal())).toThrow(
      /SecureAgentCoreGateway at 'GatewayStack\/Gateway': refusing to add a resource-policy statement for the principal .*\*.*: a wildcard principal lets any AWS account invoke the gateway.*Fix: grant the specific roles or accounts/,
    );
    recorder.templateOf(stack).resourceCountIs(RESOURCE_POLICY, 0);
  });

  test.each<[string, () => iam.IPrincipal, string]>([
    ['a service principal', () => new iam.ServicePrincipal('lambda.amazonaws.com'), 'Service'],
    ['a federated principal', () => new iam.FederatedPrincipal('cognito-identity.amazonaws.com', {}), 'Federated'],
  ])('GIVEN %s WHEN granted THEN it is refused, naming the principal and the fix', (_name, principal, kind) => {
    const stack = newStack();
    const gw = iamGateway(stack);
    const p = principal();
    expect(() => gw.grantInvoke(p)).toThrow(new RegExp(
      `SecureAgentCoreGateway at 'GatewayStack/Gateway': grantInvoke\\(\\) admits AWS principals \\(roles, users, accounts\\), but ${escape(p.toString())} is a ${kind} principal.*` +
      'Fix: grant the role the caller runs as',
    ));
    recorder.templateOf(stack).resourceCountIs(RESOURCE_POLICY, 0);
  });

  test('GIVEN a refused grant after a valid one THEN the policy keeps only the valid statement', () => {
    const stack = newStack();
    const gw = iamGateway(stack);
    gw.grantInvoke(new iam.AccountPrincipal(PARTNER_ACCOUNT));
    expect(() => gw.grantInvoke(new iam.AnyPrincipal())).toThrow(/refusing/);
    const principals = resourcePolicyOf(recorder.templateOf(stack)).document.Statement.map((s: any) => s.Principal.AWS);
    expect(principals).toEqual([`arn:aws:iam::${PARTNER_ACCOUNT}:root`]);
  });
});

/** The decision, or the simulator's input errors (so that a malformed policy fails the test visibly). */
function resultOf(result: RunSimulationResults): string {
  return result.resultType === 'error' ? JSON.stringify(result.errors) : result.overallResult;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

import { CloudFormationTemplate, evaluateTemplate, GatewayEvaluation } from '../../../src/engine/evaluate';
import { AGW9, fixFor, liveFixFor, ResourcePolicyView } from '../../../src/engine/rules';
import { narrowingCondition } from '../../../src/engine/rules/agw9-public-resource-policy';
import { evaluateTemplateTree } from '../../../src/engine/template-tree';
import { gatewayProperties } from '../fixtures';

const GATEWAY_ARN = 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:gateway/orders-abc123';
const PARTNER_ROLE = 'arn:aws:iam::222222222222:role/partner-agent';

function statement(extra: { [key: string]: unknown } = {}) {
  return { Effect: 'Allow', Principal: '*', Action: 'bedrock-agentcore:InvokeGateway', Resource: '*', ...extra };
}

/** A template with gateway `Gw`, runtime `Runtime`, and resource policy `Policy` on `resourceArn`. */
function policyTemplate(policy: unknown, resourceArn: unknown = { 'Fn::GetAtt': ['Gw', 'GatewayArn'] }, extra: Partial<CloudFormationTemplate> = {}): CloudFormationTemplate {
  return {
    ...extra,
    Resources: {
      Gw: { Type: 'AWS::BedrockAgentCore::Gateway', Properties: gatewayProperties({ AuthorizerType: 'AWS_IAM', AuthorizerConfiguration: undefined }) },
      Runtime: { Type: 'AWS::BedrockAgentCore::Runtime', Properties: {} },
      Lookup: { Type: 'Custom::ArnLookup', Properties: {} },
      Policy: { Type: 'AWS::BedrockAgentCore::ResourcePolicy', Properties: { ResourceArn: resourceArn, Policy: policy } },
      ...((extra.Resources as object | undefined) ?? {}),
    },
  };
}

function document(...statements: unknown[]) {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

/** The evaluation of the resource policy, or undefined when the engine does not judge it. */
function policyEvaluation(t: CloudFormationTemplate): GatewayEvaluation | undefined {
  const evaluations = evaluateTemplate(t);
  expect(evaluations[0]).toMatchObject({ logicalId: 'Gw', verdict: 'COMPLIANT' });
  return evaluations.find((e) => e.logicalId === 'Policy');
}

function verdictOf(policy: unknown, resourceArn?: unknown): string | undefined {
  return policyEvaluation(policyTemplate(policy, resourceArn))?.verdict;
}

/** The end of every AGW9 finding on a statement. */
const NO_NARROWING = 'with no condition that narrows the caller (aws:PrincipalOrgID, aws:PrincipalOrgPaths, aws:PrincipalAccount, aws:PrincipalArn, ...).';

/** The one finding on the resource policy, as message and property path. */
function onlyFinding(t: CloudFormationTemplate): { message: string; propertyPath: string } {
  const e = policyEvaluation(t)!;
  expect(e.findings).toHaveLength(1);
  return { message: e.findings[0].message, propertyPath: e.findings[0].propertyPath };
}

/** A rule view of already evaluated resource policy properties, in a template without other resources. */
function policyView(properties: ResourcePolicyView['properties']): ResourcePolicyView {
  return { properties, resourceTypeOf: () => undefined };
}

describe('AGW9 gateway resource policy lets any AWS account invoke the gateway', () => {
  test('GIVEN Principal "*" allowed InvokeGateway with no condition WHEN evaluated THEN its own evaluation fails, naming the gateway and the statement', () => {
    const e = policyEvaluation(policyTemplate(document(statement({ Sid: 'Everyone' }))))!;
    expect(e).toEqual({
      logicalId: 'Policy',
      resourceType: 'AWS::BedrockAgentCore::ResourcePolicy',
      constructPath: undefined,
      location: undefined,
      templatePath: undefined,
      authorization: 'resource policy on gateway Gw',
      verdict: 'NON_COMPLIANT',
      findings: [
        {
          ruleId: 'AGW9',
          message:
            "The resource policy on gateway Gw lets any AWS account invoke it: statement 0 (Sid 'Everyone') allows Action 'bedrock-agentcore:InvokeGateway' " +
            "to Principal '*' with no condition that narrows the caller (aws:PrincipalOrgID, aws:PrincipalOrgPaths, aws:PrincipalAccount, aws:PrincipalArn, ...).",
          propertyPath: 'Properties.Policy.Statement[0]',
          why: AGW9.why,
          fix: AGW9.fix,
        },
      ],
    });
  });

  test('GIVEN the same statement narrowed to an organization WHEN evaluated THEN compliant (secure twin)', () => {
    expect(verdictOf(document(statement({ Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } })))).toBe('COMPLIANT');
  });

  describe('principals', () => {
    test.each([
      ['"*"', '*'],
      ['{"AWS": "*"}', { AWS: '*' }],
      ['an AWS list containing "*"', { AWS: [PARTNER_ROLE, '*'] }],
      ['a wildcard under another key', { CanonicalUser: '*' }],
    ])('GIVEN Principal %s WHEN evaluated THEN non-compliant', (_, principal) => {
      expect(verdictOf(document(statement({ Principal: principal })))).toBe('NON_COMPLIANT');
    });

    test.each([
      ['a role of another account', { AWS: PARTNER_ROLE }],
      ['accounts', { AWS: ['222222222222', 'arn:aws:iam::333333333333:root'] }],
      ['a service', { Service: 'bedrock-agentcore.amazonaws.com' }],
    ])('GIVEN Principal naming %s WHEN evaluated THEN compliant', (_, principal) => {
      expect(verdictOf(document(statement({ Principal: principal })))).toBe('COMPLIANT');
    });

    test('GIVEN Allow with NotPrincipal WHEN evaluated THEN non-compliant: it admits everyone else', () => {
      const e = policyEvaluation(policyTemplate(document(statement({ Principal: undefined, NotPrincipal: { AWS: PARTNER_ROLE } }))))!;
      expect(e.findings[0].message).toContain(`to everyone but NotPrincipal {"AWS":"${PARTNER_ROLE}"}`);
    });

    test('GIVEN a statement with no Principal WHEN evaluated THEN non-compliant (fails closed)', () => {
      expect(verdictOf(document(statement({ Principal: undefined })))).toBe('NON_COMPLIANT');
    });

    test('GIVEN a Deny statement for "*" WHEN evaluated THEN compliant: it admits nobody', () => {
      expect(verdictOf(document(statement({ Effect: 'Deny' })))).toBe('COMPLIANT');
    });
  });

  describe('actions', () => {
    test.each(['bedrock-agentcore:*', '*', 'bedrock-agentcore:Invoke*', 'BEDROCK-AGENTCORE:invokegateway', 'bedrock-agentcore:InvokeG?teway', '*:InvokeGateway'])(
      'GIVEN Action %s WHEN evaluated THEN non-compliant',
      (action) => {
        expect(verdictOf(document(statement({ Action: ['bedrock-agentcore:GetGateway', action] })))).toBe('NON_COMPLIANT');
      },
    );

    test.each(['bedrock-agentcore:GetGateway', 'bedrock-agentcore:InvokeAgentRuntime', 's3:*', 'bedrock-agentcore:InvokeGateway2'])('GIVEN Action %s WHEN evaluated THEN compliant', (action) => {
      expect(verdictOf(document(statement({ Action: action })))).toBe('COMPLIANT');
    });

    test('GIVEN NotAction that does not exclude InvokeGateway WHEN evaluated THEN non-compliant; one that does THEN compliant', () => {
      expect(verdictOf(document(statement({ Action: undefined, NotAction: ['bedrock-agentcore:GetGateway'] })))).toBe('NON_COMPLIANT');
      expect(verdictOf(document(statement({ Action: undefined, NotAction: 'bedrock-agentcore:Invoke*' })))).toBe('COMPLIANT');
    });
  });

  describe('conditions', () => {
    test.each([
      ['an IfExists operator (absent key passes)', { StringEqualsIfExists: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } }],
      ['ForAllValues (absent key passes)', { 'ForAllValues:StringEquals': { 'aws:PrincipalOrgPaths': 'o-a1b2c3d4e5/r-ab12/' } }],
      ['a negated operator', { StringNotEquals: { 'aws:PrincipalAccount': '333333333333' } }],
      ['a value of "*"', { StringLike: { 'aws:PrincipalOrgID': '*' } }],
      ['"*" under StringEquals', { StringEquals: { 'aws:PrincipalAccount': '*' } }],
      ['a list with "*" among specific values', { StringEquals: { 'aws:PrincipalAccount': ['222222222222', '*'] } }],
      ['a wildcard account in a principal ARN', { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/Admin' } }],
      ['a wildcard organization in an org path', { StringLike: { 'aws:PrincipalOrgPaths': '*/r-ab12/*' } }],
      ['a Null check (any principal in any organization)', { Null: { 'aws:PrincipalOrgID': 'false' } }],
      ['a key that does not identify the caller', { Bool: { 'aws:SecureTransport': 'true' }, StringEquals: { 'aws:PrincipalTag/team': 'orders' } }],
      ['an empty value list', { StringEquals: { 'aws:PrincipalAccount': [] } }],
    ])('GIVEN %s WHEN evaluated THEN it does not narrow: non-compliant', (_, condition) => {
      expect(verdictOf(document(statement({ Condition: condition })))).toBe('NON_COMPLIANT');
    });

    test.each([
      ['StringEquals aws:PrincipalOrgID', { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } }],
      ['ForAnyValue:StringLike aws:PrincipalOrgPaths under one organization', { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': 'o-a1b2c3d4e5/r-ab12/*' } }],
      ['ArnLike aws:PrincipalArn with a fixed account', { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::222222222222:role/agents-*' } }],
      ['several specific accounts', { StringEquals: { 'aws:PrincipalAccount': ['222222222222', '333333333333'] } }],
      ['a key in another case', { StringEquals: { 'AWS:principalaccount': '222222222222' } }],
      ['aws:SourceAccount', { StringEquals: { 'aws:SourceAccount': '222222222222' } }],
    ])('GIVEN %s WHEN evaluated THEN it narrows: compliant', (_, condition) => {
      expect(verdictOf(document(statement({ Condition: condition })))).toBe('COMPLIANT');
    });

    test('GIVEN a condition value from AWS::AccountId or a Sub of pseudo parameters WHEN evaluated THEN it narrows: compliant', () => {
      const policy = {
        Version: '2012-10-17',
        Statement: [
          statement({ Condition: { StringEquals: { 'aws:PrincipalAccount': { Ref: 'AWS::AccountId' } } } }),
          statement({ Condition: { ArnLike: { 'aws:PrincipalArn': { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/*' } } } }),
        ],
      };
      expect(verdictOf(policy)).toBe('COMPLIANT');
    });

    test('GIVEN a condition value from a parameter without AllowedValues WHEN evaluated THEN not provable: non-compliant', () => {
      const t = policyTemplate(
        { Statement: [statement({ Condition: { StringEquals: { 'aws:PrincipalOrgID': { Ref: 'OrgId' } } } })] },
        undefined,
        { Parameters: { OrgId: { Type: 'String' } } },
      );
      expect(policyEvaluation(t)!.verdict).toBe('NON_COMPLIANT');
    });
  });

  describe('the policy document as CloudFormation renders it', () => {
    test('GIVEN the JSON string CDK renders (Fn::Join around the gateway ARN) naming a role WHEN evaluated THEN compliant', () => {
      const joined = {
        'Fn::Join': [
          '',
          [
            `{"Statement":[{"Action":"bedrock-agentcore:InvokeGateway","Effect":"Allow","Principal":{"AWS":"${PARTNER_ROLE}"},"Resource":"`,
            { 'Fn::GetAtt': ['Gw', 'GatewayArn'] },
            '"}],"Version":"2012-10-17"}',
          ],
        ],
      };
      expect(verdictOf(joined)).toBe('COMPLIANT');
    });

    test('GIVEN a principal ARN from another resource (Fn::GetAtt Role.Arn) inside the JSON WHEN evaluated THEN compliant: it is one role, never "*"', () => {
      const joined = { 'Fn::Join': ['', ['{"Statement":[{"Effect":"Allow","Action":"bedrock-agentcore:InvokeGateway","Principal":{"AWS":"', { 'Fn::GetAtt': ['Role', 'Arn'] }, '"}}]}']] };
      expect(verdictOf(joined)).toBe('COMPLIANT');
    });

    test('GIVEN a principal from a parameter without AllowedValues inside the JSON WHEN evaluated THEN non-compliant: it could be "*"', () => {
      const joined = { 'Fn::Sub': '{"Statement":[{"Effect":"Allow","Action":"bedrock-agentcore:InvokeGateway","Principal":{"AWS":"${Caller}"}}]}' };
      const e = policyEvaluation(policyTemplate(joined, undefined, { Parameters: { Caller: { Type: 'String' } } }))!;
      expect(e.findings[0].message).toContain('to Principal {"AWS": Ref Caller}');
    });

    test('GIVEN a principal parameter whose AllowedValues include "*" WHEN evaluated THEN the finding says in which case', () => {
      const t = policyTemplate(
        { Statement: [statement({ Principal: { AWS: { Ref: 'Caller' } } })] },
        undefined,
        { Parameters: { Caller: { Type: 'String', AllowedValues: [PARTNER_ROLE, '*'] } } },
      );
      const e = policyEvaluation(t)!;
      expect(e.findings.map((f) => f.message)).toEqual([expect.stringMatching(/^When parameter Caller = '\*': The resource policy on gateway Gw lets any AWS account invoke it/)]);
    });

    test('GIVEN JSON whose structure is only complete at deploy time WHEN evaluated THEN non-compliant (fails closed)', () => {
      const joined = { 'Fn::Join': ['', ['{"Statement":', { 'Fn::ImportValue': 'SharedStatements' }, '}']] };
      const e = policyEvaluation(policyTemplate(joined))!;
      expect(e.findings[0]).toMatchObject({
        propertyPath: 'Properties.Policy',
        message: expect.stringMatching(/^The Policy of the resource policy on gateway Gw cannot be proven not to let any AWS account invoke it: its JSON is only complete at deploy time \(Fn::ImportValue SharedStatements: /),
      });
    });

    test.each([
      ['text that is not JSON', '{"Statement": ['],
      ['a Policy only known at deploy time', { 'Fn::ImportValue': 'SharedPolicy' }],
      ['no Policy', undefined],
    ])('GIVEN %s WHEN evaluated THEN non-compliant (fails closed)', (_, policy) => {
      expect(verdictOf(policy)).toBe('NON_COMPLIANT');
    });

    test('GIVEN a policy nested deeper than the guard reads WHEN evaluated THEN non-compliant, not a crash', () => {
      let deep: unknown = '*';
      for (let i = 0; i < 100; i++) deep = [deep];
      expect(verdictOf(document(statement({ Principal: { AWS: deep } })))).toBe('NON_COMPLIANT');
    });
  });

  describe('what the policy is attached to', () => {
    const open = document(statement());
    const narrowed = document(statement({ Principal: { AWS: PARTNER_ROLE } }));

    test.each([
      ['Ref of the gateway', { Ref: 'Gw' }, 'gateway Gw'],
      ['a literal gateway ARN', GATEWAY_ARN, `gateway ${GATEWAY_ARN}`],
      ['a Sub of pseudo parameters and the gateway ID', { 'Fn::Sub': 'arn:${AWS::Partition}:bedrock-agentcore:${AWS::Region}:${AWS::AccountId}:gateway/${Gw.GatewayIdentifier}' }, 'gateway Gw'],
    ])('GIVEN %s WHEN evaluated THEN it is judged as that gateway\'s policy', (_, arn, on) => {
      const e = policyEvaluation(policyTemplate(open, arn))!;
      expect(e.authorization).toBe(`resource policy on ${on}`);
      expect(e.findings[0].message).toContain(`The resource policy on ${on} lets any AWS account invoke it`);
    });

    test.each([
      ['a runtime attribute', { 'Fn::GetAtt': ['Runtime', 'AgentRuntimeArn'] }],
      ['a literal runtime ARN', 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/agent-abc123'],
      ['a Sub that builds a runtime ARN', { 'Fn::Sub': 'arn:${AWS::Partition}:bedrock-agentcore:${AWS::Region}:${AWS::AccountId}:runtime/${Runtime.AgentRuntimeId}' }],
    ])('GIVEN %s WHEN evaluated THEN not a gateway\'s policy: not judged', (_, arn) => {
      expect(policyEvaluation(policyTemplate(open, arn))).toBeUndefined();
    });

    test.each([
      ['an import', { 'Fn::ImportValue': 'SharedArn' }],
      ['an attribute of a custom resource', { 'Fn::GetAtt': ['Lookup', 'Arn'] }],
      ['a Sub whose account part could hold anything', { 'Fn::Sub': 'arn:aws:bedrock-agentcore:eu-west-1:${Lookup.Account}/x' }],
    ])('GIVEN %s WHEN the policy is public THEN non-compliant (it cannot be proven not to be a gateway); narrowed THEN compliant', (_, arn) => {
      const e = policyEvaluation(policyTemplate(open, arn))!;
      expect(e.verdict).toBe('NON_COMPLIANT');
      expect(e.findings[0].message).toMatch(/^The resource policy on ResourceArn .*, which cannot be proven not to be a gateway \(.*\), lets any AWS account invoke it/);
      expect(policyEvaluation(policyTemplate(narrowed, arn))?.verdict).toBe('COMPLIANT');
    });

    test('GIVEN a resource policy under a condition that is never true WHEN evaluated THEN not judged', () => {
      const t = policyTemplate(open, undefined, { Conditions: { Never: { 'Fn::Equals': ['a', 'b'] } } });
      (t.Resources!.Policy as any).Condition = 'Never';
      expect(policyEvaluation(t)).toBeUndefined();
    });

    test('GIVEN resource policies generated by Fn::ForEach WHEN evaluated THEN non-compliant (fails closed)', () => {
      const t: CloudFormationTemplate = {
        Resources: {
          'Fn::ForEach::Policies': ['Name', ['a'], { 'Policy${Name}': { Type: 'AWS::BedrockAgentCore::ResourcePolicy', Properties: {} } }],
        },
      };
      expect(evaluateTemplate(t)).toEqual([expect.objectContaining({ resourceType: 'AWS::BedrockAgentCore::ResourcePolicy', verdict: 'NON_COMPLIANT', findings: [expect.objectContaining({ ruleId: 'AGW9' })] })]);
    });
  });

  describe('only the values AGW9 reads decide how many combinations are explored', () => {
    // Ten two-valued parameters in keys AGW9 does not read would be 1,024 combinations, past the limit of 256.
    const parameters = Object.fromEntries([...Array(10).keys()].map((i) => [`P${i}`, { Type: 'String', AllowedValues: ['a', 'b'] }]));
    const unread = Object.fromEntries([...Array(10).keys()].map((i) => [`Extra${i}`, { Ref: `P${i}` }]));

    test('GIVEN parameters only outside ResourceArn and Policy WHEN evaluated THEN judged without a combination finding', () => {
      const t = policyTemplate(document(statement()), undefined, { Parameters: parameters });
      (t.Resources as any).Policy.Properties = { ...(t.Resources as any).Policy.Properties, ...unread };
      const evaluation = policyEvaluation(t)!;
      expect(evaluation.findings.map((f) => f.ruleId)).toEqual(['AGW9']);
      expect(evaluation.findings[0].message).toMatch(/^The resource policy on gateway Gw lets any AWS account invoke it/);
      expect(evaluation.findings[0].message).not.toContain('combinations');
    });

    test('GIVEN the same parameters inside the Policy\'s Condition WHEN evaluated THEN they are explored, and past the limit it fails closed', () => {
      const condition = { StringEquals: Object.fromEntries([...Array(10).keys()].map((i) => [`aws:PrincipalTag/t${i}`, { Ref: `P${i}` }])) };
      const policy = { Version: '2012-10-17', Statement: [statement({ Condition: condition })] };
      const evaluation = policyEvaluation(policyTemplate(policy, undefined, { Parameters: parameters }))!;
      expect(evaluation.verdict).toBe('NON_COMPLIANT');
      expect(evaluation.findings.map((f) => f.message).join('\n')).toContain('more than 256 combinations');
    });
  });

  describe('what each finding says', () => {
    const on = (arn: unknown, extra: Partial<CloudFormationTemplate> = {}) => onlyFinding(policyTemplate(document(statement()), arn, extra));
    const grant = "statement 0 allows Action 'bedrock-agentcore:InvokeGateway' to Principal '*' " + NO_NARROWING;

    test('GIVEN a statement without a Sid WHEN evaluated THEN the finding names it by its index only', () => {
      expect(onlyFinding(policyTemplate(document(statement({ Principal: { AWS: PARTNER_ROLE } }), statement())))).toEqual({
        message: `The resource policy on gateway Gw lets any AWS account invoke it: statement 1 allows Action 'bedrock-agentcore:InvokeGateway' to Principal '*' ${NO_NARROWING}`,
        propertyPath: 'Properties.Policy.Statement[1]',
      });
    });

    test('GIVEN a statement with a Sid that is not a string WHEN evaluated THEN the finding names it by its index only', () => {
      expect(onlyFinding(policyTemplate(document(statement({ Sid: 7 })))).message).toBe(`The resource policy on gateway Gw lets any AWS account invoke it: ${grant}`);
    });

    test('GIVEN Principal {"AWS": "*"} WHEN evaluated THEN the finding quotes the principal as the policy writes it', () => {
      expect(onlyFinding(policyTemplate(document(statement({ Principal: { AWS: '*' } })))).message).toBe(
        "The resource policy on gateway Gw lets any AWS account invoke it: statement 0 allows Action 'bedrock-agentcore:InvokeGateway' " +
          `to Principal {"AWS": "*"} ${NO_NARROWING}`,
      );
    });

    test('GIVEN a statement with no Principal WHEN evaluated THEN the finding says no principal is named', () => {
      expect(onlyFinding(policyTemplate(document(statement({ Principal: undefined })))).message).toBe(
        `The resource policy on gateway Gw lets any AWS account invoke it: statement 0 allows Action 'bedrock-agentcore:InvokeGateway' to no named Principal ${NO_NARROWING}`,
      );
    });

    test('GIVEN NotAction that does not exclude InvokeGateway WHEN evaluated THEN the finding names the NotAction', () => {
      expect(onlyFinding(policyTemplate(document(statement({ Action: undefined, NotAction: ['bedrock-agentcore:GetGateway'] }))))).toEqual({
        message: `The resource policy on gateway Gw lets any AWS account invoke it: statement 0 allows every action but NotAction ["bedrock-agentcore:GetGateway"] to Principal '*' ${NO_NARROWING}`,
        propertyPath: 'Properties.Policy.Statement[0]',
      });
    });

    test('GIVEN a statement only known at deploy time (whole, or in part) WHEN evaluated THEN non-compliant: it could allow anything', () => {
      const reason = 'Fn::ImportValue Shared: the value is exported by another stack and only known at deploy time; that stack can change it without this template changing';
      const expected = { message: `The resource policy on gateway Gw lets any AWS account invoke it: statement 0 is only known at deploy time (${reason}).`, propertyPath: 'Properties.Policy.Statement[0]' };
      expect(onlyFinding(policyTemplate({ Statement: [{ 'Fn::ImportValue': 'Shared' }] }))).toEqual(expected);
      expect(onlyFinding(policyTemplate({ 'Fn::Join': ['', ['{"Statement":["', { 'Fn::ImportValue': 'Shared' }, '"]}']] }))).toEqual(expected);
      expect(onlyFinding(policyTemplate({ 'Fn::Join': ['', ['{"Statement":["{', { 'Fn::ImportValue': 'Shared' }, '}"]}']] }))).toEqual(expected);
    });

    test('GIVEN no ResourceArn WHEN the policy is public THEN non-compliant on "a resource" that cannot be proven not to be a gateway', () => {
      const t = policyTemplate(document(statement()));
      delete (t.Resources!.Policy as any).Properties.ResourceArn;
      const e = policyEvaluation(t)!;
      expect(e.authorization).toBe('resource policy on a resource (may be a gateway)');
      expect(e.findings.map((f) => f.message)).toEqual([
        `The resource policy on a resource, which cannot be proven not to be a gateway (ResourceArn is missing), lets any AWS account invoke it: ${grant}`,
      ]);
    });

    test('GIVEN a ResourceArn that may be a gateway WHEN evaluated THEN its authorization says so', () => {
      const authorization = (arn: unknown) => policyEvaluation(policyTemplate(document(statement()), arn))!.authorization;
      expect(authorization({ 'Fn::ImportValue': 'SharedArn' })).toBe('resource policy on ResourceArn Fn::ImportValue SharedArn (may be a gateway)');
      expect(authorization({ 'Fn::Sub': 'arn:aws:bedrock-agentcore:eu-west-1:${Lookup.Account}/x' })).toBe(
        'resource policy on ResourceArn arn:aws:bedrock-agentcore:eu-west-1:${Fn::GetAtt Lookup.Account}/x (may be a gateway)',
      );
    });

    test('GIVEN a ResourceArn import WHEN the policy is public THEN the finding names the import and why it is unknown', () => {
      expect(on({ 'Fn::ImportValue': 'SharedArn' }).message).toBe(
        'The resource policy on ResourceArn Fn::ImportValue SharedArn, which cannot be proven not to be a gateway (the value is exported by another stack and only ' +
          `known at deploy time; that stack can change it without this template changing), lets any AWS account invoke it: ${grant}`,
      );
    });

    test('GIVEN a ResourceArn attribute of a custom resource WHEN the policy is public THEN the finding says such an attribute can hold any ARN', () => {
      expect(on({ 'Fn::GetAtt': ['Lookup', 'Arn'] }).message).toBe(
        'The resource policy on ResourceArn Fn::GetAtt Lookup.Arn, which cannot be proven not to be a gateway (an attribute of a Custom::ArnLookup can hold any ARN), ' +
          `lets any AWS account invoke it: ${grant}`,
      );
    });

    test('GIVEN a ResourceArn Sub that could be a gateway ARN WHEN the policy is public THEN the finding shows the ARN and its unknown part', () => {
      expect(on({ 'Fn::Sub': 'arn:aws:bedrock-agentcore:eu-west-1:${Lookup.Account}/x' }).message).toBe(
        'The resource policy on ResourceArn arn:aws:bedrock-agentcore:eu-west-1:${Fn::GetAtt Lookup.Account}/x, which cannot be proven not to be a gateway ' +
          `(Fn::GetAtt Lookup.Account: a resource attribute is only known at deploy time), lets any AWS account invoke it: ${grant}`,
      );
    });

    test('GIVEN Properties only known at deploy time WHEN evaluated THEN non-compliant on Properties, naming why', () => {
      const t: CloudFormationTemplate = { Resources: { Policy: { Type: 'AWS::BedrockAgentCore::ResourcePolicy', Properties: { 'Fn::ImportValue': 'PolicyProperties' } } } };
      expect(evaluateTemplate(t)).toEqual([
        expect.objectContaining({
          logicalId: 'Policy',
          verdict: 'NON_COMPLIANT',
          findings: [
            expect.objectContaining({
              ruleId: 'AGW9',
              message:
                "The resource policy's Properties are only known at deploy time (Fn::ImportValue PolicyProperties: the value is exported by another stack and only " +
                'known at deploy time; that stack can change it without this template changing).',
              propertyPath: 'Properties',
            }),
          ],
        }),
      ]);
    });

    test('GIVEN no gateway ARN WHEN the live fix is given THEN it is the whole PutResourcePolicy advice with a placeholder ARN', () => {
      expect(AGW9.liveFix({})).toBe(
        "Narrow the gateway's resource policy in place: call PutResourcePolicy (aws bedrock-agentcore-control put-resource-policy --resource-arn <gateway ARN> " +
          '--policy file://policy.json) with a policy whose statements name specific account or role ARNs as principals (SecureAgentCoreGateway.grantInvoke() ' +
          'writes such statements), or keep "*" and add a condition that narrows it on the Allow statement itself: StringEquals on aws:PrincipalOrgID, ' +
          'aws:PrincipalOrgPaths, aws:PrincipalAccount or aws:PrincipalArn with specific values (not an IfExists or ForAllValues operator, not "*"). ' +
          'A separate Deny statement is not credited. Or call DeleteResourcePolicy if no caller in another account needs it. If a stack owns the policy, change it there.',
      );
    });
  });

  describe('the rule result itself', () => {
    test('GIVEN a gateway policy that names its callers WHEN AGW9 judges it THEN COMPLIANT, with no violations', () => {
      const properties = { ResourceArn: GATEWAY_ARN, Policy: document(statement({ Principal: { AWS: PARTNER_ROLE } })) };
      expect(AGW9.evaluate(policyView(properties))).toEqual({ status: 'COMPLIANT', violations: [] });
    });

    test('GIVEN a gateway policy with no statements WHEN AGW9 judges it THEN COMPLIANT', () => {
      expect(AGW9.evaluate(policyView({ ResourceArn: GATEWAY_ARN, Policy: '{"Version":"2012-10-17"}' }))).toEqual({ status: 'COMPLIANT', violations: [] });
    });

    test.each([
      ['a number', 42],
      ['a list', [GATEWAY_ARN]],
    ])('GIVEN a ResourceArn that is %s, not an ARN WHEN AGW9 judges it THEN not applicable: it is no gateway\'s policy', (_, arn) => {
      expect(AGW9.evaluate(policyView({ ResourceArn: arn, Policy: document(statement()) }))).toEqual({ status: 'NOT_APPLICABLE', violations: [] });
      expect(policyEvaluation(policyTemplate(document(statement()), arn))).toBeUndefined();
    });

    test('GIVEN a resource whose logical ID is "undefined" WHEN a ResourceArn names no resource of the template THEN it is not taken for that resource', () => {
      const extra: Partial<CloudFormationTemplate> = { Resources: { undefined: { Type: 'AWS::BedrockAgentCore::Runtime', Properties: {} } } };
      // An import names no resource: it is not the runtime "undefined", so it may be a gateway.
      expect(policyEvaluation(policyTemplate(document(statement()), { 'Fn::ImportValue': 'SharedArn' }, extra))?.verdict).toBe('NON_COMPLIANT');
      // Pseudo parameters name no resource either: they are not a gateway whose logical ID is "undefined".
      const t = policyTemplate(document(statement()), { 'Fn::Sub': 'arn:${AWS::Partition}:bedrock-agentcore:${AWS::Region}:${AWS::AccountId}:gateway/${GatewayId}' }, {
        Parameters: { GatewayId: { Type: 'String' } },
        Resources: { undefined: { Type: 'AWS::BedrockAgentCore::Gateway', Properties: gatewayProperties({ AuthorizerType: 'AWS_IAM', AuthorizerConfiguration: undefined }) } },
      });
      expect(evaluateTemplate(t).find((e) => e.logicalId === 'Policy')?.authorization).toBe(
        'resource policy on ResourceArn arn:${Ref AWS::Partition}:bedrock-agentcore:${Ref AWS::Region}:${Ref AWS::AccountId}:gateway/${Ref GatewayId} (may be a gateway)',
      );
    });
  });

  describe('more statements', () => {
    test('GIVEN a statement with neither Action nor NotAction WHEN evaluated THEN compliant: it allows no action', () => {
      expect(verdictOf(document(statement({ Action: undefined })))).toBe('COMPLIANT');
    });

    test('GIVEN NotAction listing InvokeGateway among other actions WHEN evaluated THEN compliant: InvokeGateway is excluded', () => {
      expect(verdictOf(document(statement({ Action: undefined, NotAction: ['bedrock-agentcore:GetGateway', 'bedrock-agentcore:InvokeGateway'] })))).toBe('COMPLIANT');
    });

    test('GIVEN a bare principal string other than "*" WHEN evaluated THEN compliant: only "*" itself, or a map holding "*", admits everyone', () => {
      expect(verdictOf(document(statement({ Principal: 'arn:aws:iam::222222222222:role/agents-*' })))).toBe('COMPLIANT');
    });

    describe('a principal built with Fn::Join from parts chosen at deploy time', () => {
      const parameters = { Caller: { Type: 'String' }, Suffix: { Type: 'String' } };
      const principal = (...parts: unknown[]) => ({ AWS: { 'Fn::Join': ['', parts] } });
      const judge = (...parts: unknown[]) =>
        policyEvaluation(policyTemplate({ Statement: [statement({ Principal: principal(...parts) })] }, undefined, { Parameters: parameters }))!;

      test.each([
        ['only parameters', [{ Ref: 'Caller' }, { Ref: 'Suffix' }], '${Ref Caller}${Ref Suffix}'],
        ['"*" and a parameter', ['*', { Ref: 'Suffix' }], '*${Ref Suffix}'],
      ])('GIVEN %s WHEN evaluated THEN non-compliant: it could be "*"', (_, parts, described) => {
        expect(judge(...parts).findings.map((f) => f.message)).toEqual([
          `The resource policy on gateway Gw lets any AWS account invoke it: statement 0 allows Action 'bedrock-agentcore:InvokeGateway' to Principal {"AWS": ${described}} ${NO_NARROWING}`,
        ]);
      });

      test.each([
        ['an ARN around a parameter', ['arn:aws:iam::', { Ref: 'Caller' }, ':root']],
        ['the account ID and a parameter', [{ Ref: 'AWS::AccountId' }, { Ref: 'Suffix' }]],
      ])('GIVEN %s WHEN evaluated THEN compliant: it is never "*"', (_, parts) => {
        expect(judge(...parts).verdict).toBe('COMPLIANT');
      });
    });
  });

  describe('more conditions', () => {
    test.each([
      ['aws:userid naming one role', { StringLike: { 'aws:userid': 'AROAEXAMPLEROLEID:*' } }],
      ['aws:SourceOrgID', { StringEquals: { 'aws:SourceOrgID': 'o-a1b2c3d4e5' } }],
      ['aws:SourceOrgPaths under one organization', { StringLike: { 'aws:SourceOrgPaths': 'o-a1b2c3d4e5/r-ab12/*' } }],
      ['aws:SourceArn in one account', { ArnLike: { 'aws:SourceArn': 'arn:aws:lambda:eu-west-1:222222222222:function:*' } }],
      ['StringEqualsIgnoreCase', { StringEqualsIgnoreCase: { 'aws:PrincipalOrgID': 'O-A1B2C3D4E5' } }],
      ['ArnEquals', { ArnEquals: { 'aws:PrincipalArn': PARTNER_ROLE } }],
      ['StringEquals on an ARN with "*" (a literal character there, not a wildcard)', { StringEquals: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/Admin' } }],
      ['StringEquals on a value that starts with "*" (a literal)', { StringEquals: { 'aws:userid': '*:alice' } }],
    ])('GIVEN %s WHEN evaluated THEN it narrows: compliant', (_, condition) => {
      expect(verdictOf(document(statement({ Condition: condition })))).toBe('COMPLIANT');
    });

    test.each([
      ['aws:userid with a wildcard in the role ID', { StringLike: { 'aws:userid': 'AROA*:alice' } }],
      ['a wildcard inside the organization ID', { StringLike: { 'aws:PrincipalOrgID': 'o-*' } }],
      ['an org path whose organization has a wildcard', { StringLike: { 'aws:SourceOrgPaths': 'o-*/r-ab12/*' } }],
      ['an org path with no organization', { StringLike: { 'aws:PrincipalOrgPaths': '/r-ab12/*' } }],
      ['an ARN pattern that stops before the account', { ArnLike: { 'aws:PrincipalArn': 'arn:aws:*' } }],
      ['a source ARN with a wildcard account', { ArnLike: { 'aws:SourceArn': 'arn:aws:lambda:eu-west-1:*:function:x' } }],
      ['an empty value', { StringEquals: { 'aws:PrincipalAccount': '' } }],
      ['a blank value', { StringEquals: { 'aws:PrincipalAccount': ' ' } }],
      ['only wildcards', { StringEquals: { 'aws:PrincipalAccount': '*?' } }],
      ['a number, not a string', { StringEquals: { 'aws:PrincipalAccount': 222222222222 } }],
    ])('GIVEN %s WHEN evaluated THEN it does not narrow: non-compliant', (_, condition) => {
      expect(verdictOf(document(statement({ Condition: condition })))).toBe('NON_COMPLIANT');
    });

    test('GIVEN an ARN condition with a parameter where the account goes WHEN evaluated THEN not provable: non-compliant, even next to a pseudo parameter', () => {
      const t = policyTemplate(
        { Statement: [statement({ Condition: { ArnLike: { 'aws:PrincipalArn': { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${Account}:role/Admin' } } } })] },
        undefined,
        { Parameters: { Account: { Type: 'String' } } },
      );
      expect(policyEvaluation(t)!.verdict).toBe('NON_COMPLIANT');
    });

    test('GIVEN a Condition block WHEN asked which entry narrows the caller THEN the operator and key as the policy writes them', () => {
      expect(narrowingCondition({ 'Bool': { 'aws:SecureTransport': 'true' }, 'ForAnyValue:StringLike': { 'AWS:PrincipalOrgPaths': 'o-a1b2c3d4e5/*' } })).toBe(
        'ForAnyValue:StringLike AWS:PrincipalOrgPaths',
      );
      expect(narrowingCondition({ StringEqualsIfExists: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } })).toBeUndefined();
    });
  });

  test('GIVEN a public resource policy inside a StackSet body WHEN the template tree is judged THEN AGW9 on the policy, with the chain', () => {
    const body = policyTemplate(document(statement()));
    const parent = { Resources: { MySet: { Type: 'AWS::CloudFormation::StackSet', Properties: { StackSetName: 's', TemplateBody: JSON.stringify(body) } } } };
    const judged = evaluateTemplateTree({ template: parent, location: 'Parent' }, {}, (reference) =>
      reference.source.kind === 'body'
        ? { kind: 'template', template: JSON.parse(reference.source.text), key: 'body' }
        : { kind: 'unreadable', reason: 'not in this test' },
    ).map(({ evaluation: e, via }) => [`${e.location} :: ${e.logicalId}`, e.verdict, e.findings.map((f) => f.ruleId), via]);
    expect(judged).toEqual([
      ['Parent -> StackSet MySet (TemplateBody) :: Gw', 'COMPLIANT', [], 'MySet'],
      ['Parent -> StackSet MySet (TemplateBody) :: Policy', 'NON_COMPLIANT', ['AGW9'], 'MySet'],
    ]);
  });

  test('GIVEN each entry point WHEN AGW9 gives its fix THEN the live fix calls PutResourcePolicy on the gateway ARN and never replaces the gateway', () => {
    expect(fixFor(AGW9, 'cdk')).toContain('aws:PrincipalOrgID');
    expect(liveFixFor(['AGW9'], { gatewayId: 'gw-1', arn: GATEWAY_ARN })).toMatch(
      new RegExp(`^Narrow the gateway's resource policy in place: call PutResourcePolicy .*--resource-arn ${GATEWAY_ARN.replace(/[/]/g, '\\/')} `),
    );
    expect(AGW9.replacesGateway).toBe(false);
  });
});

import { evaluateOne, gatewayProperties, ruleIds, SECURE_JWT, template } from './fixtures';
import {
  ALL_RULES,
  describeChoices,
  EngineOptions,
  evaluateTemplate,
  evaluateUnreadableReference,
  findingReplacesGateway,
  GatewayEvaluation,
  MAX_COMBINATIONS,
} from '../../src/engine/evaluate';
import { fixFor } from '../../src/engine/rules';

const KEY = 'cdk-secure-agentcore-gateway:exemption';
const REASON = 'Public MCP demo server, protected by request interceptors';

describe('evaluateTemplate', () => {
  test('GIVEN a template without gateways WHEN evaluated THEN no evaluations', () => {
    expect(evaluateTemplate({ Resources: { B: { Type: 'AWS::S3::Bucket' } } })).toEqual([]);
    expect(evaluateTemplate({})).toEqual([]);
  });

  test('GIVEN a secure CUSTOM_JWT gateway WHEN evaluated THEN compliant with a summary of its restrictions', () => {
    const e = evaluateOne(template(gatewayProperties()), { location: 'App/Stack' });
    expect(e).toEqual({
      logicalId: 'Gw',
      constructPath: undefined,
      location: 'App/Stack',
      templatePath: undefined,
      authorization: 'CUSTOM_JWT (clients: 2, scopes: 1)',
      verdict: 'COMPLIANT',
      findings: [],
      exemptionReason: undefined,
    });
  });

  test('GIVEN AWS_IAM WHEN evaluated THEN compliant', () => {
    const e = evaluateOne(template(gatewayProperties({ AuthorizerType: 'AWS_IAM', AuthorizerConfiguration: undefined })));
    expect(e.verdict).toBe('COMPLIANT');
    expect(e.authorization).toBe('AWS_IAM');
  });

  test('GIVEN NONE WHEN evaluated THEN non-compliant with AGW1, why and fix filled in', () => {
    const e = evaluateOne(template(gatewayProperties({ AuthorizerType: 'NONE', AuthorizerConfiguration: undefined })));
    expect(e.verdict).toBe('NON_COMPLIANT');
    expect(e.authorization).toBe('NONE');
    expect(e.findings).toEqual([
      expect.objectContaining({ ruleId: 'AGW1', message: 'AuthorizerType is NONE.', propertyPath: 'Properties.AuthorizerType', why: expect.stringMatching(/public endpoint/), fix: expect.stringMatching(/SecureAgentCoreGateway/) }),
    ]);
  });

  test('GIVEN the aws:cdk:path metadata WHEN evaluated THEN the construct path is reported', () => {
    const e = evaluateOne(template(gatewayProperties(), {}, { Metadata: { 'aws:cdk:path': 'App/Stack/Gw/Resource' } }));
    expect(e.constructPath).toBe('App/Stack/Gw/Resource');
  });

  test('GIVEN a resource of another type WHEN evaluated THEN it is not a gateway', () => {
    expect(evaluateTemplate({ Resources: { X: { Type: 'AWS::BedrockAgentCore::GatewayTarget', Properties: { AuthorizerType: 'NONE' } } } })).toEqual([]);
  });

  test('GIVEN every kind of finding WHEN a gateway has several THEN all are reported', () => {
    const e = evaluateOne(template(gatewayProperties({ AuthorizerConfiguration: { CustomJWTAuthorizer: { DiscoveryUrl: 'http://x/.well-known/openid-configuration' } } })));
    expect(ruleIds(e)).toEqual(['AGW5', 'AGW6']);
    expect(e.authorization).toBe('CUSTOM_JWT (no restrictions)');
  });

  describe('parameters', () => {
    test('GIVEN a parameter without AllowedValues WHEN it sets AuthorizerType THEN AGW2 says why', () => {
      const e = evaluateOne(template(gatewayProperties({ AuthorizerType: { Ref: 'AuthType' } }), { Parameters: { AuthType: { Type: 'String', Default: 'AWS_IAM' } } }));
      expect(e.verdict).toBe('NON_COMPLIANT');
      expect(e.authorization).toBe('unresolved: Ref AuthType');
      expect(e.findings[0].message).toBe(
        'AuthorizerType cannot be proven at synth time: Ref AuthType: parameter AuthType has no AllowedValues, so any value can be passed at deploy time.',
      );
    });

    test('GIVEN AllowedValues that include NONE WHEN evaluated THEN AGW1 names the parameter value', () => {
      const e = evaluateOne(
        template(gatewayProperties({ AuthorizerType: { Ref: 'AuthType' }, AuthorizerConfiguration: undefined }), {
          Parameters: { AuthType: { Type: 'String', AllowedValues: ['AWS_IAM', 'NONE'] } },
        }),
      );
      expect(e.verdict).toBe('NON_COMPLIANT');
      expect(e.authorization).toBe('AWS_IAM | NONE');
      expect(e.findings.map((f) => f.message)).toEqual(["When parameter AuthType = 'NONE': AuthorizerType is NONE."]);
    });

    test('GIVEN AllowedValues that exclude NONE WHEN evaluated THEN compliant', () => {
      const e = evaluateOne(
        template(gatewayProperties({ AuthorizerType: { Ref: 'AuthType' } }), { Parameters: { AuthType: { Type: 'String', AllowedValues: ['CUSTOM_JWT', 'AWS_IAM'] } } }),
      );
      expect(e.verdict).toBe('COMPLIANT');
    });

    test('GIVEN an SSM parameter WHEN it sets AuthorizerType THEN AGW2 says it is read at deploy time', () => {
      const e = evaluateOne(
        template(gatewayProperties({ AuthorizerType: { Ref: 'AuthType' } }), { Parameters: { AuthType: { Type: 'AWS::SSM::Parameter::Value<String>', AllowedValues: ['AWS_IAM'] } } }),
      );
      expect(e.findings[0].message).toMatch(/parameter AuthType is read from SSM Parameter Store at deploy time/);
    });
  });

  describe('conditions', () => {
    const conditions = { Parameters: { Env: { Type: 'String' } }, Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] } } };

    test('GIVEN Fn::If with a NONE branch WHEN evaluated THEN non-compliant naming the condition outcome', () => {
      const e = evaluateOne(template(gatewayProperties({ AuthorizerType: { 'Fn::If': ['IsProd', 'CUSTOM_JWT', 'NONE'] } }), conditions));
      expect(e.verdict).toBe('NON_COMPLIANT');
      expect(e.findings.map((f) => f.message)).toEqual(['When condition IsProd is false: AuthorizerType is NONE.']);
    });

    test('GIVEN Fn::If with safe branches correlated on one condition WHEN evaluated THEN compliant', () => {
      const props = gatewayProperties({
        AuthorizerType: { 'Fn::If': ['IsProd', 'CUSTOM_JWT', 'AWS_IAM'] },
        AuthorizerConfiguration: { 'Fn::If': ['IsProd', SECURE_JWT.AuthorizerConfiguration, { Ref: 'AWS::NoValue' }] },
      });
      const e = evaluateOne(template(props, conditions));
      expect(e.verdict).toBe('COMPLIANT');
      expect(e.authorization).toBe('CUSTOM_JWT (clients: 2, scopes: 1) | AWS_IAM');
    });

    test('GIVEN a condition decided by a parameter with AllowedValues WHEN evaluated THEN only reachable branches count', () => {
      const t = template(gatewayProperties({ AuthorizerType: { 'Fn::If': ['IsNotProd', 'NONE', 'AWS_IAM'] }, AuthorizerConfiguration: undefined }), {
        Parameters: { Env: { Type: 'String', AllowedValues: ['prod'] } },
        Conditions: { IsProd: { 'Fn::Equals': ['prod', { Ref: 'Env' }] }, IsNotProd: { 'Fn::Not': [{ Condition: 'IsProd' }] } },
      });
      expect(evaluateOne(t).verdict).toBe('COMPLIANT');
    });

    test('GIVEN Fn::And / Fn::Or conditions WHEN decided by parameters THEN they are evaluated', () => {
      const t = template(gatewayProperties({ AuthorizerType: { 'Fn::If': ['Both', 'NONE', 'AWS_IAM'] }, AuthorizerConfiguration: undefined }), {
        Parameters: { A: { Type: 'String', AllowedValues: ['x', 'y'] } },
        Conditions: { Both: { 'Fn::And': [{ 'Fn::Equals': [{ Ref: 'A' }, 'x'] }, { 'Fn::Or': [{ 'Fn::Equals': [{ Ref: 'A' }, 'y'] }, false] }] } },
      });
      expect(evaluateOne(t).verdict).toBe('COMPLIANT');
    });

    test('GIVEN a gateway whose resource Condition is false in the insecure world WHEN evaluated THEN compliant', () => {
      const t = template(gatewayProperties({ AuthorizerType: { 'Fn::If': ['IsProd', 'AWS_IAM', 'NONE'] }, AuthorizerConfiguration: undefined }), conditions, {
        Condition: 'IsProd',
      });
      expect(evaluateOne(t).verdict).toBe('COMPLIANT');
    });

    test('GIVEN too many combinations WHEN evaluated THEN fails closed with AGW2', () => {
      const names = Array.from({ length: 9 }, (_, i) => `C${i}`);
      const parameters = { P: { Type: 'String' } };
      const conditionsSection = Object.fromEntries(names.map((n) => [n, { 'Fn::Equals': [{ Ref: 'P' }, n] }]));
      // Nine independent conditions inside the authorizer type: 512 worlds, every one AWS_IAM.
      const type = { 'Fn::Join': ['', [...names.map((n) => ({ 'Fn::If': [n, '', ''] })), 'AWS_IAM']] };
      const properties = gatewayProperties({ AuthorizerType: type, AuthorizerConfiguration: undefined });
      const e = evaluateOne(template(properties, { Parameters: parameters, Conditions: conditionsSection }));
      expect(e.verdict).toBe('NON_COMPLIANT');
      expect(e.findings.map((f) => f.message)).toEqual([expect.stringMatching(new RegExp(`more than ${MAX_COMBINATIONS} combinations`))]);
      // The message names the values it explored.
      expect(e.findings[0].message).toContain('(condition C0 (true or false), condition C1 (true or false),');
      expect(e.findings[0].message).toContain('and 1 more); the guard explored 256 of them');
      expect(e.findings[0].propertyPath).toBe('Properties');
    });

    test('GIVEN as many combinations in Tags only WHEN evaluated THEN they are not explored and the gateway is compliant', () => {
      const names = Array.from({ length: 9 }, (_, i) => `C${i}`);
      const conditionsSection = Object.fromEntries(names.map((n) => [n, { 'Fn::Equals': [{ Ref: 'P' }, n] }]));
      const tags = names.map((n) => ({ 'Fn::If': [n, n, 'x'] }));
      const e = evaluateOne(template(gatewayProperties({ AuthorizerType: 'AWS_IAM', Tags: tags }), { Parameters: { P: { Type: 'String' } }, Conditions: conditionsSection }));
      expect(e.verdict).toBe('COMPLIANT');
    });
  });

  describe('mappings', () => {
    const mappings = { Mappings: { Auth: { 'eu-west-1': { Type: 'CUSTOM_JWT' }, 'us-east-1': { Type: 'NONE' } } } };

    test('GIVEN Fn::FindInMap keyed by region WHEN one entry is NONE THEN non-compliant naming the key', () => {
      const e = evaluateOne(template(gatewayProperties({ AuthorizerType: { 'Fn::FindInMap': ['Auth', { Ref: 'AWS::Region' }, 'Type'] } }), mappings));
      expect(e.verdict).toBe('NON_COMPLIANT');
      expect(e.findings[0].message).toBe("When Ref AWS::Region = 'us-east-1' in mapping Auth: AuthorizerType is NONE.");
    });

    test('GIVEN Fn::FindInMap with a literal key WHEN that entry is safe THEN compliant', () => {
      const e = evaluateOne(template(gatewayProperties({ AuthorizerType: { 'Fn::FindInMap': ['Auth', 'eu-west-1', 'Type'] } }), mappings));
      expect(e.verdict).toBe('COMPLIANT');
    });

    test('GIVEN Fn::FindInMap with a missing key and a DefaultValue WHEN evaluated THEN the default is checked', () => {
      const e = evaluateOne(
        template(gatewayProperties({ AuthorizerType: { 'Fn::FindInMap': ['Auth', { Ref: 'AWS::Region' }, 'Type', { DefaultValue: 'NONE' }] } }), {
          Mappings: { Auth: { 'eu-west-1': { Type: 'AWS_IAM' } } },
        }),
      );
      expect(e.findings[0].message).toMatch(/^When Ref AWS::Region matches no key of mapping Auth: AuthorizerType is NONE\.$/);
    });

    test('GIVEN Fn::FindInMap on a missing mapping WHEN evaluated THEN fails closed', () => {
      const e = evaluateOne(template(gatewayProperties({ AuthorizerType: { 'Fn::FindInMap': ['Nope', 'a', 'b'] } })));
      expect(e.findings[0].message).toMatch(/mapping Nope is not in the template/);
    });
  });

  describe('values only known at deploy time', () => {
    test.each([
      [{ 'Fn::ImportValue': 'SharedAuthType' }, /Fn::ImportValue SharedAuthType: the value is exported by another stack/],
      ['{{resolve:ssm:/gateway/auth-type}}', /\{\{resolve:ssm:\/gateway\/auth-type\}\}: a dynamic reference is resolved by CloudFormation at deploy time/],
      [{ 'Fn::GetAtt': ['Res', 'Type'] }, /Fn::GetAtt Res\.Type: a resource attribute is only known at deploy time/],
      [{ Ref: 'AWS::Region' }, /Ref AWS::Region: a pseudo parameter is only known at deploy time/],
      [{ Ref: 'Other' }, /Ref Other: the Ref of resource Other is only known at deploy time/],
      [{ Ref: 'Nowhere' }, /Nowhere is neither a parameter nor a resource/],
      [{ 'Fn::Base64': 'AWS_IAM' }, /the guard does not evaluate Fn::Base64/],
    ])('GIVEN AuthorizerType %j WHEN evaluated THEN AGW2 says why', (value, reason) => {
      const e = evaluateOne(template(gatewayProperties({ AuthorizerType: value }), { Resources: { Other: { Type: 'AWS::SSM::Parameter' } } }));
      expect(e.verdict).toBe('NON_COMPLIANT');
      expect(ruleIds(e)).toEqual(['AGW2']);
      expect(e.findings[0].message).toMatch(reason);
    });

    test('GIVEN Fn::Sub / Fn::Join / Fn::Select with literals WHEN evaluated THEN they are computed', () => {
      const props = gatewayProperties({
        AuthorizerType: { 'Fn::Select': [1, ['NONE', { 'Fn::Join': ['_', ['AWS', 'IAM']] }]] },
        Description: { 'Fn::Sub': ['${A}-${!Literal}', { A: 'x' }] },
      });
      expect(evaluateOne(template(props)).verdict).toBe('COMPLIANT');
    });

    test('GIVEN a Cognito discovery URL built with Fn::Join from tokens WHEN evaluated THEN compliant', () => {
      const url = { 'Fn::Join': ['', ['https://cognito-idp.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }, '/', { Ref: 'Pool' }, '/.well-known/openid-configuration']] };
      const props = gatewayProperties({ AuthorizerConfiguration: { CustomJWTAuthorizer: { DiscoveryUrl: url, AllowedClients: [{ Ref: 'Client' }] } } });
      const e = evaluateOne(template(props));
      expect(e.verdict).toBe('COMPLIANT');
      expect(e.authorization).toBe('CUSTOM_JWT (clients: 1)');
    });

    test('GIVEN a discovery URL from Fn::Sub with an https prefix WHEN evaluated THEN compliant', () => {
      const url = { 'Fn::Sub': 'https://${Domain}/.well-known/openid-configuration' };
      const props = gatewayProperties({ AuthorizerConfiguration: { CustomJWTAuthorizer: { DiscoveryUrl: url, AllowedScopes: ['a'] } } });
      expect(evaluateOne(template(props, { Parameters: { Domain: { Type: 'String' } } })).verdict).toBe('COMPLIANT');
    });

    test('GIVEN a whole-Properties Fn::If WHEN one branch is public THEN non-compliant', () => {
      const t = template({ 'Fn::If': ['C', gatewayProperties(), gatewayProperties({ AuthorizerType: 'NONE' })] }, { Conditions: { C: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'x'] } } });
      expect(evaluateOne(t).findings.map((f) => f.message)).toEqual(['When condition C is false: AuthorizerType is NONE.']);
    });
  });

  describe('exemptions', () => {
    const exempt = (reason: string) => ({ Metadata: { [KEY]: { reason } } });

    test('GIVEN a public gateway with a valid exemption WHEN exemptions are allowed THEN EXEMPT with the reason and the waived findings', () => {
      const e = evaluateOne(template(gatewayProperties({ AuthorizerType: 'NONE' }), {}, exempt(REASON)), { allowExemptions: true });
      expect(e.verdict).toBe('EXEMPT');
      expect(e.exemptionReason).toBe(REASON);
      expect(ruleIds(e)).toEqual(['AGW1']);
    });

    test('GIVEN the same gateway WHEN exemptions are not allowed THEN non-compliant with AGW7', () => {
      const e = evaluateOne(template(gatewayProperties({ AuthorizerType: 'NONE' }), {}, exempt(REASON)));
      expect(e.verdict).toBe('NON_COMPLIANT');
      expect(ruleIds(e)).toEqual(['AGW1', 'AGW7']);
      expect(e.exemptionReason).toBeUndefined();
    });

    test('GIVEN a short reason WHEN exemptions are allowed THEN non-compliant with AGW7', () => {
      const e = evaluateOne(template(gatewayProperties({ AuthorizerType: 'NONE' }), {}, exempt('because')), { allowExemptions: true });
      expect(e.verdict).toBe('NON_COMPLIANT');
      expect(e.findings[1].message).toMatch(/shorter than 20 characters/);
    });

    test('GIVEN a compliant gateway with an unusable exemption WHEN evaluated THEN compliant (no false positive)', () => {
      const e = evaluateOne(template(gatewayProperties(), {}, exempt('x')), { allowExemptions: true });
      expect([e.verdict, e.findings, e.exemptionReason]).toEqual(['COMPLIANT', [], undefined]);
    });
  });

  describe('authorizer types', () => {
    test('GIVEN a type AgentCore may add later WHEN allowed THEN compliant; WHEN not THEN AGW3', () => {
      const t = template(gatewayProperties({ AuthorizerType: 'FUTURE_TYPE' }));
      expect(evaluateOne(t, { additionalAllowedAuthorizerTypes: ['FUTURE_TYPE'] }).verdict).toBe('COMPLIANT');
      expect(ruleIds(evaluateOne(t))).toEqual(['AGW3']);
    });

    test('GIVEN NONE in additionalAllowedAuthorizerTypes WHEN evaluated THEN NONE still fails', () => {
      const t = template(gatewayProperties({ AuthorizerType: 'NONE' }));
      expect(ruleIds(evaluateOne(t, { additionalAllowedAuthorizerTypes: ['NONE'] }))).toEqual(['AGW1']);
    });
  });

  test('GIVEN a Fn::ForEach that generates gateways WHEN evaluated THEN fails closed', () => {
    const t = { Resources: { 'Fn::ForEach::Gws': ['N', ['a', 'b'], { 'Gw${N}': { Type: 'AWS::BedrockAgentCore::Gateway', Properties: {} } }] } };
    const [e] = evaluateTemplate(t);
    expect(e.verdict).toBe('NON_COMPLIANT');
    expect(e.findings[0]).toEqual(expect.objectContaining({ ruleId: 'AGW2', message: expect.stringMatching(/Fn::ForEach/) }));
  });

  test('GIVEN a Fn::ForEach whose gateway type is buried 20,000 levels deep, and one with none WHEN evaluated THEN the first fails closed, the second is no gateway', () => {
    let body: unknown = { Type: 'AWS::BedrockAgentCore::Gateway' };
    for (let i = 0; i < 20_000; i++) body = [body];
    const t = { Resources: { 'Fn::ForEach::Deep': ['N', ['a'], { 'Gw${N}': body }], 'Fn::ForEach::Buckets': ['N', ['a'], { 'B${N}': { Type: 'AWS::S3::Bucket' } }] } };

    expect(evaluateTemplate(t).map((e) => [e.logicalId, e.verdict, e.authorization])).toEqual([['Fn::ForEach::Deep', 'NON_COMPLIANT', 'unresolved: Fn::ForEach']]);
  });

  test('GIVEN a Fn::ForEach that names the gateway type only in a key WHEN evaluated THEN it still fails closed', () => {
    const t = { Resources: { 'Fn::ForEach::Gws': ['N', ['a'], { 'AWS::BedrockAgentCore::Gateway${N}': {} }] } };

    expect(ruleIds(evaluateTemplate(t)[0])).toEqual(['AGW2']);
  });

  test('GIVEN a gateway whose evaluation fails WHEN the template is evaluated THEN that gateway fails closed (AGW2) with the reason, and the next is still evaluated', () => {
    const broken = {
      Type: 'AWS::BedrockAgentCore::Gateway',
      get Properties(): unknown {
        throw new Error('boom');
      },
    };
    const t = { Resources: { Broken: broken, Open: { Type: 'AWS::BedrockAgentCore::Gateway', Properties: gatewayProperties({ AuthorizerType: 'NONE' }) } } };

    const [first, second] = evaluateTemplate(t, { location: 'Stack', templatePath: 'stack.json', entryPoint: 'scan' });

    expect(first).toEqual({
      logicalId: 'Broken',
      location: 'Stack',
      templatePath: 'stack.json',
      authorization: 'unresolved: the evaluation failed',
      verdict: 'NON_COMPLIANT',
      findings: [
        expect.objectContaining({
          ruleId: 'AGW2',
          propertyPath: 'Properties',
          message: 'The guard could not evaluate this gateway (boom), so its authorization cannot be proven; please report it.',
        }),
      ],
    });
    expect([second.logicalId, ruleIds(second)]).toEqual(['Open', ['AGW1']]);
  });

  test('GIVEN a failure that is not an Error WHEN a gateway is evaluated THEN its text is the reason', () => {
    const t = {
      Resources: {
        Broken: {
          Type: 'AWS::BedrockAgentCore::Gateway',
          get Properties(): unknown {
            // eslint-disable-next-line no-throw-literal
            throw 'not an Error';
          },
        },
      },
    };

    expect(evaluateOne(t).findings[0].message).toBe('The guard could not evaluate this gateway (not an Error), so its authorization cannot be proven; please report it.');
  });

  test('GIVEN several gateways WHEN evaluated THEN each gets its own evaluation', () => {
    const t = {
      Resources: {
        A: { Type: 'AWS::BedrockAgentCore::Gateway', Properties: gatewayProperties() },
        B: { Type: 'AWS::BedrockAgentCore::Gateway', Properties: gatewayProperties({ AuthorizerType: 'NONE' }) },
      },
    };
    expect(evaluateTemplate(t).map((e) => [e.logicalId, e.verdict])).toEqual([
      ['A', 'COMPLIANT'],
      ['B', 'NON_COMPLIANT'],
    ]);
  });

  test('GIVEN a template reference the scanner could not read WHEN reported THEN the resource that deploys it fails closed with AGW10, in the words of the entry point', () => {
    const reference = {
      logicalId: 'Network',
      constructPath: 'App/Stack/Network',
      propertyPath: 'Properties.TemplateURL',
      label: 'nested stack Network (TemplateURL)',
      reason: 'its template ../../etc/passwd was not read: it resolves to /etc/passwd, outside the folder',
    };

    const e = evaluateUnreadableReference(reference, { location: 'App/Stack', templatePath: 'stack.yaml', entryPoint: 'scan' });

    expect(e).toEqual({
      logicalId: 'Network',
      constructPath: 'App/Stack/Network',
      location: 'App/Stack',
      templatePath: 'stack.yaml',
      authorization: 'unresolved: nested stack Network (TemplateURL)',
      verdict: 'NON_COMPLIANT',
      findings: [
        {
          ruleId: 'AGW10',
          propertyPath: 'Properties.TemplateURL',
          message:
            'nested stack Network (TemplateURL) cannot be read by the guard: its template ../../etc/passwd was not read: it resolves to /etc/passwd, outside the folder. ' +
            'Gateways in that template would deploy unchecked.',
          why: expect.stringMatching(/^A nested stack, StackSet or Service Catalog product deploys whatever its template holds/),
          fix: expect.stringMatching(/^Scan the referenced template too/),
        },
      ],
    });
    expect(evaluateUnreadableReference(reference)?.findings[0].fix).toMatch(/^Ship the template with the app so the guard judges it/);
  });

  describe('the authorization summary', () => {
    const P = { Unset: { Type: 'String' } };
    test.each<[string, unknown, string]>([
      ['Properties only known at deploy time', { 'Fn::ImportValue': 'Props' }, 'unresolved: Fn::ImportValue Props'],
      ['no AuthorizerType', { Name: 'gw' }, 'missing'],
      ['an AuthorizerType from a parameter', { AuthorizerType: { Ref: 'Unset' } }, 'unresolved: Ref Unset'],
      ['a partly known AuthorizerType', { AuthorizerType: { 'Fn::Sub': 'AWS_${Unset}' } }, 'unresolved: AWS_${Ref Unset}'],
      ['an AuthorizerType that is not a string', { AuthorizerType: ['AWS_IAM'] }, 'invalid: ["AWS_IAM"]'],
      ['CUSTOM_JWT without a configuration', { AuthorizerType: 'CUSTOM_JWT' }, 'CUSTOM_JWT (no authorizer configuration)'],
      [
        'CUSTOM_JWT with every restriction, one not a list',
        { AuthorizerType: 'CUSTOM_JWT', AuthorizerConfiguration: { CustomJWTAuthorizer: { AllowedAudience: ['a'], AllowedClients: 'c', AllowedScopes: ['s', ''], CustomClaims: [{}] } } },
        'CUSTOM_JWT (audience: 1, clients: ?, scopes: 1, claims: 1)',
      ],
    ])('GIVEN %s WHEN summarised THEN %s', (_name, properties, summary) => {
      expect(evaluateOne(template(properties, { Parameters: P })).authorization).toBe(summary);
    });

    test('GIVEN a gateway whose Condition is never true WHEN evaluated THEN it is not created, and compliant', () => {
      const e = evaluateOne(template({ AuthorizerType: 'NONE' }, { Conditions: { Never: false } }, { Condition: 'Never' }));
      expect([e.verdict, e.authorization, e.findings]).toEqual(['COMPLIANT', 'not created (condition Never is never true)', []]);
    });

    test('GIVEN a construct path that is not a string WHEN evaluated THEN there is none', () => {
      expect(evaluateOne(template(gatewayProperties(), {}, { Metadata: { 'aws:cdk:path': ['App'] } })).constructPath).toBeUndefined();
    });
  });

  describe('a finding that holds only in some combinations', () => {
    const stage = (values: string[]) => ({ Parameters: { Stage: { Type: 'String', AllowedValues: values } }, Mappings: { Auth: Object.fromEntries(values.map((v) => [v, { Type: v === 'prod' ? 'AWS_IAM' : 'NONE' }])) } });
    const type = { AuthorizerType: { 'Fn::FindInMap': ['Auth', { Ref: 'Stage' }, 'Type'] } };

    test.each([
      [['prod', 'dev'], "When parameter Stage = 'dev': AuthorizerType is NONE."],
      [['prod', 'dev', 'test'], "When parameter Stage = 'dev' (and in 1 other combination): AuthorizerType is NONE."],
      [['prod', 'dev', 'test', 'qa'], "When parameter Stage = 'dev' (and in 2 other combinations): AuthorizerType is NONE."],
      [['dev', 'test'], 'AuthorizerType is NONE.'],
    ])('GIVEN stages %j WHEN evaluated THEN the first failing combination is named and the others counted', (values, message) => {
      expect(evaluateOne(template(type, stage(values))).findings.map((f) => f.message)).toEqual([message]);
    });
  });
});


describe('evaluation details', () => {
  const POLICY = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'bedrock-agentcore:InvokeGateway', Resource: '*' }] };
  const policyResource = (properties: object, extra: object = {}) => ({ Type: 'AWS::BedrockAgentCore::ResourcePolicy', Properties: properties, ...extra });
  const gatewayResource = (properties: object) => ({ Type: 'AWS::BedrockAgentCore::Gateway', Properties: properties });

  test('GIVEN findings WHEN asked whether their fix needs a new gateway THEN the finding answers first, then its rule; a rule this version does not know needs one', () => {
    const keeps = ALL_RULES.find((r) => !r.replacesGateway)!;
    const replaces = ALL_RULES.find((r) => r.replacesGateway)!;

    expect(findingReplacesGateway({ ruleId: keeps.id })).toBe(false);
    expect(findingReplacesGateway({ ruleId: replaces.id })).toBe(true);
    expect(findingReplacesGateway({ ruleId: keeps.id, replacesGateway: true })).toBe(true);
    expect(findingReplacesGateway({ ruleId: replaces.id, replacesGateway: false })).toBe(false);
    expect(findingReplacesGateway({ ruleId: 'AGW99' })).toBe(true);
  });

  test('GIVEN a finding whose rule answers for it WHEN reported THEN it carries no replacesGateway key; AGW8 refused outright carries its own', () => {
    const none = evaluateOne(template(gatewayProperties({ AuthorizerType: 'NONE' }))).findings[0];
    const authenticateOnly = evaluateOne(template(gatewayProperties({ AuthorizerType: 'AUTHENTICATE_ONLY', AuthorizerConfiguration: undefined }))).findings[0];

    expect(Object.keys(none)).not.toContain('replacesGateway');
    expect([authenticateOnly.ruleId, authenticateOnly.replacesGateway]).toEqual(['AGW8', true]);
  });

  describe('the entry point of the fixes', () => {
    const broken = {
      Type: 'AWS::BedrockAgentCore::Gateway',
      get Properties(): unknown {
        throw new Error('boom');
      },
    };
    const everyKind = {
      Transform: 'TeamMacro',
      Resources: {
        'Public': gatewayResource(gatewayProperties({ AuthorizerType: 'NONE' })),
        'Broken': broken,
        'Fn::ForEach::Gateways': ['Name', ['a'], { Gw: gatewayResource({}) }],
        'Fn::ForEach::Policies': ['Name', ['a'], { Pol: policyResource({}) }],
        'Policy': policyResource({ ResourceArn: { 'Fn::GetAtt': ['Public', 'GatewayArn'] }, Policy: POLICY }),
      },
    };
    const reference = { logicalId: 'Network', propertyPath: 'Properties.TemplateURL', label: 'nested stack Network', reason: 'it was not read' };
    const all = (options: EngineOptions): GatewayEvaluation[] => [
      ...evaluateTemplate(everyKind, options),
      evaluateUnreadableReference(reference, options)!,
    ];
    const fixes = (evaluations: GatewayEvaluation[]) => evaluations.flatMap((e) => e.findings.map((f) => [e.logicalId, f.ruleId, f.fix]));
    const expected = (entryPoint: 'cdk' | 'scan') =>
      all({}).flatMap((e) => e.findings.map((f) => [e.logicalId, f.ruleId, fixFor(ALL_RULES.find((r) => r.id === f.ruleId)!, entryPoint)]));

    test('GIVEN no entry point WHEN every kind of evaluation is made THEN every fix is in the words of the CDK guard', () => {
      const evaluations = all({});

      expect(evaluations.map((e) => [e.logicalId, e.findings.map((f) => f.ruleId)])).toEqual([
        ['Transform', ['AGW10']],
        ['Public', ['AGW1']],
        ['Broken', ['AGW2']],
        ['Fn::ForEach::Gateways', ['AGW2']],
        ['Fn::ForEach::Policies', ['AGW9']],
        ['Policy', ['AGW9']],
        ['Network', ['AGW10']],
      ]);
      expect(fixes(evaluations)).toEqual(expected('cdk'));
    });

    test('GIVEN the scan entry point WHEN the same evaluations are made THEN every fix is in the words of the scanner', () => {
      expect(fixes(all({ entryPoint: 'scan' }))).toEqual(expected('scan'));
      expect(expected('scan')).not.toEqual(expected('cdk'));
    });

    test('GIVEN the live entry point WHEN a gateway is judged THEN its fix names it by its identifier', () => {
      expect(evaluateOne(template(gatewayProperties({ AuthorizerType: 'NONE' })), { entryPoint: 'live' }).findings[0].fix).toContain('then delete Gw (Gw).');
    });
  });

  test('GIVEN a Resources entry named Fn::Transform that looks like a gateway WHEN evaluated THEN it is the macro (AGW10), not a gateway', () => {
    const t = { Resources: { 'Fn::Transform': { Name: 'AddGateways', Type: 'AWS::BedrockAgentCore::Gateway', Properties: { AuthorizerType: 'NONE' } } } };

    expect(evaluateTemplate(t).map((e) => [e.logicalId, ruleIds(e)])).toEqual([['Fn::Transform', ['AGW10']]]);
  });

  test('GIVEN resources that are not mappings (null, a string) beside a gateway WHEN evaluated THEN they are skipped and the gateway is judged', () => {
    const t = { Resources: { Nothing: null, Text: 'AWS::BedrockAgentCore::Gateway', Gw: gatewayResource(gatewayProperties({ AuthorizerType: 'NONE' })) } };

    expect(evaluateTemplate(t).map((e) => [e.logicalId, ruleIds(e)])).toEqual([['Gw', ['AGW1']]]);
  });

  test('GIVEN a macro on top of a gateway whose parameters call another macro WHEN evaluated THEN the macro on top is the one finding', () => {
    const t = template(gatewayProperties(), {}, { 'Fn::Transform': { Name: 'Outer', Parameters: { 'Fn::Transform': { Name: 'Inner' } } } });

    expect(evaluateOne(t).findings.map((f) => [f.ruleId, f.propertyPath])).toEqual([['AGW2', 'Fn::Transform']]);
  });

  test.each<[string, object, string]>([
    ['without a policy engine', {}, 'AUTHENTICATE_ONLY (no policy engine)'],
    ['with an ENFORCE policy engine', { PolicyEngineConfiguration: { Arn: 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:policy-engine/pe', Mode: 'ENFORCE' } }, 'AUTHENTICATE_ONLY (policy engine: ENFORCE)'],
    ['with a policy engine only known at deploy time', { PolicyEngineConfiguration: { Ref: 'Engine' } }, 'AUTHENTICATE_ONLY (policy engine: unresolved)'],
    ['with a Mode that is not a string', { PolicyEngineConfiguration: { Mode: ['ENFORCE'] } }, 'AUTHENTICATE_ONLY (policy engine: ["ENFORCE"])'],
    ['with a Mode only known at deploy time', { PolicyEngineConfiguration: { Mode: { Ref: 'Engine' } } }, 'AUTHENTICATE_ONLY (policy engine: Ref Engine)'],
  ])('GIVEN AUTHENTICATE_ONLY %s WHEN summarised THEN %s', (_name, extra, summary) => {
    const properties = { AuthorizerType: 'AUTHENTICATE_ONLY', ...extra };

    expect(evaluateOne(template(properties, { Parameters: { Engine: { Type: 'String' } } })).authorization).toBe(summary);
  });

  describe('describeChoices', () => {
    test('GIVEN every kind of choice WHEN described THEN each is named in words', () => {
      expect(
        describeChoices([
          { key: 'parameter:Stage', options: 3 },
          { key: 'condition:IsProd', options: 2 },
          { key: 'mapping:Auth:0:{"Ref":"Stage"}', options: 4 },
          { key: 'sdk-call:Sdk:Create,Update', options: 2 },
          { key: 'future:Thing', options: 5 },
        ]),
      ).toBe('parameter Stage (3 values), condition IsProd (true or false), a key of mapping Auth (4 entries), the SDK call made (2 calls), future:Thing (5 options)');
    });

    test('GIVEN more than 8 choices WHEN described THEN 8 are named and the rest counted', () => {
      const choices = Array.from({ length: 10 }, (_, i) => ({ key: `condition:C${i}`, options: 2 }));

      expect(describeChoices(choices)).toBe(
        `${choices.slice(0, 8).map((_, i) => `condition C${i} (true or false)`).join(', ')} and 2 more`,
      );
      expect(describeChoices(choices.slice(0, 8))).not.toContain('more');
    });
  });

  describe('resource policies', () => {
    const evaluatePolicy = (resources: { [id: string]: unknown }, extra: object = {}) =>
      evaluateTemplate({ ...extra, Resources: resources }).filter((e) => e.resourceType !== undefined);

    test('GIVEN a policy on a resource that is not a mapping, or whose Type is not text WHEN evaluated THEN it may be a gateway: judged', () => {
      for (const other of [null, { Type: 5 }]) {
        const [e] = evaluatePolicy({ Other: other, Policy: policyResource({ ResourceArn: { 'Fn::GetAtt': ['Other', 'Arn'] }, Policy: POLICY }) });

        expect([e.authorization, ruleIds(e)]).toEqual(['resource policy on ResourceArn Fn::GetAtt Other.Arn (may be a gateway)', ['AGW9']]);
      }
    });

    test('GIVEN a policy that is never created WHEN evaluated THEN it is not judged', () => {
      expect(evaluatePolicy({ Gw: gatewayResource({}), Policy: policyResource({ ResourceArn: { 'Fn::GetAtt': ['Gw', 'GatewayArn'] }, Policy: POLICY }, { Condition: 'Never' }) }, { Conditions: { Never: false } })).toEqual([]);
    });

    test('GIVEN a policy on one of two gateways, by condition WHEN evaluated THEN both are named', () => {
      const arn = { 'Fn::If': ['UseA', { 'Fn::GetAtt': ['A', 'GatewayArn'] }, { 'Fn::GetAtt': ['B', 'GatewayArn'] }] };
      const [e] = evaluatePolicy({ A: gatewayResource({}), B: gatewayResource({}), Policy: policyResource({ ResourceArn: arn, Policy: POLICY }) }, { Conditions: { UseA: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'eu-west-1'] } } });

      expect(e.authorization).toBe('resource policy on gateway A | resource policy on gateway B');
    });

    test('GIVEN a policy whose target needs more combinations than the guard explores, none on a gateway WHEN evaluated THEN it fails closed, unresolved', () => {
      const names = Array.from({ length: 9 }, (_, i) => `C${i}`);
      const conditions = Object.fromEntries(names.map((n) => [n, { 'Fn::Equals': [{ Ref: 'AWS::Region' }, n] }]));
      // A runtime ARN (not a gateway) in every combination explored.
      const arn = { 'Fn::Join': ['', ['arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/r', ...names.map((n) => ({ 'Fn::If': [n, '', ''] }))]] };
      const [e] = evaluatePolicy({ Policy: policyResource({ ResourceArn: arn, Policy: POLICY }) }, { Conditions: conditions });

      expect([e.authorization, e.verdict, e.findings.map((f) => [f.ruleId, f.propertyPath])]).toEqual(['resource policy (unresolved)', 'NON_COMPLIANT', [['AGW9', 'Properties']]]);
      expect(e.findings[0].message).toBe(
        `The resource policy depends on more than ${MAX_COMBINATIONS} combinations of parameter values, conditions and mapping keys; the guard stopped there and cannot prove the rest.`,
      );
    });

    test('GIVEN the construct path of a policy WHEN it is text THEN it is reported; WHEN not THEN there is none', () => {
      const withPath = (path: unknown) =>
        evaluatePolicy({ Gw: gatewayResource({}), Policy: policyResource({ ResourceArn: { 'Fn::GetAtt': ['Gw', 'GatewayArn'] }, Policy: POLICY }, { Metadata: { 'aws:cdk:path': path } }) })[0].constructPath;

      expect(withPath('App/Stack/Policy')).toBe('App/Stack/Policy');
      expect(withPath(['App'])).toBeUndefined();
    });

    test('GIVEN resource policies generated by Fn::ForEach WHEN evaluated THEN they fail closed with AGW9, saying why', () => {
      const [e] = evaluatePolicy({ 'Fn::ForEach::Policies': ['Name', ['a'], { Pol: policyResource({ Policy: { 'Fn::Sub': '${ROLE}' } }) }] });

      expect([e.logicalId, e.authorization, e.findings.map((f) => [f.ruleId, f.propertyPath, f.message])]).toEqual([
        'Fn::ForEach::Policies',
        'resource policy (unresolved: Fn::ForEach)',
        [
          [
            'AGW9',
            'Fn::ForEach::Policies',
            'Resource policies generated by Fn::ForEach (AWS::LanguageExtensions) are only expanded at deploy time, so the guard cannot prove that they do not make a gateway public.',
          ],
        ],
      ]);
    });
  });

  test('GIVEN a macro on a resource WHEN its construct path is text THEN the AGW10 evaluation names it; WHEN not, or for the whole template THEN none', () => {
    const withMacro = (metadata: object | undefined) =>
      evaluateTemplate({ Resources: { Thing: { 'Type': 'AWS::S3::Bucket', 'Fn::Transform': { Name: 'M' }, ...(metadata ? { Metadata: metadata } : {}) } } })[0];

    expect(withMacro({ 'aws:cdk:path': 'App/Stack/Thing' }).constructPath).toBe('App/Stack/Thing');
    expect(withMacro({ 'aws:cdk:path': 7 }).constructPath).toBeUndefined();
    expect(withMacro(undefined).constructPath).toBeUndefined();
    expect(evaluateTemplate({ Transform: 'M', Resources: {} })[0].constructPath).toBeUndefined();
  });

  test('GIVEN a resource policy on a runtime WHEN evaluated THEN it is not judged (AGW9 does not apply)', () => {
    const runtime = 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:runtime/r';

    expect(evaluateTemplate({ Resources: { Policy: policyResource({ ResourceArn: runtime, Policy: POLICY }) } })).toEqual([]);
  });
});

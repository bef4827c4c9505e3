import { evaluateOne, gatewayProperties, ruleIds, SECURE_JWT, template } from './fixtures';
import { evaluateTemplate, MAX_COMBINATIONS } from '../../src/engine/evaluate';

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
      expect(evaluateOne(template(gatewayProperties(), {}, exempt('x'))).verdict).toBe('COMPLIANT');
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
});

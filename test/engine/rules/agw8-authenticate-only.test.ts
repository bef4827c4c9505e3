import { evaluateTemplate, findingReplacesGateway } from '../../../src/engine/evaluate';
import { AGW4, AGW5, AGW6, AGW8, fixFor, liveFixFor } from '../../../src/engine/rules';
import { Unknown } from '../../../src/engine/values';
import { DISCOVERY_URL, view } from '../fixtures';

const ENGINE_ARN = 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:policy-engine/orders-abc123';

function authenticateOnly(extra: { [key: string]: any } = {}) {
  return { AuthorizerType: 'AUTHENTICATE_ONLY', AuthorizerConfiguration: { CustomJWTAuthorizer: { DiscoveryUrl: DISCOVERY_URL } }, ...extra };
}

const ENFORCED = { PolicyEngineConfiguration: { Arn: ENGINE_ARN, Mode: 'ENFORCE' } };
const allowed = { allowAuthenticateOnlyWithEnforcedPolicyEngine: true };

describe('AGW8 AUTHENTICATE_ONLY without a policy engine in ENFORCE mode', () => {
  describe('by default (the option is not set)', () => {
    test('GIVEN AUTHENTICATE_ONLY without a policy engine WHEN evaluated THEN non-compliant, saying what it checks and what it skips', () => {
      const result = AGW8.evaluate(view(authenticateOnly()));
      expect(result.status).toBe('NON_COMPLIANT');
      expect(result.violations).toEqual([
        {
          message:
            "AuthorizerType is AUTHENTICATE_ONLY: the gateway validates the token's signature, issuer and expiry but enforces no audience or scope " +
            '(offloaded authorization), so any token its identity provider issues, to any application, gets in. The guard does not accept ' +
            'AUTHENTICATE_ONLY (allowAuthenticateOnlyWithEnforcedPolicyEngine is not set); no policy engine is attached (PolicyEngineConfiguration ' +
            'is missing), so nothing authorizes the calls it lets in.',
          propertyPath: 'Properties.AuthorizerType',
          // The guard accepts no AUTHENTICATE_ONLY gateway: only another authorizer type, so a new gateway, passes.
          replacesGateway: true,
        },
      ]);
    });

    test('GIVEN AUTHENTICATE_ONLY behind an enforcing policy engine WHEN the option is not set THEN still non-compliant, and the message says the option would accept it', () => {
      const result = AGW8.evaluate(view(authenticateOnly(ENFORCED)));
      expect(result.status).toBe('NON_COMPLIANT');
      expect(result.violations[0].message).toMatch(/its policy engine is in ENFORCE mode, so that option would accept it\.$/);
    });
  });

  describe('with allowAuthenticateOnlyWithEnforcedPolicyEngine', () => {
    test('GIVEN a policy engine in ENFORCE mode WHEN evaluated THEN compliant (secure twin)', () => {
      expect(AGW8.evaluate(view(authenticateOnly(ENFORCED), allowed)).status).toBe('COMPLIANT');
    });

    test('GIVEN an engine ARN only known at deploy time (Fn::GetAtt of the engine) WHEN evaluated THEN compliant: which engine it is was never judged', () => {
      const arn = new Unknown('Fn::GetAtt Engine.PolicyEngineArn', 'a resource attribute is only known at deploy time', false, { resource: 'Engine' });
      expect(AGW8.evaluate(view(authenticateOnly({ PolicyEngineConfiguration: { Arn: arn, Mode: 'ENFORCE' } }), allowed)).status).toBe('COMPLIANT');
    });

    test('GIVEN a policy engine in LOG_ONLY mode WHEN evaluated THEN non-compliant at the Mode', () => {
      const result = AGW8.evaluate(view(authenticateOnly({ PolicyEngineConfiguration: { Arn: ENGINE_ARN, Mode: 'LOG_ONLY' } }), allowed));
      expect(result.violations).toEqual([
        {
          message: expect.stringMatching(/^AuthorizerType is AUTHENTICATE_ONLY and its policy engine is in LOG_ONLY mode, which records what it would decide and enforces nothing; the gateway validates .* gets in\.$/),
          propertyPath: 'Properties.PolicyEngineConfiguration.Mode',
        },
      ]);
    });

    test('GIVEN no policy engine WHEN evaluated THEN non-compliant at PolicyEngineConfiguration', () => {
      const result = AGW8.evaluate(view(authenticateOnly(), allowed));
      expect(result.violations).toEqual([{ message: expect.stringMatching(/and no policy engine is attached/), propertyPath: 'Properties.PolicyEngineConfiguration' }]);
    });

    test.each([
      ['a Mode only known at deploy time', { Arn: ENGINE_ARN, Mode: new Unknown('Ref Mode', 'parameter Mode has no AllowedValues, so any value can be passed at deploy time') }, /Mode cannot be proven to be ENFORCE \(Ref Mode: parameter Mode has no AllowedValues/],
      ['a missing Mode', { Arn: ENGINE_ARN }, /Mode is absent, not ENFORCE/],
      ['a lower-case mode', { Arn: ENGINE_ARN, Mode: 'enforce' }, /Mode is 'enforce', not ENFORCE/],
      ['an empty Arn', { Arn: ' ', Mode: 'ENFORCE' }, /Arn is missing or empty, so no engine is attached/],
      ['no Arn', { Mode: 'ENFORCE' }, /Arn is missing or empty/],
      ['an Arn that is not a string', { Arn: ['x'], Mode: 'ENFORCE' }, /Arn is not a string \(\["x"\]\)/],
    ])('GIVEN %s WHEN evaluated THEN non-compliant (fails closed)', (_, configuration, message) => {
      const result = AGW8.evaluate(view(authenticateOnly({ PolicyEngineConfiguration: configuration }), allowed));
      expect(result.status).toBe('NON_COMPLIANT');
      expect(result.violations[0].message).toMatch(message);
    });

    test('GIVEN no Arn WHEN evaluated THEN the finding points at the Arn, not at the whole configuration', () => {
      const result = AGW8.evaluate(view(authenticateOnly({ PolicyEngineConfiguration: { Mode: 'ENFORCE' } }), allowed));
      expect(result.violations.map((v) => v.propertyPath)).toEqual(['Properties.PolicyEngineConfiguration.Arn']);
    });

    test.each([
      ['a string', 'ENFORCE', "'ENFORCE'"],
      ['a list', [{ Arn: ENGINE_ARN, Mode: 'ENFORCE' }], `[{"Arn":"${ENGINE_ARN}","Mode":"ENFORCE"}]`],
    ])('GIVEN a PolicyEngineConfiguration that is %s WHEN evaluated THEN non-compliant: it is not an object', (_, configuration, shown) => {
      const result = AGW8.evaluate(view(authenticateOnly({ PolicyEngineConfiguration: configuration }), allowed));
      expect(result.violations).toEqual([{
        message: expect.stringContaining(`and its PolicyEngineConfiguration is not an object (${shown}); `),
        propertyPath: 'Properties.PolicyEngineConfiguration',
      }]);
    });

    test('GIVEN a PolicyEngineConfiguration only known at deploy time WHEN evaluated THEN non-compliant', () => {
      const configuration = new Unknown('Fn::ImportValue Engine', 'the value is exported by another stack');
      expect(AGW8.evaluate(view(authenticateOnly({ PolicyEngineConfiguration: configuration }), allowed)).violations[0].message).toMatch(
        /its PolicyEngineConfiguration cannot be proven at synth time \(Fn::ImportValue Engine: /,
      );
    });
  });

  test.each(['CUSTOM_JWT', 'AWS_IAM', 'NONE'])('GIVEN %s WHEN evaluated THEN not applicable', (type) => {
    expect(AGW8.evaluate(view({ AuthorizerType: type })).status).toBe('NOT_APPLICABLE');
  });

  describe('the JWT rules on AUTHENTICATE_ONLY', () => {
    test('GIVEN AUTHENTICATE_ONLY without a CustomJWTAuthorizer WHEN evaluated THEN AGW4 applies, naming the type', () => {
      const result = AGW4.evaluate(view({ AuthorizerType: 'AUTHENTICATE_ONLY', ...ENFORCED }, allowed));
      expect(result.violations).toEqual([{ message: 'AuthorizerType is AUTHENTICATE_ONLY but AuthorizerConfiguration is missing.', propertyPath: 'Properties.AuthorizerConfiguration' }]);
    });

    test('GIVEN AUTHENTICATE_ONLY with an http discovery URL WHEN evaluated THEN AGW5 applies', () => {
      const properties = authenticateOnly({ ...ENFORCED, AuthorizerConfiguration: { CustomJWTAuthorizer: { DiscoveryUrl: 'http://idp.example.com/.well-known/openid-configuration' } } });
      expect(AGW5.evaluate(view(properties, allowed)).status).toBe('NON_COMPLIANT');
      expect(AGW5.evaluate(view(authenticateOnly(ENFORCED), allowed)).status).toBe('COMPLIANT');
    });

    test('GIVEN AUTHENTICATE_ONLY without audience, clients, scopes or claims WHEN evaluated THEN AGW6 does not apply: the gateway would not enforce them', () => {
      expect(AGW6.evaluate(view(authenticateOnly(ENFORCED), allowed)).status).toBe('NOT_APPLICABLE');
    });
  });

  describe('its fix for each entry point', () => {
    test('GIVEN each entry point WHEN AGW8 gives its fix THEN it names the option in that entry point\'s words, and the way out that replaces the gateway', () => {
      expect(fixFor(AGW8, 'cdk')).toContain('allowAuthenticateOnlyWithEnforcedPolicyEngine: true');
      expect(fixFor(AGW8, 'cdk')).toContain('new construct ID');
      expect(fixFor(AGW8, 'scan')).toContain('--allow-authenticate-only-with-enforced-policy-engine');
      const live = fixFor(AGW8, 'live', { gatewayId: 'gw-1', name: 'orders', targets: [] });
      expect(live).toMatch(/^Either keep AUTHENTICATE_ONLY and attach a policy engine .* in place: call UpdateGateway/);
      expect(live).toContain('Or recreate the gateway');
      expect(live).toContain('re-attach its targets (it has none today)');
      expect(AGW8.replacesGateway).toBe(false);
    });

    test('GIVEN AGW8 and AGW5 on one live gateway WHEN the live fix is chosen THEN AGW8\'s, and AGW5 alone words an AUTHENTICATE_ONLY update', () => {
      expect(liveFixFor(['AGW8', 'AGW5'], { gatewayId: 'gw-1' })).toMatch(/^Either keep AUTHENTICATE_ONLY/);
      expect(liveFixFor(['AGW8'], { gatewayId: 'gw-1', name: 'orders', targets: [] })).toBe(
        'Either keep AUTHENTICATE_ONLY and attach a policy engine that authorizes every call, in place: call UpdateGateway ' +
          '(aws bedrock-agentcore-control update-gateway) with the same authorizer type and policyEngineConfiguration ' +
          '{arn: <policy engine ARN>, mode: ENFORCE}, then audit with --allow-authenticate-only-with-enforced-policy-engine. ' +
          'Or recreate the gateway: the authorizer type of an existing gateway cannot be changed in place. Create a new gateway ' +
          'with AuthorizerType CUSTOM_JWT (with AllowedClients and AllowedScopes) or AWS_IAM, re-attach its targets (it has none today), ' +
          'move clients to the new gateway URL, then delete orders (gw-1). ' +
          'If a CloudFormation or CDK stack owns the gateway, make the change there (a new logical ID) so the stack does not drift.',
      );
      expect(liveFixFor(['AGW5'], { gatewayId: 'gw-1', authorizerType: 'AUTHENTICATE_ONLY' })).toMatch(
        /^The authorizer type stays AUTHENTICATE_ONLY, so correct the JWT authorizer in place: .* the issuer's https discovery URL\./,
      );
    });

    test('GIVEN an AUTHENTICATE_ONLY gateway WHEN judged with and without the option THEN its finding needs a new gateway only where the guard accepts no AUTHENTICATE_ONLY', () => {
      const template = (extra: object) => ({ Resources: { Gw: { Type: 'AWS::BedrockAgentCore::Gateway', Properties: authenticateOnly(extra) } } });
      const findings = (extra: object, options: object) => evaluateTemplate(template(extra), options)[0].findings;

      const refused = findings({}, {});
      const logOnly = findings({ PolicyEngineConfiguration: { Arn: ENGINE_ARN, Mode: 'LOG_ONLY' } }, allowed);

      expect(refused.map((f) => [f.ruleId, findingReplacesGateway(f)])).toEqual([['AGW8', true]]);
      expect(logOnly.map((f) => [f.ruleId, findingReplacesGateway(f)])).toEqual([['AGW8', false]]);
      expect(findings(ENFORCED, allowed)).toEqual([]);
    });
  });

  test('GIVEN the policy engine Mode from a parameter and ten more parameters in keys no rule reads WHEN evaluated THEN only the Mode is explored: AGW8 where it is LOG_ONLY', () => {
    const parameters: { [name: string]: object } = { Mode: { Type: 'String', AllowedValues: ['ENFORCE', 'LOG_ONLY'] } };
    const tags: { [key: string]: object } = {};
    for (let i = 0; i < 10; i++) {
      parameters[`P${i}`] = { Type: 'String', AllowedValues: ['a', 'b'] };
      tags[`t${i}`] = { Ref: `P${i}` };
    }
    const properties = authenticateOnly({ Tags: tags, PolicyEngineConfiguration: { Arn: ENGINE_ARN, Mode: { Ref: 'Mode' } } });
    const [evaluation] = evaluateTemplate({ Parameters: parameters, Resources: { Gw: { Type: 'AWS::BedrockAgentCore::Gateway', Properties: properties } } }, allowed);
    expect(evaluation.findings.map((f) => f.ruleId)).toEqual(['AGW8']);
    expect(evaluation.findings[0].message).toMatch(/^When parameter Mode = 'LOG_ONLY': AuthorizerType is AUTHENTICATE_ONLY and its policy engine is in LOG_ONLY mode/);
    expect(evaluation.authorization).toBe('AUTHENTICATE_ONLY (policy engine: ENFORCE) | AUTHENTICATE_ONLY (policy engine: LOG_ONLY)');
  });
});

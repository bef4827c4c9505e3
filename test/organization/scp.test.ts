// What the service control policy MEANS, decided by an IAM policy evaluation engine
// (@cloud-copilot/iam-simulate, a test-only dependency), not by reading its JSON.
//
// `runUnsafeSimulation` is used because `runSimulation` validates context keys against its own action
// data, which does not list bedrock-agentcore:GatewayAuthorizerType for CreateGateway, and would silently
// ignore the key.
import { runUnsafeSimulation } from '@cloud-copilot/iam-simulate';
import { gatewayScpDocument, gatewayScpJson, GatewayScpOptions, SCP_MAX_CHARACTERS, validateGatewayScpOptions } from '../../src/organization/scp';

const ACCOUNT = '111111111111';
const DEVELOPER = `arn:aws:iam::${ACCOUNT}:role/Developer`;
const BREAK_GLASS = `arn:aws:iam::${ACCOUNT}:role/BreakGlass`;
const COGNITO_URL = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc/.well-known/openid-configuration';
const ALLOW_ALL = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

type Decision = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';

/**
 * A principal with administrator permissions in a member account, under an organization whose root has
 * AWS's default FullAWSAccess SCP and the policy under test.
 */
function decide(scp: object, action: string, context: Record<string, string>, principal = DEVELOPER): Decision {
  return runUnsafeSimulation(
    {
      request: {
        principal,
        action,
        resource: { resource: '*', accountId: ACCOUNT },
        contextVariables: { 'aws:PrincipalArn': principal, ...context },
      },
      identityPolicies: [{ name: 'AdministratorAccess', policy: ALLOW_ALL }],
      serviceControlPolicies: [
        {
          orgIdentifier: 'r-abcd',
          policies: [
            { name: 'FullAWSAccess', policy: ALLOW_ALL },
            { name: 'DenyUnauthorizedAgentCoreGateways', policy: scp },
          ],
        },
      ],
      resourceControlPolicies: [],
    },
    {},
  ) as Decision;
}

const type = (t: string) => ({ 'bedrock-agentcore:GatewayAuthorizerType': t });
const jwt = (url: string) => ({ ...type('CUSTOM_JWT'), 'bedrock-agentcore:DiscoveryUrl': url });

describe('the service control policy, evaluated', () => {
  const scp = gatewayScpDocument();

  describe.each(['bedrock-agentcore:CreateGateway', 'bedrock-agentcore:UpdateGateway'])('%s', (action) => {
    test('GIVEN AuthorizerType NONE THEN explicitly denied', () => {
      expect(decide(scp, action, type('NONE'))).toBe('ExplicitlyDenied');
    });

    test.each([['CUSTOM_JWT'], ['AWS_IAM']])('GIVEN AuthorizerType %s THEN allowed', (t) => {
      expect(decide(scp, action, t === 'CUSTOM_JWT' ? jwt(COGNITO_URL) : type(t))).toBe('Allowed');
    });

    test('GIVEN no authorizer type in the request THEN explicitly denied (fails closed)', () => {
      expect(decide(scp, action, {})).toBe('ExplicitlyDenied');
    });

    test.each([['none'], ['AUTHENTICATE_ONLY'], ['aws_iam'], ['']])('GIVEN AuthorizerType %j THEN explicitly denied', (t) => {
      expect(decide(scp, action, type(t))).toBe('ExplicitlyDenied');
    });
  });

  test('GIVEN an unrelated action, or reading gateways THEN the policy does not interfere', () => {
    for (const action of ['s3:GetObject', 'bedrock-agentcore:GetGateway', 'bedrock-agentcore:ListGateways', 'bedrock-agentcore:DeleteGateway', 'bedrock-agentcore:CreateGatewayTarget']) {
      expect(decide(scp, action, type('NONE'))).toBe('Allowed');
    }
  });

  test('GIVEN a future type allowed THEN it passes, and NONE and AUTHENTICATE_ONLY still do not', () => {
    const allowing = gatewayScpDocument({ additionalAllowedAuthorizerTypes: ['FUTURE_TYPE'] });
    expect(decide(allowing, 'bedrock-agentcore:CreateGateway', type('FUTURE_TYPE'))).toBe('Allowed');
    expect(decide(allowing, 'bedrock-agentcore:CreateGateway', type('NONE'))).toBe('ExplicitlyDenied');
    expect(decide(allowing, 'bedrock-agentcore:CreateGateway', type('AUTHENTICATE_ONLY'))).toBe('ExplicitlyDenied');
  });

  test('GIVEN AUTHENTICATE_ONLY as an additional type THEN refused, naming rule AGW8: the policy cannot see the policy engine', () => {
    expect(validateGatewayScpOptions({ additionalAllowedAuthorizerTypes: ['AUTHENTICATE_ONLY'] })).toEqual([
      expect.stringMatching(/^additionalAllowedAuthorizerTypes\[0\]: "AUTHENTICATE_ONLY" would let AUTHENTICATE_ONLY gateways through .*\(rule AGW8\)\. Fix: remove it/),
    ]);
    expect(() => gatewayScpJson({ additionalAllowedAuthorizerTypes: ['AUTHENTICATE_ONLY'] })).toThrow(/Invalid service control policy options/);
  });

  describe('break-glass principals', () => {
    const withBreakGlass = gatewayScpDocument({ breakGlassPrincipalArns: ['arn:aws:iam::*:role/BreakGlass'] });

    test('GIVEN the break-glass role THEN even NONE is allowed', () => {
      expect(decide(withBreakGlass, 'bedrock-agentcore:CreateGateway', type('NONE'), BREAK_GLASS)).toBe('Allowed');
      expect(decide(withBreakGlass, 'bedrock-agentcore:UpdateGateway', {}, BREAK_GLASS)).toBe('Allowed');
    });

    test('GIVEN any other principal THEN NONE is still denied', () => {
      expect(decide(withBreakGlass, 'bedrock-agentcore:CreateGateway', type('NONE'))).toBe('ExplicitlyDenied');
      expect(decide(withBreakGlass, 'bedrock-agentcore:CreateGateway', type('NONE'), `arn:aws:iam::${ACCOUNT}:role/BreakGlassNot`)).toBe('ExplicitlyDenied');
    });
  });

  describe('allowed discovery URLs', () => {
    const pinned = gatewayScpDocument({ allowedDiscoveryUrls: ['https://cognito-idp.eu-west-1.amazonaws.com/*'] });

    test('GIVEN a JWT gateway on an approved identity provider THEN allowed', () => {
      expect(decide(pinned, 'bedrock-agentcore:CreateGateway', jwt(COGNITO_URL))).toBe('Allowed');
    });

    test.each([
      ['another host', 'https://idp.attacker.example/.well-known/openid-configuration'],
      ['the approved host as a path of another host', 'https://evil.example/cognito-idp.eu-west-1.amazonaws.com/x/.well-known/openid-configuration'],
      ['another region', 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_abc/.well-known/openid-configuration'],
      ['http', 'http://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc/.well-known/openid-configuration'],
    ])('GIVEN a JWT gateway on %s THEN explicitly denied', (_what, url) => {
      expect(decide(pinned, 'bedrock-agentcore:CreateGateway', jwt(url))).toBe('ExplicitlyDenied');
      expect(decide(pinned, 'bedrock-agentcore:UpdateGateway', jwt(url))).toBe('ExplicitlyDenied');
    });

    test('GIVEN a JWT gateway without a discovery URL in the request THEN explicitly denied (fails closed)', () => {
      expect(decide(pinned, 'bedrock-agentcore:CreateGateway', type('CUSTOM_JWT'))).toBe('ExplicitlyDenied');
    });

    test('GIVEN an AWS_IAM gateway, which has no discovery URL THEN allowed', () => {
      expect(decide(pinned, 'bedrock-agentcore:CreateGateway', type('AWS_IAM'))).toBe('Allowed');
    });
  });

  test('GIVEN ForAnyValue:StringNotEquals, the set operator this policy avoids THEN the simulator shows it would let a request without the key through', () => {
    // Proves the simulator tells the difference that the "missing key" tests above rely on.
    const naive = JSON.parse(gatewayScpJson().replace('"StringNotEquals"', '"ForAnyValue:StringNotEquals"'));
    expect(decide(naive, 'bedrock-agentcore:CreateGateway', {})).toBe('Allowed');
    expect(decide(naive, 'bedrock-agentcore:CreateGateway', type('NONE'))).toBe('ExplicitlyDenied');
  });
});

describe('the service control policy document', () => {
  test('GIVEN the defaults THEN one statement, minified, far within the SCP size limit', () => {
    const json = gatewayScpJson();
    expect(JSON.parse(json)).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'DenyGatewaysWithoutAllowedAuthorizer',
          Effect: 'Deny',
          Action: ['bedrock-agentcore:CreateGateway', 'bedrock-agentcore:UpdateGateway'],
          Resource: '*',
          Condition: { StringNotEquals: { 'bedrock-agentcore:GatewayAuthorizerType': ['AWS_IAM', 'CUSTOM_JWT'] } },
        },
      ],
    });
    expect(json).not.toMatch(/\s/);
    expect(json.length).toBe(296);
    expect(SCP_MAX_CHARACTERS).toBe(5120);
  });

  test('GIVEN so many patterns that the policy exceeds 5,120 characters THEN rejected with its size', () => {
    const urls = Array.from({ length: 60 }, (_, i) => `https://idp-${i}.login.example.com/tenant/*/.well-known/openid-configuration`);
    expect(validateGatewayScpOptions({ allowedDiscoveryUrls: urls })).toEqual([
      expect.stringMatching(/^allowedDiscoveryUrls \/ breakGlassPrincipalArns: the policy would be \d{4} characters; AWS Organizations accepts at most 5120 .* Fix: list fewer discovery-URL patterns or break-glass principals/),
    ]);
    expect(() => gatewayScpJson({ allowedDiscoveryUrls: urls })).toThrow(/Invalid service control policy options/);
  });

  test('GIVEN 40 discovery-URL patterns and a break-glass role THEN valid, and the document stays within 5,120 characters', () => {
    const urls = Array.from({ length: 40 }, (_, i) => `https://idp-${i}.login.example.com/tenant/*/.well-known/openid-configuration`);
    const options: GatewayScpOptions = { allowedDiscoveryUrls: urls, breakGlassPrincipalArns: ['arn:aws:iam::*:role/BreakGlass'] };
    expect(validateGatewayScpOptions(options)).toEqual([]);
    expect(gatewayScpJson(options).length).toBeLessThanOrEqual(SCP_MAX_CHARACTERS);
  });

  describe('options validation', () => {
    test.each([
      ['a wildcard in the host', 'https://cognito-idp.*.amazonaws.com/*', /literal host/],
      ['http', 'http://idp.example.com/*', /must be https:\/\/<host>\/<path>/],
      ['no path', 'https://idp.example.com', /must be https:\/\/<host>\/<path>/],
      ['a policy variable', 'https://${aws:PrincipalTag/idp}/*', /policy variable/],
      ['a pattern that matches no discovery URL', 'https://idp.example.com/oauth2/token', /matches no discovery URL/],
    ])('GIVEN a discovery URL pattern with %s THEN rejected with the field, the rule and the fix', (_what, url, reason) => {
      const [problem] = validateGatewayScpOptions({ allowedDiscoveryUrls: [url] });
      expect(problem).toMatch(new RegExp(`^allowedDiscoveryUrls\\[0\\]: ${JSON.stringify(url).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} `));
      expect(problem).toMatch(reason);
      expect(problem).toMatch(/Fix: /);
    });

    test.each([
      ['a role wildcard that exempts every role', 'arn:aws:iam::*:role/*', /would exempt every role/],
      ['an STS session ARN', `arn:aws:sts::${ACCOUNT}:assumed-role/BreakGlass/alice`, /is not an IAM role or user ARN/],
      ['a bare wildcard', '*', /is not an IAM role or user ARN/],
    ])('GIVEN a break-glass principal that is %s THEN rejected', (_what, arn, reason) => {
      expect(validateGatewayScpOptions({ breakGlassPrincipalArns: [arn] })).toEqual([expect.stringMatching(reason)]);
    });

    test('GIVEN empty lists THEN rejected: IAM refuses an empty condition', () => {
      expect(validateGatewayScpOptions({ allowedDiscoveryUrls: [], breakGlassPrincipalArns: [] })).toEqual([
        expect.stringMatching(/^allowedDiscoveryUrls: is an empty list, .* Fix: list at least one value, or leave allowedDiscoveryUrls out$/),
        expect.stringMatching(/^breakGlassPrincipalArns: is an empty list, /),
      ]);
    });

    test('GIVEN NONE as an additional type THEN rejected', () => {
      expect(validateGatewayScpOptions({ additionalAllowedAuthorizerTypes: ['NONE'] })).toEqual([expect.stringMatching(/^additionalAllowedAuthorizerTypes\[0\]: "NONE" makes a gateway a public endpoint/)]);
    });
  });
});

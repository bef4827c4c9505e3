import { App, CfnParameter, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as agentcore from 'aws-cdk-lib/aws-bedrockagentcore';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { GatewayAuthorization, M2MClient, SecureAgentCoreGateway, SecureAgentCoreGatewayProps } from '../../src';
import { AGW5, AGW6, GatewayView } from '../../src/engine/rules';
import { Value } from '../../src/engine/values';

const ENV = { account: '111111111111', region: 'us-east-1' };
const OK_URL = 'https://id.example.com/.well-known/openid-configuration';

function build(props: SecureAgentCoreGatewayProps, stack = new Stack(new App(), 'Stack', { env: ENV })): () => SecureAgentCoreGateway {
  return () => new SecureAgentCoreGateway(stack, 'Gateway', props);
}

describe('every invalid prop is named with its rule and fix', () => {
  test.each<[string, SecureAgentCoreGatewayProps, RegExp]>([
    ['a gateway name with an underscore', { gatewayName: 'orders_tools' },
      /gatewayName: 'orders_tools' must be 1-48 letters or digits.*underscores are not allowed\)\. Fix: use a name such as 'orders-tools'/],
    ['a gateway name over 48 characters', { gatewayName: 'a'.repeat(49) }, /gatewayName: 'a{49}' must be 1-48 letters/],
    ['a hyphenated gateway name over 48 characters (the pattern alone would admit it)', { gatewayName: 'ab-'.repeat(16) + 'c' },
      /gatewayName: '(ab-){16}c' must be 1-48 letters or digits, optionally separated by single hyphens, and at most 48 characters in all; AgentCore itself accepts 100, but aws-cdk-lib's Gateway, which this construct uses, caps names at 48 /],
    ['a discovery URL over http', { authorization: GatewayAuthorization.customJwt({ discoveryUrl: 'http://id.example.com/.well-known/openid-configuration', allowedClients: ['a'] }) },
      /customJwt\.discoveryUrl: 'http:\/\/id\.example\.com\/\.well-known\/openid-configuration' must use https\. Fix:/],
    ['a discovery URL without the well-known suffix', { authorization: GatewayAuthorization.customJwt({ discoveryUrl: 'https://id.example.com/oauth2', allowedClients: ['a'] }) },
      /customJwt\.discoveryUrl: 'https:\/\/id\.example\.com\/oauth2' must end with '\/\.well-known\/openid-configuration'.*Fix: append/],
    ['a JWT authorizer that restricts nothing', { authorization: GatewayAuthorization.customJwt({ discoveryUrl: OK_URL }) },
      /customJwt: none of allowedAudience, allowedClients, allowedScopes or customClaims is set, so any token from the provider .* would be accepted\. Fix: restrict the tokens/],
    ['an empty audience list', { authorization: GatewayAuthorization.customJwt({ discoveryUrl: OK_URL, allowedAudience: [] }) },
      /customJwt\.allowedAudience: is an empty list; the service rejects empty lists\. Fix: list at least one value or omit customJwt\.allowedAudience/],
    ['an empty clients list', { authorization: GatewayAuthorization.customJwt({ discoveryUrl: OK_URL, allowedClients: [] }) },
      /customJwt\.allowedClients: is an empty list/],
    ['an empty scopes list', { authorization: GatewayAuthorization.customJwt({ discoveryUrl: OK_URL, allowedScopes: [] }) },
      /customJwt\.allowedScopes: is an empty list/],
    ['an empty claims list', { authorization: GatewayAuthorization.customJwt({ discoveryUrl: OK_URL, customClaims: [] }) },
      /customJwt\.customClaims: is an empty list/],
    ['a blank client id', { authorization: GatewayAuthorization.customJwt({ discoveryUrl: OK_URL, allowedClients: [' '] }) },
      /customJwt\.allowedClients\[0\]: is an empty string/],
    ['a scope with a space', { authorization: GatewayAuthorization.customJwt({ discoveryUrl: OK_URL, allowedScopes: ['orders read'] }) },
      /customJwt\.allowedScopes\[0\]: 'orders read' contains characters the service rejects in a scope.*Fix: remove spaces/],
    ['a scope with a quote', { authorization: GatewayAuthorization.customJwt({ discoveryUrl: OK_URL, allowedScopes: ['ok', 'a"b'] }) },
      /customJwt\.allowedScopes\[1\]: 'a"b' contains characters/],
    ['the reserved claim client_id', { authorization: GatewayAuthorization.customJwt({ discoveryUrl: OK_URL, customClaims: [agentcore.GatewayCustomClaim.withStringValue('client_id', 'x')] }) },
      /customJwt\.customClaims\[0\]: the claim name 'client_id' is reserved by the service\. Fix: use allowedClients/],
    ['a domain prefix with a reserved word', { authorization: GatewayAuthorization.cognitoM2M({ domainPrefix: 'my-aws-agents' }) },
      /cognitoM2M\.domainPrefix: 'my-aws-agents' contains the reserved word 'aws', which Cognito rejects in a domain prefix\. Fix:/],
    ['a domain prefix with two reserved words', { authorization: GatewayAuthorization.cognitoM2M({ domainPrefix: 'amazon-cognito' }) },
      /'amazon-cognito' contains the reserved words 'amazon', 'cognito'/],
    ['a domain prefix with capitals', { authorization: GatewayAuthorization.cognitoM2M({ domainPrefix: 'Orders' }) },
      /cognitoM2M\.domainPrefix: 'Orders' must be 1-63 lowercase letters, digits or hyphens/],
    ['a domain prefix ending in a hyphen', { authorization: GatewayAuthorization.cognitoM2M({ domainPrefix: 'orders-' }) },
      /cognitoM2M\.domainPrefix: 'orders-' must be 1-63/],
    ['an access token valid for 4 minutes', { authorization: GatewayAuthorization.cognitoM2M({ accessTokenValidity: Duration.minutes(4) }) },
      /cognitoM2M\.accessTokenValidity: 4 minutes is outside what Cognito allows for access tokens \(5 minutes to 1 day\)/],
    ['an access token valid for 2 days', { authorization: GatewayAuthorization.cognitoM2M({ accessTokenValidity: Duration.days(2) }) },
      /cognitoM2M\.accessTokenValidity: 2 days is outside/],
    ['no scopes', { authorization: GatewayAuthorization.cognitoM2M({ scopes: [] }) }, /cognitoM2M\.scopes: is an empty list/],
    ['a scope containing a slash', { authorization: GatewayAuthorization.cognitoM2M({ scopes: ['orders/read'] }) },
      /cognitoM2M\.scopes\[0\]: 'orders\/read' contains '\/'/],
    ['deletion protection with DESTROY', { authorization: GatewayAuthorization.cognitoM2M({ removalPolicy: RemovalPolicy.DESTROY, deletionProtection: true }) },
      /cognitoM2M\.deletionProtection: is true while removalPolicy is DESTROY, so deleting the pool would fail/],
    ['a domain without its pool', { authorization: GatewayAuthorization.cognitoM2M({ userPoolDomain: cognito.UserPoolDomain.fromDomainName(new Stack(), 'D', 'x') }) },
      /cognitoM2M\.userPoolDomain: is only valid together with userPool/],
  ])('%s', (_name, props, message) => {
    expect(build(props)).toThrow(message);
  });

  test('GIVEN an existing pool WHEN a removal policy or deletion protection is set THEN both are rejected, since they apply to created pools only', () => {
    const stack = new Stack(new App(), 'Stack', { env: ENV });
    const pool = new cognito.UserPool(stack, 'Pool');
    const authorization = GatewayAuthorization.cognitoM2M({ userPool: pool, removalPolicy: RemovalPolicy.DESTROY, deletionProtection: false });
    const create = build({ authorization }, stack);
    expect(create).toThrow(/cognitoM2M\.removalPolicy: applies only to a user pool this construct creates[^]*cognitoM2M\.deletionProtection: applies only to a user pool this construct creates/);
  });

  test('GIVEN several invalid props WHEN constructed THEN one error lists all of them with the construct path', () => {
    const create = build({
      gatewayName: 'bad_name',
      authorization: GatewayAuthorization.customJwt({ discoveryUrl: 'http://x', allowedScopes: [] }),
    });
    let message = '';
    try {
      create();
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^SecureAgentCoreGateway at 'Stack\/Gateway' has 4 invalid properties:\n/);
    expect(message).toContain('gatewayName:');
    expect(message).toContain('must use https');
    expect(message).toContain('must end with');
    expect(message).toContain('customJwt.allowedScopes: is an empty list');
  });

  test('GIVEN values only known at deploy time WHEN constructed THEN they are not judged at synth time', () => {
    const stack = new Stack(new App(), 'Stack', { env: ENV });
    const url = new CfnParameter(stack, 'Url').valueAsString;
    const name = new CfnParameter(stack, 'Name').valueAsString;
    expect(build({ gatewayName: name, authorization: GatewayAuthorization.customJwt({ discoveryUrl: url, allowedClients: ['a'] }) }, stack)).not.toThrow();
  });

  test('GIVEN valid edge values WHEN constructed THEN they are accepted', () => {
    expect(build({ gatewayName: 'a'.repeat(48) })).not.toThrow();
    expect(build({ gatewayName: 'a-b-c1' })).not.toThrow();
    expect(build({ authorization: GatewayAuthorization.cognitoM2M({ accessTokenValidity: Duration.minutes(5) }) })).not.toThrow();
    expect(build({ authorization: GatewayAuthorization.cognitoM2M({ accessTokenValidity: Duration.days(1), domainPrefix: 'orders-agents-1' }) })).not.toThrow();
    expect(build({ authorization: GatewayAuthorization.customJwt({ discoveryUrl: OK_URL, customClaims: [agentcore.GatewayCustomClaim.withStringValue('tenant', 'acme')] }) })).not.toThrow();
  });
});

describe('the gateway name limit is the wrapped L2\'s, not the service\'s', () => {
  // Canary: AgentCore and CloudFormation accept 100 characters (^([0-9a-zA-Z][-]?){1,100}$), but the
  // aws-cdk-lib Gateway rejects more than 48, at the floor and at the newest version alike. If a release
  // lifts that cap, this fails and our limit (validation.ts, README) can follow.
  test('GIVEN aws-cdk-lib\'s Gateway itself THEN it accepts 48 characters and rejects 49', () => {
    const stack = new Stack(new App(), 'Stack', { env: ENV });
    const l2 = (name: string) => () => new agentcore.Gateway(stack, name, {
      gatewayName: name,
      authorizerConfiguration: agentcore.GatewayAuthorizer.usingAwsIam(),
    });
    expect(l2('a'.repeat(48))).not.toThrow();
    expect(l2('b'.repeat(49))).toThrow(/49 characters long but must be less than or equal to 48 characters/);
  });

  test('GIVEN 48 characters with hyphens THEN our construct accepts what the L2 accepts', () => {
    expect(build({ gatewayName: 'ab-'.repeat(15) + 'abc' })).not.toThrow();
  });
});

describe('discovery URL spellings a URL parser would repair (AGW5 and the Guard rule file refuse them too)', () => {
  const jwtAt = (discoveryUrl: string) => build({ authorization: GatewayAuthorization.customJwt({ discoveryUrl, allowedClients: ['a'] }) });
  const jwtView = (url: string): GatewayView => ({
    properties: { AuthorizerType: 'CUSTOM_JWT', AuthorizerConfiguration: { CustomJWTAuthorizer: { DiscoveryUrl: url, AllowedClients: ['a'] } } },
    metadata: undefined,
    additionalAllowedAuthorizerTypes: [],
    allowExemptions: false,
    allowAuthenticateOnlyWithEnforcedPolicyEngine: false,
  });

  test.each([
    ['a leading space', ' https://id.example.com/.well-known/openid-configuration', /it contains white space or a control character/],
    ['backslashes for slashes', 'https:\\\\id.example.com/.well-known/openid-configuration', /it contains a backslash/],
    ['one slash after the scheme', 'https:/id.example.com/.well-known/openid-configuration', /it is not of the form https:\/\/<host>\[:<port>\]\/<path>\/\.well-known\/openid-configuration/],
    ['user information before the host', 'https://id.example.com@evil.example/.well-known/openid-configuration', /it puts user information before the host/],
  ])('GIVEN %s WHEN constructed THEN the syntax rule fires, naming the fix, and not the https rule', (_what, url, reason) => {
    let message = '';
    try {
      jwtAt(url)();
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain(`customJwt.discoveryUrl: ${JSON.stringify(url)} is not a plain https discovery URL: `);
    expect(message).toMatch(reason);
    expect(message).toMatch(/Fix: write it as https:\/\/<host>\[:<port>\]\/<path>\/\.well-known\/openid-configuration in plain ASCII/);
    expect(message).not.toContain('must use https');
    expect(AGW5.evaluate(jwtView(url)).status).toBe('NON_COMPLIANT');
  });

  test('GIVEN the secure twins WHEN constructed THEN accepted, and AGW5 agrees', () => {
    for (const url of ['https://ID.Example.com:8443/tenant%20a/.well-known/openid-configuration', 'https://10.0.0.5/realms/a/.well-known/openid-configuration']) {
      expect(jwtAt(url)).not.toThrow();
      expect(AGW5.evaluate(jwtView(url)).status).toBe('COMPLIANT');
    }
  });

  test('GIVEN a token followed by a literal path with a space THEN the syntax rule fires now, not at deploy time', () => {
    const stack = new Stack(new App(), 'Stack', { env: ENV });
    const domain = new CfnParameter(stack, 'Domain').valueAsString;
    expect(build({ authorization: GatewayAuthorization.customJwt({ discoveryUrl: `https://${domain}/a b/.well-known/openid-configuration`, allowedClients: ['a'] }) }, stack)).toThrow(
      /customJwt\.discoveryUrl: "https:\/\/\$\{Token\}\/a b\/\.well-known\/openid-configuration" is not a plain https discovery URL: it contains white space/,
    );
  });
});

describe('discovery URLs built from tokens', () => {
  function withDomain(template: (domain: string) => string): () => SecureAgentCoreGateway {
    const stack = new Stack(new App(), 'Stack', { env: ENV });
    const domain = new CfnParameter(stack, 'Domain').valueAsString;
    return build({ authorization: GatewayAuthorization.customJwt({ discoveryUrl: template(domain), allowedClients: ['a'] }) }, stack);
  }

  test('GIVEN literal https and the literal suffix around a token THEN it is accepted', () => {
    expect(withDomain((d) => `https://${d}/.well-known/openid-configuration`)).not.toThrow();
  });

  test('GIVEN a token followed by a wrong literal path THEN the suffix rule fires now, not at deploy time', () => {
    expect(withDomain((d) => `https://${d}/wrong`)).toThrow(/customJwt\.discoveryUrl: 'https:\/\/\$\{Token\}\/wrong' must end with '\/\.well-known\/openid-configuration'/);
  });

  test('GIVEN a literal http prefix before a token THEN the https rule fires', () => {
    expect(withDomain((d) => `http://${d}/.well-known/openid-configuration`)).toThrow(/customJwt\.discoveryUrl: 'http:\/\/\$\{Token\}\/\.well-known\/openid-configuration' must use https/);
  });

  test('GIVEN a URL that is one token THEN it is left to deploy time (and to the guard)', () => {
    expect(withDomain((d) => d)).not.toThrow();
  });
});

describe('M2MClient constructed directly', () => {
  test('GIVEN an access token valid for 2 days THEN it is rejected with the field and the allowed range', () => {
    const stack = new Stack(new App(), 'Stack', { env: ENV });
    const pool = new cognito.UserPool(stack, 'Pool');
    const server = pool.addResourceServer('Rs', { identifier: 'api', scopes: [{ scopeName: 'invoke', scopeDescription: 'invoke' }] });
    expect(() => new M2MClient(stack, 'Client', {
      userPool: pool,
      scopes: [cognito.OAuthScope.resourceServer(server, { scopeName: 'invoke', scopeDescription: 'invoke' })],
      oauthScopes: ['api/invoke'],
      tokenEndpointUrl: 'https://example.auth.us-east-1.amazoncognito.com/oauth2/token',
      accessTokenValidity: Duration.days(2),
    })).toThrow(/M2MClient at 'Stack\/Client' has 1 invalid property:\n {2}- accessTokenValidity: 2 days is outside what Cognito allows for access tokens \(5 minutes to 1 day\)/);
  });
});

describe('the L3 and the guard share one rule for discovery URLs and token restrictions', () => {
  const jwtView = (jwt: { [key: string]: Value }): GatewayView => ({
    properties: { AuthorizerType: 'CUSTOM_JWT', AuthorizerConfiguration: { CustomJWTAuthorizer: jwt } },
    metadata: undefined,
    additionalAllowedAuthorizerTypes: [],
    allowExemptions: false,
    allowAuthenticateOnlyWithEnforcedPolicyEngine: false,
  });

  test.each([
    ['a query after the suffix', 'https://id.example.com/.well-known/openid-configuration?x=/.well-known/openid-configuration'],
    ['an upper-case scheme', 'HTTPS://id.example.com/.well-known/openid-configuration'],
    ['a plain http URL', 'http://id.example.com/.well-known/openid-configuration'],
    ['a leading space', ' https://id.example.com/.well-known/openid-configuration'],
    ['backslashes for slashes', 'https:\\\\id.example.com/.well-known/openid-configuration'],
    ['no slash after the scheme', 'https:id.example.com/.well-known/openid-configuration'],
    ['a tab inside the host', 'https://id.exa\tmple.com/.well-known/openid-configuration'],
    ['a host ending in a number', 'https://id.example.999/.well-known/openid-configuration'],
    ['an IPv4 address', 'https://10.0.0.5/.well-known/openid-configuration'],
  ])('GIVEN %s WHEN judged by the L3 and by AGW5 THEN both reach the same verdict', (_name, url) => {
    const guardRefuses = AGW5.evaluate(jwtView({ DiscoveryUrl: url, AllowedClients: ['a'] })).status === 'NON_COMPLIANT';
    const create = build({ authorization: GatewayAuthorization.customJwt({ discoveryUrl: url, allowedClients: ['a'] }) });
    if (guardRefuses) expect(create).toThrow(/customJwt\.discoveryUrl: /);
    else expect(create).not.toThrow();
  });

  test('GIVEN no restriction WHEN judged by the L3 and by AGW6 THEN both refuse it', () => {
    expect(AGW6.evaluate(jwtView({ DiscoveryUrl: OK_URL })).status).toBe('NON_COMPLIANT');
    expect(build({ authorization: GatewayAuthorization.customJwt({ discoveryUrl: OK_URL }) })).toThrow(/customJwt: none of allowedAudience/);
  });
});

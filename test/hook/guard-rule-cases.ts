// The rule file's own cases: one gateway each, written as literals (what a Guard hook sees after
// CloudFormation resolved the template), many of them what a hostile or careless template could hold.
// `expected` lists the rule IDs both the engine and the rule file must report (empty: compliant).

const DISCOVERY_URL = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc/.well-known/openid-configuration';
const BASE = { Name: 'gw', ProtocolType: 'MCP', RoleArn: 'arn:aws:iam::111111111111:role/gw' };

export interface GuardRuleCase {
  readonly name: string;
  /** The gateway's Properties; `undefined` leaves the key out. */
  readonly properties: unknown;
  readonly expected: string[];
  /** Authorizer types allowed besides AWS_IAM and CUSTOM_JWT, in both the engine and the rule file. */
  readonly additionalAllowedAuthorizerTypes?: string[];
  /** Judge with allowAuthenticateOnlyWithEnforcedPolicyEngine, in both the engine and the rule file. */
  readonly allowAuthenticateOnlyWithEnforcedPolicyEngine?: boolean;
}

function jwt(authorizer: unknown): unknown {
  return { ...BASE, AuthorizerType: 'CUSTOM_JWT', AuthorizerConfiguration: { CustomJWTAuthorizer: authorizer } };
}

/** A discovery URL both judges must refuse (AGW5), and its secure twin, which both must accept. */
function discoveryUrlPair(what: string, insecure: string, secure: string): GuardRuleCase[] {
  return [
    { name: `discovery URL with ${what}`, properties: jwt({ DiscoveryUrl: insecure, AllowedClients: ['c1'] }), expected: ['AGW5'] },
    { name: `discovery URL with ${what}: the secure twin`, properties: jwt({ DiscoveryUrl: secure, AllowedClients: ['c1'] }), expected: [] },
  ];
}

const POLICY_ENGINE_ARN = 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:policy-engine/pe-1';

/** An AUTHENTICATE_ONLY gateway's cases, judged without and with allowAuthenticateOnlyWithEnforcedPolicyEngine. */
function authenticateOnlyCases(): GuardRuleCase[] {
  // AUTHENTICATE_ONLY still needs its JWT authorizer (AGW4 otherwise); the cases vary only the policy engine.
  const authorizer = { CustomJWTAuthorizer: { DiscoveryUrl: DISCOVERY_URL, AllowedClients: ['c1'] } };
  const gateway = (policyEngine?: unknown) => ({
    ...BASE,
    AuthorizerType: 'AUTHENTICATE_ONLY',
    AuthorizerConfiguration: authorizer,
    ...(policyEngine === undefined ? {} : { PolicyEngineConfiguration: policyEngine }),
  });
  const enforced = gateway({ Mode: 'ENFORCE', Arn: POLICY_ENGINE_ARN });
  const cases: Array<[string, unknown, string[]]> = [
    ['behind an enforcing policy engine', enforced, []],
    ['behind a LOG_ONLY policy engine', gateway({ Mode: 'LOG_ONLY', Arn: POLICY_ENGINE_ARN }), ['AGW8']],
    ['without a policy engine', gateway(), ['AGW8']],
    ['behind an ENFORCE policy engine without an Arn', gateway({ Mode: 'ENFORCE' }), ['AGW8']],
    ['behind an ENFORCE policy engine with a blank Arn', gateway({ Mode: 'ENFORCE', Arn: '  ' }), ['AGW8']],
    ['behind an ENFORCE policy engine with a list for its Arn', gateway({ Mode: 'ENFORCE', Arn: [POLICY_ENGINE_ARN] }), ['AGW8']],
    ['behind a lower-case enforce policy engine', gateway({ Mode: 'enforce', Arn: POLICY_ENGINE_ARN }), ['AGW8']],
  ];
  return [
    { name: 'AUTHENTICATE_ONLY behind an enforcing policy engine, without the option', properties: enforced, expected: ['AGW8'] },
    { name: 'AUTHENTICATE_ONLY behind a LOG_ONLY policy engine, without the option', properties: cases[1][1], expected: ['AGW8'] },
    ...cases.map(([what, properties, expected]) => ({
      name: `AUTHENTICATE_ONLY ${what}, with the option`,
      properties,
      expected,
      allowAuthenticateOnlyWithEnforcedPolicyEngine: true,
    })),
  ];
}

function withType(type: unknown): unknown {
  return { ...BASE, AuthorizerType: type };
}

export const GUARD_RULE_CASES: readonly GuardRuleCase[] = [
  // Authorizer types
  { name: 'AWS_IAM', properties: withType('AWS_IAM'), expected: [] },
  { name: 'CUSTOM_JWT with clients and scopes', properties: jwt({ DiscoveryUrl: DISCOVERY_URL, AllowedClients: ['c1'], AllowedScopes: ['gw/invoke'] }), expected: [] },
  { name: 'NONE', properties: withType('NONE'), expected: ['AGW1'] },
  { name: 'lower-case none', properties: withType('none'), expected: ['AGW3'] },
  { name: 'NONE with a trailing space', properties: withType('NONE '), expected: ['AGW3'] },
  { name: 'AWS_IAM with a leading space', properties: withType(' AWS_IAM'), expected: ['AGW3'] },
  { name: 'an empty authorizer type', properties: withType(''), expected: ['AGW3'] },
  // AUTHENTICATE_ONLY (AGW8): only with the option, and then only behind a literal ENFORCE policy engine with an Arn.
  ...authenticateOnlyCases(),
  {
    name: 'a future type, allowed',
    properties: withType('FUTURE_TYPE'),
    expected: [],
    additionalAllowedAuthorizerTypes: ['FUTURE_TYPE'],
  },
  { name: 'a future type, not allowed', properties: withType('FUTURE_TYPE'), expected: ['AGW3'] },
  { name: 'an invented type', properties: withType('MUTUAL_TLS'), expected: ['AGW3'] },
  { name: 'AuthorizerType missing', properties: BASE, expected: ['AGW2'] },
  { name: 'Properties missing', properties: undefined, expected: ['AGW2'] },
  { name: 'Properties empty', properties: {}, expected: ['AGW2'] },
  { name: 'AuthorizerType as a list of a valid type', properties: withType(['AWS_IAM']), expected: ['AGW2'] },
  { name: 'AuthorizerType as a list holding NONE', properties: withType(['NONE']), expected: ['AGW2'] },
  { name: 'AuthorizerType as an object', properties: withType({ Type: 'AWS_IAM' }), expected: ['AGW2'] },
  { name: 'AuthorizerType null', properties: withType(null), expected: ['AGW2'] },
  { name: 'AuthorizerType a number', properties: withType(1), expected: ['AGW2'] },
  { name: 'AuthorizerType a boolean', properties: withType(true), expected: ['AGW2'] },

  // The JWT configuration
  { name: 'CUSTOM_JWT without AuthorizerConfiguration', properties: withType('CUSTOM_JWT'), expected: ['AGW4'] },
  { name: 'CUSTOM_JWT with an empty AuthorizerConfiguration', properties: { ...BASE, AuthorizerType: 'CUSTOM_JWT', AuthorizerConfiguration: {} }, expected: ['AGW4'] },
  { name: 'CUSTOM_JWT with AuthorizerConfiguration a string', properties: { ...BASE, AuthorizerType: 'CUSTOM_JWT', AuthorizerConfiguration: 'jwt' }, expected: ['AGW4'] },
  { name: 'CustomJWTAuthorizer as a list', properties: jwt([{ DiscoveryUrl: DISCOVERY_URL, AllowedClients: ['c1'] }]), expected: ['AGW4'] },
  { name: 'CustomJWTAuthorizer null', properties: jwt(null), expected: ['AGW4'] },
  { name: 'CustomJWTAuthorizer empty', properties: jwt({}), expected: ['AGW5', 'AGW6'] },
  { name: 'AWS_IAM with a leftover JWT configuration', properties: { ...withType('AWS_IAM') as object, AuthorizerConfiguration: { CustomJWTAuthorizer: {} } }, expected: [] },

  // The discovery URL
  { name: 'http discovery URL', properties: jwt({ DiscoveryUrl: 'http://idp.example.com/.well-known/openid-configuration', AllowedClients: ['c1'] }), expected: ['AGW5'] },
  { name: 'discovery URL missing', properties: jwt({ AllowedClients: ['c1'] }), expected: ['AGW5'] },
  { name: 'discovery URL as a list', properties: jwt({ DiscoveryUrl: [DISCOVERY_URL], AllowedClients: ['c1'] }), expected: ['AGW5'] },
  { name: 'discovery URL as an object', properties: jwt({ DiscoveryUrl: { Url: DISCOVERY_URL }, AllowedClients: ['c1'] }), expected: ['AGW5'] },
  { name: 'discovery URL of the wrong document', properties: jwt({ DiscoveryUrl: 'https://idp.example.com/.well-known/jwks.json', AllowedClients: ['c1'] }), expected: ['AGW5'] },
  { name: 'discovery URL with a trailing slash', properties: jwt({ DiscoveryUrl: 'https://idp.example.com/.well-known/openid-configuration/', AllowedClients: ['c1'] }), expected: ['AGW5'] },
  { name: 'discovery URL with the suffix in the query', properties: jwt({ DiscoveryUrl: 'https://idp.example.com/?next=/.well-known/openid-configuration', AllowedClients: ['c1'] }), expected: ['AGW5'] },
  { name: 'discovery URL with the suffix in the fragment', properties: jwt({ DiscoveryUrl: 'https://idp.example.com/#/.well-known/openid-configuration', AllowedClients: ['c1'] }), expected: ['AGW5'] },
  { name: 'discovery URL without a host', properties: jwt({ DiscoveryUrl: '/.well-known/openid-configuration', AllowedClients: ['c1'] }), expected: ['AGW5'] },
  { name: 'discovery URL on another scheme', properties: jwt({ DiscoveryUrl: 'ftp://idp.example.com/.well-known/openid-configuration', AllowedClients: ['c1'] }), expected: ['AGW5'] },
  { name: 'discovery URL with a space in the host', properties: jwt({ DiscoveryUrl: 'https://idp example.com/.well-known/openid-configuration', AllowedClients: ['c1'] }), expected: ['AGW5'] },
  { name: 'discovery URL followed by a newline', properties: jwt({ DiscoveryUrl: `${DISCOVERY_URL}\n`, AllowedClients: ['c1'] }), expected: ['AGW5'] },
  { name: 'discovery URL with an upper-case scheme', properties: jwt({ DiscoveryUrl: 'HTTPS://idp.example.com/.well-known/openid-configuration', AllowedClients: ['c1'] }), expected: [] },
  { name: 'discovery URL with a port and a path', properties: jwt({ DiscoveryUrl: 'https://idp.example.com:8443/tenant/a/.well-known/openid-configuration', AllowedClients: ['c1'] }), expected: [] },

  // Spellings the WHATWG URL parser repairs (the engine used to accept them through new URL()), each with
  // its secure twin; and spellings the old rule-file pattern let through that no URL parser accepts.
  ...discoveryUrlPair('a leading space', ' https://idp.example.com/.well-known/openid-configuration', 'https://idp.example.com/.well-known/openid-configuration'),
  ...discoveryUrlPair('a leading tab', '\thttps://idp.example.com/.well-known/openid-configuration', 'https://idp.example.com/.well-known/openid-configuration'),
  ...discoveryUrlPair('a leading no-break space', '\u00a0https://idp.example.com/.well-known/openid-configuration', 'https://idp.example.com/.well-known/openid-configuration'),
  ...discoveryUrlPair('a newline inside the scheme', 'ht\ntps://idp.example.com/.well-known/openid-configuration', 'https://idp.example.com/.well-known/openid-configuration'),
  ...discoveryUrlPair('backslashes for slashes', 'https:\\\\idp.example.com\\tenant\\.well-known/openid-configuration', 'https://idp.example.com/tenant/.well-known/openid-configuration'),
  ...discoveryUrlPair('a backslash in the path', 'https://idp.example.com/tenant\\/.well-known/openid-configuration', 'https://idp.example.com/tenant/.well-known/openid-configuration'),
  ...discoveryUrlPair('one slash after the scheme', 'https:/idp.example.com/.well-known/openid-configuration', 'https://idp.example.com/.well-known/openid-configuration'),
  ...discoveryUrlPair('no slash after the scheme', 'https:idp.example.com/.well-known/openid-configuration', 'https://idp.example.com/.well-known/openid-configuration'),
  ...discoveryUrlPair('three slashes after the scheme', 'https:///idp.example.com/.well-known/openid-configuration', 'https://idp.example.com/.well-known/openid-configuration'),
  ...discoveryUrlPair('a tab inside the host', 'https://idp.exa\tmple.com/.well-known/openid-configuration', 'https://idp.example.com/.well-known/openid-configuration'),
  ...discoveryUrlPair('a byte-order mark inside the host', 'https://idp\ufeff.example.com/.well-known/openid-configuration', 'https://idp.example.com/.well-known/openid-configuration'),
  ...discoveryUrlPair('a space in the path', 'https://idp.example.com/tenant a/.well-known/openid-configuration', 'https://idp.example.com/tenant%20a/.well-known/openid-configuration'),
  ...discoveryUrlPair('user information before the host', 'https://idp.example.com@evil.example/.well-known/openid-configuration', 'https://idp.example.com/users/@me/.well-known/openid-configuration'),
  ...discoveryUrlPair('a host ending in a number', 'https://idp.example.999/.well-known/openid-configuration', 'https://10.0.0.5:8443/.well-known/openid-configuration'),
  ...discoveryUrlPair('a forbidden character in the host', 'https://idp<.example.com/.well-known/openid-configuration', 'https://IDP.Example.COM/.well-known/openid-configuration'),
  ...discoveryUrlPair('a host that is not ASCII', 'https://\u00eddp.example.com/.well-known/openid-configuration', 'https://xn--dp-0ma.example.com/.well-known/openid-configuration'),
  ...discoveryUrlPair('an empty port', 'https://idp.example.com:/.well-known/openid-configuration', 'https://idp.example.com:443/.well-known/openid-configuration'),

  // The restrictions
  { name: 'no restriction', properties: jwt({ DiscoveryUrl: DISCOVERY_URL }), expected: ['AGW6'] },
  { name: 'empty restriction lists', properties: jwt({ DiscoveryUrl: DISCOVERY_URL, AllowedAudience: [], AllowedClients: [], AllowedScopes: [], CustomClaims: [] }), expected: ['AGW6'] },
  { name: 'blank and white-space items', properties: jwt({ DiscoveryUrl: DISCOVERY_URL, AllowedAudience: [''], AllowedClients: [' ', '\t'], AllowedScopes: ['\n'] }), expected: ['AGW6'] },
  { name: 'Unicode white space and a byte-order mark', properties: jwt({ DiscoveryUrl: DISCOVERY_URL, AllowedClients: ['\u00a0', '\u3000\u2028', '\ufeff'] }), expected: ['AGW6'] },
  { name: 'a next-line character, which is not white space to trim()', properties: jwt({ DiscoveryUrl: DISCOVERY_URL, AllowedClients: ['\u0085'] }), expected: [] },
  { name: 'null and number items', properties: jwt({ DiscoveryUrl: DISCOVERY_URL, AllowedClients: [null, 7], AllowedScopes: [false] }), expected: ['AGW6'] },
  { name: 'a client ID written as a string, not a list', properties: jwt({ DiscoveryUrl: DISCOVERY_URL, AllowedClients: 'c1' }), expected: ['AGW6'] },
  { name: 'claims written as an object, not a list', properties: jwt({ DiscoveryUrl: DISCOVERY_URL, CustomClaims: { InboundTokenClaimName: 'tenant' } }), expected: ['AGW6'] },
  { name: 'one blank list and one real one', properties: jwt({ DiscoveryUrl: DISCOVERY_URL, AllowedAudience: [' '], AllowedScopes: ['gw/read'] }), expected: [] },
  { name: 'audience only', properties: jwt({ DiscoveryUrl: DISCOVERY_URL, AllowedAudience: ['api://gw'] }), expected: [] },
  {
    name: 'a custom claim only',
    properties: jwt({
      DiscoveryUrl: DISCOVERY_URL,
      CustomClaims: [{ InboundTokenClaimName: 'tenant', InboundTokenClaimValueType: 'STRING', AuthorizingClaimMatchValue: { ClaimMatchOperator: 'EQUALS', ClaimMatchValue: { MatchValueString: 'acme' } } }],
    }),
    expected: [],
  },
  { name: 'http and no restriction', properties: jwt({ DiscoveryUrl: 'http://idp.example.com/.well-known/openid-configuration' }), expected: ['AGW5', 'AGW6'] },
];

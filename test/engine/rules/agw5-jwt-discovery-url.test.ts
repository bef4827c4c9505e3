import { AGW5, checkDiscoveryUrl, DISCOVERY_URL_PATTERN_SOURCE } from '../../../src/engine/rules';
import { literalString, PartialString, Unknown } from '../../../src/engine/values';
import { DISCOVERY_URL, view } from '../fixtures';

function jwt(discoveryUrl: any) {
  return view({ AuthorizerType: 'CUSTOM_JWT', AuthorizerConfiguration: { CustomJWTAuthorizer: { DiscoveryUrl: discoveryUrl, AllowedClients: ['c'] } } });
}
const PATH = 'Properties.AuthorizerConfiguration.CustomJWTAuthorizer.DiscoveryUrl';

describe('AGW5 discovery URL', () => {
  test('GIVEN an https OpenID discovery URL WHEN evaluated THEN compliant', () => {
    expect(AGW5.evaluate(jwt(DISCOVERY_URL)).status).toBe('COMPLIANT');
  });

  test('GIVEN an http URL WHEN evaluated THEN non-compliant naming the scheme', () => {
    const result = AGW5.evaluate(jwt('http://idp.example.com/.well-known/openid-configuration'));
    expect(result.violations).toEqual([
      { message: "DiscoveryUrl 'http://idp.example.com/.well-known/openid-configuration' is not acceptable: it uses http instead of https.", propertyPath: PATH },
    ]);
  });

  test('GIVEN a URL that is not the discovery document WHEN evaluated THEN non-compliant', () => {
    expect(AGW5.evaluate(jwt('https://idp.example.com/jwks.json')).violations[0].message).toMatch(/it does not end with \/\.well-known\/openid-configuration/);
    expect(AGW5.evaluate(jwt('https://idp.example.com/.well-known/openid-configuration?x=1')).status).toBe('NON_COMPLIANT');
  });

  test('GIVEN something that is not a URL WHEN evaluated THEN non-compliant', () => {
    expect(AGW5.evaluate(jwt('not a url')).violations[0].message).toMatch(/it is not a valid URL/);
  });

  test('GIVEN no DiscoveryUrl WHEN evaluated THEN non-compliant', () => {
    expect(AGW5.evaluate(jwt(undefined)).violations[0].message).toBe('CustomJWTAuthorizer has no DiscoveryUrl.');
  });

  test('GIVEN https:// + token + literal suffix (what usingCognito renders) WHEN evaluated THEN compliant', () => {
    const url = new PartialString(['https://cognito-idp.', new Unknown('Ref AWS::Region', 'pseudo'), '/pool/.well-known/openid-configuration']);
    expect(AGW5.evaluate(jwt(url)).status).toBe('COMPLIANT');
  });

  test('GIVEN a URL whose scheme is a token WHEN evaluated THEN non-compliant and says why', () => {
    const url = new PartialString([new Unknown('Ref Scheme', 'parameter Scheme has no AllowedValues'), '://idp/.well-known/openid-configuration']);
    expect(AGW5.evaluate(jwt(url)).violations[0].message).toMatch(/it cannot be proven to start with https:\/\/ \(Ref Scheme: parameter Scheme has no AllowedValues\)/);
  });

  test('GIVEN a URL that is entirely a token WHEN evaluated THEN non-compliant', () => {
    expect(AGW5.evaluate(jwt(new Unknown('Fn::ImportValue Url', 'imported'))).violations[0].message).toBe(
      'DiscoveryUrl cannot be proven to be https: Fn::ImportValue Url: imported.',
    );
  });

  describe('spellings a URL parser would repair are not acceptable (the Guard rule file agrees)', () => {
    // new URL() accepts every one of these and cleans it up: drops leading white space, tabs and newlines,
    // reads '\' as '/', finds the host after 'https:/' or 'https:'. Another client may not; the guard does
    // not guess.
    test.each([
      ['a leading space', ' https://idp.example.com/.well-known/openid-configuration', /it is not a valid URL: it contains white space or a control character/],
      ['a leading tab', '\thttps://idp.example.com/.well-known/openid-configuration', /it is not a valid URL: it contains white space or a control character/],
      ['a newline inside the scheme', 'ht\ntps://idp.example.com/.well-known/openid-configuration', /it is not a valid URL: it contains white space or a control character/],
      ['backslashes for slashes', 'https:\\\\idp.example.com/.well-known/openid-configuration', /it contains a backslash, which a URL parser would silently read as '\/'/],
      ['a backslash in the path', 'https://idp.example.com/tenant\\/.well-known/openid-configuration', /it contains a backslash/],
      ['one slash after the scheme', 'https:/idp.example.com/.well-known/openid-configuration', /it does not continue with '\/\/' after https:/],
      ['no slash after the scheme', 'https:idp.example.com/.well-known/openid-configuration', /it does not continue with '\/\/' after https:/],
      ['three slashes after the scheme', 'https:///idp.example.com/.well-known/openid-configuration', /its host '' is not a DNS name or an IPv4 address/],
      ['a tab inside the host', 'https://idp.exa\tmple.com/.well-known/openid-configuration', /it contains white space or a control character/],
      ['a byte-order mark inside the host', 'https://idp\ufeff.example.com/.well-known/openid-configuration', /it contains characters outside ASCII/],
      ['a space in the path', 'https://idp.example.com/tenant a/.well-known/openid-configuration', /it contains white space/],
      ['user information before the host', 'https://idp.example.com@evil.example/.well-known/openid-configuration', /it puts user information before the host \(user@host\)/],
      ['an empty port', 'https://idp.example.com:/.well-known/openid-configuration', /its host 'idp\.example\.com:' is not a DNS name/],
      ['a host that is not ASCII', 'https://ídp.example.com/.well-known/openid-configuration', /it contains characters outside ASCII \(write an international host in punycode/],
    ])('GIVEN %s WHEN evaluated THEN non-compliant, saying why', (_what, url, reason) => {
      expect(() => new URL(url)).not.toThrow();
      const result = AGW5.evaluate(jwt(url));
      expect(result.status).toBe('NON_COMPLIANT');
      expect(result.violations).toEqual([{ message: expect.stringMatching(reason), propertyPath: PATH }]);
    });

    // The URL parser refuses these; the Guard rule file's old pattern let them through.
    test.each([
      ['a leading no-break space', '\u00a0https://idp.example.com/.well-known/openid-configuration', /it is not a valid URL: it contains characters outside ASCII/],
      ['a host ending in a number', 'https://idp.example.999/.well-known/openid-configuration', /its host 'idp\.example\.999' is not a DNS name or an IPv4 address/],
      ['a forbidden character in the host', 'https://idp<.example.com/.well-known/openid-configuration', /it contains characters a URL must percent-encode/],
    ])('GIVEN %s WHEN evaluated THEN non-compliant, saying why', (_what, url, reason) => {
      expect(() => new URL(url)).toThrow();
      expect(AGW5.evaluate(jwt(url)).violations).toEqual([{ message: expect.stringMatching(reason), propertyPath: PATH }]);
    });

    test.each([
      ['an upper-case host', 'https://IDP.Example.COM/.well-known/openid-configuration'],
      ['an IPv4 address and a port', 'https://10.0.0.5:8443/realms/agents/.well-known/openid-configuration'],
      ['a host in punycode', 'https://xn--dp-0ma.example.com/.well-known/openid-configuration'],
      ['a percent-encoded path', 'https://idp.example.com/tenant%20a/.well-known/openid-configuration'],
      ['an @ in the path', 'https://idp.example.com/users/@me/.well-known/openid-configuration'],
      ['a single-label host', 'https://keycloak/.well-known/openid-configuration'],
    ])('GIVEN the secure twin with %s WHEN evaluated THEN compliant', (_what, url) => {
      expect(AGW5.evaluate(jwt(url)).status).toBe('COMPLIANT');
    });

    test('GIVEN the shared pattern THEN it is plain ASCII, so JavaScript and Guard read it alike', () => {
      expect(DISCOVERY_URL_PATTERN_SOURCE).toMatch(/^[\x21-\x7e]+$/);
      expect(DISCOVERY_URL_PATTERN_SOURCE).not.toMatch(/\\[sdwpu]/i);
    });
  });

  describe('the literal parts of a URL built at deploy time', () => {
    test('GIVEN https:// with user information before a token WHEN evaluated THEN non-compliant', () => {
      const url = new PartialString(['https://me@', new Unknown('Ref Domain', 'parameter'), '/.well-known/openid-configuration']);
      expect(AGW5.evaluate(jwt(url)).violations[0].message).toMatch(/it puts user information before the host/);
    });

    test('GIVEN a literal part with a space or a backslash WHEN evaluated THEN non-compliant', () => {
      const spaced = new PartialString(['https://', new Unknown('Ref Domain', 'parameter'), ' /.well-known/openid-configuration']);
      expect(AGW5.evaluate(jwt(spaced)).violations[0].message).toMatch(/it contains white space/);
      const slashed = new PartialString(['https://', new Unknown('Ref Domain', 'parameter'), '\\tenant/.well-known/openid-configuration']);
      expect(AGW5.evaluate(jwt(slashed)).violations[0].message).toMatch(/it contains a backslash/);
    });

    test('GIVEN an @ in the literal path before a token WHEN evaluated THEN compliant: only the host part before the first / is user information', () => {
      const url = new PartialString(['https://idp.example.com/users/@me/', new Unknown('Ref Tenant', 'parameter'), '/.well-known/openid-configuration']);
      expect(AGW5.evaluate(jwt(url)).status).toBe('COMPLIANT');
    });

    test('GIVEN a token first WHEN evaluated THEN the scheme cannot be proven, and nothing else is guessed about the token', () => {
      const url = new PartialString([new Unknown('Ref IssuerUrl', 'a parameter without AllowedValues'), '/.well-known/openid-configuration']);
      expect(AGW5.evaluate(jwt(url)).violations).toEqual([{
        message: 'DiscoveryUrl ${Ref IssuerUrl}/.well-known/openid-configuration is not acceptable: it cannot be proven to start with https:// ' +
          '(Ref IssuerUrl: a parameter without AllowedValues).',
        propertyPath: PATH,
      }]);
    });

    test('GIVEN "https://" in the middle of the first literal part WHEN evaluated THEN it is not read as the scheme (no user information guessed)', () => {
      const url = new PartialString(['me@idp/https://idp.example.com/', new Unknown('Ref Tenant', 'parameter'), '/.well-known/openid-configuration']);
      expect(AGW5.evaluate(jwt(url)).violations[0].message).toBe(
        'DiscoveryUrl me@idp/https://idp.example.com/${Ref Tenant}/.well-known/openid-configuration is not acceptable: ' +
          'it cannot be proven to start with https:// (Ref Tenant: parameter).',
      );
    });

    test('GIVEN an @ in the literal path after a token WHEN checked THEN no syntax problem (a path may hold @)', () => {
      expect(checkDiscoveryUrl(new PartialString(['https://', new Unknown('Ref Domain', 'parameter'), '/users/@me/.well-known/openid-configuration']))).toEqual({
        https: true,
        wellKnownSuffix: true,
        syntaxProblem: undefined,
      });
    });
  });

  test('GIVEN AWS_IAM or NONE with a leftover CustomJWTAuthorizer (http URL) WHEN evaluated THEN not applicable: only JWT types use it', () => {
    const leftover = { AuthorizerConfiguration: { CustomJWTAuthorizer: { DiscoveryUrl: 'http://idp.example.com/.well-known/openid-configuration' } } };
    expect(AGW5.evaluate(view({ AuthorizerType: 'AWS_IAM', ...leftover })).status).toBe('NOT_APPLICABLE');
    expect(AGW5.evaluate(view({ AuthorizerType: 'NONE', ...leftover })).status).toBe('NOT_APPLICABLE');
    expect(AGW5.evaluate(view({ AuthorizerType: 'CUSTOM_JWT', ...leftover })).status).toBe('NON_COMPLIANT');
  });

  test('GIVEN AWS_IAM or CUSTOM_JWT without configuration WHEN evaluated THEN not applicable', () => {
    expect(AGW5.evaluate(view({ AuthorizerType: 'AWS_IAM' })).status).toBe('NOT_APPLICABLE');
    expect(AGW5.evaluate(view({ AuthorizerType: 'CUSTOM_JWT' })).status).toBe('NOT_APPLICABLE');
  });

  describe('a URL partly known at synth time', () => {
    const token = new Unknown('Ref Domain', 'parameter Domain has no AllowedValues');
    const suffix = '/.well-known/openid-configuration';

    test.each([
      ['http:// + token + suffix', ['http://', token, suffix], false, true],
      ['a prefix of https:// + token + suffix', ['ht', token, suffix], undefined, true],
      ['HTTPS:// in capitals + token + suffix', ['HTTPS://', token, suffix], true, true],
      ['https:// + token + another path', ['https://', token, '/jwks.json'], true, false],
      ['https:// + token + the tail of the suffix', ['https://', token, 'openid-configuration'], true, undefined],
      ['https:// + token at the end', ['https://', token], true, undefined],
      ['token + suffix', [token, suffix], undefined, true],
      ['https:// after other text + token + suffix', ['xhttps://', token, suffix], false, true],
    ])('GIVEN %s WHEN checked THEN https and the suffix are each proven, disproven or open', (_name, parts, https, wellKnownSuffix) => {
      expect(checkDiscoveryUrl(new PartialString(parts as Array<string | Unknown>))).toEqual({ https, wellKnownSuffix });
    });

    test('GIVEN http:// + token + suffix WHEN evaluated THEN non-compliant: the literal scheme is not https', () => {
      const result = AGW5.evaluate(jwt(new PartialString(['http://', token, suffix])));
      expect(result.violations).toEqual([
        {
          message:
            'DiscoveryUrl http://${Ref Domain}/.well-known/openid-configuration is not acceptable: it cannot be proven to start with https:// (Ref Domain: parameter Domain has no AllowedValues).',
          propertyPath: PATH,
        },
      ]);
    });

    test('GIVEN https:// + token + a path that is not the discovery document WHEN evaluated THEN non-compliant for the suffix alone', () => {
      expect(AGW5.evaluate(jwt(new PartialString(['https://', token, '/jwks.json']))).violations[0].message).toBe(
        'DiscoveryUrl https://${Ref Domain}/jwks.json is not acceptable: it cannot be proven to end with /.well-known/openid-configuration.',
      );
      expect(AGW5.evaluate(jwt(new PartialString(['https://', token]))).status).toBe('NON_COMPLIANT');
    });

    test('GIVEN neither end proven WHEN evaluated THEN both problems are named', () => {
      expect(AGW5.evaluate(jwt(new PartialString([token, '/x']))).violations[0].message).toBe(
        'DiscoveryUrl ${Ref Domain}/x is not acceptable: it cannot be proven to start with https:// (Ref Domain: parameter Domain has no AllowedValues); ' +
          'it cannot be proven to end with /.well-known/openid-configuration.',
      );
    });
  });

  describe('a literal URL', () => {
    test.each([
      ['https://idp.example.com/.well-known/openid-configuration', { https: true, scheme: 'https', syntaxProblem: undefined, wellKnownSuffix: true }],
      ['HTTPS://idp.example.com/.well-known/openid-configuration', { https: true, scheme: 'HTTPS', syntaxProblem: undefined, wellKnownSuffix: true }],
      ['https://idp.example.com/.well-known/openid-configuration#x', { https: true, scheme: 'https', syntaxProblem: 'it has a query or a fragment (? or #)', wellKnownSuffix: false }],
      ['ftp://idp.example.com/.well-known/openid-configuration', { https: false, scheme: 'ftp', syntaxProblem: 'it is not of the form https://<host>[:<port>]/<path>/.well-known/openid-configuration', wellKnownSuffix: true }],
      ['file:///.well-known/openid-configuration', { https: false, scheme: 'file', syntaxProblem: 'it is not of the form https://<host>[:<port>]/<path>/.well-known/openid-configuration', wellKnownSuffix: true }],
      ['https//idp/.well-known/openid-configuration', { https: false, scheme: undefined, syntaxProblem: 'it is not of the form https://<host>[:<port>]/<path>/.well-known/openid-configuration', wellKnownSuffix: true }],
      ['https://', { https: true, scheme: 'https', syntaxProblem: "its host '' is not a DNS name or an IPv4 address (with an optional port)", wellKnownSuffix: false }],
      // A good host with a path that is not the discovery document: the host is not blamed.
      ['https://idp.example.com/keys', { https: true, scheme: 'https', syntaxProblem: 'it is not of the form https://<host>[:<port>]/<path>/.well-known/openid-configuration', wellKnownSuffix: false }],
      // "https://" in the middle is not the scheme: what precedes it is not user information of a host.
      ['me@idp/https://idp.example.com/.well-known/openid-configuration', {
        https: false,
        scheme: undefined,
        syntaxProblem: 'it is not of the form https://<host>[:<port>]/<path>/.well-known/openid-configuration',
        wellKnownSuffix: true,
      }],
      ['see https://idp/.well-known/openid-configuration', {
        https: false,
        scheme: undefined,
        syntaxProblem: 'it contains white space or a control character, which a URL parser would silently drop or encode',
        wellKnownSuffix: true,
      }],
    ])('GIVEN %s WHEN checked THEN %j', (url, check) => {
      expect(checkDiscoveryUrl(url)).toEqual(check);
    });

    test('GIVEN several faults WHEN evaluated THEN each is named, in order', () => {
      expect(AGW5.evaluate(jwt('file:///keys')).violations[0].message).toBe(
        "DiscoveryUrl 'file:///keys' is not acceptable: it uses file instead of https; it does not end with /.well-known/openid-configuration.",
      );
    });

    test('GIVEN a value that is not a string WHEN evaluated THEN non-compliant and says what it is', () => {
      expect(AGW5.evaluate(jwt(['https://idp/.well-known/openid-configuration'])).violations[0].message).toBe(
        'DiscoveryUrl ["https://idp/.well-known/openid-configuration"] is not acceptable: it is not a string (["https://idp/.well-known/openid-configuration"]).',
      );
    });
  });

  test('GIVEN a dynamic reference in the middle of a literal URL WHEN evaluated THEN only its literal ends are judged', () => {
    const url = literalString('https://{{resolve:ssm:/idp/host}}/.well-known/openid-configuration');
    expect(AGW5.evaluate(jwt(url)).status).toBe('COMPLIANT');
    expect(AGW5.evaluate(jwt(literalString('{{resolve:ssm:/idp/url}}'))).violations[0].message).toBe(
      'DiscoveryUrl ${{{resolve:ssm:/idp/url}}} is not acceptable: it cannot be proven to start with https:// ' +
        '({{resolve:ssm:/idp/url}}: a dynamic reference is resolved by CloudFormation at deploy time); it cannot be proven to end with /.well-known/openid-configuration.',
    );
  });
});

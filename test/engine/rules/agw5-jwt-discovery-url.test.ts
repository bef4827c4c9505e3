import { AGW5 } from '../../../src/engine/rules';
import { PartialString, Unknown } from '../../../src/engine/values';
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

  test('GIVEN AWS_IAM or CUSTOM_JWT without configuration WHEN evaluated THEN not applicable', () => {
    expect(AGW5.evaluate(view({ AuthorizerType: 'AWS_IAM' })).status).toBe('NOT_APPLICABLE');
    expect(AGW5.evaluate(view({ AuthorizerType: 'CUSTOM_JWT' })).status).toBe('NOT_APPLICABLE');
  });
});

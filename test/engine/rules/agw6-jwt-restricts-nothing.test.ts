import { AGW6 } from '../../../src/engine/rules';
import { Unknown } from '../../../src/engine/values';
import { DISCOVERY_URL, view } from '../fixtures';

function jwt(restrictions: any) {
  return view({ AuthorizerType: 'CUSTOM_JWT', AuthorizerConfiguration: { CustomJWTAuthorizer: { DiscoveryUrl: DISCOVERY_URL, ...restrictions } } });
}

describe('AGW6 CUSTOM_JWT restricts nothing', () => {
  test('GIVEN no audience, clients, scopes or claims WHEN evaluated THEN non-compliant', () => {
    const result = AGW6.evaluate(jwt({}));
    expect(result.status).toBe('NON_COMPLIANT');
    expect(result.violations).toEqual([
      {
        message: 'CustomJWTAuthorizer restricts no token: none of AllowedAudience, AllowedClients, AllowedScopes, CustomClaims is a list with at least one item.',
        propertyPath: 'Properties.AuthorizerConfiguration.CustomJWTAuthorizer',
      },
    ]);
  });

  test('GIVEN only empty lists WHEN evaluated THEN non-compliant and names them', () => {
    const result = AGW6.evaluate(jwt({ AllowedClients: [], AllowedScopes: [''] }));
    expect(result.violations[0].message).toMatch(/\(AllowedClients is an empty list; AllowedScopes holds only empty items \(\[""\]\)\)\.$/);
  });

  test('GIVEN a list that is only known at deploy time WHEN evaluated THEN non-compliant and says why', () => {
    const result = AGW6.evaluate(jwt({ AllowedClients: new Unknown('Ref Clients', 'list parameter Clients is only known at deploy time') }));
    expect(result.violations[0].message).toMatch(/AllowedClients cannot be proven non-empty: Ref Clients: list parameter Clients is only known at deploy time/);
  });

  test.each([
    ['AllowedAudience', ['aud']],
    ['AllowedClients', [new Unknown('Ref Client', 'resource')]],
    ['AllowedScopes', ['gw/invoke']],
    ['CustomClaims', [{ InboundTokenClaimName: 'dept' }]],
  ])('GIVEN %s with an item WHEN evaluated THEN compliant', (name, list) => {
    expect(AGW6.evaluate(jwt({ [name]: list })).status).toBe('COMPLIANT');
  });

  test('GIVEN a Fn::Split list (never empty) WHEN evaluated THEN compliant', () => {
    expect(AGW6.evaluate(jwt({ AllowedClients: new Unknown('Fn::Split', 'x', true) })).status).toBe('COMPLIANT');
  });

  test('GIVEN AWS_IAM WHEN evaluated THEN not applicable', () => {
    expect(AGW6.evaluate(view({ AuthorizerType: 'AWS_IAM' })).status).toBe('NOT_APPLICABLE');
  });
});

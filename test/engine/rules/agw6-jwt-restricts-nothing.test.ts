import { AGW6, judgeRestrictions, restrictionCount } from '../../../src/engine/rules';
import { restrictionState } from '../../../src/engine/rules/agw6-jwt-restricts-nothing';
import { PartialString, Unknown } from '../../../src/engine/values';
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

  test.each([
    ['white space only', ['  ', '\t'], 'AllowedClients holds only empty items (["  ","\\t"])'],
    ['items that are not strings', [42, null, true], 'AllowedClients holds only empty items ([42,null,true])'],
  ])('GIVEN a list of %s WHEN evaluated THEN it restricts nothing', (_name, list, note) => {
    expect(AGW6.evaluate(jwt({ AllowedClients: list })).violations[0].message).toBe(
      `CustomJWTAuthorizer restricts no token: none of AllowedAudience, AllowedClients, AllowedScopes, CustomClaims is a list with at least one item (${note}).`,
    );
  });

  test('GIVEN one real item among empty ones WHEN evaluated THEN the list restricts (one is enough)', () => {
    expect(AGW6.evaluate(jwt({ AllowedClients: ['', ' ', 'client-1'] })).status).toBe('COMPLIANT');
    expect(restrictionCount(['', ' ', 'client-1', new Unknown('Ref C', 'x'), { Claim: 1 }, 7])).toBe(3);
  });

  test('GIVEN a value that is not a list WHEN evaluated THEN it restricts nothing, and says what it is', () => {
    expect(AGW6.evaluate(jwt({ AllowedClients: 'client-1', AllowedScopes: { scope: 'x' } })).violations[0].message).toBe(
      'CustomJWTAuthorizer restricts no token: none of AllowedAudience, AllowedClients, AllowedScopes, CustomClaims is a list with at least one item ' +
        '(AllowedClients is not a list (\'client-1\'); AllowedScopes is not a list ({"scope":"x"})).',
    );
    expect(restrictionCount('client-1')).toBeUndefined();
  });

  test('GIVEN a list with a partly known item or a nested list WHEN evaluated THEN that item is a restriction', () => {
    expect(AGW6.evaluate(jwt({ AllowedScopes: [new PartialString(['gw/', new Unknown('Ref Env', 'x')])] })).status).toBe('COMPLIANT');
    expect(AGW6.evaluate(jwt({ CustomClaims: [['dept']] })).status).toBe('COMPLIANT');
  });

  test('GIVEN the first restriction empty and a later one set WHEN judged THEN it restricts and lists no notes', () => {
    expect(judgeRestrictions({ AllowedAudience: [], CustomClaims: [{ c: 1 }] })).toEqual({ restricts: true, fields: [] });
    expect(judgeRestrictions({ AllowedAudience: [] })).toEqual({
      restricts: false,
      fields: [{ name: 'AllowedAudience', note: 'is an empty list' }, { name: 'AllowedClients' }, { name: 'AllowedScopes' }, { name: 'CustomClaims' }],
    });
  });

  test.each([
    ['absent', undefined, { restricts: false }],
    ['an empty list', [], { restricts: false, note: 'is an empty list' }],
    ['a list with an item', ['c'], { restricts: true }],
    ['a list known to be non-empty', new Unknown('Fn::Split', 'x', true), { restricts: true }],
  ])('GIVEN a restriction that is %s WHEN judged THEN %j', (_name, list, state) => {
    expect(restrictionState(list as never)).toEqual(state);
  });

  test('GIVEN CUSTOM_JWT without a CustomJWTAuthorizer, or with one only known at deploy time WHEN evaluated THEN not applicable: AGW4 reports it, once', () => {
    expect(AGW6.evaluate(view({ AuthorizerType: 'CUSTOM_JWT' })).status).toBe('NOT_APPLICABLE');
    expect(AGW6.evaluate(view({ AuthorizerType: 'CUSTOM_JWT', AuthorizerConfiguration: new Unknown('Ref Auth', 'parameter') })).status).toBe('NOT_APPLICABLE');
  });
});

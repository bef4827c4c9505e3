import { authorizerTypeProblems, resolveGuardOptions } from '../../src/engine/guard-options';

describe('the guard options validator', () => {
  test('GIVEN authorizer types WHEN validated THEN NONE and AUTHENTICATE_ONLY (in any case) and malformed types are problems, with their position', () => {
    expect(authorizerTypeProblems(['AUTHENTICATE_ONLY', 'none', 'bad type', ' NONE', 42, 'authenticate_only '])).toEqual([
      { index: 0, value: 'AUTHENTICATE_ONLY', kind: 'authenticate-only' },
      { index: 1, value: 'none', kind: 'none' },
      { index: 2, value: 'bad type', kind: 'malformed' },
      { index: 3, value: ' NONE', kind: 'none' },
      { index: 4, value: 42, kind: 'malformed' },
      { index: 5, value: 'authenticate_only ', kind: 'authenticate-only' },
    ]);
    expect(authorizerTypeProblems(['FUTURE_TYPE', 'FUTURE_TYPE_2'])).toEqual([]);
  });

  test('GIVEN NONE or AUTHENTICATE_ONLY passed to the engine anyway WHEN resolved THEN they are dropped and cannot widen what passes', () => {
    expect(resolveGuardOptions({ additionalAllowedAuthorizerTypes: ['NONE', 'AUTHENTICATE_ONLY', 'FUTURE_TYPE'] })).toEqual({
      additionalAllowedAuthorizerTypes: ['FUTURE_TYPE'],
      allowExemptions: false,
      allowAuthenticateOnlyWithEnforcedPolicyEngine: false,
    });
  });

  test('GIVEN the AUTHENTICATE_ONLY option WHEN resolved THEN it is kept as given', () => {
    expect(resolveGuardOptions({ allowAuthenticateOnlyWithEnforcedPolicyEngine: true }).allowAuthenticateOnlyWithEnforcedPolicyEngine).toBe(true);
  });
});

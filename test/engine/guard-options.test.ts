import { authorizerTypeProblems, resolveGuardOptions } from '../../src/engine/guard-options';

describe('the guard options validator', () => {
  test('GIVEN authorizer types WHEN validated THEN NONE (in any case) and malformed types are problems, with their position', () => {
    expect(authorizerTypeProblems(['AUTHENTICATE_ONLY', 'none', 'bad type', ' NONE', 42])).toEqual([
      { index: 1, value: 'none', kind: 'none' },
      { index: 2, value: 'bad type', kind: 'malformed' },
      { index: 3, value: ' NONE', kind: 'none' },
      { index: 4, value: 42, kind: 'malformed' },
    ]);
    expect(authorizerTypeProblems(['AUTHENTICATE_ONLY', 'FUTURE_TYPE_2'])).toEqual([]);
  });

  test('GIVEN NONE passed to the engine anyway WHEN resolved THEN it is dropped and cannot widen what passes', () => {
    expect(resolveGuardOptions({ additionalAllowedAuthorizerTypes: ['NONE', 'AUTHENTICATE_ONLY'] })).toEqual({
      additionalAllowedAuthorizerTypes: ['AUTHENTICATE_ONLY'],
      allowExemptions: false,
      allowedTemplateUrlPrefixes: [],
    });
  });
});

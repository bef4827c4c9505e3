import { KNOWN_AUTHORIZER_TYPES } from '../../src/engine/constants';
import {
  addPolicyAuthorizerTypeProblems,
  allowedAuthorizerTypes,
  authorizerTypeProblems,
  DEFAULT_ALLOWED_AUTHORIZER_TYPES,
  resolveGuardOptions,
} from '../../src/engine/guard-options';
import { PropErrors } from '../../src/engine/prop-errors';

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
    });
  });
});

describe('the authorizer types the policies allow', () => {
  test('GIVEN no options THEN exactly the types whose guarantees the guard knows (AGW3), NONE excluded', () => {
    expect(allowedAuthorizerTypes()).toEqual(['AWS_IAM', 'CUSTOM_JWT']);
    expect([...DEFAULT_ALLOWED_AUTHORIZER_TYPES].sort()).toEqual(KNOWN_AUTHORIZER_TYPES.filter((t) => t !== 'NONE').sort());
  });

  test('GIVEN additional types, repeated, and NONE slipped in THEN the defaults first, each type once, never NONE', () => {
    expect(allowedAuthorizerTypes({ additionalAllowedAuthorizerTypes: ['AUTHENTICATE_ONLY', 'AWS_IAM', 'NONE', 'AUTHENTICATE_ONLY'] })).toEqual([
      'AWS_IAM',
      'CUSTOM_JWT',
      'AUTHENTICATE_ONLY',
    ]);
  });

  test('GIVEN a type of 64 characters THEN accepted; of 65 THEN malformed (the policies quote it in their own languages)', () => {
    expect(authorizerTypeProblems(['A'.repeat(64)])).toEqual([]);
    expect(authorizerTypeProblems(['A'.repeat(65)])).toEqual([{ index: 0, value: 'A'.repeat(65), kind: 'malformed' }]);
  });

  test('GIVEN problems WHEN worded for the policies THEN each names the field and position, the rule and the fix', () => {
    const errors = new PropErrors();
    addPolicyAuthorizerTypeProblems(['AUTHENTICATE_ONLY', 'none', "AWS_IAM'] or true"], errors);
    expect(errors.messages).toEqual([
      'additionalAllowedAuthorizerTypes[1]: "none" makes a gateway a public endpoint and is never allowed. ' +
        'Fix: remove it; give the gateway AWS_IAM or CUSTOM_JWT authorization instead',
      'additionalAllowedAuthorizerTypes[2]: "AWS_IAM\'] or true" is not an authorizer type name (upper-case letters, digits and ' +
        'underscores, starting with a letter, at most 64 characters). Fix: write the type as CloudFormation spells it, e.g. AUTHENTICATE_ONLY',
    ]);
  });
});

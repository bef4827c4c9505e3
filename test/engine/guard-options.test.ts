import { KNOWN_AUTHORIZER_TYPES } from '../../src/engine/constants';
import {
  addPolicyAuthorizerTypeProblems,
  allowedAuthorizerTypes,
  authorizerTypeProblems,
  DEFAULT_ALLOWED_AUTHORIZER_TYPES,
  resolveGuardOptions,
  templateUrlPrefixProblems,
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
      allowedTemplateUrlPrefixes: [],
    });
  });

  test('GIVEN template URL prefixes WHEN validated THEN each unusable one names its problem and the fix', () => {
    const problems = templateUrlPrefixProblems([
      'https://templates.example.com/vetted/',
      's3://shared-templates/',
      'https://templates.example.com',
      'http://templates.example.com/',
      'not a url',
      'https://user:pw@templates.example.com/',
      'https://templates.example.com/a/../b/',
      'https://Templates.Example.com/',
      7,
    ]);
    expect(problems.map((p) => [p.index, p.problem])).toEqual([
      [2, "'https://templates.example.com' must end with / so that it names a folder and cannot match another host or folder"],
      [3, "'http://templates.example.com/' must start with https:// (or s3:// for AWS::Include)"],
      [4, "'not a url' is not a URL"],
      [5, "'https://user:pw@templates.example.com/' must not hold credentials, a query or a fragment"],
      [6, "'https://templates.example.com/a/../b/' is not written in normal form"],
      [7, "'https://Templates.Example.com/' is not written in normal form"],
      [8, 'is not a string'],
    ]);
    expect(problems[4].fix).toBe("write 'https://templates.example.com/b/'");
  });

  test('GIVEN an unusable prefix passed to the engine anyway WHEN resolved THEN it is dropped', () => {
    expect(resolveGuardOptions({ allowedTemplateUrlPrefixes: ['https://templates.example.com', 'https://templates.example.com/ok/'] }).allowedTemplateUrlPrefixes).toEqual([
      'https://templates.example.com/ok/',
    ]);
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

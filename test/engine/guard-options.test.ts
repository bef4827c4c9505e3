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
      allowedTemplateUrlPrefixes: [],
    });
  });

  test('GIVEN the AUTHENTICATE_ONLY option WHEN resolved THEN it is kept as given', () => {
    expect(resolveGuardOptions({ allowAuthenticateOnlyWithEnforcedPolicyEngine: true }).allowAuthenticateOnlyWithEnforcedPolicyEngine).toBe(true);
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
  test('GIVEN no options THEN exactly the types whose guarantees the guard knows (AGW3), NONE and AUTHENTICATE_ONLY (AGW8) excluded', () => {
    expect(allowedAuthorizerTypes()).toEqual(['AWS_IAM', 'CUSTOM_JWT']);
    expect([...DEFAULT_ALLOWED_AUTHORIZER_TYPES].sort()).toEqual(KNOWN_AUTHORIZER_TYPES.filter((t) => t !== 'NONE' && t !== 'AUTHENTICATE_ONLY').sort());
  });

  test('GIVEN additional types, repeated, and NONE and AUTHENTICATE_ONLY slipped in THEN the defaults first, each type once, never NONE nor AUTHENTICATE_ONLY', () => {
    expect(
      allowedAuthorizerTypes({ additionalAllowedAuthorizerTypes: ['FUTURE_TYPE', 'AWS_IAM', 'NONE', 'FUTURE_TYPE', 'AUTHENTICATE_ONLY'] }),
    ).toEqual(['AWS_IAM', 'CUSTOM_JWT', 'FUTURE_TYPE']);
  });

  test('GIVEN a type of 64 characters THEN accepted; of 65 THEN malformed (the policies quote it in their own languages)', () => {
    expect(authorizerTypeProblems(['A'.repeat(64)])).toEqual([]);
    expect(authorizerTypeProblems(['A'.repeat(65)])).toEqual([{ index: 0, value: 'A'.repeat(65), kind: 'malformed' }]);
  });

  test('GIVEN problems WHEN worded for the policies THEN each names the field and position, the rule and the fix', () => {
    const errors = new PropErrors();
    addPolicyAuthorizerTypeProblems(['FUTURE_TYPE', 'none', "AWS_IAM'] or true", 'AUTHENTICATE_ONLY'], errors);
    expect(errors.messages).toEqual([
      'additionalAllowedAuthorizerTypes[1]: "none" makes a gateway a public endpoint and is never allowed. ' +
        'Fix: remove it; give the gateway AWS_IAM or CUSTOM_JWT authorization instead',
      'additionalAllowedAuthorizerTypes[2]: "AWS_IAM\'] or true" is not an authorizer type name (upper-case letters, digits and ' +
        'underscores, starting with a letter, at most 64 characters). Fix: write the type as CloudFormation spells it, e.g. CUSTOM_JWT',
      'additionalAllowedAuthorizerTypes[3]: "AUTHENTICATE_ONLY" would let AUTHENTICATE_ONLY gateways through without checking the policy ' +
        'engine in ENFORCE mode that authorizes their calls (rule AGW8). Fix: remove it (the policy then refuses AUTHENTICATE_ONLY gateways); ' +
        "give such a gateway AWS_IAM or CUSTOM_JWT authorization, or judge it with RequireGatewayAuthorization's " +
        'allowAuthenticateOnlyWithEnforcedPolicyEngine instead',
    ]);
  });
});

describe('the guard options validator, entry by entry', () => {
  const example = "e.g. 'https://my-templates.s3.eu-west-1.amazonaws.com/vetted/'";

  test('GIVEN an entry that is not a string but prints as a type name WHEN validated THEN it is malformed all the same', () => {
    const entries: unknown[] = [['FUTURE_TYPE'], { toString: () => 'FUTURE_TYPE' }];
    expect(authorizerTypeProblems(entries)).toEqual([
      { index: 0, value: entries[0], kind: 'malformed' },
      { index: 1, value: entries[1], kind: 'malformed' },
    ]);
  });

  test.each<[string, unknown, string, string]>([
    ['a number', 7, 'is not a string', `give the prefix as a string, ${example}`],
    ['text that is no URL', 'not a url', "'not a url' is not a URL", `give a URL prefix, ${example}`],
    ['an http URL', 'http://t.example.com/', "'http://t.example.com/' must start with https:// (or s3:// for AWS::Include)", example],
    ['an s3 URL without a bucket', 's3:///vetted/', "'s3:///vetted/' has no host", example],
    ['an s3 URL without a bucket or slashes', 's3:/vetted/', "'s3:/vetted/' has no host", example],
    ['a user name', 'https://user@t.example.com/', "'https://user@t.example.com/' must not hold credentials, a query or a fragment", 'give the folder only, ending with /'],
    ['a password', 'https://:pw@t.example.com/', "'https://:pw@t.example.com/' must not hold credentials, a query or a fragment", 'give the folder only, ending with /'],
    ['a query', 'https://t.example.com/vetted/?v=1', "'https://t.example.com/vetted/?v=1' must not hold credentials, a query or a fragment", 'give the folder only, ending with /'],
    ['a fragment', 'https://t.example.com/vetted/#top', "'https://t.example.com/vetted/#top' must not hold credentials, a query or a fragment", 'give the folder only, ending with /'],
    [
      'no final slash',
      'https://t.example.com/vetted',
      "'https://t.example.com/vetted' must end with / so that it names a folder and cannot match another host or folder",
      "write 'https://t.example.com/vetted/' (or the folder that holds the vetted templates)",
    ],
    ['an upper-case host', 'https://T.example.com/', "'https://T.example.com/' is not written in normal form", "write 'https://t.example.com/'"],
  ])('GIVEN a template URL prefix with %s WHEN validated THEN the problem and the fix are exact', (_, value, problem, fix) => {
    expect(templateUrlPrefixProblems(['https://t.example.com/ok/', value])).toEqual([{ index: 1, value, problem, fix }]);
  });

  test.each(['https://t.example.com/vetted%20templates/', 's3://shared-templates/vetted/', 'https://t.example.com/'])(
    'GIVEN the prefix %s, in normal form and ending with / WHEN validated THEN it has no problem',
    (prefix) => {
      expect(templateUrlPrefixProblems([prefix])).toEqual([]);
    },
  );

  test('GIVEN a malformed authorizer type passed to the engine anyway WHEN resolved THEN it is kept as given, only NONE and AUTHENTICATE_ONLY are dropped', () => {
    // A malformed type matches only a gateway whose AuthorizerType is exactly that text, so it cannot widen what passes.
    expect(resolveGuardOptions({ additionalAllowedAuthorizerTypes: ['future-type', 'NONE', 42 as unknown as string, 'AUTHENTICATE_ONLY'] })).toEqual({
      additionalAllowedAuthorizerTypes: ['future-type', 42],
      allowExemptions: false,
      allowAuthenticateOnlyWithEnforcedPolicyEngine: false,
      allowedTemplateUrlPrefixes: [],
    });
  });

  test('GIVEN no options WHEN resolved THEN every default applies: no additional type, no exemption, no AUTHENTICATE_ONLY, no prefix', () => {
    expect(resolveGuardOptions({})).toEqual({
      additionalAllowedAuthorizerTypes: [],
      allowExemptions: false,
      allowAuthenticateOnlyWithEnforcedPolicyEngine: false,
      allowedTemplateUrlPrefixes: [],
    });
  });

  test('GIVEN no additional types WHEN worded for the policies THEN there is no problem', () => {
    const errors = new PropErrors();
    addPolicyAuthorizerTypeProblems(undefined, errors);
    addPolicyAuthorizerTypeProblems([], errors, '--allow-authorizer-type');
    expect(errors.messages).toEqual([]);
  });

  test('GIVEN a field name WHEN a problem is worded for the policies THEN it names that field and the position', () => {
    const errors = new PropErrors();
    addPolicyAuthorizerTypeProblems(['AWS_IAM', 'NONE'], errors, 'allowedAuthorizerTypes');
    expect(errors.messages).toEqual([
      'allowedAuthorizerTypes[1]: "NONE" makes a gateway a public endpoint and is never allowed. ' +
        'Fix: remove it; give the gateway AWS_IAM or CUSTOM_JWT authorization instead',
    ]);
  });
});

import { authorizerTypeProblems, resolveGuardOptions, templateUrlPrefixProblems } from '../../src/engine/guard-options';

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

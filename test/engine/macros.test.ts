// Macros (Fn::Transform, the template-level Transform, AWS::Include) rewrite what deploys at deploy time.
// Inside a gateway they fail it closed (AGW2) whatever their siblings say; around it (the template, the
// Resources section, a resource's top) they are AGW10.
import { evaluateOne, gatewayProperties, ruleIds, template } from './fixtures';
import { evaluateTemplate } from '../../src/engine/evaluate';
import { containsMacro, findMacros, macroName, macroUnknown, templateMacros } from '../../src/engine/macros';
import { Unknown } from '../../src/engine/values';

const MACRO = { 'Fn::Transform': { Name: 'TeamMacro', Parameters: { mode: 'open' } } };
const IAM = { AuthorizerType: 'AWS_IAM', AuthorizerConfiguration: undefined };

describe('macros inside a gateway (AGW2)', () => {
  test('GIVEN Properties that are only a Fn::Transform WHEN evaluated THEN AGW2 names the macro', () => {
    const e = evaluateOne(template(MACRO));
    expect(e.verdict).toBe('NON_COMPLIANT');
    expect(ruleIds(e)).toEqual(['AGW2']);
    expect(e.findings[0].propertyPath).toBe('Properties.Fn::Transform');
    expect(e.findings[0].message).toMatch(/^Fn::Transform calls macro TeamMacro, which rewrites Properties, sibling keys included, at deploy time/);
  });

  test('GIVEN a literal AWS_IAM next to a Fn::Transform in Properties WHEN evaluated THEN it still fails closed (the macro decides)', () => {
    const e = evaluateOne(template({ ...gatewayProperties(IAM), ...MACRO }));
    expect(e.verdict).toBe('NON_COMPLIANT');
    expect(ruleIds(e)).toEqual(['AGW2']);
    expect(e.authorization).toBe('unresolved: Fn::Transform TeamMacro');
  });

  test('GIVEN the secure twin without the macro WHEN evaluated THEN compliant', () => {
    expect(evaluateOne(template(gatewayProperties(IAM))).verdict).toBe('COMPLIANT');
  });

  test.each([
    ['in Tags', { Tags: [{ Key: 'a', Value: 'b', ...MACRO }] }, 'Properties.Tags[0].Fn::Transform'],
    ['in the JWT configuration', { AuthorizerConfiguration: { CustomJWTAuthorizer: { ...MACRO } } }, 'Properties.AuthorizerConfiguration.CustomJWTAuthorizer.Fn::Transform'],
    ['nested two macros deep', { Description: { 'Fn::Transform': { Name: 'Outer', Parameters: { inner: MACRO } } } }, 'Properties.Description.Fn::Transform'],
    ['as AWS::Include', { 'Fn::Transform': { Name: 'AWS::Include', Parameters: { Location: 's3://bucket/gateway.yaml' } } }, 'Properties.Fn::Transform'],
  ])('GIVEN a Fn::Transform %s WHEN evaluated THEN AGW2 at its path', (_, extra, path) => {
    const e = evaluateOne(template(gatewayProperties({ ...IAM, ...extra })));
    expect(e.verdict).toBe('NON_COMPLIANT');
    expect(e.findings[0]).toEqual(expect.objectContaining({ ruleId: 'AGW2', propertyPath: path }));
  });

  test('GIVEN a Fn::Transform at the top of the gateway resource WHEN evaluated THEN AGW2 says it rewrites the whole resource', () => {
    const e = evaluateOne(template(gatewayProperties(IAM), {}, MACRO));
    expect(e.findings[0]).toEqual(expect.objectContaining({ ruleId: 'AGW2', propertyPath: 'Fn::Transform', message: expect.stringMatching(/rewrites the whole resource \(its Type included\)/) }));
  });

  test('GIVEN a macro that rewrites the mapping, parameter or condition the authorizer type reads WHEN evaluated THEN fails closed', () => {
    const mapping = evaluateOne(
      template(gatewayProperties({ ...IAM, AuthorizerType: { 'Fn::FindInMap': ['Auth', 'prod', 'Type'] } }), { Mappings: { Auth: { prod: { Type: 'AWS_IAM' }, ...MACRO } } }),
    );
    expect(mapping.findings[0].message).toMatch(/a macro \(Fn::Transform\) rewrites mapping Auth at deploy time/);
    const parameter = evaluateOne(
      template(gatewayProperties({ ...IAM, AuthorizerType: { Ref: 'Type' } }), { Parameters: { Type: { Type: 'String', AllowedValues: ['AWS_IAM'] }, ...MACRO } }),
    );
    expect(parameter.findings[0].message).toMatch(/a macro \(Fn::Transform\) rewrites the definition of parameter Type/);
    const condition = evaluateOne(
      template(gatewayProperties({ ...IAM, AuthorizerType: { 'Fn::If': ['Safe', 'AWS_IAM', 'NONE'] } }), {
        Conditions: { Safe: { 'Fn::Equals': ['a', 'a'], ...MACRO } },
      }),
    );
    expect(condition.findings.map((f) => f.message)).toEqual(['When condition Safe is false: AuthorizerType is NONE.']);
  });
});

describe('macros around gateways (AGW10)', () => {
  test('GIVEN a template-level Transform of a custom macro WHEN evaluated THEN AGW10, even with no gateway in the template', () => {
    const [e] = evaluateTemplate({ Transform: 'TeamMacro', Resources: { Bucket: { Type: 'AWS::S3::Bucket' } } }, { location: 'App/Stack' });
    expect(e).toEqual(
      expect.objectContaining({
        logicalId: 'Transform',
        location: 'App/Stack',
        verdict: 'NON_COMPLIANT',
        authorization: 'unresolved: macro TeamMacro',
        findings: [expect.objectContaining({ ruleId: 'AGW10', propertyPath: 'Transform', message: expect.stringMatching(/^Macro TeamMacro rewrites the whole template at deploy time/) })],
      }),
    );
  });

  test('GIVEN SAM and the language extensions (trusted transforms) WHEN evaluated THEN no finding', () => {
    expect(evaluateTemplate({ Transform: ['AWS::Serverless-2016-10-31', 'AWS::LanguageExtensions'], Resources: {} })).toEqual([]);
  });

  test('GIVEN a trusted transform listed next to a custom macro WHEN evaluated THEN the macro is still a finding', () => {
    const evaluations = evaluateTemplate({ Transform: ['AWS::Serverless-2016-10-31', { Name: 'TeamMacro' }], Resources: {} });
    expect(evaluations.map((e) => e.findings[0].propertyPath)).toEqual(['Transform[1]']);
  });

  test('GIVEN a template-level AWS::Include WHEN evaluated THEN AGW10 names its location; WHEN the location is under an allowed prefix THEN no finding', () => {
    const t = { Transform: { Name: 'AWS::Include', Parameters: { Location: 's3://shared-templates/vetted/gateways.yaml' } }, Resources: {} };
    const [e] = evaluateTemplate(t);
    expect(e.findings[0]).toEqual(expect.objectContaining({ ruleId: 'AGW10', message: expect.stringMatching(/^AWS::Include pastes the snippet at 's3:\/\/shared-templates\/vetted\/gateways\.yaml' into the whole template/) }));
    expect(evaluateTemplate(t, { allowedTemplateUrlPrefixes: ['s3://shared-templates/vetted/'] })).toEqual([]);
    expect(evaluateTemplate(t, { allowedTemplateUrlPrefixes: ['s3://shared-templates/other/'] })).toHaveLength(1);
  });

  test('GIVEN a Fn::Transform directly in Resources WHEN evaluated THEN AGW10 for every resource', () => {
    const [e] = evaluateTemplate({ Resources: { 'Fn::Transform': { Name: 'TeamMacro' }, 'Bucket': { Type: 'AWS::S3::Bucket' } } });
    expect(e.findings[0].message).toMatch(/^Macro TeamMacro rewrites every resource of the template/);
  });

  test('GIVEN a Fn::Transform at the top of a non-gateway resource WHEN evaluated THEN AGW10: the macro can turn it into a gateway', () => {
    const [e] = evaluateTemplate({ Resources: { Queue: { Type: 'AWS::SQS::Queue', ...MACRO } } });
    expect(e).toEqual(expect.objectContaining({ logicalId: 'Queue', findings: [expect.objectContaining({ ruleId: 'AGW10', message: expect.stringMatching(/rewrites resource Queue \(its Type included, so it can become a gateway\)/) })] }));
  });

  test('GIVEN a Fn::Transform inside the Properties of a non-gateway resource WHEN evaluated THEN no finding (it cannot change the Type)', () => {
    expect(evaluateTemplate({ Resources: { Queue: { Type: 'AWS::SQS::Queue', Properties: { ...MACRO } } } })).toEqual([]);
  });
});

describe('finding macros', () => {
  /** `leaf` as the value of key A of `levels` nested mappings: {A: {A: ... leaf}}. */
  const inMappings = (levels: number, leaf: unknown): unknown => {
    let node = leaf;
    for (let i = 0; i < levels; i++) node = { A: node };
    return node;
  };

  test.each<[string, unknown, string]>([
    ['a literal name', 'TeamMacro', 'TeamMacro'],
    ['a Name', { Name: 'TeamMacro' }, 'TeamMacro'],
    ['a Name that is not text', { Name: { Ref: 'Which' } }, '?'],
    ['no Name', { Parameters: {} }, '?'],
    ['a list', ['TeamMacro'], '?'],
  ])('GIVEN a Fn::Transform with %s WHEN named THEN it is %s', (_name, args, name) => {
    expect(macroName(args)).toBe(name);
  });

  test('GIVEN a macro call WHEN its value is asked for THEN it is only known at deploy time, and says why', () => {
    expect(macroUnknown({ Name: 'TeamMacro' })).toEqual(
      new Unknown('Fn::Transform TeamMacro', 'macro TeamMacro rewrites this part of the template (its sibling keys included) at deploy time, so what deploys cannot be known at synth time'),
    );
  });

  test('GIVEN structures of text, numbers and lists without a macro WHEN searched THEN nothing is found', () => {
    const plain = { A: 'text', B: [1, 'two', { C: null }], D: { E: true } };

    expect(findMacros(plain, 'Properties')).toEqual([]);
    expect(containsMacro(plain)).toBe(false);
    expect(containsMacro('Fn::Transform')).toBe(false);
  });

  test('GIVEN macros at the top and below WHEN searched from the root THEN their paths have no leading dot', () => {
    expect(findMacros({ 'Fn::Transform': 'Top', 'A': [{ 'Fn::Transform': { Name: 'Below' } }] }, '')).toEqual([
      { path: 'Fn::Transform', macro: 'Top' },
      { path: 'A[0].Fn::Transform', macro: 'Below' },
    ]);
  });

  test('GIVEN a macro in the deepest mapping the search reads WHEN searched THEN it is found by name; one level deeper THEN the search fails closed there', () => {
    const macro = { 'Fn::Transform': 'Deep' };
    const path = (levels: number) => Array.from({ length: levels }, () => 'A').join('.');

    expect(findMacros(inMappings(64, macro), '')).toEqual([{ path: `${path(64)}.Fn::Transform`, macro: 'Deep' }]);
    expect(findMacros(inMappings(65, macro), '')).toEqual([{ path: path(65), macro: '? (the structure is nested deeper than 64 levels, where the guard stops looking)' }]);
  });

  test('GIVEN something that is not a template (null, a list, text) WHEN its macros are listed THEN there are none', () => {
    for (const t of [null, [], 'Transform: TeamMacro']) expect(templateMacros(t, () => true)).toEqual([]);
    expect(templateMacros({ Transform: 'TeamMacro', Resources: ['not', 'a', 'mapping'] }, () => true)).toEqual([{ path: 'Transform', macro: 'TeamMacro', logicalId: 'Transform' }]);
  });

  test('GIVEN a Fn::Transform directly in Resources WHEN listed THEN its path is in the Resources section', () => {
    expect(templateMacros({ Resources: { 'Fn::Transform': { Name: 'TeamMacro' } } }, () => true)).toEqual([{ path: 'Resources.Fn::Transform', macro: 'TeamMacro', logicalId: 'Fn::Transform' }]);
  });

  test('GIVEN a custom macro with a Location parameter under an allowed prefix WHEN evaluated THEN it is still AGW10 (only AWS::Include is waived by its location)', () => {
    const t = { Transform: { Name: 'TeamMacro', Parameters: { Location: 's3://shared-templates/vetted/gateways.yaml' } }, Resources: {} };

    expect(templateMacros(t, () => true)).toStrictEqual([{ path: 'Transform', macro: 'TeamMacro', logicalId: 'Transform' }]);
    expect(evaluateTemplate(t, { allowedTemplateUrlPrefixes: ['s3://shared-templates/vetted/'] }).map((e) => e.findings.map((f) => f.ruleId))).toEqual([['AGW10']]);
  });
});

// Macros (Fn::Transform, the template-level Transform, AWS::Include) rewrite what deploys at deploy time.
// Inside a gateway they fail it closed (AGW2) whatever their siblings say; around it (the template, the
// Resources section, a resource's top) they are AGW10.
import { evaluateOne, gatewayProperties, ruleIds, template } from './fixtures';
import { evaluateTemplate } from '../../src/engine/evaluate';

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

import { AGW4 } from '../../../src/engine/rules';
import { PartialString, Unknown } from '../../../src/engine/values';
import { DISCOVERY_URL, view } from '../fixtures';

describe('AGW4 CUSTOM_JWT without JWT authorizer configuration', () => {
  test('GIVEN CUSTOM_JWT without AuthorizerConfiguration WHEN evaluated THEN non-compliant', () => {
    const result = AGW4.evaluate(view({ AuthorizerType: 'CUSTOM_JWT' }));
    expect(result.status).toBe('NON_COMPLIANT');
    expect(result.violations).toEqual([
      { message: 'AuthorizerType is CUSTOM_JWT but AuthorizerConfiguration is missing.', propertyPath: 'Properties.AuthorizerConfiguration' },
    ]);
  });

  test('GIVEN CUSTOM_JWT with an empty AuthorizerConfiguration WHEN evaluated THEN non-compliant at CustomJWTAuthorizer', () => {
    const result = AGW4.evaluate(view({ AuthorizerType: 'CUSTOM_JWT', AuthorizerConfiguration: {} }));
    expect(result.violations).toEqual([
      {
        message: 'AuthorizerType is CUSTOM_JWT but AuthorizerConfiguration has no CustomJWTAuthorizer.',
        propertyPath: 'Properties.AuthorizerConfiguration.CustomJWTAuthorizer',
      },
    ]);
  });

  test('GIVEN CUSTOM_JWT with an imported configuration WHEN evaluated THEN non-compliant and says why', () => {
    const result = AGW4.evaluate(view({ AuthorizerType: 'CUSTOM_JWT', AuthorizerConfiguration: new Unknown('Fn::ImportValue Cfg', 'imported') }));
    expect(result.violations[0].message).toBe('AuthorizerConfiguration cannot be proven at synth time: Fn::ImportValue Cfg: imported.');
  });

  test('GIVEN CUSTOM_JWT with a CustomJWTAuthorizer WHEN evaluated THEN compliant', () => {
    const props = { AuthorizerType: 'CUSTOM_JWT', AuthorizerConfiguration: { CustomJWTAuthorizer: { DiscoveryUrl: DISCOVERY_URL } } };
    expect(AGW4.evaluate(view(props)).status).toBe('COMPLIANT');
  });

  test('GIVEN AWS_IAM WHEN evaluated THEN not applicable', () => {
    expect(AGW4.evaluate(view({ AuthorizerType: 'AWS_IAM' })).status).toBe('NOT_APPLICABLE');
  });

  test.each([
    ['a list', ['CustomJWTAuthorizer']],
    ['a string', 'CustomJWTAuthorizer'],
    ['null', null],
  ])('GIVEN an AuthorizerConfiguration that is %s WHEN evaluated THEN it is missing, not a configuration', (_name, configuration) => {
    expect(AGW4.evaluate(view({ AuthorizerType: 'CUSTOM_JWT', AuthorizerConfiguration: configuration })).violations).toEqual([
      { message: 'AuthorizerType is CUSTOM_JWT but AuthorizerConfiguration is missing.', propertyPath: 'Properties.AuthorizerConfiguration' },
    ]);
  });

  test.each([
    ['a list', [{ DiscoveryUrl: DISCOVERY_URL }]],
    ['a string', DISCOVERY_URL],
  ])('GIVEN a CustomJWTAuthorizer that is %s WHEN evaluated THEN there is no CustomJWTAuthorizer', (_name, jwt) => {
    expect(AGW4.evaluate(view({ AuthorizerType: 'CUSTOM_JWT', AuthorizerConfiguration: { CustomJWTAuthorizer: jwt } })).violations[0].message).toBe(
      'AuthorizerType is CUSTOM_JWT but AuthorizerConfiguration has no CustomJWTAuthorizer.',
    );
  });

  test('GIVEN a CustomJWTAuthorizer only partly known WHEN evaluated THEN it cannot be proven, at its own path', () => {
    const result = AGW4.evaluate(
      view({ AuthorizerType: 'CUSTOM_JWT', AuthorizerConfiguration: { CustomJWTAuthorizer: new PartialString(['x', new Unknown('Ref J', 'no AllowedValues')]) } }),
    );
    expect(result.violations).toEqual([
      { message: 'CustomJWTAuthorizer cannot be proven at synth time: Ref J: no AllowedValues.', propertyPath: 'Properties.AuthorizerConfiguration.CustomJWTAuthorizer' },
    ]);
  });
});

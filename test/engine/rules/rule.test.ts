import { authorizerType, field, nonCompliant } from '../../../src/engine/rules';
import { view } from '../fixtures';

describe('field: a property of an evaluated mapping, and nothing else', () => {
  test('GIVEN a mapping WHEN a property it has is asked THEN its value; one it lacks, or inherits, is absent', () => {
    expect(field({ AuthorizerType: 'AWS_IAM' }, 'AuthorizerType')).toBe('AWS_IAM');
    expect(field({ AuthorizerType: null }, 'AuthorizerType')).toBeNull();
    expect(field({}, 'AuthorizerType')).toBeUndefined();
    expect(field({}, 'toString')).toBeUndefined();
    expect(field({}, 'constructor')).toBeUndefined();
  });

  test.each([
    ['null', null, 'AuthorizerType'],
    ['a list, by index', ['AWS_IAM'], '0'],
    ['a list, by length', ['AWS_IAM'], 'length'],
    ['a string, by length', 'AWS_IAM', 'length'],
    ['absent', undefined, 'AuthorizerType'],
  ])('GIVEN %s WHEN a property is asked THEN it has none', (_name, value, key) => {
    expect(field(value as never, key)).toBeUndefined();
  });

  test('GIVEN a gateway WHEN its authorizer type is asked THEN it is the evaluated AuthorizerType property', () => {
    expect(authorizerType(view({ AuthorizerType: 'NONE' }))).toBe('NONE');
    expect(authorizerType(view(['AuthorizerType']))).toBeUndefined();
  });

  test('GIVEN violations WHEN a rule reports them THEN the result is non-compliant with every one', () => {
    const a = { message: 'a', propertyPath: 'p' };
    const b = { message: 'b', propertyPath: 'q' };
    expect(nonCompliant(a, b)).toEqual({ status: 'NON_COMPLIANT', violations: [a, b] });
  });
});

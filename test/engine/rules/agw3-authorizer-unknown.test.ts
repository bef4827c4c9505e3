import { AGW3 } from '../../../src/engine/rules';
import { view } from '../fixtures';

describe('AGW3 authorizer type unknown to the guard', () => {
  test('GIVEN a type AgentCore may add later WHEN not allowed THEN non-compliant with the known types in the message', () => {
    const result = AGW3.evaluate(view({ AuthorizerType: 'FUTURE_TYPE' }));
    expect(result.status).toBe('NON_COMPLIANT');
    expect(result.violations[0].message).toBe(
      "AuthorizerType 'FUTURE_TYPE' is not one the guard knows (CUSTOM_JWT, AWS_IAM, AUTHENTICATE_ONLY) and is not allowed by the guard's additionalAllowedAuthorizerTypes.",
    );
  });

  test('GIVEN a type AgentCore may add later WHEN allowed by the guard THEN compliant', () => {
    expect(AGW3.evaluate(view({ AuthorizerType: 'FUTURE_TYPE' }, { additionalAllowedAuthorizerTypes: ['FUTURE_TYPE'] })).status).toBe('COMPLIANT');
  });

  test('GIVEN AUTHENTICATE_ONLY WHEN evaluated THEN not applicable: the guard knows it, and AGW8 judges it', () => {
    expect(AGW3.evaluate(view({ AuthorizerType: 'AUTHENTICATE_ONLY' })).status).toBe('NOT_APPLICABLE');
  });

  test('GIVEN a lower-case none WHEN evaluated THEN non-compliant (not silently treated as known)', () => {
    expect(AGW3.evaluate(view({ AuthorizerType: 'none' })).status).toBe('NON_COMPLIANT');
  });

  test.each(['CUSTOM_JWT', 'AWS_IAM'])('GIVEN %s WHEN evaluated THEN compliant', (type) => {
    expect(AGW3.evaluate(view({ AuthorizerType: type })).status).toBe('COMPLIANT');
  });

  test('GIVEN NONE or no literal type WHEN evaluated THEN not applicable', () => {
    expect(AGW3.evaluate(view({ AuthorizerType: 'NONE' })).status).toBe('NOT_APPLICABLE');
    expect(AGW3.evaluate(view({})).status).toBe('NOT_APPLICABLE');
  });
});

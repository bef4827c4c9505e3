import { AGW1 } from '../../../src/engine/rules';
import { Unknown } from '../../../src/engine/values';
import { view } from '../fixtures';

describe('AGW1 authorizer NONE', () => {
  test('GIVEN AuthorizerType NONE WHEN evaluated THEN non-compliant at Properties.AuthorizerType', () => {
    const result = AGW1.evaluate(view({ AuthorizerType: 'NONE' }));
    expect(result.status).toBe('NON_COMPLIANT');
    expect(result.violations).toEqual([{ message: 'AuthorizerType is NONE.', propertyPath: 'Properties.AuthorizerType' }]);
  });

  test.each(['AWS_IAM', 'CUSTOM_JWT'])('GIVEN AuthorizerType %s WHEN evaluated THEN compliant', (type) => {
    expect(AGW1.evaluate(view({ AuthorizerType: type })).status).toBe('COMPLIANT');
  });

  test('GIVEN an unresolved or missing AuthorizerType WHEN evaluated THEN not applicable (AGW2 decides)', () => {
    expect(AGW1.evaluate(view({ AuthorizerType: new Unknown('Ref P', 'x') })).status).toBe('NOT_APPLICABLE');
    expect(AGW1.evaluate(view({})).status).toBe('NOT_APPLICABLE');
  });

  test('documents why and the replacement fix', () => {
    expect(AGW1.why).toMatch(/public endpoint/);
    expect(AGW1.fix).toMatch(/SecureAgentCoreGateway/);
    expect(AGW1.fix).toMatch(/usingCognito\(\), usingCustomJwt\(\) or usingAwsIam\(\)/);
    expect(AGW1.fix).toMatch(/cannot be changed on an existing gateway/);
  });
});

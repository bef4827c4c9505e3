import { PropErrors } from '../../src/engine/prop-errors';

describe('PropErrors', () => {
  test('GIVEN no problems WHEN asked to throw THEN it does not, and has no messages', () => {
    const errors = new PropErrors();

    expect(() => errors.throwIfAny('SecureAgentCoreGateway', 'App/Stack/Gw')).not.toThrow();
    expect(errors.messages).toEqual([]);
  });

  test('GIVEN one problem WHEN thrown THEN the message names the construct, its path, the field, the rule and the fix', () => {
    const errors = new PropErrors();
    errors.add('gatewayName', "must match ^([0-9a-zA-Z][-]?){1,48}$, got 'my_gw'", 'use letters, digits and single hyphens');

    expect(errors.messages).toEqual(["gatewayName: must match ^([0-9a-zA-Z][-]?){1,48}$, got 'my_gw'. Fix: use letters, digits and single hyphens"]);
    expect(() => errors.throwIfAny('SecureAgentCoreGateway', 'App/Stack/Gw')).toThrow(
      new Error(
        "SecureAgentCoreGateway at 'App/Stack/Gw' has 1 invalid property:\n  - gatewayName: must match ^([0-9a-zA-Z][-]?){1,48}$, got 'my_gw'. Fix: use letters, digits and single hyphens",
      ),
    );
  });

  test('GIVEN several problems and no path WHEN thrown THEN all of them, counted, one per line', () => {
    const errors = new PropErrors();
    errors.add('a', 'is wrong', 'fix a');
    errors.add('b', 'is wrong too', 'fix b');

    expect(() => errors.throwIfAny('RequireGatewayAuthorizationProps')).toThrow(
      new Error('RequireGatewayAuthorizationProps has 2 invalid properties:\n  - a: is wrong. Fix: fix a\n  - b: is wrong too. Fix: fix b'),
    );
  });
});

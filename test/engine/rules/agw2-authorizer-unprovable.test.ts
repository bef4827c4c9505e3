import { AGW2 } from '../../../src/engine/rules';
import { PartialString, Unknown } from '../../../src/engine/values';
import { view } from '../fixtures';

describe('AGW2 authorizer type cannot be proven', () => {
  test('GIVEN AuthorizerType deleted WHEN evaluated THEN non-compliant and says it is missing', () => {
    const result = AGW2.evaluate(view({ Name: 'gw' }));
    expect(result.status).toBe('NON_COMPLIANT');
    expect(result.violations[0].message).toMatch(/^AuthorizerType is missing \(removed by an override or never set\)/);
    expect(result.violations[0].propertyPath).toBe('Properties.AuthorizerType');
  });

  test('GIVEN an unknown AuthorizerType WHEN evaluated THEN the message names the expression and the reason', () => {
    const result = AGW2.evaluate(view({ AuthorizerType: new Unknown('Fn::ImportValue Shared', 'exported by another stack') }));
    expect(result.status).toBe('NON_COMPLIANT');
    expect(result.violations[0].message).toBe('AuthorizerType cannot be proven at synth time: Fn::ImportValue Shared: exported by another stack.');
  });

  test('GIVEN a dynamic reference inside AuthorizerType WHEN evaluated THEN non-compliant', () => {
    const partial = new PartialString([new Unknown('{{resolve:ssm:/auth}}', 'a dynamic reference is resolved by CloudFormation at deploy time')]);
    expect(AGW2.evaluate(view({ AuthorizerType: partial })).violations[0].message).toMatch(/\{\{resolve:ssm:\/auth\}\}: a dynamic reference/);
  });

  test('GIVEN unknown Properties WHEN evaluated THEN non-compliant at Properties', () => {
    const result = AGW2.evaluate(view(new Unknown('Fn::If', 'x')));
    expect(result.violations[0]).toEqual({ message: "The gateway's Properties are only known at deploy time (Fn::If: x).", propertyPath: 'Properties' });
  });

  test('GIVEN a non-string AuthorizerType WHEN evaluated THEN non-compliant', () => {
    expect(AGW2.evaluate(view({ AuthorizerType: 42 })).violations[0].message).toBe('AuthorizerType is not a string (42).');
  });

  test('GIVEN Fn::Transform calls in the Properties and in the whole resource WHEN evaluated THEN one violation each, naming what the macro rewrites', () => {
    const macros = [{ path: 'Properties.AuthorizerType.Fn::Transform', macro: 'TeamMacro' }, { path: 'Fn::Transform', macro: 'Wrap' }];
    const result = AGW2.evaluate(view({ AuthorizerType: 'AWS_IAM' }, { macros }));

    expect(result.status).toBe('NON_COMPLIANT');
    expect(result.violations).toEqual([
      {
        message: 'Fn::Transform calls macro TeamMacro, which rewrites Properties.AuthorizerType, sibling keys included, at deploy time; ' +
          "what deploys cannot be seen at synth time, so the gateway's authorization cannot be proven.",
        propertyPath: 'Properties.AuthorizerType.Fn::Transform',
      },
      {
        message: 'Fn::Transform calls macro Wrap, which rewrites the whole resource (its Type included), sibling keys included, at deploy time; ' +
          "what deploys cannot be seen at synth time, so the gateway's authorization cannot be proven.",
        propertyPath: 'Fn::Transform',
      },
    ]);
  });

  test.each(['NONE', 'AWS_IAM', 'SOMETHING'])('GIVEN the literal %s WHEN evaluated THEN compliant (other rules judge the value)', (type) => {
    expect(AGW2.evaluate(view({ AuthorizerType: type })).status).toBe('COMPLIANT');
  });
});

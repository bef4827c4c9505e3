import { AGW10, fixFor, macroViolation, unreadableTemplateViolation } from '../../../src/engine/rules';
import { view } from '../fixtures';

describe('AGW10 template the guard cannot read', () => {
  test('GIVEN any gateway WHEN evaluated as a gateway rule THEN not applicable (AGW10 judges references and macros)', () => {
    expect(AGW10.evaluate(view({ AuthorizerType: 'NONE' })).status).toBe('NOT_APPLICABLE');
  });

  test('GIVEN a reference that cannot be read WHEN worded THEN it names the reference, the reason and, when some worlds only, which', () => {
    expect(unreadableTemplateViolation({ label: 'StackSet S (TemplateURL)', propertyPath: 'Properties.TemplateURL', reason: 'it is remote' })).toEqual({
      message: 'StackSet S (TemplateURL) cannot be read by the guard: it is remote. Gateways in that template would deploy unchecked.',
      propertyPath: 'Properties.TemplateURL',
    });
    expect(unreadableTemplateViolation({ label: 'L', propertyPath: 'P', reason: 'r', when: 'condition C is true' }).message).toMatch(/^When condition C is true: L cannot be read/);
  });

  test('GIVEN a custom macro and an AWS::Include WHEN worded THEN each says what it rewrites', () => {
    expect(macroViolation({ path: 'Transform', macro: 'TeamMacro' }, 'the whole template').message).toBe(
      'Macro TeamMacro rewrites the whole template at deploy time; the guard cannot see its output, so gateways it adds or changes would deploy unchecked.',
    );
    expect(macroViolation({ path: 'Transform', macro: 'AWS::Include', location: 's3://b/k.yaml' }, 'the whole template').message).toBe(
      "AWS::Include pastes the snippet at 's3://b/k.yaml' into the whole template at deploy time; " +
        'the guard does not read it, so gateways it adds or changes would deploy unchecked.',
    );
  });

  test('GIVEN each entry point WHEN the fix is worded THEN the guard names its prop and scan its flag', () => {
    expect(fixFor(AGW10, 'cdk')).toContain('RequireGatewayAuthorizationProps.allowedTemplateUrlPrefixes');
    expect(fixFor(AGW10, 'scan')).toContain('--allow-template-url-prefix <prefix>');
    expect(AGW10.replacesGateway).toBe(false);
  });
});

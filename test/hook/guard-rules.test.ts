import { readFileSync } from 'fs';
import { allowedAuthorizerTypes } from '../../src/engine/guard-options';
import { AUTHORIZATION_RULES } from '../../src/engine/rules';
import { gatewayAuthorizationGuardRules, validateGuardRulesOptions } from '../../src/hook/guard-rules';
import { SHIPPED_GUARD_RULES } from '../support/guard-rules-file';

describe('the Guard rule file', () => {
  test('GIVEN the shipped rules/agentcore-gateway-authorization.guard THEN it is exactly what the generator writes (regenerate with `npx projen guard-rules`)', () => {
    expect(readFileSync(SHIPPED_GUARD_RULES, 'utf8')).toBe(gatewayAuthorizationGuardRules());
  });

  test('GIVEN the default options THEN only AWS_IAM and CUSTOM_JWT are allowed', () => {
    const text = gatewayAuthorizationGuardRules();
    expect(text).toContain("let agw_allowed_authorizer_types = ['AWS_IAM', 'CUSTOM_JWT']\n");
    expect(allowedAuthorizerTypes()).toEqual(['AWS_IAM', 'CUSTOM_JWT']);
  });

  test('GIVEN additional authorizer types THEN the variant allows them too, once each', () => {
    const text = gatewayAuthorizationGuardRules({ additionalAllowedAuthorizerTypes: ['FUTURE_TYPE', 'AWS_IAM', 'FUTURE_TYPE'] });
    expect(text).toContain("let agw_allowed_authorizer_types = ['AWS_IAM', 'CUSTOM_JWT', 'FUTURE_TYPE']\n");
    expect(text).toContain('# Allowed authorizer types: AWS_IAM, CUSTOM_JWT, FUTURE_TYPE.');
  });

  test('GIVEN AUTHENTICATE_ONLY as an additional type THEN refused: the rules would pass it without the enforcing policy engine AGW8 requires', () => {
    expect(validateGuardRulesOptions({ additionalAllowedAuthorizerTypes: ['AUTHENTICATE_ONLY', 'authenticate_only'] })).toEqual([
      expect.stringMatching(/^additionalAllowedAuthorizerTypes\[0\]: "AUTHENTICATE_ONLY" would let AUTHENTICATE_ONLY gateways through without checking the policy engine .*\(rule AGW8\)\. Fix: remove it/),
      expect.stringMatching(/^additionalAllowedAuthorizerTypes\[1\]: "authenticate_only" would let AUTHENTICATE_ONLY gateways through/),
    ]);
  });

  test('GIVEN every authorization rule of the engine THEN the rule file reports it under its ID, with its title and fix', () => {
    const text = gatewayAuthorizationGuardRules();
    // AGW8 (AUTHENTICATE_ONLY behind an enforcing policy engine) is not restated in the rule file yet: there
    // AUTHENTICATE_ONLY fails as a type not allowed (AGW3), closed.
    for (const rule of AUTHORIZATION_RULES.filter((r) => r.id !== 'AGW8')) {
      expect(text).toMatch(new RegExp(`^rule ${rule.id}_[a-z_]+ \\{$`, 'm'));
      expect(text).toContain(`<<${rule.id} ${rule.title}: `);
      expect(text).toContain(`Fix: ${rule.fix}>>`);
    }
  });

  test('GIVEN the messages THEN none ends early: no message holds the closing marker', () => {
    const messages = gatewayAuthorizationGuardRules().match(/<<[^\n]*>>/g) ?? [];
    expect(messages.length).toBeGreaterThan(10);
    for (const m of messages) {
      expect(m.slice(2, -2)).not.toContain('>>');
    }
  });

  describe('options validation', () => {
    test('GIVEN NONE WHEN validated THEN rejected, naming the field, the rule and the fix', () => {
      expect(validateGuardRulesOptions({ additionalAllowedAuthorizerTypes: ['NONE'] })).toEqual([
        'additionalAllowedAuthorizerTypes[0]: "NONE" makes a gateway a public endpoint and is never allowed. Fix: remove it; give the gateway AWS_IAM or CUSTOM_JWT authorization instead',
      ]);
    });

    test.each([["AWS_IAM'] or true"], [''], ['A'.repeat(65)], ['TWO WORDS']])(
      'GIVEN the type %j WHEN validated THEN rejected (it could break out of the Guard literal)',
      (type) => {
        expect(validateGuardRulesOptions({ additionalAllowedAuthorizerTypes: [type] })).toEqual([
          expect.stringMatching(/^additionalAllowedAuthorizerTypes\[0\]: .* is not an authorizer type name .* Fix: write the type as CloudFormation spells it, e\.g\. CUSTOM_JWT$/),
        ]);
      },
    );

    test('GIVEN invalid options WHEN the rule file is generated THEN it throws listing every problem', () => {
      expect(() => gatewayAuthorizationGuardRules({ additionalAllowedAuthorizerTypes: ['NONE', 'x'] })).toThrow(
        /Invalid Guard rule options:\n {2}- additionalAllowedAuthorizerTypes\[0\]: "NONE".*\n {2}- additionalAllowedAuthorizerTypes\[1\]: "x"/,
      );
    });
  });
});

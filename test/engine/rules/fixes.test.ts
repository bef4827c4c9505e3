import { ALL_RULES, AGW1, AGW3, AGW6, AGW7, fixFor, liveFixFor } from '../../../src/engine/rules';

describe('each rule words its fix for every entry point', () => {
  test('GIVEN the scanner WHEN AGW7 and AGW3 give their fix THEN they name the command-line flags, not the guard props', () => {
    expect(fixFor(AGW7, 'scan')).toContain('scan with --allow-exemptions');
    expect(fixFor(AGW7, 'scan')).not.toContain('have the guard applied with allowExemptions: true');
    expect(fixFor(AGW7, 'cdk')).toContain('have the guard applied with allowExemptions: true');
    expect(fixFor(AGW3, 'scan')).toContain('--allow-authorizer-type <type>');
  });

  test('GIVEN a rule without a scanner wording WHEN scanned THEN its CDK fix is used', () => {
    expect(fixFor(AGW1, 'scan')).toBe(AGW1.fix);
  });

  test('GIVEN every rule WHEN asked for a live fix THEN each gives one, and one that replaces the gateway says so', () => {
    for (const rule of ALL_RULES) {
      const text = fixFor(rule, 'live', { gatewayId: 'gw-1' });
      expect(text.length).toBeGreaterThan(20);
      if (rule.replacesGateway) expect(text).toMatch(/^Recreate the gateway/);
    }
    expect(fixFor(AGW6, 'live')).toMatch(/^The authorizer type stays CUSTOM_JWT, so correct the JWT authorizer in place/);
  });

  test('GIVEN findings of several rules WHEN the live fix is chosen THEN a rule that replaces the gateway wins, with its targets', () => {
    const gateway = { gatewayId: 'gw-1', name: 'orders', targets: [{ targetId: 'T1', name: 'lambda' }] };
    expect(liveFixFor(['AGW6', 'AGW1'], gateway)).toContain('re-attach its 1 target(s): lambda (T1)');
    expect(liveFixFor(['AGW6', 'AGW1'], gateway)).toContain('then delete orders (gw-1)');
    expect(liveFixFor(['AGW5', 'AGW6'], gateway)).toMatch(/correct the JWT authorizer in place/);
    expect(liveFixFor([], gateway)).toBeUndefined();
  });
});

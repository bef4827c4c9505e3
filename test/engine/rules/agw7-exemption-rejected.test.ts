import { AGW7, checkExemption, exemptionReason } from '../../../src/engine/rules';
import { view } from '../fixtures';

const KEY = 'cdk-secure-agentcore-gateway:exemption';
const REASON = 'Public MCP demo server, protected by request interceptors';

describe('AGW7 exemption not accepted', () => {
  test('GIVEN no exemption WHEN evaluated THEN not applicable', () => {
    expect(AGW7.evaluate(view({}, { metadata: {} })).status).toBe('NOT_APPLICABLE');
    expect(checkExemption(undefined, true)).toEqual({ declared: false, accepted: false });
  });

  test('GIVEN a valid exemption WHEN exemptions are allowed THEN compliant', () => {
    expect(AGW7.evaluate(view({}, { metadata: { [KEY]: { reason: REASON } }, allowExemptions: true })).status).toBe('COMPLIANT');
    expect(checkExemption({ [KEY]: { reason: REASON } }, true)).toEqual({ declared: true, accepted: true, reason: REASON });
  });

  test('GIVEN a valid exemption WHEN exemptions are not allowed THEN non-compliant and says so', () => {
    const result = AGW7.evaluate(view({}, { metadata: { [KEY]: { reason: REASON } } }));
    expect(result.violations).toEqual([
      {
        message:
          'The exemption declared on this gateway is not accepted: the guard that checks this gateway does not allow exemptions (allowExemptions is not set).',
        propertyPath: `Metadata.${KEY}`,
      },
    ]);
  });

  test('GIVEN a reason shorter than 20 characters WHEN exemptions are allowed THEN non-compliant', () => {
    const result = AGW7.evaluate(view({}, { metadata: { [KEY]: { reason: '  too short reason  ' } }, allowExemptions: true }));
    expect(result.violations[0].message).toMatch(/the exemption reason '  too short reason  ' is shorter than 20 characters/);
  });

  test('GIVEN a malformed exemption WHEN exemptions are allowed THEN non-compliant', () => {
    const result = AGW7.evaluate(view({}, { metadata: { [KEY]: 'yes' }, allowExemptions: true }));
    expect(result.violations[0].message).toMatch(/must be an object with a literal string reason, found 'yes'/);
  });

  test('GIVEN reasons of exactly 20 characters and of 19 WHEN exemptions are allowed THEN 20 is enough, 19 is not, and white space around does not count', () => {
    const twenty = 'x'.repeat(20);
    const nineteen = 'x'.repeat(19);

    expect(checkExemption({ [KEY]: { reason: twenty } }, true)).toEqual({ declared: true, accepted: true, reason: twenty });
    expect(checkExemption({ [KEY]: { reason: `  ${nineteen}   ` } }, true)).toEqual({
      declared: true,
      accepted: false,
      reason: `  ${nineteen}   `,
      problem: `the exemption reason '  ${nineteen}   ' is shorter than 20 characters`,
    });
  });

  test.each([
    ['a list', [{ reason: REASON }], `[{"reason":"${REASON}"}]`],
    ['a reason that is not a string', { reason: 42 }, '{"reason":42}'],
    ['no reason', {}, '{}'],
  ])('GIVEN an exemption that is %s WHEN checked THEN it is refused, saying what was found', (_name, declaration, found) => {
    expect(checkExemption({ [KEY]: declaration }, true)).toEqual({
      declared: true,
      accepted: false,
      problem: `the exemption must be an object with a literal string reason, found ${found}`,
    });
  });

  test('GIVEN an accepted or refused exemption WHEN its reason is asked THEN the reason is given only when one is stated', () => {
    expect(exemptionReason(view({}, { metadata: { [KEY]: { reason: REASON } } }))).toBe(REASON);
    expect(exemptionReason(view({}, { metadata: { [KEY]: { reason: 'short' } }, allowExemptions: true }))).toBe('short');
    expect(exemptionReason(view({}, { metadata: { [KEY]: 'yes' } }))).toBeUndefined();
    expect(exemptionReason(view({}, { metadata: undefined }))).toBeUndefined();
  });
});

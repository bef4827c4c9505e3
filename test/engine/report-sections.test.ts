import { gatewayProperties } from './fixtures';
import { evaluateTemplate } from '../../src/engine/evaluate';
import { OUTPUT_FORMATS, rulesSection, withNotifications } from '../../src/engine/report-sections';
import { AGW1, AGW5, AGW6, fixFor } from '../../src/engine/rules';
import { wrap } from '../../src/engine/text-layout';

const REASON = 'Public MCP demo server, protected by request interceptors';

function gateways(allowExemptions: boolean) {
  return evaluateTemplate(
    {
      Resources: {
        Weak: {
          Type: 'AWS::BedrockAgentCore::Gateway',
          Properties: gatewayProperties({ AuthorizerConfiguration: { CustomJWTAuthorizer: { DiscoveryUrl: 'http://x/.well-known/openid-configuration' } } }),
        },
        Demo: {
          Type: 'AWS::BedrockAgentCore::Gateway',
          Properties: gatewayProperties({ AuthorizerType: 'NONE', AuthorizerConfiguration: undefined }),
          Metadata: { 'cdk-secure-agentcore-gateway:exemption': { reason: REASON } },
        },
        Secure: { Type: 'AWS::BedrockAgentCore::Gateway', Properties: gatewayProperties() },
      },
    },
    { allowExemptions, entryPoint: 'scan' },
  );
}

describe('rulesSection', () => {
  test('GIVEN failing gateways WHEN the section is written for the scanner THEN each failed rule once, in rule order, with why and the scanner fix', () => {
    const lines = rulesSection(gateways(true), 'scan');

    expect(lines).toEqual([
      '',
      'Rules:',
      `  AGW5  ${AGW5.title}`,
      ...wrap(`Why: ${AGW5.why}`, '        ', '             '),
      ...wrap(`Fix: ${fixFor(AGW5, 'scan')}`, '        ', '             '),
      `  AGW6  ${AGW6.title}`,
      ...wrap(`Why: ${AGW6.why}`, '        ', '             '),
      ...wrap(`Fix: ${fixFor(AGW6, 'scan')}`, '        ', '             '),
    ]);
  });

  test('GIVEN an exempt gateway WHEN the section is written THEN its waived rule is not listed; without the exemption it is', () => {
    expect(rulesSection(gateways(true), 'scan').some((l) => l.startsWith('  AGW1'))).toBe(false);
    expect(rulesSection(gateways(false), 'scan')).toContain(`  AGW1  ${AGW1.title}`);
  });

  test('GIVEN no reader for the fix (the live audit prints one per gateway) WHEN written THEN why only', () => {
    const lines = rulesSection(gateways(true), undefined);

    expect(lines.some((l) => l.includes('Fix:'))).toBe(false);
    expect(lines.filter((l) => l.includes('Why:'))).toHaveLength(2);
  });

  test('GIVEN only compliant gateways, or none WHEN written THEN nothing', () => {
    expect(rulesSection(gateways(true).filter((e) => e.verdict === 'COMPLIANT'), 'scan')).toEqual([]);
    expect(rulesSection([], 'cdk')).toEqual([]);
  });
});

describe('withNotifications', () => {
  const log = { version: '2.1.0', runs: [{ tool: 'first' }, { tool: 'second' }] };

  test('GIVEN an error among the notifications WHEN added to a SARIF log THEN the first run failed and carries them; other runs are untouched', () => {
    const notifications = [
      { level: 'warning', message: { text: 'w' } },
      { level: 'error', message: { text: 'e' } },
    ];

    expect(withNotifications(log, notifications)).toEqual({
      version: '2.1.0',
      runs: [{ tool: 'first', invocations: [{ executionSuccessful: false, toolExecutionNotifications: notifications }] }, { tool: 'second' }],
    });
  });

  test('GIVEN only warnings, or none WHEN added THEN the run succeeded', () => {
    expect(withNotifications(log, [{ level: 'warning' }]).runs[0]).toEqual({ tool: 'first', invocations: [{ executionSuccessful: true, toolExecutionNotifications: [{ level: 'warning' }] }] });
    expect(withNotifications(log, []).runs[0]).toEqual({ tool: 'first', invocations: [{ executionSuccessful: true, toolExecutionNotifications: [] }] });
  });

  test('GIVEN the formats WHEN listed THEN table, json and sarif', () => {
    expect(OUTPUT_FORMATS).toEqual(['table', 'json', 'sarif']);
  });
});

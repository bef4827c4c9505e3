import { gatewayProperties } from './fixtures';
import { evaluateTemplate, GatewayEvaluation } from '../../src/engine/evaluate';
import { formatFinding, formatViolations, toJsonReport, toSarif } from '../../src/engine/report';

const REASON = 'Public MCP demo server, protected by request interceptors';

function evaluations(): GatewayEvaluation[] {
  return evaluateTemplate(
    {
      Resources: {
        Secure: { Type: 'AWS::BedrockAgentCore::Gateway', Properties: gatewayProperties(), Metadata: { 'aws:cdk:path': 'Prod/Api/Secure/Resource' } },
        Open: { Type: 'AWS::BedrockAgentCore::Gateway', Properties: gatewayProperties({ AuthorizerType: 'NONE' }), Metadata: { 'aws:cdk:path': 'Prod/Api/Open/Resource' } },
        Demo: {
          Type: 'AWS::BedrockAgentCore::Gateway',
          Properties: gatewayProperties({ AuthorizerType: 'NONE' }),
          Metadata: { 'cdk-secure-agentcore-gateway:exemption': { reason: REASON } },
        },
      },
    },
    { location: 'Prod/Api', templatePath: 'assembly-Prod/ProdApi.template.json', allowExemptions: true },
  );
}

describe('formatFinding', () => {
  test('GIVEN a finding WHEN formatted THEN one line with rule, path, location, property, message, why and fix', () => {
    const open = evaluations()[1];
    const line = formatFinding(open, open.findings[0]);
    expect(line).not.toContain('\n');
    expect(line).toMatch(
      /^\[AGW1\] Prod\/Api\/Open\/Resource \(Prod\/Api, logical ID Open\) at Properties\.AuthorizerType: AuthorizerType is NONE\. Why: .*public endpoint.* Fix: Use SecureAgentCoreGateway, .*replaces it/,
    );
  });

  test('GIVEN no construct path WHEN formatted THEN the logical ID stands in', () => {
    const demo = evaluations()[2];
    expect(formatFinding(demo, demo.findings[0])).toMatch(/^\[AGW1\] Demo \(Prod\/Api, logical ID Demo\) at/);
  });

  test('GIVEN compliant, failing and exempt gateways WHEN violations are formatted THEN only the failing ones are listed', () => {
    expect(formatViolations(evaluations())).toEqual([expect.stringMatching(/^\[AGW1\] Prod\/Api\/Open\/Resource/)]);
  });
});

describe('toJsonReport', () => {
  test('GIVEN evaluations WHEN reported THEN every gateway with where, authorization, verdict and findings', () => {
    const report = toJsonReport(evaluations(), { toolVersion: '1.2.3', source: 'cdk synth' });
    expect(report.format).toBe('cdk-secure-agentcore-gateway/guard-report@1');
    expect(report.tool).toEqual({ name: 'cdk-secure-agentcore-gateway', version: '1.2.3' });
    expect(report.summary).toEqual({ gateways: 3, compliant: 1, nonCompliant: 1, exempt: 1 });
    expect(report.rules.map((r) => r.id)).toEqual(['AGW1', 'AGW2', 'AGW3', 'AGW4', 'AGW5', 'AGW6', 'AGW7', 'AGW10']);
    expect(report.gateways).toEqual([
      expect.objectContaining({ constructPath: 'Prod/Api/Secure/Resource', location: 'Prod/Api', authorization: 'CUSTOM_JWT (clients: 2, scopes: 1)', verdict: 'COMPLIANT', findings: [] }),
      expect.objectContaining({
        logicalId: 'Open',
        templatePath: 'assembly-Prod/ProdApi.template.json',
        authorization: 'NONE',
        verdict: 'NON_COMPLIANT',
        findings: [{ ruleId: 'AGW1', propertyPath: 'Properties.AuthorizerType', message: 'AuthorizerType is NONE.' }],
      }),
      expect.objectContaining({ logicalId: 'Demo', verdict: 'EXEMPT', exemptionReason: REASON }),
    ]);
    expect(JSON.parse(JSON.stringify(report))).toEqual(JSON.parse(JSON.stringify(toJsonReport(evaluations(), { toolVersion: '1.2.3', source: 'cdk synth' }))));
  });
});

describe('toSarif', () => {
  test('GIVEN evaluations WHEN converted THEN a SARIF 2.1.0 log with the rules and one result per finding', () => {
    const sarif = toSarif(evaluations(), { toolVersion: '1.2.3' });
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.$schema).toMatch(/sarif-2\.1\.0/);
    expect(sarif.runs).toHaveLength(1);
    const run = sarif.runs[0];
    expect(run.tool.driver).toEqual(expect.objectContaining({ name: 'cdk-secure-agentcore-gateway', version: '1.2.3' }));
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(['AGW1', 'AGW2', 'AGW3', 'AGW4', 'AGW5', 'AGW6', 'AGW7', 'AGW10']);
    for (const rule of run.tool.driver.rules) {
      expect(rule.name).toMatch(/^[A-Za-z0-9]+$/);
      expect(rule.shortDescription.text.length).toBeGreaterThan(0);
      expect(rule.help.text.length).toBeGreaterThan(0);
      expect(rule.defaultConfiguration.level).toBe('error');
    }
    expect(run.results).toHaveLength(2);
    const [open, demo] = run.results;
    expect(open).toEqual(
      expect.objectContaining({
        ruleId: 'AGW1',
        ruleIndex: 0,
        level: 'error',
        message: { text: 'Prod/Api/Open/Resource (Prod/Api, logical ID Open): AuthorizerType is NONE.' },
        locations: [
          {
            physicalLocation: { artifactLocation: { uri: 'assembly-Prod/ProdApi.template.json' } },
            logicalLocations: [{ name: 'Open', fullyQualifiedName: 'Prod/Api/Open/Resource', kind: 'resource' }],
            message: { text: 'Properties.AuthorizerType' },
          },
        ],
      }),
    );
    expect(open.suppressions).toBeUndefined();
    expect(demo.suppressions).toEqual([{ kind: 'inSource', status: 'accepted', justification: REASON }]);
    expect(demo.locations[0].logicalLocations[0].fullyQualifiedName).toBe('Prod/Api/Demo');
  });

  test('GIVEN no evaluations WHEN converted THEN a valid empty run', () => {
    const sarif = toSarif([]);
    expect(sarif.runs[0].results).toEqual([]);
    expect(sarif.runs[0].properties.summary).toEqual({ gateways: 0, compliant: 0, nonCompliant: 0, exempt: 0 });
  });
});

describe('SARIF details', () => {
  test('GIVEN a finding without template path, construct path or location WHEN converted THEN the logical ID alone locates it', () => {
    const [e] = evaluateTemplate({ Resources: { Gw: { Type: 'AWS::BedrockAgentCore::Gateway', Properties: gatewayProperties({ AuthorizerType: 'NONE' }) } } });
    const [result] = toSarif([e]).runs[0].results;

    expect(result.locations).toEqual([{ logicalLocations: [{ name: 'Gw', fullyQualifiedName: 'Gw', kind: 'resource' }], message: { text: 'Properties.AuthorizerType' } }]);
    expect(result.partialFingerprints).toEqual({ gatewayFinding: '/Gw/AGW1/Properties.AuthorizerType' });
    expect(result.ruleIndex).toBe(0);
    expect(result).not.toHaveProperty('suppressions');
  });

  test('GIVEN a generation time WHEN converted THEN the run records it; without one, there is no invocation', () => {
    expect(toSarif([], { generatedAt: '2026-11-26T00:00:00Z' }).runs[0].invocations).toEqual([{ executionSuccessful: true, endTimeUtc: '2026-11-26T00:00:00Z' }]);
    expect(toSarif([]).runs[0]).not.toHaveProperty('invocations');
  });
});


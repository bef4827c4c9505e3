import * as path from 'path';
import { gatewayProperties } from './fixtures';
import { evaluateTemplate, GatewayEvaluation } from '../../src/engine/evaluate';
import { formatBlockedSynthesis, formatFinding, formatFindingLines, formatViolations, toJsonReport, toSarif } from '../../src/engine/report';

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
  test('GIVEN a finding WHEN formatted THEN short lines: rule and title, where, what and fix, and no why', () => {
    const open = evaluations()[1];
    const lines = formatFinding(open, open.findings[0]).split('\n');
    expect(lines.slice(0, 3)).toEqual([
      '[AGW1] Gateway has no inbound authorization (AuthorizerType NONE)',
      '  where:  Prod/Api/Open/Resource (Prod/Api, logical ID Open) at Properties.AuthorizerType',
      '  what:   AuthorizerType is NONE.',
    ]);
    expect(lines[3]).toMatch(/^ {2}fix: {4}Use SecureAgentCoreGateway, /);
    // The fix is wrapped under its label, whole, and nothing else follows it.
    expect(lines.slice(4).every((l) => l.startsWith('          ') && !l.startsWith('           '))).toBe(true);
    expect(
      lines
        .slice(3)
        .map((l) => l.trim())
        .join(' ')
        .replace(/^fix: +/, ''),
    ).toBe(open.findings[0].fix);
    expect(lines.every((l) => l.length <= 100)).toBe(true);
    expect(lines.join('\n')).not.toContain(open.findings[0].why);
  });

  test('GIVEN no construct path WHEN formatted THEN the logical ID stands in', () => {
    const demo = evaluations()[2];
    expect(formatFinding(demo, demo.findings[0]).split('\n')[1]).toBe('  where:  Demo (Prod/Api, logical ID Demo) at Properties.AuthorizerType');
  });

  test('GIVEN fix false and an indent WHEN the lines are made THEN they are indented and have no fix', () => {
    const open = evaluations()[1];
    expect(formatFindingLines(open, open.findings[0], { fix: false, indent: '  ' })).toEqual([
      '  [AGW1] Gateway has no inbound authorization (AuthorizerType NONE)',
      '    where:  Prod/Api/Open/Resource (Prod/Api, logical ID Open) at Properties.AuthorizerType',
      '    what:   AuthorizerType is NONE.',
    ]);
  });

  test('GIVEN control characters in a construct path and a value WHEN formatted THEN they are escapes, one finding stays its own lines', () => {
    const [e] = evaluateTemplate({
      Resources: {
        Gw: {
          Type: 'AWS::BedrockAgentCore::Gateway',
          Properties: gatewayProperties({ AuthorizerType: 'NO\u001b[31mNE\r\n[AGW0] forged' }),
          Metadata: { 'aws:cdk:path': 'Prod/\u001b[2JApi\u202eGw' },
        },
      },
    });
    const text = formatFinding(e, e.findings[0]);
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
    expect(text).toContain('where:  Prod/\\u001b[2JApi\\u202eGw (logical ID Gw) at Properties.AuthorizerType');
    expect(text).toContain("AuthorizerType 'NO\\u001b[31mNE\\r\\n[AGW0] forged'");
    expect(text.split('\n').filter((l) => /^\[AGW/.test(l))).toHaveLength(1);
  });

  test('GIVEN compliant, failing and exempt gateways WHEN violations are formatted THEN only the failing ones are listed', () => {
    expect(formatViolations(evaluations())).toEqual([expect.stringMatching(/^\[AGW1\] Gateway has no inbound authorization .*\n {2}where: {2}Prod\/Api\/Open\/Resource /)]);
  });
});

describe('formatBlockedSynthesis', () => {
  const twoOpen = () =>
    evaluateTemplate(
      {
        Resources: {
          A: { Type: 'AWS::BedrockAgentCore::Gateway', Properties: gatewayProperties({ AuthorizerType: 'NONE' }), Metadata: { 'aws:cdk:path': 'Prod/Api/A/Resource' } },
          B: { Type: 'AWS::BedrockAgentCore::Gateway', Properties: gatewayProperties({ AuthorizerType: 'NONE' }), Metadata: { 'aws:cdk:path': 'Prod/Api/B/Resource' } },
        },
      },
      { location: 'Prod/Api' },
    );

  test('GIVEN two failing gateways WHEN the error is made THEN a headline, each finding on short lines, the fix once, and the report path once', () => {
    const reportFile = path.join(process.cwd(), 'cdk.out', 'agentcore-gateway-authorization.json');
    const text = formatBlockedSynthesis({ failing: twoOpen(), reportFile });
    const lines = text.split('\n');
    expect(lines[0]).toBe('2 AgentCore gateways would deploy without enforced inbound authorization:');
    expect(lines.filter((l) => /^ {4}\[AGW1\] Gateway has no inbound authorization/.test(l))).toHaveLength(2);
    expect(text).toContain('\n      where:  Prod/Api/A/Resource (Prod/Api, logical ID A) at Properties.AuthorizerType\n');
    expect(text).toContain('\n      where:  Prod/Api/B/Resource (Prod/Api, logical ID B) at Properties.AuthorizerType\n');
    // The second finding refers to the first one's fix instead of repeating it.
    expect(text.match(/Use SecureAgentCoreGateway/g)).toHaveLength(1);
    expect(text).toContain('\n      fix:    as for AGW1 at Prod/Api/A/Resource above.\n');
    expect(lines.slice(-2)).toEqual([
      '    Why each rule matters, and every gateway checked, in the report:',
      `      ${path.join('cdk.out', 'agentcore-gateway-authorization.json')} (and SARIF next to it)`,
    ]);
    expect(text.match(/agentcore-gateway-authorization\.json/g)).toHaveLength(1);
    expect(lines.every((l) => l.length <= 104)).toBe(true);
    expect(text).not.toContain('Why: ');
  });

  test('GIVEN a label, problems and a report outside the working directory WHEN the error is made THEN the label heads it and the path is absolute', () => {
    const text = formatBlockedSynthesis({ failing: [], problems: ['Prod/Api: cannot read the synthesized template'], reportFile: '/elsewhere/r.json', label: 'RequireGatewayAuthorization' });
    expect(text.split('\n')).toEqual([
      'RequireGatewayAuthorization: some AgentCore gateways cannot be checked:',
      '    Prod/Api: cannot read the synthesized template',
      '    Why each rule matters, and every gateway checked, in the report:',
      '      /elsewhere/r.json (and SARIF next to it)',
    ]);
  });

  test('GIVEN a failing gateway and a public resource policy (AGW9) WHEN the error is made THEN the headline counts each, and the policy\'s finding has the same layout', () => {
    const failing = evaluateTemplate(
      {
        Resources: {
          A: { Type: 'AWS::BedrockAgentCore::Gateway', Properties: gatewayProperties({ AuthorizerType: 'NONE' }), Metadata: { 'aws:cdk:path': 'Prod/Api/A/Resource' } },
          Iam: { Type: 'AWS::BedrockAgentCore::Gateway', Properties: gatewayProperties({ AuthorizerType: 'AWS_IAM' }) },
          Open: {
            Type: 'AWS::BedrockAgentCore::ResourcePolicy',
            Properties: {
              ResourceArn: { 'Fn::GetAtt': ['Iam', 'GatewayArn'] },
              Policy: { Statement: [{ Effect: 'Allow', Principal: '*', Action: 'bedrock-agentcore:InvokeGateway', Resource: '*' }] },
            },
            Metadata: { 'aws:cdk:path': 'Prod/Api/Open/Resource' },
          },
        },
      },
      { location: 'Prod/Api' },
    ).filter((e) => e.verdict === 'NON_COMPLIANT');

    const text = formatBlockedSynthesis({ failing, reportFile: 'cdk.out/r.json' });

    expect(text.split('\n')[0]).toBe(
      '1 AgentCore gateway would deploy without enforced inbound authorization; 1 gateway resource policy would let any AWS account invoke a gateway:',
    );
    expect(text).toContain('\n    [AGW9] Gateway resource policy lets any AWS account invoke the gateway\n      where:  Prod/Api/Open/Resource (Prod/Api, logical ID Open) at Properties.Policy.Statement[0]\n');
    expect(formatBlockedSynthesis({ failing: failing.filter((e) => e.resourceType !== undefined), reportFile: 'r.json' }).split('\n')[0]).toBe(
      '1 gateway resource policy would let any AWS account invoke a gateway:',
    );
  });
});

describe('toJsonReport', () => {
  test('GIVEN evaluations WHEN reported THEN every gateway with where, authorization, verdict and findings', () => {
    const report = toJsonReport(evaluations(), { toolVersion: '1.2.3', source: 'cdk synth' });
    expect(report.format).toBe('cdk-secure-agentcore-gateway/guard-report@1');
    expect(report.tool).toEqual({ name: 'cdk-secure-agentcore-gateway', version: '1.2.3' });
    expect(report.summary).toEqual({ gateways: 3, compliant: 1, nonCompliant: 1, exempt: 1 });
    expect(report.rules.map((r) => r.id)).toEqual(['AGW1', 'AGW2', 'AGW3', 'AGW4', 'AGW5', 'AGW6', 'AGW7', 'AGW8', 'AGW9', 'AGW10']);
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
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(['AGW1', 'AGW2', 'AGW3', 'AGW4', 'AGW5', 'AGW6', 'AGW7', 'AGW8', 'AGW9', 'AGW10']);
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

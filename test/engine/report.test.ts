import * as path from 'path';
import { gatewayProperties } from './fixtures';
import { evaluateTemplate, GatewayEvaluation } from '../../src/engine/evaluate';
import {
  checkedCounts,
  findingField,
  formatBlockedSynthesis,
  formatFinding,
  formatFindingLines,
  formatViolations,
  ReportSummary,
  toJsonReport,
  toSarif,
  toUri,
} from '../../src/engine/report';
import { ALL_RULES, EntryPoint } from '../../src/engine/rules';

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


/** Two gateways with IAM authorization, a public resource policy (AGW9) on each, and one gateway without authorization. */
function withPublicPolicies(): GatewayEvaluation[] {
  const publicPolicy = (gateway: string, cdkPath: string) => ({
    Type: 'AWS::BedrockAgentCore::ResourcePolicy',
    Properties: {
      ResourceArn: { 'Fn::GetAtt': [gateway, 'GatewayArn'] },
      Policy: { Statement: [{ Effect: 'Allow', Principal: '*', Action: 'bedrock-agentcore:InvokeGateway', Resource: '*' }] },
    },
    Metadata: { 'aws:cdk:path': cdkPath },
  });
  return evaluateTemplate(
    {
      Resources: {
        Open: { Type: 'AWS::BedrockAgentCore::Gateway', Properties: gatewayProperties({ AuthorizerType: 'NONE' }), Metadata: { 'aws:cdk:path': 'Prod/Api/Open/Resource' } },
        IamA: { Type: 'AWS::BedrockAgentCore::Gateway', Properties: gatewayProperties({ AuthorizerType: 'AWS_IAM' }) },
        IamB: { Type: 'AWS::BedrockAgentCore::Gateway', Properties: gatewayProperties({ AuthorizerType: 'AWS_IAM' }) },
        PolicyA: publicPolicy('IamA', 'Prod/Api/PolicyA/Resource'),
        PolicyB: publicPolicy('IamB', 'Prod/Api/PolicyB/Resource'),
      },
    },
    { location: 'Prod/Api' },
  );
}

const INFORMATION_URI = 'https://github.com/cdk-secure-agentcore-gateway/cdk-secure-agentcore-gateway#guard';

describe('finding headline and fields', () => {
  test('GIVEN a finding of a rule this version does not know WHEN formatted THEN the headline is the rule ID alone', () => {
    const open = evaluations()[1];
    const unknown = { ...open.findings[0], ruleId: 'AGW99' };

    expect(formatFindingLines(open, unknown, { fix: false })).toEqual([
      '[AGW99]',
      '  where:  Prod/Api/Open/Resource (Prod/Api, logical ID Open) at Properties.AuthorizerType',
      '  what:   AuthorizerType is NONE.',
    ]);
  });

  test('GIVEN a headline longer than a line WHEN formatted with an indent THEN it wraps under the indent, two spaces further in', () => {
    const open = evaluations()[1];
    const indent = ' '.repeat(20);
    const jwt = { ...open.findings[0], ruleId: 'AGW6' };

    expect(formatFindingLines(open, jwt, { fix: false, indent }).slice(0, 2)).toEqual([
      `${indent}[AGW6] CUSTOM_JWT accepts any token of the issuer (no audience, clients, scopes`,
      `${indent}  or claims)`,
    ]);
  });

  test('GIVEN no indent WHEN a field is made THEN its label is padded and its text aligned, starting two spaces in', () => {
    expect(findingField('fix:', 'Give the gateway an authorizer.')).toEqual(['  fix:    Give the gateway an authorizer.']);
    expect(findingField('exempt:', 'reviewed', '> ')).toEqual(['>   exempt: reviewed']);
  });
});

describe('formatBlockedSynthesis details', () => {
  const open = (name: string) => ({
    Type: 'AWS::BedrockAgentCore::Gateway',
    Properties: gatewayProperties({ AuthorizerType: 'NONE' }),
    Metadata: { 'aws:cdk:path': `Prod/Api/${name}/Resource` },
  });

  test('GIVEN three failing gateways with the same fix WHEN the error is made THEN each later one refers to the first that gave it', () => {
    const failing = evaluateTemplate({ Resources: { A: open('A'), B: open('B'), C: open('C') } }, { location: 'Prod/Api' });
    const text = formatBlockedSynthesis({ failing, reportFile: 'r.json' });

    expect(text.match(/Use SecureAgentCoreGateway/g)).toHaveLength(1);
    expect(text.match(/ {6}fix: {4}as for AGW1 at Prod\/Api\/A\/Resource above\./g)).toHaveLength(2);
    expect(text).not.toContain('as for AGW1 at Prod/Api/B/Resource');
  });

  test('GIVEN one failing gateway and no problems WHEN the error is made THEN only the headline, the finding and the report lines', () => {
    const failing = evaluateTemplate({ Resources: { A: open('A') } }, { location: 'Prod/Api' });
    const [finding] = failing[0].findings;

    expect(formatBlockedSynthesis({ failing, reportFile: 'cdk.out/r.json' }).split('\n')).toEqual([
      '1 AgentCore gateway would deploy without enforced inbound authorization:',
      ...formatFindingLines(failing[0], finding, { indent: '  ' }).map((l) => `  ${l}`),
      '    Why each rule matters, and every gateway checked, in the report:',
      `      ${path.join('cdk.out', 'r.json')} (and SARIF next to it)`,
    ]);
  });

  test('GIVEN two public resource policies WHEN the error is made THEN the headline counts them in the plural', () => {
    const failing = withPublicPolicies().filter((e) => e.resourceType !== undefined);

    expect(failing).toHaveLength(2);
    expect(formatBlockedSynthesis({ failing, reportFile: 'r.json' }).split('\n')[0]).toBe('2 gateway resource policies would let any AWS account invoke a gateway:');
  });
});

describe('summary of gateways and resource policies', () => {
  test('GIVEN gateways and resource policies WHEN reported THEN the summary counts gateways and policies apart, verdicts together', () => {
    const summary = { gateways: 3, resourcePolicies: 2, compliant: 2, nonCompliant: 3, exempt: 0 };

    expect(toJsonReport(withPublicPolicies()).summary).toEqual(summary);
    expect(toSarif(withPublicPolicies()).runs[0].properties.summary).toEqual(summary);
  });

  test.each<[Partial<ReportSummary>, string]>([
    [{ gateways: 1 }, '1 gateway'],
    [{ gateways: 2 }, '2 gateways'],
    [{ gateways: 2, resourcePolicies: 0 }, '2 gateways'],
    [{ gateways: 2, resourcePolicies: 1 }, '2 gateways, 1 resource policy'],
    [{ gateways: 0, resourcePolicies: 3 }, '0 gateways, 3 resource policies'],
  ])('GIVEN summary %j WHEN counted THEN %s', (counts, expected) => {
    expect(checkedCounts({ gateways: 0, compliant: 0, nonCompliant: 0, exempt: 0, ...counts })).toBe(expected);
  });
});

describe('fix wording of each entry point in the reports', () => {
  const AGW3 = ALL_RULES.find((r) => r.id === 'AGW3')!;

  test('GIVEN a rule with its own scan and live fixes THEN they differ from its CDK fix (so the cases below tell them apart)', () => {
    expect(AGW3.scanFix).toBeDefined();
    expect(AGW3.scanFix).not.toBe(AGW3.fix);
    expect(AGW3.liveFix({})).not.toBe(AGW3.fix);
  });

  test.each<[EntryPoint | undefined, (r: (typeof ALL_RULES)[number]) => string]>([
    [undefined, (r) => r.fix],
    ['cdk', (r) => r.fix],
    ['scan', (r) => r.scanFix ?? r.fix],
    ['live', (r) => r.liveFix({})],
  ])('GIVEN entry point %s WHEN the reports are made THEN the JSON rules and the SARIF help give its fixes', (entryPoint, expectedFix) => {
    const expected = ALL_RULES.map(expectedFix);

    expect(toJsonReport([], { entryPoint }).rules.map((r) => r.fix)).toEqual(expected);
    expect(toSarif([], { entryPoint }).runs[0].tool.driver.rules.map((r) => r.help.text)).toEqual(expected);
  });
});

describe('SARIF rules and results', () => {
  test('GIVEN the rules WHEN converted THEN each has a PascalCase name, its why, the help URI, and security tags', () => {
    const driver = toSarif([]).runs[0].tool.driver;

    expect(driver.informationUri).toBe(INFORMATION_URI);
    expect(driver.rules.map((r) => r.name)).toEqual([
      'GatewayHasNoInboundAuthorizationAuthorizerTypeNONE',
      'AuthorizerTypeCannotBeProvenAtSynthTime',
      'AuthorizerTypeUnknownToTheGuard',
      'CUSTOMJWTOrAUTHENTICATEONLYWithoutAJWTAuthorizerConfiguration',
      'CUSTOMJWTDiscoveryURLIsNotAnHttpsOpenIDConnectDiscoveryURL',
      'CUSTOMJWTAcceptsAnyTokenOfTheIssuerNoAudienceClientsScopesOrClaims',
      'ExemptionNotAccepted',
      'AUTHENTICATEONLYWithoutAPolicyEngineInENFORCEMode',
      'GatewayResourcePolicyLetsAnyAWSAccountInvokeTheGateway',
      'TemplateTheGuardCannotReadAReferencedTemplateOrAMacro',
    ]);
    expect(driver.rules.map((r) => r.shortDescription)).toEqual(ALL_RULES.map((r) => ({ text: r.title })));
    expect(driver.rules.map((r) => r.fullDescription)).toEqual(ALL_RULES.map((r) => ({ text: r.why })));
    for (const rule of driver.rules) {
      expect(rule.helpUri).toBe(`${INFORMATION_URI}-rules`);
      expect(rule.properties).toEqual({ 'tags': ['security', 'aws-cdk', 'bedrock-agentcore'], 'security-severity': '8.0' });
    }
  });

  test('GIVEN findings of different rules WHEN converted THEN each result indexes its own rule and carries authorization, verdict and path', () => {
    const results = toSarif(withPublicPolicies()).runs[0].results;

    expect(results.map((r) => [r.ruleId, r.ruleIndex])).toEqual([
      ['AGW1', 0],
      ['AGW9', 8],
      ['AGW9', 8],
    ]);
    expect(results[0].properties).toEqual({ authorization: 'NONE', verdict: 'NON_COMPLIANT', propertyPath: 'Properties.AuthorizerType' });
    expect(results[1].properties).toEqual({ authorization: 'resource policy on gateway IamA', verdict: 'NON_COMPLIANT', propertyPath: 'Properties.Policy.Statement[0]' });
  });
});

describe('toUri', () => {
  test.each([
    ['assembly-Prod/ProdApi.template.json', 'assembly-Prod/ProdApi.template.json'],
    ['cdk.out\\my stack.template.json', 'cdk.out/my%20stack.template.json'],
    ['out/@scope/a#b?.json', 'out/@scope/a%23b%3F.json'],
    ['user@host/t.json', 'user@host/t.json'],
  ])('GIVEN path %s WHEN made a URI THEN %s (segments encoded, @ kept)', (p, expected) => {
    expect(toUri(p)).toBe(expected);
  });
});

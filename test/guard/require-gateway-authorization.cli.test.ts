// Runs the real CDK CLI (`aws-cdk`, a devDependency) on the small app in apps/guard-app.ts.
import * as fs from 'fs';
import * as path from 'path';
import { cdkSynth as runCdkSynth, CliRun, newOutdir } from './cdk-cli';

const APP = 'node -r ts-node/register/transpile-only test/guard/apps/guard-app.ts';

/** `cdk synth` of the guard app with no stack selection, as a developer or a pipeline's synth step runs it. */
function cdkSynth(scenario: string, ...args: string[]): CliRun {
  return runCdkSynth(APP, scenario, newOutdir(`guard-cli-${scenario}`), ...args);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function report(run: CliRun): any {
  return JSON.parse(fs.readFileSync(path.join(run.outdir, 'agentcore-gateway-authorization.json'), 'utf-8'));
}

const FIX = 'fix: Use SecureAgentCoreGateway, or give the aws-cdk-lib Gateway an authorizer with GatewayAuthorizer.usingCognito(), usingCustomJwt() or usingAwsIam()';
const AGW1_TITLE = '[AGW1] Gateway has no inbound authorization (AuthorizerType NONE)';

/**
 * The guard's part of the CLI output, from its headline to the report path, as lines. Checks the layout a
 * person reads: the headline names the guard (no `[]` for the App's empty path), every line is short,
 * the why is left to the report, and the report path is printed once.
 */
function guardBlock(run: CliRun, gateways: number): string[] {
  const lines = run.output.split('\n');
  const start = lines.findIndex((l) => l.includes('AgentCore gateway'));
  const end = lines.findIndex((l) => l.includes('(and SARIF next to it)'));
  expect(start).toBeGreaterThanOrEqual(0);
  expect(end).toBeGreaterThan(start);
  const block = lines.slice(start, end + 1);
  // In CDK's list of validation errors (`  [RequireGatewayAuthorization] ...`) or as an error of its own.
  const headline = `${gateways} AgentCore gateway${gateways === 1 ? '' : 's'} would deploy without enforced inbound authorization:`;
  expect([`  [RequireGatewayAuthorization] ${headline}`, `Error: RequireGatewayAuthorization: ${headline}`]).toContain(block[0]);
  expect(run.output).not.toMatch(/\[\]/);
  expect(block.filter((l) => l.length > 160)).toEqual([]);
  expect(run.output).not.toMatch(/Why: |is a public endpoint/);
  expect(block[block.length - 1]).toBe(`      ${path.join(run.outdir, 'agentcore-gateway-authorization.json')} (and SARIF next to it)`);
  expect(run.output.split('agentcore-gateway-authorization.json')).toHaveLength(2);
  return block;
}

/** The block with its wrapping undone, for matching whole sentences. */
function unwrapped(block: string[]): string {
  return block.join('\n').replace(/\n {11,}/g, ' ');
}

describe('cdk synth (real CLI)', () => {
  test('GIVEN a validation plugin (not the guard) and a public gateway in a nested Stage WHEN cdk synth THEN it exits 0: the gap the guard closes', () => {
    const run = cdkSynth('plugin-baseline');
    expect(run.status).toBe(0);
    const validation = JSON.parse(fs.readFileSync(path.join(run.outdir, 'validation-report.json'), 'utf-8'));
    expect(validation.pluginReports[0].conclusion).toBe('failure');
  });

  test.each([[[]], [['--ignore-errors']]])('GIVEN a public gateway in a top-level stack WHEN cdk synth %j THEN exit 1 and the rule, where, what and fix are printed on short lines (the why is in the report)', (args) => {
    const run = cdkSynth('top-level', ...args);
    expect(run.status).toBe(1);
    const block = guardBlock(run, 1);
    expect(block.slice(1, 4)).toEqual([
      `    ${AGW1_TITLE}`,
      '      where:  Top/Open (Top, logical ID Open) at Properties.AuthorizerType',
      '      what:   AuthorizerType is NONE.',
    ]);
    expect(unwrapped(block)).toContain(FIX.replace('fix: ', 'fix:    '));
    expect(unwrapped(block)).toContain('the fix replaces it');
    expect(report(run).summary).toEqual({ gateways: 1, compliant: 0, nonCompliant: 1, exempt: 0 });
  });

  test('GIVEN an app whose only stacks live in Stages WHEN cdk synth with no stack selection THEN exit 1 listing every offending path', () => {
    const run = cdkSynth('stage-only');
    expect(run.status).toBe(1);
    const text = unwrapped(guardBlock(run, 2));
    expect(text).toMatch(new RegExp(`\\n {4}${escape(AGW1_TITLE)}\\n {6}where: {2}Prod/Api/Gateway/Resource \\(Prod/Api, logical ID Gateway[0-9A-F]{8}\\) at Properties\\.AuthorizerType\\n`));
    expect(text).toMatch(new RegExp(`\\n {4}${escape(AGW1_TITLE)}\\n {6}where: {2}Prod/Api/Tools/ToolsGateway \\(Prod/Api/Tools, logical ID ToolsGateway\\) at Properties\\.AuthorizerType\\n`));
    // The fix is given once; the second finding refers to it.
    expect(text).toContain(FIX.replace('fix: ', 'fix:    '));
    expect(text).toContain('\n      fix:    as for AGW1 at Prod/Api/Gateway/Resource above.\n');
    expect(run.output).not.toContain('Prod/Canary');
    expect(report(run).gateways.map((g: any) => [g.constructPath, g.verdict])).toEqual([
      ['Prod/Api/Gateway/Resource', 'NON_COMPLIANT'],
      ['Prod/Api/Tools/ToolsGateway', 'NON_COMPLIANT'],
      ['Prod/Canary/Api/Gateway/Resource', 'COMPLIANT'],
      ['Prod/Canary/Api/Tools/ToolsGateway', 'COMPLIANT'],
    ]);
  });

  test('GIVEN a CDK Pipelines stage with public gateways WHEN cdk synth (the pipeline synth step) THEN exit 1 listing them', () => {
    const run = cdkSynth('pipeline');
    expect(run.status).toBe(1);
    const text = unwrapped(guardBlock(run, 2));
    expect(text).toContain(`${AGW1_TITLE}\n      where:  Prod/Api/Gateway/Resource (`);
    expect(text).toContain(`${AGW1_TITLE}\n      where:  Prod/Api/Tools/ToolsGateway (`);
    expect(text).toContain(FIX.replace('fix: ', 'fix:    '));
  });

  test('GIVEN secure gateways in stacks, parameters, Stages and a pipeline WHEN cdk synth THEN exit 0 with JSON and SARIF reports', () => {
    const run = cdkSynth('secure');
    expect(run.output).not.toMatch(/AGW\d/);
    expect(run.status).toBe(0);
    expect(report(run).summary).toEqual({ gateways: 6, compliant: 6, nonCompliant: 0, exempt: 0 });
    const sarif = JSON.parse(fs.readFileSync(path.join(run.outdir, 'agentcore-gateway-authorization.sarif'), 'utf-8'));
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].results).toEqual([]);
  });

  test('GIVEN an exempted public gateway and a guard that allows exemptions WHEN cdk synth THEN exit 0 and the report shows the exemption', () => {
    const run = cdkSynth('exempt');
    expect(run.status).toBe(0);
    expect(report(run).gateways).toEqual([
      expect.objectContaining({ constructPath: 'Demo/PublicDemo', verdict: 'EXEMPT', exemptionReason: 'Public MCP demo server, protected by request interceptors' }),
    ]);
  });
});

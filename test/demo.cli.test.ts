// The demo (`npm run demo`) as a test: the real CDK CLI on both example apps, the cfn-lint gate over
// every template they synthesize, and proof that a guard which ignores Stages makes the demo fail.
// Runs the CDK CLI: excluded from `test:latest` (jest.latest.config.js), like every *.cli.test.ts.
import { spawnSync } from 'child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'fs';
import { join } from 'path';
import { assertLintClean } from './support/cfn-lint';
import { defenseInDepth } from '../examples/demo/layers';
import { checkInsecure, EXPECTED_INSECURE_FINDINGS, INSECURE_CHANGES, Synthesis } from '../examples/demo/run-demo';

const ROOT = join(__dirname, '..');
const TS_NODE = require.resolve('ts-node/register/transpile-only');

function runDemo(checkout: string, outdir: string): { code: number; output: string } {
  const result = spawnSync(process.execPath, ['-r', TS_NODE, join(checkout, 'examples', 'demo', 'run-demo.ts'), '--outdir', outdir], {
    cwd: checkout,
    encoding: 'utf8',
  });
  return { code: result.status ?? 1, output: `${result.stdout}${result.stderr}` };
}

function templatesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return f.startsWith('asset.') ? [] : templatesUnder(p);
    return f.endsWith('.template.json') ? [p] : [];
  });
}

describe('npm run demo', () => {
  const outdir = mkdtempSync(join(ROOT, '.tmp-demo-'));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  test('GIVEN this checkout WHEN the demo runs THEN it exits 0 and prints the gateways and the guard findings', () => {
    const { code, output } = runDemo(ROOT, outdir);

    expect(output).toContain('1. Secure app (examples/demo/secure-app.ts): cdk synth exited 0');
    expect(output).toContain('The guard checked 4 gateways: 4 compliant, 0 non-compliant.');
    expect(output).toMatch(/OrdersAgents\/Gateway +COGNITO_M2M +rendered as CUSTOM_JWT \(clients: 2, scopes: 1\)/);
    expect(output).toMatch(/token endpoint https:\/\/ordersagents-gateway-[0-9a-f]{8}\.auth\.us-east-1\.amazoncognito\.com\/oauth2\/token/);
    expect(output).toMatch(/scopes +agentcore-gateway\/invoke/);
    expect(output).toMatch(/InventoryAgents\/Gateway +AWS_IAM +rendered as AWS_IAM/);
    expect(output).toMatch(/PartnerAgents\/Gateway +CUSTOM_JWT +rendered as CUSTOM_JWT \(clients: 1\)/);
    expect(output).toMatch(/Prod\/SupportTools\/Gateway +COGNITO_M2M/);
    expect(output).toContain('2. Insecure app (examples/demo/insecure-app.ts): cdk synth exited 1 (blocked)');
    expect(output).toContain('[AGW1] ScratchpadAgents/Gateway/Resource at Properties.AuthorizerType: AuthorizerType is NONE.');
    expect(output).toContain('[AGW1] Prod/SupportTools/Gateway/JwtGateway/Resource at Properties.AuthorizerType: AuthorizerType is NONE.');
    // Under each blocked gateway: what the insecure variant changed, and for the gateway both apps have, what
    // it was in the secure app (the demo wraps these lines, hence the flattened whitespace).
    const flat = output.replace(/\s+/g, ' ');
    expect(flat).toContain(`[AGW1] ScratchpadAgents/Gateway/Resource at Properties.AuthorizerType: AuthorizerType is NONE. Changed in this variant: ${INSECURE_CHANGES['AGW1 ScratchpadAgents/Gateway/Resource']} [AGW1]`);
    expect(flat).toContain('Changed in this variant: an escape hatch (addPropertyOverride) on the secure app\'s SecureAgentCoreGateway set AuthorizerType to NONE');
    expect(flat).toContain(`[AGW1] Prod/SupportTools/Gateway/JwtGateway/Resource at Properties.AuthorizerType: AuthorizerType is NONE. Changed in this variant: ${INSECURE_CHANGES['AGW1 Prod/SupportTools/Gateway/JwtGateway/Resource']} In the secure app: COMPLIANT, rendered as CUSTOM_JWT (clients: 1, scopes: 1).`);
    // One line per layer the demo exercised, with its verdict.
    const layers = output.slice(output.indexOf('3. Defense in depth: one line per layer this demo exercised\n')).split('\n').slice(1, 5);
    expect(layers).toEqual([
      expect.stringMatching(/^ {3}authoring +SecureAgentCoreGateway +bypassed +secure app: 4 of 4 gateways authorized by construction; insecure app: an escape hatch wrote NONE on Prod\/SupportTools\/Gateway\/JwtGateway\/Resource$/),
      expect.stringMatching(/^ {3}cdk synth +RequireGatewayAuthorization +stopped +secure app exit 0; insecure app exit 1: AGW1 ScratchpadAgents\/Gateway\/Resource, AGW1 Prod\/SupportTools\/Gateway\/JwtGateway\/Resource$/),
      // The guard judges the assembly once it is written, so the insecure cdk.out holds every template (and no
      // manifest): scan finds both gateways, and cfn-guard on the raw templates also fails closed (AGW5) on the
      // secure gateways whose discovery URL is an Fn::Join, which a Guard hook would see resolved.
      expect.stringMatching(/^ {3}CI +agentcore-gateway-guard scan +stopped +secure cdk\.out exit 0 \(4 gateways\); insecure cdk\.out .* exit 1: AGW1 Prod\/SupportTools\/Gateway\/JwtGateway\/Resource, AGW1 ScratchpadAgents\/Gateway\/Resource$/),
      expect.stringMatching(
        /^ {3}deploy +Guard rule file \(cfn-guard\) +stopped +insecure templates \(6\), exit 19: AGW5 in OrdersAgents\.template\.json, AGW5 in PartnerAgents\.template\.json, AGW1 in ScratchpadAgents\.template\.json, AGW1 in assembly-Prod\/ProdSupportTools[0-9A-F]{8}\.template\.json$/,
      ),
    ]);
    expect(output).toMatch(/^PASS /m);
    expect(code).toBe(0);
  });

  test('GIVEN the demo ran THEN every template both apps synthesized passes the cfn-lint gate', () => {
    const templates = templatesUnder(outdir);
    // Secure: 4 top-level stacks and the pipeline stage's stack. Insecure: at least the stage's stack,
    // written before the guard failed the App.
    expect(templates.filter((t) => t.includes(`${join(outdir, 'secure')}/`))).toHaveLength(5);
    expect(templates.filter((t) => t.includes(`${join(outdir, 'insecure')}/`)).length).toBeGreaterThanOrEqual(1);
    assertLintClean(templates);
  });
});

describe('the demo fails when the guard is broken', () => {
  test('GIVEN a guard that ignores Stages (and so CDK Pipelines stages) THEN the demo exits non-zero and says what is missing', () => {
    // A copy of src/ and examples/ inside the repository (so node_modules resolve), with the guard's verdict
    // changed to judge only the stacks of the App itself.
    const checkout = mkdtempSync(join(ROOT, '.tmp-broken-guard-'));
    try {
      cpSync(join(ROOT, 'src'), join(checkout, 'src'), { recursive: true });
      cpSync(join(ROOT, 'rules'), join(checkout, 'rules'), { recursive: true });
      mkdirSync(join(checkout, 'examples'));
      cpSync(join(ROOT, 'examples', 'demo'), join(checkout, 'examples', 'demo'), { recursive: true });
      const gate = join(checkout, 'src', 'guard', 'written-assembly.ts');
      const original = readFileSync(gate, 'utf8');
      const broken = original.replace(
        'const covering = applicationsOverlapping(applications, owner);',
        'const covering = stack && Stage.of(stack) !== root ? [] : applicationsOverlapping(applications, owner);',
      );
      expect(broken).not.toBe(original); // the break must apply, or this test proves nothing
      writeFileSync(gate, broken);

      const { code, output } = runDemo(checkout, join(checkout, 'out'));

      expect(output).toContain('secure app: the guard did not check Prod/SupportTools/Gateway/JwtGateway/Resource');
      expect(output).toContain('insecure app: expected finding missing: AGW1 Prod/SupportTools/Gateway/JwtGateway/Resource');
      expect(output).toMatch(/^FAIL /m);
      expect(code).toBe(1);
    } finally {
      rmSync(checkout, { recursive: true, force: true });
    }
  });

  test('GIVEN an insecure app blocked for another reason than expected THEN that is a failure', () => {
    const synthesis: Synthesis = {
      app: 'insecure-app.ts',
      outdir: '/nowhere',
      code: 1,
      output: EXPECTED_INSECURE_FINDINGS.map((f) => `  [${f.split(' ')[0]}] Title\n    where:  ${f.split(' ')[1]} (Stack, logical ID X) at ...`).join('\n'),
      report: {
        summary: { gateways: 2, compliant: 0, nonCompliant: 2, exempt: 0 },
        gateways: [
          { constructPath: 'ScratchpadAgents/Gateway/Resource', logicalId: 'G1', authorization: 'NONE', verdict: 'NON_COMPLIANT', findings: [{ ruleId: 'AGW1', propertyPath: 'p', message: 'm' }] },
          { constructPath: 'Prod/SupportTools/Gateway/JwtGateway/Resource', logicalId: 'G2', authorization: '?', verdict: 'NON_COMPLIANT', findings: [{ ruleId: 'AGW2', propertyPath: 'p', message: 'm' }] },
        ],
      },
    };
    expect(checkInsecure(synthesis)).toEqual([
      'expected finding missing: AGW1 Prod/SupportTools/Gateway/JwtGateway/Resource',
      'unexpected finding: AGW2 Prod/SupportTools/Gateway/JwtGateway/Resource',
    ]);
  });

  test('GIVEN an "insecure" cloud assembly that holds only a secure gateway THEN the scan and Guard layers say MISSED and fail the demo', async () => {
    const outdir = mkdtempSync(join(ROOT, '.tmp-layers-'));
    try {
      const gateway = { Type: 'AWS::BedrockAgentCore::Gateway', Properties: { Name: 'gw', ProtocolType: 'MCP', RoleArn: 'arn:aws:iam::111111111111:role/gw', AuthorizerType: 'AWS_IAM' } };
      writeFileSync(join(outdir, 'Team.template.json'), JSON.stringify({ Resources: { Gw: gateway } }));
      const synthesis: Synthesis = { app: 'insecure-app.ts', outdir, code: 1, output: '' };

      const layers = await defenseInDepth({ ...synthesis, code: 0 }, synthesis);

      expect(layers.lines[2]).toMatch(/^ {3}CI +agentcore-gateway-guard scan +MISSED /);
      expect(layers.lines[3]).toMatch(/^ {3}deploy +Guard rule file \(cfn-guard\) +MISSED +insecure templates \(1\), exit 0: all passed$/);
      expect(layers.problems).toEqual([
        'scan of the insecure cdk.out exited 0 without AGW1 Prod/SupportTools/Gateway/JwtGateway/Resource',
        'the Guard rule file did not fail the insecure templates with AGW1',
      ]);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});

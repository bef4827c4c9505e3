// End to end: `remediate` (once as a library call, once as the command line) reads public gateways from
// the local mock control plane through the real AWS SDK, writes the CDK apps of their replacements, and
// each app is compiled with tsc and synthesized by the real CDK CLI (which runs the app's `build`), with
// RequireGatewayAuthorization applied. The templates must pass the guard and cfn-lint, and every target
// and setting must equal the source's.
import { spawnSync, SpawnSyncOptions } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { BILLING_GATEWAY, HOSTILE_DESCRIPTION, JWT_CHOICE, ORDERS_GATEWAY, PWNED_FILE, REGION } from './fixtures';
import { evaluateTemplate } from '../../src/engine/evaluate';
import { runRemediate, RemediateResult } from '../../src/remediate';
import { fakeAwsEnv, useEnv } from '../audit/aws-env';
import { MockControlPlane, MockGateway, startMockControlPlane } from '../audit/mock-control-plane';
import { runCli } from '../cli/run-cli';
import { tempDir } from '../scan/helpers';
import { blockingFindings, cfnLint, describeFindings } from '../support/cfn-lint';

const ROOT = path.join(__dirname, '..', '..');
const CDK = path.join(ROOT, 'node_modules', '.bin', 'cdk');
const GATEWAY_TYPE = 'AWS::BedrockAgentCore::Gateway';
const TARGET_TYPE = 'AWS::BedrockAgentCore::GatewayTarget';
// npm's own environment from an outer `npm test` would leak into the `npm run build` that cdk runs.
const NPM_ENV: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));

function run(command: string, args: string[], options: SpawnSyncOptions) {
  const result = spawnSync(command, args, { encoding: 'utf-8', timeout: 300_000, ...options });
  return { status: result.status, stdout: String(result.stdout ?? ''), stderr: String(result.stderr ?? ''), error: result.error };
}

function newest(dir: string): number {
  let max = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    max = Math.max(max, entry.isDirectory() ? newest(full) : fs.statSync(full).mtimeMs);
  }
  return max;
}

/** lib/ as `npx projen compile` makes it, which the generated apps import; built when missing or stale. */
function ensureCompiled(): void {
  const index = path.join(ROOT, 'lib', 'index.js');
  if (fs.existsSync(index) && fs.statSync(index).mtimeMs >= newest(path.join(ROOT, 'src'))) {
    return;
  }
  const result = run(path.join(ROOT, 'node_modules', '.bin', 'jsii'), ['--silence-warnings=reserved-word'], { cwd: ROOT });
  if (result.status !== 0) {
    throw new Error(`jsii failed:\n${result.stdout}\n${result.stderr}`);
  }
}

/**
 * What `npm install` would give the generated app, offline: its dependencies linked from this
 * repository (this package resolves to the compiled lib/, and it and the app share one aws-cdk-lib).
 */
function linkDependencies(appDir: string): void {
  const modules = path.join(appDir, 'node_modules');
  fs.mkdirSync(path.join(modules, '.bin'), { recursive: true });
  for (const name of ['aws-cdk-lib', 'constructs', 'typescript']) {
    fs.symlinkSync(path.join(ROOT, 'node_modules', name), path.join(modules, name), 'dir');
  }
  fs.symlinkSync(ROOT, path.join(modules, 'cdk-secure-agentcore-gateway'), 'dir');
  fs.symlinkSync(path.join('..', 'typescript', 'bin', 'tsc'), path.join(modules, '.bin', 'tsc'));
}

interface GeneratedApp {
  readonly dir: string;
  /** What remediate printed on standard output. */
  readonly report: string;
  /** The files it wrote, when it ran as a library call. */
  readonly written?: RemediateResult['written'];
  readonly synth: ReturnType<typeof run>;
  readonly template: any;
  readonly templateFile: string;
}

type Template = { Resources: Record<string, { Type: string; Properties: any }> };

function resourcesOf(template: Template, type: string): Array<[string, any]> {
  return Object.entries(template.Resources).filter(([, r]) => r.Type === type);
}

/**
 * The API's camelCase JSON in CloudFormation's PascalCase, written independently of the code under
 * test: map keys that are data (OAuth custom parameters, tags, JSON-schema property names) keep their case.
 */
function toCfn(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toCfn);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const cfnKey = key.charAt(0).toUpperCase() + key.slice(1);
    if (key === 'customParameters' || key === 'tags') {
      out[cfnKey] = item;
    } else if (key === 'properties' && 'type' in value) {
      out[cfnKey] = Object.fromEntries(Object.entries(item as object).map(([name, schema]) => [name, toCfn(schema)]));
    } else {
      out[cfnKey] = toCfn(item);
    }
  }
  return out;
}

describe('remediate, end to end: generated app -> tsc -> cdk synth -> guard, cfn-lint, round trip', () => {
  let restoreEnv: () => void;
  let mock: MockControlPlane;
  let orders: GeneratedApp;
  let billing: GeneratedApp;

  /** The app of `gateway`'s replacement, written by runRemediate. */
  async function generate(gateway: MockGateway, authorization: Parameters<typeof runRemediate>[0]['authorization'], work: string): Promise<GeneratedApp> {
    const dir = path.join(work, gateway.name);
    const result = await runRemediate(
      { gateway: gateway.gatewayId, region: REGION, endpointUrl: mock.endpoint, authorization, out: dir },
      { retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 } },
    );
    if (result.status !== 'written') {
      throw new Error(`remediate did not write the app (${result.status}): ${result.errors.join('\n')}`);
    }
    return synthesize(dir, result.report, result.written);
  }

  /** The same, written by the command line (`agentcore-gateway-guard remediate ...` in-process). */
  async function generateWithCli(gateway: MockGateway, flags: string[], work: string): Promise<GeneratedApp> {
    const dir = path.join(work, gateway.name);
    const cli = await runCli(['remediate', '--gateway', gateway.gatewayId, '--region', REGION, '--endpoint-url', mock.endpoint, '--out', dir, ...flags]);
    if (cli.code !== 0) {
      throw new Error(`agentcore-gateway-guard remediate exited ${cli.code}: ${cli.stderr}`);
    }
    return synthesize(dir, cli.stdout);
  }

  function synthesize(dir: string, report: string, written?: RemediateResult['written']): GeneratedApp {
    linkDependencies(dir);
    const env: NodeJS.ProcessEnv = { ...NPM_ENV, CDK_DISABLE_CLI_TELEMETRY: 'true' };
    delete env.NODE_ENV;
    const synth = run(CDK, ['synth', '--no-notices', '--quiet'], { cwd: dir, env });
    const out = path.join(dir, 'cdk.out');
    const templateFile = fs.existsSync(out) ? fs.readdirSync(out).filter((f) => f.endsWith('.template.json')).map((f) => path.join(out, f))[0] : '';
    const template = templateFile ? JSON.parse(fs.readFileSync(templateFile, 'utf-8')) : undefined;
    return { dir, report, written, synth, template, templateFile };
  }

  beforeAll(async () => {
    ensureCompiled();
    restoreEnv = useEnv(fakeAwsEnv());
    mock = await startMockControlPlane({
      regions: { [REGION]: [ORDERS_GATEWAY, BILLING_GATEWAY] },
      // Pages of 3 targets, and the first GetGatewayTarget throttled: read like `audit` reads.
      pageSize: 3,
      throttleFirst: { [`GetGatewayTarget:${REGION}`]: 1 },
    });
    const work = tempDir('remediate-e2e-');
    orders = await generate(ORDERS_GATEWAY, { kind: 'cognito-m2m' }, work);
    // The JWT settings come from the command line's flags: parsed, they must reach the template unchanged.
    billing = await generateWithCli(
      BILLING_GATEWAY,
      ['--authorization', 'jwt', '--discovery-url', JWT_CHOICE.discoveryUrl, '--allowed-clients', JWT_CHOICE.allowedClients.join(','), '--allowed-scopes', JWT_CHOICE.allowedScopes.join(',')],
      work,
    );
  });

  afterAll(async () => {
    await mock?.close();
    restoreEnv?.();
  });

  test('GIVEN a public gateway with targets of every supported kind WHEN remediated THEN it writes the app, having read every page and retried the throttled call', () => {
    expect(orders.written!.map((f) => path.relative(orders.dir, f)).sort()).toEqual([
      '.gitignore',
      'README.md',
      'bin/app.ts',
      'cdk.json',
      'lib/replacement-gateway-stack.ts',
      'lib/source-targets.ts',
      'package.json',
      'tsconfig.json',
    ]);
    expect(orders.report).toContain('Reproduced: 8 of 8 target(s) (mcp.lambda 2, mcp.openApiSchema 2, mcp.smithyModel 2, mcp.mcpServer 1, mcp.apiGateway 1)');
    const ordersCalls = mock.requests.filter((r) => r.path.includes(ORDERS_GATEWAY.gatewayId));
    expect(ordersCalls.filter((r) => r.operation === 'ListGatewayTargets').map((r) => r.query.nextToken !== undefined)).toEqual([false, true, true]);
    expect(ordersCalls.filter((r) => r.operation === 'GetGatewayTarget').map((r) => r.status)).toEqual([429, ...Array(8).fill(200)]);
  });

  test.each([['orders', () => orders], ['billing', () => billing]])('GIVEN the %s app WHEN `cdk synth` runs its build (tsc) THEN it compiles and synthesizes', (_name, app) => {
    const { synth, dir } = app();
    expect({ status: synth.status, stderr: synth.stderr }).toMatchObject({ status: 0 });
    expect(fs.existsSync(path.join(dir, 'dist', 'bin', 'app.js'))).toBe(true);
    expect(fs.existsSync(path.join(dir, 'dist', 'lib', 'source-targets.js'))).toBe(true);
  });

  test.each([['orders', () => orders], ['billing', () => billing]])('GIVEN the %s app WHEN synthesized THEN the guard ran on the App and passes it, and the engine agrees', (_name, app) => {
    const { dir, template } = app();
    const report = JSON.parse(fs.readFileSync(path.join(dir, 'cdk.out', 'agentcore-gateway-authorization.json'), 'utf-8'));
    expect(report.summary).toEqual({ gateways: 1, compliant: 1, nonCompliant: 0, exempt: 0 });
    const [evaluation] = evaluateTemplate(template);
    expect(evaluation.verdict).toBe('COMPLIANT');
    const [[, gateway]] = resourcesOf(template, GATEWAY_TYPE);
    expect(gateway.Properties.AuthorizerType).toBe('CUSTOM_JWT');
  });

  test('GIVEN both synthesized templates WHEN linted by cfn-lint THEN nothing blocks', () => {
    const blocking = blockingFindings(cfnLint([orders.templateFile, billing.templateFile]));
    expect(describeFindings(blocking)).toBe('');
  });

  test.each([['orders', () => orders, ORDERS_GATEWAY], ['billing', () => billing, BILLING_GATEWAY]])(
    'GIVEN the %s replacement WHEN its targets are compared with the source THEN each equals its source field by field and belongs to the new gateway',
    (_name, app, source) => {
      const { template } = app();
      const [[gatewayId]] = resourcesOf(template, GATEWAY_TYPE);
      const targets = resourcesOf(template, TARGET_TYPE).map(([, r]) => r.Properties);
      const expected = (source.targets ?? []).map((t) => ({
        ...(toCfn({ name: t.name, ...t.configuration }) as object),
        GatewayIdentifier: { 'Fn::GetAtt': [gatewayId, 'GatewayIdentifier'] },
      }));
      expect(targets).toEqual(expected);
    },
  );

  test('GIVEN the orders replacement WHEN its gateway is compared with the source THEN every setting is the source\'s, under a new name', () => {
    const [[, gateway]] = resourcesOf(orders.template, GATEWAY_TYPE);
    const d = ORDERS_GATEWAY.details!;
    const { AuthorizerType: _type, AuthorizerConfiguration: _auth, ...rest } = gateway.Properties;
    expect(rest).toEqual({
      Name: 'orders-gw-secure',
      // The hostile description is data in the template, byte for byte, and never ran (see below).
      Description: HOSTILE_DESCRIPTION,
      RoleArn: d.roleArn,
      KmsKeyArn: d.kmsKeyArn,
      ExceptionLevel: 'DEBUG',
      ProtocolType: 'MCP',
      // No ProtocolConfiguration, as the source: the escape hatch removed aws-cdk-lib's default.
      InterceptorConfigurations: toCfn(d.interceptorConfigurations),
      PolicyEngineConfiguration: toCfn(d.policyEngineConfiguration),
    });
    expect(fs.existsSync(path.join(orders.dir, PWNED_FILE))).toBe(false);
  });

  test('GIVEN the billing replacement (settings that fit the construct, JWT from the command line) WHEN compared with the source THEN equal, with the JWT options given', () => {
    expect(billing.report).toContain(`Wrote the CDK app of its secure replacement "billing-gw-secure" (jwt) to ${billing.dir}/:`);
    const [[, gateway]] = resourcesOf(billing.template, GATEWAY_TYPE);
    const d = BILLING_GATEWAY.details!;
    expect(gateway.Properties).toEqual({
      Name: 'billing-gw-secure',
      Description: d.description,
      RoleArn: d.roleArn,
      ProtocolType: 'MCP',
      ProtocolConfiguration: toCfn(d.protocolConfiguration),
      InterceptorConfigurations: toCfn(d.interceptorConfigurations),
      AuthorizerType: 'CUSTOM_JWT',
      AuthorizerConfiguration: {
        CustomJWTAuthorizer: {
          DiscoveryUrl: JWT_CHOICE.discoveryUrl,
          AllowedClients: JWT_CHOICE.allowedClients,
          AllowedScopes: JWT_CHOICE.allowedScopes,
        },
      },
    });
    // Everything came from the props, so the generated stack has no escape hatch.
    expect(fs.readFileSync(path.join(billing.dir, 'lib', 'replacement-gateway-stack.ts'), 'utf-8')).not.toContain('defaultChild');
  });
});

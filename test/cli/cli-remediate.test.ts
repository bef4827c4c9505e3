// `agentcore-gateway-guard remediate` run in-process against the local mock control plane (the real AWS SDK
// signs and sends every call): the command line, what it prints and its exit codes. What the generated app
// contains is tested in test/remediate.
import * as fs from 'fs';
import * as path from 'path';
import { runCli } from './run-cli';
import { fakeAwsEnv, useEnv } from '../audit/aws-env';
import { MockControlPlane, MockGateway, startMockControlPlane } from '../audit/mock-control-plane';
import { BILLING_GATEWAY, JWT_CHOICE, ORDERS_GATEWAY, REGION, SECURE_GATEWAY } from '../remediate/fixtures';
import { tempDir, writeFiles } from '../scan/helpers';

const CONNECTOR_GATEWAY: MockGateway = {
  ...BILLING_GATEWAY,
  gatewayId: 'slack-gw-a1b2c3d4e5',
  name: 'slack-gw',
  targets: [
    ...BILLING_GATEWAY.targets!,
    { targetId: 'SLACKTGT01', name: 'slack', configuration: { targetConfiguration: { mcp: { connector: { source: { connectorId: 'slack' } } } } } },
  ],
};
/** AUTHENTICATE_ONLY behind a policy engine in ENFORCE mode: accepted only with the AGW8 option, as in scan and audit. */
const OFFLOADED_GATEWAY: MockGateway = {
  gatewayId: 'offload-gw-p1q2r3s4t5',
  name: 'offload-gw',
  authorizerType: 'AUTHENTICATE_ONLY',
  authorizerConfiguration: { customJWTAuthorizer: { discoveryUrl: JWT_CHOICE.discoveryUrl } },
  policyEngineConfiguration: { arn: `arn:aws:bedrock-agentcore:${REGION}:111111111111:policy-engine/offload-engine`, mode: 'ENFORCE' },
  targets: [],
};
/** Names from the API answer with characters that act on a terminal: a bidi override, a C1 CSI, an ESC sequence. */
const HOSTILE_NAME_GATEWAY: MockGateway = {
  ...BILLING_GATEWAY,
  gatewayId: 'hostile-name-gw-m1n2o3p4q5',
  name: 'hostile\u202egw\u009b2J',
};
const HOSTILE_GATEWAY: MockGateway = {
  ...CONNECTOR_GATEWAY,
  gatewayId: 'hostile-gw-z9y8x7w6v5',
  name: 'hostile-gw',
  targets: [
    ...BILLING_GATEWAY.targets!,
    { targetId: 'EVILTGT01', name: 'evil\u001b[2J\u2028target', configuration: { targetConfiguration: { mcp: { connector: { source: { connectorId: 'slack' } } } } } },
  ],
};
/** Control characters that must never reach a terminal raw (newlines are the output's own). */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const DENIED_REGION = 'eu-west-1';
const USAGE_HINT = "Run 'agentcore-gateway-guard --help' for usage.\n";

let restoreEnv: () => void;
let mock: MockControlPlane;
let work: string;

beforeAll(async () => {
  restoreEnv = useEnv(fakeAwsEnv());
  mock = await startMockControlPlane({
    regions: {
      [REGION]: [BILLING_GATEWAY, SECURE_GATEWAY, CONNECTOR_GATEWAY, OFFLOADED_GATEWAY, HOSTILE_GATEWAY, HOSTILE_NAME_GATEWAY],
      [DENIED_REGION]: [ORDERS_GATEWAY],
    },
    deniedRegions: [DENIED_REGION],
  });
});

afterAll(async () => {
  await mock.close();
  restoreEnv();
});

beforeEach(() => {
  work = tempDir('cli-remediate-');
});

/** `remediate` against the mock, with few retries so that failures come back at once. */
function remediate(...argv: string[]) {
  return runCli(['remediate', '--endpoint-url', mock.endpoint, '--max-attempts', '2', ...argv]);
}

describe('agentcore-gateway-guard remediate --gateway (against a local AgentCore endpoint; no AWS account)', () => {
  test('GIVEN a public gateway WHEN remediated with --authorization iam THEN exit 0, the app written to --out and listed', async () => {
    const out = path.join(work, 'app');

    const run = await remediate('--gateway', BILLING_GATEWAY.gatewayId, '--region', REGION, '--authorization', 'iam', '--out', out);

    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/^Gateway billing-gw-f6g7h8i9j0 \("billing-gw"\) in us-east-1, authorizer type "NONE": AGW1\.\n/);
    expect(run.stdout).toContain(`Wrote the CDK app of its secure replacement "billing-gw-secure" (iam) to ${out}/:`);
    expect(run.stdout).toContain(`Next: cd ${out} && npm install && npx cdk deploy, then follow README.md.`);
    expect(fs.readdirSync(out).sort()).toEqual(['.gitignore', 'README.md', 'bin', 'cdk.json', 'lib', 'package.json', 'tsconfig.json']);
    expect(fs.readFileSync(path.join(out, 'lib', 'replacement-gateway-stack.ts'), 'utf-8')).toContain('GatewayAuthorization.awsIam()');
  });

  test('GIVEN a gateway ARN WHEN remediated with jwt options THEN the region comes from the ARN and the JWT settings reach the app', async () => {
    const out = path.join(work, 'app');
    const arn = `arn:aws:bedrock-agentcore:${REGION}:111111111111:gateway/${BILLING_GATEWAY.gatewayId}`;

    const run = await remediate(
      '--gateway', arn, '--authorization', 'jwt', '--discovery-url', JWT_CHOICE.discoveryUrl,
      '--allowed-clients', JWT_CHOICE.allowedClients.join(','), '--allowed-scopes', JWT_CHOICE.allowedScopes[0], '--out', out,
    );

    expect(run).toMatchObject({ code: 0, stderr: '' });
    const stack = fs.readFileSync(path.join(out, 'lib', 'replacement-gateway-stack.ts'), 'utf-8');
    expect(stack).toContain(JSON.stringify(JWT_CHOICE.discoveryUrl));
    for (const client of JWT_CHOICE.allowedClients) expect(stack).toContain(JSON.stringify(client));
    expect(mock.requests.filter((r) => r.path.includes(BILLING_GATEWAY.gatewayId)).every((r) => r.region === REGION)).toBe(true);
  });

  test('GIVEN a gateway that is already secure WHEN remediated THEN exit 0, "Nothing to do", nothing written', async () => {
    const out = path.join(work, 'app');

    const run = await remediate('--gateway', SECURE_GATEWAY.gatewayId, '--region', REGION, '--out', out);

    expect(run).toEqual({
      code: 0,
      stdout: 'Gateway secure-gw-k1l2m3n4o5 ("secure-gw") in us-east-1, authorizer type "CUSTOM_JWT" passes every rule (CUSTOM_JWT (clients: 1)). Nothing to do.\n',
      stderr: '',
    });
    expect(fs.existsSync(out)).toBe(false);
  });

  test('GIVEN AUTHENTICATE_ONLY behind an enforcing policy engine WHEN remediated with and without --allow-authenticate-only-with-enforced-policy-engine THEN nothing to do, or replaced (AGW8)', async () => {
    const out = path.join(work, 'app');

    const accepted = await remediate('--gateway', OFFLOADED_GATEWAY.gatewayId, '--region', REGION, '--allow-authenticate-only-with-enforced-policy-engine', '--out', out);
    expect(accepted).toMatchObject({ code: 0, stderr: '' });
    expect(accepted.stdout).toMatch(/authorizer type "AUTHENTICATE_ONLY" passes every rule \(AUTHENTICATE_ONLY \(policy engine: ENFORCE\)\)\. Nothing to do\.\n$/);
    expect(fs.existsSync(out)).toBe(false);

    const refused = await remediate('--gateway', OFFLOADED_GATEWAY.gatewayId, '--region', REGION, '--authorization', 'iam', '--out', out);
    expect(refused).toMatchObject({ code: 0, stderr: '' });
    expect(refused.stdout).toMatch(/^Gateway offload-gw-p1q2r3s4t5 \("offload-gw"\) in us-east-1, authorizer type "AUTHENTICATE_ONLY": AGW8\.\n/);
    expect(fs.existsSync(path.join(out, 'bin', 'app.ts'))).toBe(true);
  });

  test('GIVEN an unknown gateway WHEN remediated THEN exit 2 with what to check', async () => {
    const run = await remediate('--gateway', 'nope-gw-0000000000', '--region', REGION);

    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      /^agentcore-gateway-guard: gateway nope-gw-0000000000 was not found in us-east-1 \(ResourceNotFoundException: .*\)\. Check the gateway ID and the region: `agentcore-gateway-guard audit --region us-east-1` lists the gateways there\n$/,
    );
  });

  test('GIVEN a region where access is denied WHEN remediated by ARN THEN exit 2 naming the region and the permissions', async () => {
    const run = await remediate('--gateway', `arn:aws:bedrock-agentcore:${DENIED_REGION}:111111111111:gateway/${ORDERS_GATEWAY.gatewayId}`);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `agentcore-gateway-guard: gateway ${ORDERS_GATEWAY.gatewayId} could not be read in ${DENIED_REGION}: AccessDeniedException: User: arn:aws:iam::111111111111:user/auditor is not authorized`,
    );
    expect(run.stderr).toContain('remediate needs bedrock-agentcore:GetGateway, ListGatewayTargets and GetGatewayTarget there (check SCPs that deny the region too)\n');
  });

  test('GIVEN a target kind it cannot reproduce WHEN remediated THEN exit 2 with the list, and nothing is written', async () => {
    const out = path.join(work, 'app');

    const run = await remediate('--gateway', CONNECTOR_GATEWAY.gatewayId, '--region', REGION, '--out', out);

    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.startsWith(
      'agentcore-gateway-guard: cannot reproduce Gateway slack-gw-a1b2c3d4e5 ("slack-gw") in us-east-1, authorizer type "NONE" faithfully, so nothing was written:\n',
    )).toBe(true);
    expect(run.stderr).toMatch(/\n {2}- target "slack" \(SLACKTGT01\): targetConfiguration\.mcp\.connector is a kind of target remediate does not reproduce[^\n]*\n/);
    expect(run.stderr).toMatch(/\nRerun with --skip-unsupported to write the app without them \(its README lists them\), or re-create them by hand afterwards\.\n$/);
    expect(fs.existsSync(out)).toBe(false);
  });

  test('GIVEN names with terminal control characters in the API answer WHEN refused, and WHEN written THEN they are shown escaped, never raw', async () => {
    const badName = await remediate('--gateway', HOSTILE_NAME_GATEWAY.gatewayId, '--region', REGION, '--out', path.join(work, 'bad-name'));
    const refused = await remediate('--gateway', HOSTILE_GATEWAY.gatewayId, '--region', REGION, '--out', path.join(work, 'refused'));
    const written = await remediate('--gateway', HOSTILE_GATEWAY.gatewayId, '--region', REGION, '--out', path.join(work, 'app'), '--skip-unsupported');

    expect(badName.code).toBe(2);
    expect(badName.stderr).not.toMatch(RAW_CONTROL);
    expect(badName.stderr).toContain('returned "hostile\\u202egw\\u009b2J" as a gateway name');
    expect(refused.code).toBe(2);
    expect(refused.stderr).not.toMatch(RAW_CONTROL);
    expect(refused.stderr).toContain('target "evil\\u001b[2J\\u2028target" (EVILTGT01)');
    // One message per line still: the multi-line refusal keeps its layout.
    expect(refused.stderr.split('\n').filter((l) => l.startsWith('agentcore-gateway-guard: '))).toHaveLength(1);
    expect(written.code).toBe(0);
    expect(written.stdout).not.toMatch(RAW_CONTROL);
    expect(written.stdout).toContain('target "evil\\u001b[2J\\u2028target" (EVILTGT01)');
  });

  test('GIVEN --skip-unsupported WHEN remediated THEN exit 0, the rest written, and what it skipped is listed', async () => {
    const out = path.join(work, 'app');

    const run = await remediate('--gateway', CONNECTOR_GATEWAY.gatewayId, '--region', REGION, '--out', out, '--skip-unsupported');

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Reproduced: 1 of 2 target(s) (mcp.lambda 1)');
    expect(run.stdout).toContain('NOT reproduced (--skip-unsupported), listed in the README:\n  - target "slack" (SLACKTGT01): targetConfiguration.mcp.connector');
    expect(fs.readFileSync(path.join(out, 'README.md'), 'utf-8')).toContain('--target-id SLACKTGT01');
  });

  test('GIVEN no AWS SDK WHEN remediating a deployed gateway THEN exit 2 with the package to install, named for remediate', async () => {
    const run = await runCli(['remediate', '--gateway', 'gw-1', '--region', REGION], { sdkModule: '@aws-sdk/client-does-not-exist' });

    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'agentcore-gateway-guard: `remediate` needs the AWS SDK package @aws-sdk/client-does-not-exist, which is not installed. ' +
        'Install it next to this package: npm install --save-dev @aws-sdk/client-does-not-exist@^3\n',
    );
  });
});

describe('agentcore-gateway-guard remediate --template', () => {
  const TEMPLATE = {
    Resources: {
      OpenGateway: {
        Type: 'AWS::BedrockAgentCore::Gateway',
        Properties: { Name: 'tools', AuthorizerType: 'NONE', ProtocolType: 'MCP', RoleArn: 'arn:aws:iam::111111111111:role/gw' },
      },
    },
  };

  test('GIVEN a template with a public gateway WHEN remediated with iam THEN exit 0 and both templates are written next to it', async () => {
    writeFiles(work, { 'tools.json': JSON.stringify(TEMPLATE) });
    const file = path.join(work, 'tools.json');

    const run = await runCli(['remediate', '--template', file, '--authorization', 'iam']);

    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toContain(`Wrote ${path.join(work, 'tools.secure.cutover.json')}: step 1`);
    const corrected = JSON.parse(fs.readFileSync(path.join(work, 'tools.secure.json'), 'utf-8'));
    expect(Object.values(corrected.Resources).map((r: any) => r.Properties.AuthorizerType)).toEqual(['AWS_IAM']);
  });

  test('GIVEN --template without --authorization WHEN run THEN exit 2: the default cognito-m2m is for deployed gateways', async () => {
    writeFiles(work, { 'tools.json': JSON.stringify(TEMPLATE) });

    const run = await runCli(['remediate', '--template', path.join(work, 'tools.json')]);

    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^agentcore-gateway-guard: --template needs --authorization iam or jwt: a Cognito user pool/);
    expect(fs.readdirSync(work)).toEqual(['tools.json']);
  });
});

describe('agentcore-gateway-guard remediate usage', () => {
  test.each([
    [['remediate'], 'remediate needs --gateway <id or ARN> (a deployed gateway) or --template <file>'],
    [['remediate', 'gw-1'], 'remediate takes no paths (got gw-1); name the gateway with --gateway or the template with --template'],
    [['remediate', '--gateway', 'gw-1', '--gateway', 'gw-2', '--region', 'us-east-1'], 'remediate replaces one deployed gateway at a time (got --gateway gw-1, gw-2); run it once for each'],
    [['remediate', '--gateway', 'gw-1', '--region', 'us-east-1,eu-west-1'], 'remediate reads one gateway in one region (got --region us-east-1,eu-west-1)'],
    [['remediate', '--gateway', 'gw-1', '--region', 'useast1'], "'useast1' is not a region name (like us-east-1)"],
    [['remediate', '--gateway', 'gw-1', '--authorization', 'none'], "unknown authorization 'none': use cognito-m2m, iam, jwt"],
    [['remediate', '--gateway', 'gw-1', '--authorization', 'iam', '--authorization', 'jwt'], "--authorization is given twice ('iam' and 'jwt'); give it once"],
    [['remediate', '--gateway', 'gw-1', '--authorization', 'jwt'], "--authorization jwt needs --discovery-url <the provider's .well-known/openid-configuration URL>"],
    [['remediate', '--gateway', 'gw-1', '--allowed-clients', 'abc'], '--allowed-clients configures --authorization jwt, not cognito-m2m'],
    [['remediate', '--gateway', 'gw-1', '--authorization', 'iam', '--discovery-url', JWT_CHOICE.discoveryUrl, '--allowed-scopes', 'a'], '--discovery-url, --allowed-scopes configure --authorization jwt, not iam'],
    [['remediate', '--template', 't.yaml', '--authorization', 'iam', '--region', 'us-east-1', '--skip-unsupported'], '--region, --skip-unsupported are for a deployed gateway, not for --template (which reads only the file)'],
    [['remediate', '--gateway', 'gw-1', '--format', 'json'], '--format is an option of scan and audit, not of remediate'],
    [['remediate', '--gateway', 'gw-1', '--output', 'dir'], '--output is an option of scan, audit and policy, not of remediate (remediate writes to --out)'],
    [['remediate', '--gateway', 'gw-1', '--skip-unsupported=yes'], '--skip-unsupported takes no value'],
    [['remediate', '--gateway', 'gw-1', '--out'], '--out needs a value'],
    [['audit', '--gateway', 'gw-1'], '--gateway is an option of remediate, not of audit'],
    [['scan', '.', '--skip-unsupported'], '--skip-unsupported is an option of remediate, not of scan'],
  ])('GIVEN %j WHEN run THEN exit 2 with "%s"', async (argv, message) => {
    const run = await runCli(argv);

    expect(run).toEqual({ code: 2, stdout: '', stderr: `agentcore-gateway-guard: ${message}\n${USAGE_HINT}` });
  });

  test.each([
    [['--gateway', 'gw-1'], '--gateway gw-1 is an ID: name its region with --region, or pass the gateway ARN'],
    [['--gateway', 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:gateway/gw-1', '--region', 'us-east-1'], '--region us-east-1 contradicts the gateway ARN, which is in eu-west-1'],
    [['--gateway', 'arn:aws:s3:::bucket', '--region', 'us-east-1'], '--gateway "arn:aws:s3:::bucket" is not a gateway ARN (arn:aws:bedrock-agentcore:<region>:<account>:gateway/<id>)'],
    [['--gateway', 'gw-1', '--region', 'us-east-1', '--authorization', 'jwt', '--discovery-url', JWT_CHOICE.discoveryUrl], 'none of --allowed-clients, --allowed-audience or --allowed-scopes is given'],
    [['--gateway', 'gw-1', '--region', 'us-east-1', '--authorization', 'jwt', '--discovery-url', 'http://idp.example.com', '--allowed-clients', 'a'], "--discovery-url: 'http://idp.example.com' must use https"],
    [['--gateway', 'gw-1', '--region', 'us-east-1', '--authorization', 'jwt', '--discovery-url', JWT_CHOICE.discoveryUrl, '--allowed-clients', 'a,'], '--allowed-clients[1]: is an empty string'],
  ])('GIVEN remediate %j (values judged by the command) WHEN run THEN exit 2 naming the option, before any call', async (argv, message) => {
    const before = mock.requests.length;

    const run = await remediate(...argv);

    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(message);
    expect(mock.requests.length).toBe(before);
  });

  test('GIVEN an invalid --gateway-name WHEN run THEN exit 2 naming the option and its rule, nothing written', async () => {
    const out = path.join(work, 'app');

    const run = await remediate('--gateway', BILLING_GATEWAY.gatewayId, '--region', REGION, '--gateway-name', 'under_score', '--out', out);

    expect(run).toMatchObject({ code: 2, stdout: '' });
    expect(run.stderr).toMatch(/^agentcore-gateway-guard: --gateway-name 'under_score' must be 1-48 letters or digits, optionally separated by single hyphens/);
    expect(fs.existsSync(out)).toBe(false);
  });

  test('GIVEN remediate --help WHEN run THEN exit 0 and the usage explains remediate and its options', async () => {
    for (const argv of [['remediate', '--help'], ['help', 'remediate'], ['remediate', '--gateway', 'gw-1', '-h']]) {
      const run = await runCli(argv);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('  agentcore-gateway-guard remediate --gateway <id or ARN> [--region <region>] [options]\n');
      expect(run.stdout).toContain('  agentcore-gateway-guard remediate --template <file> --authorization <iam|jwt> [options]\n');
      for (const option of ['--authorization <kind>', '--discovery-url <url>', '--allowed-clients <id,...>', '--out <path>', '--skip-unsupported', '--gateway-name <name>']) {
        expect(run.stdout).toContain(`  ${option}`);
      }
      expect(run.stdout).toContain('0  every gateway checked is compliant (or exempt); remediate: written, or nothing to do');
    }
  });
});

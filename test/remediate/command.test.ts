import * as fs from 'fs';
import * as path from 'path';
import { BILLING_GATEWAY, JWT_CHOICE, ORDERS_GATEWAY, REGION, SECURE_GATEWAY } from './fixtures';
import { RemediateCommandOptions, runRemediate } from '../../src/remediate';
import { fakeAwsEnv, useEnv } from '../audit/aws-env';
import { tempDir } from '../audit/helpers';
import { MockControlPlane, startMockControlPlane } from '../audit/mock-control-plane';

const RETRY = { retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 } };
const CONNECTOR_GATEWAY = {
  ...BILLING_GATEWAY,
  gatewayId: 'slack-gw-a1b2c3d4e5',
  name: 'slack-gw',
  targets: [
    ...BILLING_GATEWAY.targets!,
    { targetId: 'SLACKTGT01', name: 'slack', configuration: { targetConfiguration: { mcp: { connector: { source: { connectorId: 'slack' } } } } } },
  ],
};
const WEAK_JWT_GATEWAY = {
  ...SECURE_GATEWAY,
  gatewayId: 'weak-gw-a1b2c3d4e5',
  authorizerConfiguration: { customJWTAuthorizer: { discoveryUrl: 'https://idp.example.com/.well-known/openid-configuration' } },
};

describe('remediate: outcomes and exit codes against the mock control plane (real AWS SDK)', () => {
  let restoreEnv: () => void;
  let mock: MockControlPlane;
  let cwd: string;

  beforeAll(async () => {
    restoreEnv = useEnv(fakeAwsEnv());
    mock = await startMockControlPlane({
      regions: { [REGION]: [BILLING_GATEWAY, SECURE_GATEWAY, CONNECTOR_GATEWAY, WEAK_JWT_GATEWAY], 'eu-west-1': [ORDERS_GATEWAY] },
      deniedRegions: ['eu-west-1'],
    });
  });

  afterAll(async () => {
    await mock.close();
    restoreEnv();
  });

  beforeEach(() => {
    cwd = tempDir('remediate-cmd-');
  });

  function remediate(options: Partial<RemediateCommandOptions>) {
    return runRemediate({ region: REGION, endpointUrl: mock.endpoint, authorization: { kind: 'iam' }, ...options }, { ...RETRY, cwd });
  }

  test('GIVEN a public gateway WHEN remediated without --out THEN exit 0 and the app is in ./<new name>', async () => {
    const result = await remediate({ gateway: BILLING_GATEWAY.gatewayId });
    expect(result).toMatchObject({ exitCode: 0, stderr: '' });
    expect(result.stdout).toMatch(/^Gateway billing-gw-f6g7h8i9j0 \("billing-gw"\) in us-east-1, authorizer type "NONE": AGW1\.\n/);
    expect(result.stdout).toContain('Next: cd billing-gw-secure && npm install && npx cdk deploy, then follow README.md.');
    expect(fs.readdirSync(path.join(cwd, 'billing-gw-secure')).sort()).toEqual(['.gitignore', 'README.md', 'bin', 'cdk.json', 'lib', 'package.json', 'tsconfig.json']);
    expect(JSON.parse(fs.readFileSync(path.join(cwd, 'billing-gw-secure', 'package.json'), 'utf-8')).dependencies).toEqual({
      'aws-cdk-lib': '^2.269.0',
      'cdk-secure-agentcore-gateway': 'latest',
      'constructs': '^10.5.1',
    });
  });

  test('GIVEN a gateway that is already secure WHEN remediated THEN exit 0, "Nothing to do", nothing written', async () => {
    const result = await remediate({ gateway: SECURE_GATEWAY.gatewayId });
    expect(result).toEqual({
      exitCode: 0,
      stdout: 'Gateway secure-gw-k1l2m3n4o5 ("secure-gw") in us-east-1, authorizer type "CUSTOM_JWT" passes every rule (CUSTOM_JWT (clients: 1)). Nothing to do.\n',
      stderr: '',
      written: [],
    });
    expect(fs.readdirSync(cwd)).toEqual([]);
  });

  test('GIVEN an unknown gateway WHEN remediated THEN exit 2 with what to check', async () => {
    const result = await remediate({ gateway: 'nope-gw-0000000000' });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/^agentcore-gateway-guard: gateway nope-gw-0000000000 was not found in us-east-1 \(ResourceNotFoundException: .*\)\. Check the gateway ID and the region/);
  });

  test('GIVEN a region where access is denied WHEN remediated by ARN THEN exit 2 naming the region and the permissions', async () => {
    const result = await remediate({ gateway: `arn:aws:bedrock-agentcore:eu-west-1:111111111111:gateway/${ORDERS_GATEWAY.gatewayId}`, region: undefined });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(`gateway ${ORDERS_GATEWAY.gatewayId} could not be read in eu-west-1: AccessDeniedException: User: arn:aws:iam::111111111111:user/auditor is not authorized`);
    expect(result.stderr).toContain('remediate needs bedrock-agentcore:GetGateway, ListGatewayTargets and GetGatewayTarget there');
  });

  test('GIVEN a target kind it cannot reproduce WHEN remediated THEN exit 2 listing it, and nothing is written', async () => {
    const result = await remediate({ gateway: CONNECTOR_GATEWAY.gatewayId, out: 'app' });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('cannot reproduce Gateway slack-gw-a1b2c3d4e5 ("slack-gw") in us-east-1, authorizer type "NONE" faithfully, so nothing was written:\n');
    expect(result.stderr).toContain('  - target "slack" (SLACKTGT01): targetConfiguration.mcp.connector is a kind of target remediate does not reproduce');
    expect(result.stderr).toContain('Rerun with --skip-unsupported');
    expect(fs.existsSync(path.join(cwd, 'app'))).toBe(false);
  });

  test('GIVEN --skip-unsupported WHEN remediated THEN exit 0, the rest written, the left-out target listed in the output and the README', async () => {
    const result = await remediate({ gateway: CONNECTOR_GATEWAY.gatewayId, out: 'app', skipUnsupported: true });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('Reproduced: 1 of 2 target(s) (mcp.lambda 1)');
    expect(result.stdout).toContain('NOT reproduced (--skip-unsupported), listed in the README:\n  - target "slack" (SLACKTGT01)');
    expect(fs.readFileSync(path.join(cwd, 'app', 'README.md'), 'utf-8')).toContain('--target-id SLACKTGT01');
  });

  test('GIVEN a JWT gateway that only needs an in-place fix WHEN remediated THEN exit 2 with the fix', async () => {
    const result = await remediate({ gateway: WEAK_JWT_GATEWAY.gatewayId });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('needs no replacement: its findings are fixed in place with update-gateway.\n  [AGW6]');
  });

  test('GIVEN an --out folder that is not empty WHEN remediated THEN exit 2 and its file is untouched', async () => {
    fs.mkdirSync(path.join(cwd, 'app'));
    fs.writeFileSync(path.join(cwd, 'app', 'keep.txt'), 'mine');
    const result = await remediate({ gateway: BILLING_GATEWAY.gatewayId, out: 'app' });
    expect(result).toMatchObject({ exitCode: 2, stderr: 'agentcore-gateway-guard: app is not empty; choose another --out or empty it (remediate never overwrites files)\n' });
    expect(fs.readdirSync(path.join(cwd, 'app'))).toEqual(['keep.txt']);
  });

  test.each<[string, Partial<RemediateCommandOptions>, string]>([
    ['an ID without a region', { gateway: 'gw-1', region: undefined }, '--gateway gw-1 is an ID: name its region with --region, or pass the gateway ARN'],
    ['an ARN and another --region', { gateway: 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:gateway/gw-1' }, '--region us-east-1 contradicts the gateway ARN, which is in eu-west-1'],
    ['a malformed ARN', { gateway: 'arn:aws:s3:::bucket' }, 'is not a gateway ARN'],
    ['neither --gateway nor --template', {}, 'remediate needs either --gateway <id or ARN> (a deployed gateway) or --template <file>'],
    ['jwt without any restriction', { gateway: 'gw-1', authorization: { kind: 'jwt', discoveryUrl: JWT_CHOICE.discoveryUrl } }, 'none of --allowed-clients, --allowed-audience or --allowed-scopes is given'],
    ['jwt with a discovery URL that is not one', { gateway: 'gw-1', authorization: { ...JWT_CHOICE, discoveryUrl: 'http://idp.example.com' } }, '--discovery-url: \'http://idp.example.com\' must use https'],
    ['an invalid --gateway-name', { gateway: BILLING_GATEWAY.gatewayId, gatewayName: 'under_score' }, '--gateway-name \'under_score\' must be 1-48 letters or digits'],
  ])('GIVEN %s WHEN remediated THEN exit 2 with a message naming the option', async (_name, options, message) => {
    const result = await remediate(options);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.written).toEqual([]);
  });

  test('GIVEN no AWS SDK WHEN remediating a live gateway THEN exit 2 with the package to install', async () => {
    const result = await runRemediate({ gateway: 'gw-1', region: REGION, authorization: { kind: 'iam' } }, { sdkModule: '@aws-sdk/client-does-not-exist', cwd });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('needs the AWS SDK package @aws-sdk/client-does-not-exist, which is not installed');
  });
});

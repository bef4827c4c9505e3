import * as fs from 'fs';
import * as path from 'path';
import { BILLING_GATEWAY, JWT_CHOICE, REGION, SECURE_GATEWAY } from './fixtures';
import { remediateExitCode } from '../../src/cli/exit-codes';
import { RemediateCommandOptions, RemediateResult, runRemediate } from '../../src/remediate';
import { fakeAwsEnv, useEnv } from '../audit/aws-env';
import { MockControlPlane, startMockControlPlane } from '../audit/mock-control-plane';
import { tempDir } from '../scan/helpers';

const RETRY = { retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 } };
const WEAK_JWT_GATEWAY = {
  ...SECURE_GATEWAY,
  gatewayId: 'weak-gw-a1b2c3d4e5',
  authorizerConfiguration: { customJWTAuthorizer: { discoveryUrl: 'https://idp.example.com/.well-known/openid-configuration' } },
};

// runRemediate as a library call: its status, messages and files. The command line (what it prints, exit codes
// for an unknown gateway, a denied region, a secure gateway, an unsupported target, no SDK) is tested in
// test/cli/cli-remediate.test.ts.
describe('runRemediate: outcomes against the mock control plane (real AWS SDK)', () => {
  let restoreEnv: () => void;
  let mock: MockControlPlane;
  let cwd: string;

  beforeAll(async () => {
    restoreEnv = useEnv(fakeAwsEnv());
    mock = await startMockControlPlane({
      regions: { [REGION]: [BILLING_GATEWAY, WEAK_JWT_GATEWAY] },
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

  test('GIVEN a public gateway WHEN remediated without --out THEN written, exit code 0, and the app is in ./<new name>', async () => {
    const result = await remediate({ gateway: BILLING_GATEWAY.gatewayId });
    expect(result).toMatchObject({ status: 'written', errors: [], warnings: [] });
    expect(remediateExitCode(result)).toBe(0);
    expect(result.written.map((f) => f.split(path.sep)[0])).toEqual(Array(result.written.length).fill('billing-gw-secure'));
    expect(result.report).toMatch(/^Gateway billing-gw-f6g7h8i9j0 \("billing-gw"\) in us-east-1, authorizer type "NONE": AGW1\.\n/);
    expect(result.report).toContain('Next: cd billing-gw-secure && npm install && npx cdk deploy, then follow README.md.');
    expect(fs.readdirSync(path.join(cwd, 'billing-gw-secure')).sort()).toEqual(['.gitignore', 'README.md', 'bin', 'cdk.json', 'lib', 'package.json', 'tsconfig.json']);
    expect(JSON.parse(fs.readFileSync(path.join(cwd, 'billing-gw-secure', 'package.json'), 'utf-8')).dependencies).toEqual({
      'aws-cdk-lib': '^2.269.0',
      'cdk-secure-agentcore-gateway': 'latest',
      'constructs': '^10.5.1',
    });
  });

  test('GIVEN a JWT gateway that only needs an in-place fix WHEN remediated THEN refused (exit code 2) with the fix', async () => {
    const result = await remediate({ gateway: WEAK_JWT_GATEWAY.gatewayId });
    expect(result).toMatchObject({ status: 'refused', report: '', written: [] });
    expect(remediateExitCode(result)).toBe(2);
    expect(result.errors).toEqual([expect.stringContaining('needs no replacement: its findings are fixed in place with update-gateway.\n  [AGW6]')]);
    // The fix for a deployed gateway (API calls), not the CDK one.
    expect(result.errors[0]).toContain('Fix: The authorizer type stays CUSTOM_JWT, so correct the JWT authorizer in place: call UpdateGateway');
  });

  test('GIVEN an --out folder that is not empty WHEN remediated THEN failed (exit code 2) and its file is untouched', async () => {
    fs.mkdirSync(path.join(cwd, 'app'));
    fs.writeFileSync(path.join(cwd, 'app', 'keep.txt'), 'mine');
    const result = await remediate({ gateway: BILLING_GATEWAY.gatewayId, out: 'app' });
    expect(result).toMatchObject({ status: 'failed', errors: ['app is not empty; choose another --out or empty it (remediate never overwrites files)'] });
    expect(remediateExitCode(result)).toBe(2);
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
  ])('GIVEN %s WHEN remediated THEN failed (exit code 2) with a message naming the option', async (_name, options, message) => {
    const result: RemediateResult = await remediate(options);
    expect(result).toMatchObject({ status: 'failed', written: [] });
    expect(remediateExitCode(result)).toBe(2);
    expect(result.errors).toEqual([expect.stringContaining(message)]);
  });
});

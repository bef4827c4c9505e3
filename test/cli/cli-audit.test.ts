import '@microsoft/jest-sarif';
import * as path from 'path';
import { runCli } from './run-cli';
import { AGENTCORE_GATEWAY_REGIONS } from '../../src/audit/regions';
import { fakeAwsEnv, useEnv } from '../audit/aws-env';
import { MockControlPlane, MockGateway, MockOptions, startMockControlPlane } from '../audit/mock-control-plane';
import { tempDir, writeFiles } from '../scan/helpers';

const PUBLIC: MockGateway = {
  gatewayId: 'public-gw-a1b2c3d4e5',
  name: 'public-gw',
  authorizerType: 'NONE',
  targets: [
    { targetId: 'T1AAAAAAAA', name: 'lambda-tools' },
    { targetId: 'T2BBBBBBBB', name: 'orders-openapi' },
  ],
};
const IAM: MockGateway = { gatewayId: 'iam-gw-f6g7h8i9j0', name: 'iam-gw', authorizerType: 'AWS_IAM' };
const WEAK_JWT: MockGateway = {
  gatewayId: 'weak-jwt-gw-k1l2m3n4o5',
  name: 'weak-jwt-gw',
  authorizerType: 'CUSTOM_JWT',
  authorizerConfiguration: { customJWTAuthorizer: { discoveryUrl: 'https://idp.example.com/.well-known/openid-configuration' } },
};

let restoreEnv: () => void;
let mock: MockControlPlane | undefined;

beforeAll(() => {
  restoreEnv = useEnv(fakeAwsEnv());
});
afterAll(() => restoreEnv());
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

async function audit(mockOptions: MockOptions, argv: string[]) {
  mock = await startMockControlPlane(mockOptions);
  return runCli(['audit', '--endpoint-url', mock.endpoint, ...argv]);
}

describe('agentcore-gateway-guard audit (against a local AgentCore endpoint; no AWS account)', () => {
  test('GIVEN one insecure gateway, a secure one and a region that denies access WHEN audited THEN exit 2, the finding with its remediation and the failed region', async () => {
    // GIVEN / WHEN
    const run = await audit(
      { regions: { 'us-east-1': [PUBLIC, IAM] }, deniedRegions: ['eu-west-1'], throttleFirst: { 'GetGateway:us-east-1': 1 } },
      ['--region', 'us-east-1,eu-west-1'],
    );

    // THEN
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('');
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe('Audited 2 regions: 2 gateways, 1 non-compliant, 1 compliant; 1 region could not be audited.');
    expect(lines).toContain('us-east-1  NON_COMPLIANT  AGW1   NONE           public-gw (public-gw-a1b2c3d4e5)');
    expect(lines).toContain('us-east-1  COMPLIANT      -      AWS_IAM        iam-gw (iam-gw-f6g7h8i9j0)');
    expect(lines).toContain('  us-east-1 public-gw (arn:aws:bedrock-agentcore:us-east-1:111111111111:gateway/public-gw-a1b2c3d4e5)');
    expect(lines).toContain('    [AGW1] Properties.AuthorizerType: AuthorizerType is NONE.');
    const remediation = run.stdout.slice(run.stdout.indexOf('Remediation:')).replace(/\s+/g, ' ');
    expect(remediation).toMatch(/^Remediation: Recreate the gateway: the authorizer type of an existing gateway cannot be changed in place\./);
    expect(remediation).toContain('re-attach its 2 target(s): lambda-tools (T1AAAAAAAA), orders-openapi (T2BBBBBBBB)');
    expect(run.stdout).toMatch(/\n {2}us-east-1 {2}audited {2}2 gateways, 1 throttled call retried\n/);
    expect(run.stdout).toMatch(/\n {2}eu-west-1 {2}FAILED {3}AccessDeniedException: User: .* is not authorized to perform: bedrock-agentcore:ListGateways in eu-west-1\. Grant /);
  });

  test('GIVEN only secure gateways WHEN audited THEN exit 0', async () => {
    const run = await audit({ regions: { 'us-east-1': [IAM] } }, ['--region', 'us-east-1']);

    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe('Audited 1 region: 1 gateway, 0 non-compliant, 1 compliant.');
  });

  test('GIVEN a CUSTOM_JWT gateway that accepts any token WHEN audited THEN exit 1 and the fix is an in-place update, not a new gateway', async () => {
    const run = await audit({ regions: { 'us-west-2': [WEAK_JWT] } }, ['--region', 'us-west-2']);

    expect(run.code).toBe(1);
    expect(run.stdout).toContain('[AGW6]');
    expect(run.stdout.replace(/\s+/g, ' ')).toContain('Remediation: The authorizer type stays CUSTOM_JWT, so correct the JWT authorizer in place: call UpdateGateway');
  });

  test('GIVEN --format json WHEN audited THEN regions, gateways with remediation and targets, and the exit code in one document', async () => {
    const run = await audit({ regions: { 'us-east-1': [PUBLIC, IAM] }, deniedRegions: ['eu-west-1'] }, ['--region', 'us-east-1', '--region', 'eu-west-1', '--format', 'json']);

    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({
      command: 'audit',
      tool: { name: 'agentcore-gateway-guard' },
      summary: { gateways: 2, compliant: 1, nonCompliant: 1, exempt: 0 },
      regions: [
        { region: 'us-east-1', outcome: 'audited', gateways: 2 },
        { region: 'eu-west-1', outcome: 'failed', gateways: 0, error: expect.stringMatching(/^AccessDeniedException: /) },
      ],
      gateways: [
        {
          region: 'us-east-1',
          gatewayId: PUBLIC.gatewayId,
          name: 'public-gw',
          arn: `arn:aws:bedrock-agentcore:us-east-1:111111111111:gateway/${PUBLIC.gatewayId}`,
          verdict: 'NON_COMPLIANT',
          authorization: 'NONE',
          findings: [{ ruleId: 'AGW1', propertyPath: 'Properties.AuthorizerType', message: 'AuthorizerType is NONE.' }],
          remediation: expect.stringContaining('lambda-tools (T1AAAAAAAA)'),
          targets: [
            { targetId: 'T1AAAAAAAA', name: 'lambda-tools', status: 'READY' },
            { targetId: 'T2BBBBBBBB', name: 'orders-openapi', status: 'READY' },
          ],
        },
        { region: 'us-east-1', gatewayId: IAM.gatewayId, verdict: 'COMPLIANT', authorization: 'AWS_IAM' },
      ],
      uncheckedGateways: [],
      exitCode: 2,
    });
    expect(report.gateways[1].remediation).toBeUndefined();
    expect(run.stderr).toMatch(/^agentcore-gateway-guard: error: eu-west-1: AccessDeniedException: /);
  });

  describe('resource policies (AGW9)', () => {
    const OPEN_POLICY = JSON.stringify({ Statement: [{ Sid: 'Anyone', Effect: 'Allow', Principal: { AWS: '*' }, Action: 'bedrock-agentcore:*' }] });
    const SHARED: MockGateway = { ...IAM, gatewayId: 'shared-gw-q1w2e3r4t5', name: 'shared-gw', resourcePolicy: OPEN_POLICY };
    const PARTNER: MockGateway = {
      ...IAM,
      gatewayId: 'partner-gw-y6u7i8o9p0',
      name: 'partner-gw',
      resourcePolicy: JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::222222222222:role/agent' }, Action: 'bedrock-agentcore:InvokeGateway' }] }),
    };

    test('GIVEN a gateway whose live resource policy admits everyone and one that names a partner WHEN audited THEN exit 1, a row per policy and the PutResourcePolicy fix', async () => {
      const run = await audit({ regions: { 'us-east-1': [SHARED, PARTNER] } }, ['--region', 'us-east-1']);

      expect(run.code).toBe(1);
      const lines = run.stdout.split('\n');
      expect(lines[0]).toBe('Audited 1 region: 2 gateways, 2 resource policies, 1 non-compliant, 3 compliant.');
      expect(lines).toContain(`us-east-1  NON_COMPLIANT  AGW9   resource policy on gateway ${SHARED.gatewayId}   shared-gw (${SHARED.gatewayId}) resource policy`);
      expect(lines).toContain(`us-east-1  COMPLIANT      -      resource policy on gateway ${PARTNER.gatewayId}  partner-gw (${PARTNER.gatewayId}) resource policy`);
      const findings = run.stdout.slice(run.stdout.indexOf('Findings:'), run.stdout.indexOf('Rules:')).replace(/\s+/g, ' ');
      expect(findings).toContain(`us-east-1 shared-gw (arn:aws:bedrock-agentcore:us-east-1:111111111111:gateway/${SHARED.gatewayId})`);
      expect(findings).toContain(`[AGW9] Properties.Policy.Statement[0]: The resource policy on gateway ${SHARED.gatewayId} lets any AWS account invoke it: statement 0 (Sid 'Anyone')`);
      expect(findings).toContain("Remediation: Narrow the gateway's resource policy in place: call PutResourcePolicy");
    });

    test('GIVEN --format json and sarif WHEN audited THEN the policy is reported with its gateway, and SARIF results say it is the resource policy', async () => {
      const json = JSON.parse((await audit({ regions: { 'us-east-1': [SHARED] } }, ['--region', 'us-east-1', '--format', 'json'])).stdout);
      await mock!.close();
      const sarif = JSON.parse((await audit({ regions: { 'us-east-1': [SHARED] } }, ['--region', 'us-east-1', '--format', 'sarif'])).stdout);

      expect(json.summary).toEqual({ gateways: 1, resourcePolicies: 1, compliant: 1, nonCompliant: 1, exempt: 0 });
      expect(json.gateways[0]).toMatchObject({
        gatewayId: SHARED.gatewayId,
        verdict: 'COMPLIANT',
        resourcePolicy: { verdict: 'NON_COMPLIANT', findings: [{ ruleId: 'AGW9', propertyPath: 'Properties.Policy.Statement[0]' }], remediation: expect.stringMatching(/^Narrow/) },
      });
      expect(sarif).toBeValidSarifLog();
      expect(sarif.runs[0].results.map((r: any) => [r.ruleId, r.message.text])).toEqual([
        ['AGW9', expect.stringMatching(new RegExp(`^us-east-1 gateway shared-gw \\(arn:[^)]*${SHARED.gatewayId}\\) resource policy: The resource policy on gateway`))],
      ]);
    });

    test('GIVEN GetResourcePolicy denied WHEN audited THEN exit 2: the policy is listed as not checked, with the permission to grant', async () => {
      const run = await audit({ regions: { 'us-east-1': [SHARED] }, deniedResourcePolicies: [SHARED.gatewayId] }, ['--region', 'us-east-1']);

      expect(run.code).toBe(2);
      expect(run.stdout.split('\n')[0]).toBe('Audited 1 region: 1 gateway, 0 non-compliant, 1 compliant; 1 resource policy could not be read.');
      expect(run.stdout).toContain(`shared-gw (${SHARED.gatewayId}) resource policy: GetResourcePolicy failed, so its resource policy could not be checked: AccessDeniedException:`);
      expect(run.stdout.replace(/\s+/g, ' ')).toContain('Grant bedrock-agentcore:GetResourcePolicy on the gateway');
    });
  });

  describe('AUTHENTICATE_ONLY (AGW8)', () => {
    const ENFORCED: MockGateway = {
      gatewayId: 'authn-gw-z1x2c3v4b5',
      name: 'authn-gw',
      authorizerType: 'AUTHENTICATE_ONLY',
      authorizerConfiguration: { customJWTAuthorizer: { discoveryUrl: 'https://idp.example.com/.well-known/openid-configuration' } },
      policyEngineConfiguration: { arn: 'arn:aws:bedrock-agentcore:us-east-1:111111111111:policy-engine/pe-1', mode: 'ENFORCE' },
    };

    test('GIVEN an AUTHENTICATE_ONLY gateway behind an enforcing policy engine WHEN audited THEN AGW8 fails it by default and the flag accepts it', async () => {
      const strict = await audit({ regions: { 'us-east-1': [ENFORCED] } }, ['--region', 'us-east-1']);
      await mock!.close();
      const lenient = await audit({ regions: { 'us-east-1': [ENFORCED] } }, ['--region', 'us-east-1', '--allow-authenticate-only-with-enforced-policy-engine']);

      expect(strict.code).toBe(1);
      expect(strict.stdout).toContain(`us-east-1  NON_COMPLIANT  AGW8   AUTHENTICATE_ONLY (policy engine: ENFORCE)  authn-gw (${ENFORCED.gatewayId})`);
      expect(strict.stdout.replace(/\s+/g, ' ')).toContain('then audit with --allow-authenticate-only-with-enforced-policy-engine');
      expect(lenient.code).toBe(0);
      expect(lenient.stdout).toContain(`us-east-1  COMPLIANT  -      AUTHENTICATE_ONLY (policy engine: ENFORCE)  authn-gw (${ENFORCED.gatewayId})`);
    });
  });

  test('GIVEN --format sarif WHEN audited THEN a valid SARIF log whose results name the region and ARN and whose notifications carry the failed region', async () => {
    const run = await audit({ regions: { 'us-east-1': [PUBLIC, WEAK_JWT] }, deniedRegions: ['eu-west-1'] }, ['--region', 'us-east-1,eu-west-1', '--format', 'sarif']);

    expect(run.code).toBe(2);
    const sarif = JSON.parse(run.stdout);
    expect(sarif).toBeValidSarifLog();
    const [sarifRun] = sarif.runs;
    expect(sarifRun.results.map((r: any) => [r.ruleId, r.message.text])).toEqual([
      ['AGW1', `us-east-1 gateway public-gw (arn:aws:bedrock-agentcore:us-east-1:111111111111:gateway/${PUBLIC.gatewayId}): AuthorizerType is NONE.`],
      ['AGW6', expect.stringMatching(/^us-east-1 gateway weak-jwt-gw \(arn:aws:bedrock-agentcore:us-east-1:111111111111:gateway\/weak-jwt-gw-k1l2m3n4o5\): CustomJWTAuthorizer restricts no token/)],
    ]);
    expect(sarifRun.results[0].locations[0].logicalLocations[0]).toEqual({
      name: PUBLIC.gatewayId,
      fullyQualifiedName: `arn:aws:bedrock-agentcore:us-east-1:111111111111:gateway/${PUBLIC.gatewayId}`,
      kind: 'resource',
    });
    expect(sarifRun.results[0].properties).toMatchObject({ region: 'us-east-1', remediation: expect.stringMatching(/^Recreate the gateway/) });
    expect(sarifRun.invocations[0]).toEqual({
      executionSuccessful: false,
      toolExecutionNotifications: [{ level: 'error', message: { text: expect.stringMatching(/^eu-west-1: failed: AccessDeniedException: /) } }],
    });
  });

  test('GIVEN --all-regions WHEN audited THEN every AgentCore Gateway region is asked, opt-in regions not enabled are reported but do not fail the audit', async () => {
    const run = await audit({ regions: { 'eu-central-1': [IAM] }, unrecognizedRegions: ['ap-southeast-7', 'eu-south-2'] }, ['--all-regions', '--format', 'json']);

    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.regions.map((r: any) => r.region)).toEqual([...AGENTCORE_GATEWAY_REGIONS]);
    expect(report.regions.filter((r: any) => r.outcome !== 'audited').map((r: any) => [r.region, r.outcome])).toEqual([
      ['eu-south-2', 'not-enabled'],
      ['ap-southeast-7', 'not-enabled'],
    ]);
    expect(new Set(mock!.requests.map((r) => r.region)).size).toBe(AGENTCORE_GATEWAY_REGIONS.length);
  });

  test('GIVEN no --region and no configured region WHEN audited THEN exit 2 saying how to name one', async () => {
    const run = await audit({ regions: {} }, []);

    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'agentcore-gateway-guard: no region to audit: pass --region <region> or --all-regions, or configure one (AWS_REGION, or region in the default profile)\n',
    );
    expect(mock!.requests).toEqual([]);
  });

  test('GIVEN AWS_REGION WHEN audited without --region THEN that region is audited', async () => {
    const restore = useEnv({ AWS_REGION: 'ca-central-1' });
    try {
      const run = await audit({ regions: { 'ca-central-1': [IAM] } }, []);
      expect(run.code).toBe(0);
      expect(mock!.requests.map((r) => [r.operation, r.region])).toEqual([
        ['ListGateways', 'ca-central-1'],
        ['GetGateway', 'ca-central-1'],
        ['GetResourcePolicy', 'ca-central-1'],
      ]);
    } finally {
      restore();
    }
  });

  test('GIVEN --profile WHEN audited THEN the profile\'s credentials sign the calls and its region is the default', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      config: '[profile auditor]\nregion = eu-central-1\n',
      credentials: '[auditor]\naws_access_key_id = AKIAPROFILEAUDITOR01\naws_secret_access_key = fake-profile-secret\n',
    });
    const restore = useEnv({
      AWS_CONFIG_FILE: path.join(dir, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'credentials'),
      AWS_ACCESS_KEY_ID: '',
      AWS_SECRET_ACCESS_KEY: '',
    });
    try {
      const run = await audit({ regions: { 'eu-central-1': [PUBLIC] } }, ['--profile', 'auditor']);
      expect(run.code).toBe(1);
      expect(new Set(mock!.requests.map((r) => `${r.accessKeyId}@${r.region}`))).toEqual(new Set(['AKIAPROFILEAUDITOR01@eu-central-1']));
    } finally {
      restore();
    }
  });

  test('GIVEN the AWS SDK is not installed WHEN audited THEN exit 2 with a message that names the package and how to install it', async () => {
    const run = await runCli(['audit', '--region', 'us-east-1'], { sdkModule: '@aws-sdk/client-bedrock-agentcore-control-missing' });

    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      'agentcore-gateway-guard: `audit` needs the AWS SDK package @aws-sdk/client-bedrock-agentcore-control-missing, which is not installed. ' +
        'Install it next to this package: npm install --save-dev @aws-sdk/client-bedrock-agentcore-control-missing@^3\n',
    );
  });

  test('GIVEN a gateway whose details cannot be read WHEN audited THEN it is listed as not checked and the audit exits 2', async () => {
    const run = await audit(
      { regions: { 'us-east-1': [WEAK_JWT, IAM] }, brokenGateways: [WEAK_JWT.gatewayId] },
      ['--region', 'us-east-1', '--max-attempts', '2'],
    );

    expect(run.code).toBe(2);
    expect(run.stdout).toContain('us-east-1  NOT_CHECKED  -      CUSTOM_JWT     weak-jwt-gw (weak-jwt-gw-k1l2m3n4o5)');
    expect(run.stdout).toContain(
      'Not checked:\n  us-east-1 weak-jwt-gw (weak-jwt-gw-k1l2m3n4o5): GetGateway failed, so its authorizer configuration could not be checked: InternalServerException: Internal error',
    );
  });
});

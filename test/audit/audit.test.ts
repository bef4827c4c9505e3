import { fakeAwsEnv, useEnv } from './aws-env';
import { MockControlPlane, MockGateway, MockOptions, startMockControlPlane } from './mock-control-plane';
import { AuditOptions, runAudit } from '../../src/audit/audit';
import { sdkControlPlaneFactory } from '../../src/audit/control-plane';
import { evaluateTemplate } from '../../src/engine/evaluate';

const DISCOVERY = 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_abc/.well-known/openid-configuration';

const PUBLIC: MockGateway = {
  gatewayId: 'public-gw-a1b2c3d4e5',
  name: 'public-gw',
  authorizerType: 'NONE',
  targets: [
    { targetId: 'T1AAAAAAAA', name: 'lambda-tools' },
    { targetId: 'T2BBBBBBBB', name: 'orders-openapi' },
    { targetId: 'T3CCCCCCCC', name: 'mcp-search' },
  ],
};
const IAM: MockGateway = { gatewayId: 'iam-gw-f6g7h8i9j0', name: 'iam-gw', authorizerType: 'AWS_IAM' };
const JWT_OK: MockGateway = {
  gatewayId: 'jwt-gw-k1l2m3n4o5',
  name: 'jwt-gw',
  authorizerType: 'CUSTOM_JWT',
  authorizerConfiguration: { customJWTAuthorizer: { discoveryUrl: DISCOVERY, allowedClients: ['client-1'], allowedScopes: ['gateway/invoke'] } },
};
const JWT_OPEN: MockGateway = {
  gatewayId: 'any-token-gw-p6q7r8s9t0',
  name: 'any-token-gw',
  authorizerType: 'CUSTOM_JWT',
  authorizerConfiguration: { customJWTAuthorizer: { discoveryUrl: 'http://idp.example.com/.well-known/openid-configuration' } },
  targets: [],
};
const AUTH_ONLY: MockGateway = {
  gatewayId: 'authn-only-gw-u1v2w3x4y5',
  name: 'authn-only-gw',
  authorizerType: 'AUTHENTICATE_ONLY',
  authorizerConfiguration: { customJWTAuthorizer: { discoveryUrl: DISCOVERY } },
};

const FAST_RETRY = { maxAttempts: 5, baseDelayMs: 1, maxDelayMs: 5 };

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

async function audit(mockOptions: MockOptions, options: Partial<AuditOptions> & { regions: string[] }) {
  mock = await startMockControlPlane(mockOptions);
  return runAudit({ controlPlane: sdkControlPlaneFactory({ endpointUrl: mock.endpoint }), retry: FAST_RETRY, ...options });
}

describe('runAudit against a local AgentCore control plane (the real AWS SDK, custom endpoint)', () => {
  test('GIVEN gateways over several pages WHEN audited THEN every gateway is judged by the guard engine and insecure ones list their targets', async () => {
    // GIVEN / WHEN
    const result = await audit({ regions: { 'us-east-1': [PUBLIC, IAM, JWT_OK, JWT_OPEN, AUTH_ONLY] }, pageSize: 2 }, { regions: ['us-east-1'] });

    // THEN
    expect(result.regions).toEqual([{ region: 'us-east-1', outcome: 'audited', gateways: 5, throttledRetries: 0, transientRetries: 0, error: undefined }]);
    const byId = Object.fromEntries(result.gateways.map((g) => [g.gatewayId, g]));
    expect(Object.keys(byId)).toEqual([PUBLIC.gatewayId, IAM.gatewayId, JWT_OK.gatewayId, JWT_OPEN.gatewayId, AUTH_ONLY.gatewayId]);
    const verdicts = result.gateways.map((g) => [
      g.gatewayId,
      g.evaluation?.verdict,
      g.evaluation?.findings.map((f) => f.ruleId),
      g.evaluation?.authorization,
    ]);
    expect(verdicts).toEqual([
      [PUBLIC.gatewayId, 'NON_COMPLIANT', ['AGW1'], 'NONE'],
      [IAM.gatewayId, 'COMPLIANT', [], 'AWS_IAM'],
      [JWT_OK.gatewayId, 'COMPLIANT', [], 'CUSTOM_JWT (clients: 1, scopes: 1)'],
      [JWT_OPEN.gatewayId, 'NON_COMPLIANT', ['AGW5', 'AGW6'], 'CUSTOM_JWT (no restrictions)'],
      [AUTH_ONLY.gatewayId, 'NON_COMPLIANT', ['AGW8'], 'AUTHENTICATE_ONLY (no policy engine)'],
    ]);
    const pub = byId[PUBLIC.gatewayId];
    expect(pub.arn).toBe(`arn:aws:bedrock-agentcore:us-east-1:111111111111:gateway/${PUBLIC.gatewayId}`);
    expect(pub.targets).toEqual([
      { targetId: 'T1AAAAAAAA', name: 'lambda-tools', status: 'READY' },
      { targetId: 'T2BBBBBBBB', name: 'orders-openapi', status: 'READY' },
      { targetId: 'T3CCCCCCCC', name: 'mcp-search', status: 'READY' },
    ]);
    expect(pub.remediation).toMatch(/^Recreate the gateway: the authorizer type of an existing gateway cannot be changed in place\./);
    expect(pub.remediation).toContain('re-attach its 3 target(s): lambda-tools (T1AAAAAAAA), orders-openapi (T2BBBBBBBB), mcp-search (T3CCCCCCCC)');
    // A weak JWT configuration is fixed in place (what the report prints too), not by a new gateway.
    expect(byId[JWT_OPEN.gatewayId].remediation).toMatch(/^The authorizer type stays CUSTOM_JWT, so correct the JWT authorizer in place: call UpdateGateway/);
    expect(byId[AUTH_ONLY.gatewayId].remediation).toContain('re-attach its targets (it has none today)');
    expect(byId[IAM.gatewayId].targets).toBeUndefined();
    expect(byId[IAM.gatewayId].remediation).toBeUndefined();

    // Paging really happened, with the SDK's tokens, for gateways and for targets.
    const lists = mock!.requests.filter((r) => r.operation === 'ListGateways');
    expect(lists.map((r) => r.query.nextToken === undefined)).toEqual([true, false, false]);
    expect(mock!.requests.filter((r) => r.operation === 'ListGatewayTargets' && r.path.includes(PUBLIC.gatewayId))).toHaveLength(2);
    expect(mock!.requests.filter((r) => r.operation === 'GetGateway')).toHaveLength(5);
  });

  test('GIVEN a live gateway WHEN judged THEN the findings are exactly those of the same gateway written as a CloudFormation template', async () => {
    const result = await audit({ regions: { 'us-east-1': [JWT_OPEN] } }, { regions: ['us-east-1'] });

    const fromTemplate = evaluateTemplate(
      {
        Resources: {
          [JWT_OPEN.gatewayId]: {
            Type: 'AWS::BedrockAgentCore::Gateway',
            Properties: {
              Name: 'any-token-gw',
              ProtocolType: 'MCP',
              RoleArn: 'arn:aws:iam::111111111111:role/any-token-gw-role',
              AuthorizerType: 'CUSTOM_JWT',
              AuthorizerConfiguration: { CustomJWTAuthorizer: { DiscoveryUrl: 'http://idp.example.com/.well-known/openid-configuration' } },
            },
          },
        },
      },
      // The same reader as the audit, so that each fix is worded for a deployed gateway.
      { location: 'us-east-1', entryPoint: 'live' },
    );
    expect(result.gateways[0].evaluation).toEqual(fromTemplate[0]);
  });

  test('GIVEN throttling on every operation WHEN audited THEN calls are retried with backoff, counted, and nothing is lost', async () => {
    const result = await audit(
      {
        regions: { 'us-east-1': [PUBLIC, IAM] },
        pageSize: 1,
        throttleFirst: { 'ListGateways:us-east-1': 3, 'GetGateway:us-east-1': 2, 'ListGatewayTargets:us-east-1': 1 },
      },
      { regions: ['us-east-1'] },
    );

    expect(result.regions[0]).toEqual({ region: 'us-east-1', outcome: 'audited', gateways: 2, throttledRetries: 6, transientRetries: 0, error: undefined });
    expect(result.gateways.map((g) => g.evaluation?.verdict)).toEqual(['NON_COMPLIANT', 'COMPLIANT']);
    expect(result.gateways[0].targets).toHaveLength(3);
    expect(mock!.requests.filter((r) => r.status === 429)).toHaveLength(6);
  });

  test('GIVEN throttling that outlasts the retries WHEN audited THEN the region is reported as failed with the reason, not skipped', async () => {
    const result = await audit({ regions: { 'us-east-1': [PUBLIC] }, throttleFirst: { 'ListGateways:us-east-1': 100 } }, { regions: ['us-east-1'], retry: { ...FAST_RETRY, maxAttempts: 3 } });

    expect(result.regions).toEqual([
      { region: 'us-east-1', outcome: 'failed', gateways: 0, throttledRetries: 2, transientRetries: 0, error: 'ThrottlingException: Rate exceeded' },
    ]);
    expect(mock!.requests).toHaveLength(3);
  });

  test('GIVEN one region that denies access WHEN several regions are audited THEN that region fails with a fix and the others are audited', async () => {
    const result = await audit(
      { regions: { 'us-east-1': [PUBLIC], 'eu-west-1': [IAM], 'ap-southeast-2': [JWT_OK] }, deniedRegions: ['eu-west-1'] },
      { regions: ['us-east-1', 'eu-west-1', 'ap-southeast-2'] },
    );

    expect(result.regions.map((r) => [r.region, r.outcome, r.gateways])).toEqual([
      ['us-east-1', 'audited', 1],
      ['eu-west-1', 'failed', 0],
      ['ap-southeast-2', 'audited', 1],
    ]);
    expect(result.regions[1].error).toBe(
      'AccessDeniedException: User: arn:aws:iam::111111111111:user/auditor is not authorized to perform: bedrock-agentcore:ListGateways in eu-west-1. ' +
        'Grant bedrock-agentcore:ListGateways, GetGateway, ListGatewayTargets and GetResourcePolicy in eu-west-1 (or check SCPs for that region)',
    );
    expect(result.gateways.map((g) => [g.region, g.gatewayId])).toEqual([
      ['us-east-1', PUBLIC.gatewayId],
      ['ap-southeast-2', JWT_OK.gatewayId],
    ]);
    // The SDK signed each request for its own region, and the server answered per region.
    expect(new Set(mock!.requests.map((r) => r.region))).toEqual(new Set(['us-east-1', 'eu-west-1', 'ap-southeast-2']));
  });

  test('GIVEN an opt-in region the account has not enabled WHEN all regions are audited THEN it is "not enabled"; named explicitly it fails', async () => {
    const mockOptions = { regions: {}, unrecognizedRegions: ['ap-southeast-7'] };

    const tolerant = await audit(mockOptions, { regions: ['ap-southeast-7'], tolerateDisabledOptInRegions: true });
    await mock!.close();
    const strict = await audit(mockOptions, { regions: ['ap-southeast-7'] });

    expect(tolerant.regions[0]).toMatchObject({ outcome: 'not-enabled', error: expect.stringMatching(/^UnrecognizedClientException: .*opt-in region/) });
    expect(strict.regions[0]).toMatchObject({ outcome: 'failed', error: 'UnrecognizedClientException: The security token included in the request is invalid.' });
  });

  test('GIVEN a gateway deleted during the audit and gateways whose details cannot be read WHEN audited THEN the deleted one is dropped, a NONE one is still flagged, the other is an error', async () => {
    const brokenJwt: MockGateway = { ...JWT_OK, gatewayId: 'broken-jwt-gw-z9y8x7w6v5' };
    const brokenOpen: MockGateway = { ...PUBLIC, gatewayId: 'broken-open-gw-a0b9c8d7e6', targets: [] };

    const result = await audit(
      { regions: { 'us-east-1': [IAM, brokenJwt, brokenOpen, PUBLIC] }, vanishedGateways: [PUBLIC.gatewayId], brokenGateways: [brokenJwt.gatewayId, brokenOpen.gatewayId] },
      { regions: ['us-east-1'], retry: { ...FAST_RETRY, maxAttempts: 2 } },
    );

    expect(result.regions[0]).toMatchObject({ outcome: 'audited', gateways: 3, transientRetries: 2 });
    expect(result.gateways.map((g) => [g.gatewayId, g.evaluation?.verdict, g.error])).toEqual([
      [IAM.gatewayId, 'COMPLIANT', undefined],
      [brokenJwt.gatewayId, undefined, 'GetGateway failed, so its authorizer configuration could not be checked: InternalServerException: Internal error'],
      [brokenOpen.gatewayId, 'NON_COMPLIANT', undefined],
    ]);
  });

  test('GIVEN an endpoint that hands back the same page token forever WHEN audited THEN the region fails instead of looping', async () => {
    const result = await audit({ regions: { 'us-east-1': [PUBLIC] }, loopingRegions: ['us-east-1'] }, { regions: ['us-east-1'] });

    expect(result.regions[0]).toMatchObject({
      outcome: 'failed',
      error: 'ListGateways in us-east-1 returned the same page token twice; stopped to avoid an endless loop after 2 item(s)',
    });
  });

  test('GIVEN an endpoint nobody listens on WHEN audited THEN the region fails with the connection error', async () => {
    mock = await startMockControlPlane({ regions: {} });
    const endpoint = mock.endpoint;
    await mock.close();
    mock = undefined;

    const result = await runAudit({ regions: ['us-east-1'], controlPlane: sdkControlPlaneFactory({ endpointUrl: endpoint }), retry: FAST_RETRY });

    expect(result.regions[0]).toMatchObject({ outcome: 'failed', error: expect.stringMatching(/ECONNREFUSED/) });
  });

  test('GIVEN an extra allowed authorizer type WHEN audited THEN gateways of that type pass, as with the guard option', async () => {
    const future: MockGateway = { gatewayId: 'future-gw-a1a1a1a1a1', name: 'future-gw', authorizerType: 'FUTURE_TYPE' };
    const result = await audit({ regions: { 'us-east-1': [future] } }, { regions: ['us-east-1'], additionalAllowedAuthorizerTypes: ['FUTURE_TYPE'] });

    expect(result.gateways[0].evaluation?.verdict).toBe('COMPLIANT');
  });

  describe('AUTHENTICATE_ONLY (AGW8)', () => {
    const ENGINE = 'arn:aws:bedrock-agentcore:us-east-1:111111111111:policy-engine/orders-abc123';
    const enforced: MockGateway = { ...AUTH_ONLY, gatewayId: 'enforced-gw-b2b2b2b2b2', policyEngineConfiguration: { arn: ENGINE, mode: 'ENFORCE' } };
    const logOnly: MockGateway = { ...AUTH_ONLY, gatewayId: 'log-only-gw-c3c3c3c3c3', policyEngineConfiguration: { arn: ENGINE, mode: 'LOG_ONLY' } };

    test('GIVEN AUTHENTICATE_ONLY gateways WHEN audited with the option THEN only the one whose policy engine enforces passes (read from GetGateway)', async () => {
      const result = await audit({ regions: { 'us-east-1': [enforced, logOnly, AUTH_ONLY] } }, { regions: ['us-east-1'], allowAuthenticateOnlyWithEnforcedPolicyEngine: true });

      const seen = result.gateways.map((g) => {
        const e = g.evaluation;
        return [g.gatewayId, e?.verdict, e?.authorization, e?.findings.map((f) => f.propertyPath)];
      });
      expect(seen).toEqual([
        [enforced.gatewayId, 'COMPLIANT', 'AUTHENTICATE_ONLY (policy engine: ENFORCE)', []],
        [logOnly.gatewayId, 'NON_COMPLIANT', 'AUTHENTICATE_ONLY (policy engine: LOG_ONLY)', ['Properties.PolicyEngineConfiguration.Mode']],
        [AUTH_ONLY.gatewayId, 'NON_COMPLIANT', 'AUTHENTICATE_ONLY (no policy engine)', ['Properties.PolicyEngineConfiguration']],
      ]);
      expect(result.gateways[1].remediation).toMatch(/^Either keep AUTHENTICATE_ONLY and attach a policy engine that authorizes every call, in place: call UpdateGateway/);
    });

    test('GIVEN an AUTHENTICATE_ONLY gateway whose policy engine enforces WHEN audited without the option THEN it fails AGW8 (the default)', async () => {
      const result = await audit({ regions: { 'us-east-1': [enforced] } }, { regions: ['us-east-1'] });

      expect(result.gateways[0].evaluation?.findings.map((f) => f.ruleId)).toEqual(['AGW8']);
    });
  });

  describe('resource policies (AGW9)', () => {
    const policy = (principal: unknown, condition?: object) =>
      JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: 'bedrock-agentcore:InvokeGateway', Resource: '*', ...(condition ? { Condition: condition } : {}) }] });
    const publicPolicy: MockGateway = { ...IAM, gatewayId: 'public-policy-gw-d4d4d4d4d4', name: 'public-policy-gw', resourcePolicy: policy({ AWS: '*' }) };
    const orgPolicy: MockGateway = {
      ...IAM,
      gatewayId: 'org-policy-gw-e5e5e5e5e5',
      name: 'org-policy-gw',
      resourcePolicy: policy({ AWS: '*' }, { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } }),
    };

    test('GIVEN gateways with a public resource policy, a narrowed one and none WHEN audited THEN GetResourcePolicy is read for each, and only the public one fails AGW9', async () => {
      const result = await audit({ regions: { 'us-east-1': [publicPolicy, orgPolicy, IAM] } }, { regions: ['us-east-1'] });

      const seen = result.gateways.map((g) => {
        const p = g.resourcePolicy?.evaluation;
        return [g.gatewayId, g.evaluation?.verdict, p?.verdict, p?.findings.map((f) => f.ruleId)];
      });
      expect(seen).toEqual([
        [publicPolicy.gatewayId, 'COMPLIANT', 'NON_COMPLIANT', ['AGW9']],
        [orgPolicy.gatewayId, 'COMPLIANT', 'COMPLIANT', []],
        [IAM.gatewayId, 'COMPLIANT', undefined, undefined],
      ]);
      const open = result.gateways[0].resourcePolicy!;
      expect(open.evaluation).toMatchObject({ resourceType: 'AWS::BedrockAgentCore::ResourcePolicy', authorization: `resource policy on gateway ${publicPolicy.gatewayId}` });
      expect(open.evaluation!.findings[0].message).toMatch(
        new RegExp(`^The resource policy on gateway ${publicPolicy.gatewayId} lets any AWS account invoke it: statement 0 allows Action 'bedrock-agentcore:InvokeGateway' to Principal \\{"AWS": "\\*"\\}`),
      );
      expect(open.remediation).toEqual(
        expect.stringContaining(`call PutResourcePolicy (aws bedrock-agentcore-control put-resource-policy --resource-arn arn:aws:bedrock-agentcore:us-east-1:111111111111:gateway/${publicPolicy.gatewayId} `),
      );
      // The gateway itself is fine, so its targets are not listed for a replacement.
      expect(result.gateways[0].remediation).toBeUndefined();
      const reads = mock!.requests.filter((r) => r.operation === 'GetResourcePolicy');
      expect(reads.map((r) => [decodeURIComponent(r.path), r.status])).toEqual(
        expect.arrayContaining([
          [`/resourcepolicy/arn:aws:bedrock-agentcore:us-east-1:111111111111:gateway/${publicPolicy.gatewayId}`, 200],
          [`/resourcepolicy/arn:aws:bedrock-agentcore:us-east-1:111111111111:gateway/${IAM.gatewayId}`, 404],
        ]),
      );
      expect(reads).toHaveLength(3);
    });

    test('GIVEN the live policy WHEN judged THEN the finding is exactly the one for the same policy in a template', async () => {
      const result = await audit({ regions: { 'us-east-1': [publicPolicy] } }, { regions: ['us-east-1'] });
      const [, fromTemplate] = evaluateTemplate(
        {
          Resources: {
            [publicPolicy.gatewayId]: { Type: 'AWS::BedrockAgentCore::Gateway', Properties: { AuthorizerType: 'AWS_IAM' } },
            [`${publicPolicy.gatewayId}/ResourcePolicy`]: {
              Type: 'AWS::BedrockAgentCore::ResourcePolicy',
              Properties: { ResourceArn: { 'Fn::GetAtt': [publicPolicy.gatewayId, 'GatewayArn'] }, Policy: publicPolicy.resourcePolicy },
            },
          },
        },
        { location: 'us-east-1', entryPoint: 'live' },
      );

      expect(result.gateways[0].resourcePolicy?.evaluation).toEqual(fromTemplate);
    });

    test('GIVEN GetResourcePolicy denied for one gateway WHEN audited THEN that policy is reported unchecked with the permission to grant, and the gateway is still judged', async () => {
      const result = await audit({ regions: { 'us-east-1': [publicPolicy, IAM] }, deniedResourcePolicies: [publicPolicy.gatewayId] }, { regions: ['us-east-1'] });

      expect(result.gateways[0].evaluation?.verdict).toBe('COMPLIANT');
      expect(result.gateways[0].resourcePolicy).toEqual({
        error: expect.stringMatching(
          /^GetResourcePolicy failed, so its resource policy could not be checked: AccessDeniedException: .*bedrock-agentcore:GetResourcePolicy.*\. Grant bedrock-agentcore:GetResourcePolicy on the gateway$/,
        ),
      });
      expect(result.gateways[1].resourcePolicy).toBeUndefined();
    });
  });

  test('GIVEN no gateways anywhere WHEN audited THEN each region is audited with zero gateways', async () => {
    const result = await audit({ regions: {} }, { regions: ['us-east-1', 'us-west-2'] });

    expect(result.regions.map((r) => [r.region, r.outcome, r.gateways])).toEqual([
      ['us-east-1', 'audited', 0],
      ['us-west-2', 'audited', 0],
    ]);
    expect(result.gateways).toEqual([]);
  });
});

import { BILLING_GATEWAY, ORDERS_GATEWAY, ORDERS_TARGETS, SECURE_GATEWAY, sourceOf, withChanges } from './fixtures';
import { planReplacement, PlanOutcome, RemediationError, ReplacementPlan, replacementName } from '../../src/remediate';
import { MockGateway, MockTarget } from '../audit/mock-control-plane';

const IAM = { kind: 'iam' as const };

function plan(gateway: MockGateway, options: Partial<Parameters<typeof planReplacement>[1]> = {}): PlanOutcome {
  return planReplacement(sourceOf(gateway), { authorization: IAM, ...options });
}

function replaced(gateway: MockGateway, options: Partial<Parameters<typeof planReplacement>[1]> = {}): ReplacementPlan {
  const outcome = plan(gateway, options);
  if (outcome.kind !== 'replace') {
    throw new Error(`expected a replacement, got ${outcome.kind}: ${JSON.stringify(outcome)}`);
  }
  return outcome.plan;
}

function problemsOf(outcome: PlanOutcome): string[] {
  if (outcome.kind !== 'unsupported') {
    throw new Error(`expected unsupported, got ${outcome.kind}`);
  }
  return outcome.problems.map((p) => `${p.subject}: ${p.path} ${p.message}`);
}

function withTarget(configuration: Record<string, unknown>, name = 'extra'): MockGateway {
  const extra: MockTarget = { targetId: 'EXTRATGT01', name, configuration };
  return { ...ORDERS_GATEWAY, targets: [...ORDERS_TARGETS, extra] };
}

const LAMBDA = { lambdaArn: 'arn:aws:lambda:us-east-1:111111111111:function:f', toolSchema: { s3: { uri: 's3://b/k' } } };

describe('judging the source gateway', () => {
  test('GIVEN a gateway that passes every rule WHEN planned THEN nothing to do', () => {
    const outcome = plan(SECURE_GATEWAY);
    expect(outcome.kind).toBe('nothing-to-do');
  });

  test('GIVEN a JWT gateway that restricts nothing (AGW6, fixed in place) WHEN planned THEN no replacement', () => {
    const weak = { ...SECURE_GATEWAY, authorizerConfiguration: { customJWTAuthorizer: { discoveryUrl: 'https://idp.example.com/.well-known/openid-configuration' } } };
    const outcome = plan(weak);
    expect(outcome.kind).toBe('fix-in-place');
    expect(outcome.kind === 'fix-in-place' && outcome.source.findings.map((f) => f.ruleId)).toEqual(['AGW6']);
  });

  // AUTHENTICATE_ONLY without an authorizer configuration also has no JWT settings (AGW4, fixed in place).
  test.each([
    ['NONE', 'AGW1', ['AGW1']],
    ['AUTHENTICATE_ONLY', 'AGW8', ['AGW8', 'AGW4']],
  ])('GIVEN authorizer type %s WHEN planned THEN it is replaced (%s needs a new gateway)', (type, _rule, rules) => {
    const p = replaced({ ...BILLING_GATEWAY, authorizerType: type });
    expect(p.source.findings.map((f) => f.ruleId)).toEqual(rules);
    expect(p.source).toMatchObject({ gatewayId: BILLING_GATEWAY.gatewayId, account: '111111111111', partition: 'aws', region: 'us-east-1' });
  });

  const ENGINE_ARN = 'arn:aws:bedrock-agentcore:us-east-1:111111111111:policy-engine/billing-engine';
  const authenticateOnly = (mode: string): MockGateway => ({
    ...BILLING_GATEWAY,
    authorizerType: 'AUTHENTICATE_ONLY',
    authorizerConfiguration: { customJWTAuthorizer: { discoveryUrl: 'https://idp.example.com/.well-known/openid-configuration' } },
    details: { policyEngineConfiguration: { arn: ENGINE_ARN, mode } },
  });
  const acceptsAuthenticateOnly = { allowAuthenticateOnlyWithEnforcedPolicyEngine: true };

  test('GIVEN AUTHENTICATE_ONLY allowed by the user (as in audit) WHEN planned THEN nothing to do', () => {
    expect(plan(authenticateOnly('ENFORCE'), acceptsAuthenticateOnly).kind).toBe('nothing-to-do');
  });

  test('GIVEN AUTHENTICATE_ONLY allowed by the user but its policy engine in LOG_ONLY mode WHEN planned THEN no replacement: the engine is enforced in place', () => {
    const outcome = plan(authenticateOnly('LOG_ONLY'), acceptsAuthenticateOnly);
    expect(outcome.kind).toBe('fix-in-place');
    expect(outcome.kind === 'fix-in-place' && outcome.source.findings.map((f) => f.ruleId)).toEqual(['AGW8']);
  });

  test('GIVEN AUTHENTICATE_ONLY listed as an additional authorizer type WHEN planned THEN still replaced: that list cannot bypass the policy-engine requirement', () => {
    expect(replaced(authenticateOnly('ENFORCE'), { additionalAllowedAuthorizerTypes: ['AUTHENTICATE_ONLY'] }).source.findings.map((f) => f.ruleId)).toEqual(['AGW8']);
  });

  test('GIVEN a gateway ID that is not an identifier (it would go into shell commands) WHEN planned THEN refused', () => {
    const source = sourceOf(BILLING_GATEWAY);
    const hostile = { ...source, gateway: { ...source.gateway, gatewayId: 'x; rm -rf ~' } };
    expect(() => planReplacement(hostile, { authorization: IAM })).toThrow(RemediationError);
    expect(() => planReplacement(hostile, { authorization: IAM })).toThrow(/returned "x; rm -rf ~" as a gateway ID, which is not one/);
  });

  test('GIVEN a target ID that is not an identifier WHEN planned THEN refused', () => {
    const gw = { ...BILLING_GATEWAY, targets: [{ ...BILLING_GATEWAY.targets![0], targetId: '$(reboot)' }] };
    expect(() => plan(gw)).toThrow(/"\$\(reboot\)" as a target ID/);
  });

  test('GIVEN an ARN of another region or gateway WHEN planned THEN refused', () => {
    const source = sourceOf(BILLING_GATEWAY);
    const moved = { ...source, gateway: { ...source.gateway, gatewayArn: 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:gateway/billing-gw-f6g7h8i9j0' } };
    expect(() => planReplacement(moved, { authorization: IAM })).toThrow(/not the ARN of gateway billing-gw-f6g7h8i9j0 in us-east-1/);
  });
});

describe('targets', () => {
  test('GIVEN targets of every supported kind WHEN planned THEN each maps to its L1 props unchanged, read-only fields left out', () => {
    const p = replaced(ORDERS_GATEWAY);
    expect(p.targets.map((t) => [t.constructId, t.kind])).toEqual([
      ['Target01LookupOrder', 'mcp.lambda'],
      ['Target02Refunds', 'mcp.lambda'],
      ['Target03OrdersApi', 'mcp.openApiSchema'],
      ['Target04Weather', 'mcp.openApiSchema'],
      ['Target05OrdersSmithy', 'mcp.smithyModel'],
      ['Target06Dynamodb', 'mcp.smithyModel'],
      ['Target07DocsMcp', 'mcp.mcpServer'],
      ['Target08StoreApi', 'mcp.apiGateway'],
    ]);
    p.targets.forEach((t, i) => expect(t.props).toEqual({ name: ORDERS_TARGETS[i].name, ...ORDERS_TARGETS[i].configuration }));
    expect(p.sourceTargetIds).toEqual(ORDERS_TARGETS.map((t) => t.targetId));
  });

  test('GIVEN target names that make the same construct ID WHEN planned THEN the IDs stay unique', () => {
    const targets = ['a b', 'a-b', 'a_b'].map((name, i) => ({ targetId: `TGT${i}`, name, configuration: { targetConfiguration: { mcp: { lambda: LAMBDA } } } }));
    const p = replaced({ ...BILLING_GATEWAY, targets });
    expect(p.targets.map((t) => t.constructId)).toEqual(['Target01AB', 'Target02AB', 'Target03AB']);
  });

  test.each([
    ['mcp.connector', { mcp: { connector: { source: { connectorId: 'slack' } } } }],
    ['http.passthrough', { http: { passthrough: { endpoint: 'https://x', protocolType: 'HTTP' } } }],
    ['inference.provider', { inference: { provider: { endpoint: 'https://x' } } }],
  ])('GIVEN a %s target WHEN planned THEN it stops with a message naming the target and the kinds supported', (kind, targetConfiguration) => {
    const problems = problemsOf(plan(withTarget({ targetConfiguration }, 'slack')));
    expect(problems).toEqual([
      `target "slack" (EXTRATGT01): targetConfiguration.${kind} is a kind of target remediate does not reproduce (it reproduces Lambda (mcp.lambda), ` +
        'OpenAPI (mcp.openApiSchema), Smithy (mcp.smithyModel), MCP server (mcp.mcpServer) and API Gateway (mcp.apiGateway) targets); re-create it by hand on the new gateway',
    ]);
  });

  test('GIVEN a union member the AWS SDK did not know ($unknown) WHEN planned THEN it is named, not dropped', () => {
    const problems = problemsOf(plan(withTarget({ targetConfiguration: { mcp: { $unknown: ['quantum', { x: 1 }] } } })));
    expect(problems).toEqual([expect.stringContaining('targetConfiguration.mcp.quantum (unknown to the AWS SDK in use) is a kind of target remediate does not reproduce')]);
  });

  test('GIVEN fields with no CloudFormation property, deep and at the top WHEN planned THEN each is listed', () => {
    const problems = problemsOf(plan(withTarget({
      targetConfiguration: { mcp: { mcpServer: { endpoint: 'https://mcp.example.com', futureSetting: true } } },
      credentialProviderConfigurations: [{ credentialProviderType: 'OAUTH', credentialProvider: { oauthCredentialProvider: { providerArn: 'arn:x', scopes: [], pkce: 'S256' } } }],
      futureTopLevel: 'x',
    })));
    expect(problems).toEqual([
      expect.stringMatching(/^target "extra" \(EXTRATGT01\): targetConfiguration\.mcp\.mcpServer\.futureSetting has no CloudFormation property in aws-cdk-lib 2\.269/),
      expect.stringContaining('credentialProviderConfigurations[0].credentialProvider.oauthCredentialProvider.pkce has no CloudFormation property'),
      expect.stringContaining('futureTopLevel has no CloudFormation property in aws-cdk-lib 2.269 (AWS::BedrockAgentCore::GatewayTarget)'),
    ]);
  });

  test('GIVEN a target missing what CloudFormation requires or with a wrong type WHEN planned THEN listed', () => {
    const problems = problemsOf(plan(withTarget({ targetConfiguration: { mcp: { lambda: { lambdaArn: 42 } } } })));
    expect(problems).toEqual([
      expect.stringContaining('targetConfiguration.mcp.lambda.lambdaArn must be a string, found the number 42'),
      expect.stringContaining('targetConfiguration.mcp.lambda.toolSchema is required by CloudFormation but missing from the API response'),
    ]);
  });

  test('GIVEN an HTTP target protocol type on an MCP configuration WHEN planned THEN listed', () => {
    const problems = problemsOf(plan(withTarget({ targetConfiguration: { mcp: { lambda: LAMBDA } }, protocolType: 'HTTP' })));
    expect(problems).toEqual([expect.stringContaining('protocolType is "HTTP"; only MCP targets are reproduced')]);
  });

  test('GIVEN --skip-unsupported WHEN a target cannot be reproduced THEN it is left out whole and listed, the others kept', () => {
    const p = replaced(withTarget({ targetConfiguration: { mcp: { connector: { source: { connectorId: 'slack' } } } } }), { skipUnsupported: true });
    expect(p.targets).toHaveLength(8);
    expect(p.skipped.map((s) => s.subject)).toEqual(['target "extra" (EXTRATGT01)']);
    // The runbook still deletes every target of the old gateway.
    expect(p.sourceTargetIds).toContain('EXTRATGT01');
  });

  test('GIVEN a target that is not READY WHEN planned THEN reproduced with a warning', () => {
    const gw = { ...BILLING_GATEWAY, targets: [{ ...BILLING_GATEWAY.targets![0], status: 'FAILED' }] };
    expect(replaced(gw).warnings).toEqual(['target "invoices" (BILLINGLM1) is FAILED on the source gateway; it is reproduced as configured']);
  });
});

describe('gateway settings: construct props, or the L1 escape hatch when the construct cannot express them', () => {
  test('GIVEN settings the construct expresses exactly WHEN planned THEN all are props and nothing goes through the escape hatch', () => {
    const p = replaced(BILLING_GATEWAY);
    expect(p.gateway.settings).toEqual({
      description: 'Billing tools',
      roleArn: 'arn:aws:iam::111111111111:role/billing-gateway-role',
      protocol: { instructions: 'Use for invoices', searchType: 'SEMANTIC', supportedVersions: ['2025-03-26', '2025-06-18'] },
      interceptors: [
        { point: 'REQUEST', functionArn: 'arn:aws:lambda:us-east-1:111111111111:function:billing-request', passRequestHeaders: true },
        { point: 'RESPONSE', functionArn: 'arn:aws:lambda:us-east-1:111111111111:function:billing-response', passRequestHeaders: false },
      ],
    });
    expect(p.gateway.escapeHatches).toEqual([]);
  });

  const interceptor = (point: string, extra: Record<string, unknown> = {}) => ({
    interceptor: { lambda: { arn: `arn:aws:lambda:us-east-1:111111111111:function:${point}` } },
    interceptionPoints: [point],
    inputConfiguration: { passRequestHeaders: true, ...extra },
  });

  test.each<[string, Record<string, unknown>, string, RegExp]>([
    ['no protocol configuration', { protocolConfiguration: undefined }, 'protocolConfiguration', /would add a default one/],
    ['MCP session settings', { protocolConfiguration: { mcp: { sessionConfiguration: { sessionTimeoutInSeconds: 900 } } } }, 'protocolConfiguration', /cannot express mcp\.sessionConfiguration/],
    ['empty instructions', { protocolConfiguration: { mcp: { instructions: '' } } }, 'protocolConfiguration', /leaves out an empty mcp\.instructions/],
    ['a payload filter', { interceptorConfigurations: [interceptor('REQUEST', { payloadFilter: { exclude: [{ field: 'RESPONSE_BODY' }] } })] }, 'interceptorConfigurations', /never a payload filter/],
    ['RESPONSE before REQUEST', { interceptorConfigurations: [interceptor('RESPONSE'), interceptor('REQUEST')] }, 'interceptorConfigurations', /differ/],
    ['an interceptor without input configuration', { interceptorConfigurations: [{ ...interceptor('REQUEST'), inputConfiguration: undefined }] }, 'interceptorConfigurations', /differ/],
    ['a 201-character description', { description: 'd'.repeat(201) }, 'description', /1-200 characters; the source gateway's has 201/],
    ['a WAF failure mode', { wafConfiguration: { failureMode: 'FAIL_CLOSE' } }, 'wafConfiguration', /no prop for the AWS WAF failure mode/],
  ])('GIVEN %s WHEN planned THEN that setting goes through the escape hatch with its value and why', (_name, details, property, reason) => {
    const p = replaced(withChanges(BILLING_GATEWAY, details));
    const hatch = p.gateway.escapeHatches.find((h) => h.property === property);
    expect(hatch?.reason).toMatch(reason);
    expect(hatch?.value).toEqual(details[property]);
    expect(Object.keys(p.gateway.settings)).not.toContain(property === 'protocolConfiguration' ? 'protocol' : property === 'interceptorConfigurations' ? 'interceptors' : property);
  });

  test('GIVEN a web ACL WHEN planned THEN it is kept for the runbook (an association, not a property)', () => {
    const p = replaced(withChanges(BILLING_GATEWAY, { webAclArn: 'arn:aws:wafv2:us-east-1:111111111111:regional/webacl/gw/abc' }));
    expect(p.gateway.webAclArn).toBe('arn:aws:wafv2:us-east-1:111111111111:regional/webacl/gw/abc');
  });

  test('GIVEN gateway fields CloudFormation has no property for WHEN planned THEN listed, and with --skip-unsupported listed as skipped', () => {
    const gw = withChanges(BILLING_GATEWAY, {
      customTransformConfiguration: { lambda: { arn: 'arn:x' } },
      protocolConfiguration: { mcp: { disableMcpListToolsPagination: true } },
    });
    expect(problemsOf(plan(gw))).toEqual([
      'gateway: protocolConfiguration.mcp.disableMcpListToolsPagination has no CloudFormation property in aws-cdk-lib 2.269 (AWS::BedrockAgentCore), so it cannot be reproduced',
      'gateway: customTransformConfiguration has no CloudFormation property in aws-cdk-lib 2.269 (AWS::BedrockAgentCore::Gateway), so it cannot be reproduced',
    ]);
    expect(replaced(gw, { skipUnsupported: true }).skipped.map((s) => s.path)).toEqual(['protocolConfiguration.mcp.disableMcpListToolsPagination', 'customTransformConfiguration']);
  });

  test('GIVEN a gateway without a role WHEN planned THEN it stops: a new role would lack the targets\' permissions', () => {
    expect(problemsOf(plan(withChanges(BILLING_GATEWAY, { roleArn: undefined })))).toEqual([expect.stringContaining('gateway: roleArn is missing')]);
  });
});

describe('the replacement\'s name', () => {
  test.each([
    ['orders-gw', 'orders-gw-secure'],
    ['a'.repeat(60), `${'a'.repeat(41)}-secure`],
    // Cut at a hyphen: no trailing or double hyphen.
    [`${'a'.repeat(40)}-b-c`, `${'a'.repeat(40)}-secure`],
  ])('GIVEN source %s WHEN no name is given THEN %s (valid, at most 48 characters)', (source, expected) => {
    expect(replacementName(source, undefined)).toBe(expected);
    expect(expected.length).toBeLessThanOrEqual(48);
  });

  test('GIVEN an invalid or the old name WHEN given THEN refused with the rule', () => {
    expect(() => replacementName('gw', 'bad_name')).toThrow(/--gateway-name 'bad_name' must be 1-48 letters or digits/);
    expect(() => replacementName('gw', 'gw')).toThrow(/is the name of the gateway being replaced/);
    expect(replacementName('gw', 'gw-v2')).toBe('gw-v2');
  });
});

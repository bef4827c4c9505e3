// The words each rule gives its readers (the table and JSON reports, SARIF, the synth-time errors) are part of
// its contract: a change to them is a decision, never an accident. So they are written out here in full.
import { AGW10, AGW4, AGW6, ALL_RULES, fixFor, GatewayRule, liveFixFor, NOT_APPLICABLE, recreateLiveGatewayFix, REPLACE_GATEWAY_FIX, UPDATE_JWT_IN_PLACE_FIX } from '../../../src/engine/rules';
import { view } from '../fixtures';

type Documentation = Pick<GatewayRule, 'title' | 'why' | 'fix' | 'scanFix' | 'briefFix' | 'replacesGateway'>;

describe('what each rule tells its readers', () => {
  test.each<[string, Documentation]>([
    [
      'AGW1',
      {
        title: 'Gateway has no inbound authorization (AuthorizerType NONE)',
        why:
          'A gateway with AuthorizerType NONE is a public endpoint: anyone who can reach its URL can list and ' +
          'invoke its targets (Lambda functions, OpenAPI and API Gateway backends, MCP servers) with the ' +
          'gateway\'s own role (Security Hub BedrockAgentCore.2, severity High).',
        fix:
          'Use SecureAgentCoreGateway, or give the aws-cdk-lib Gateway an authorizer with ' +
          'GatewayAuthorizer.usingCognito(), usingCustomJwt() or usingAwsIam() (for a CfnGateway: ' +
          'AuthorizerType AWS_IAM, or CUSTOM_JWT with a CustomJWTAuthorizer). The authorizer type cannot be ' +
          'changed on an existing gateway, so the fix replaces it: give the gateway a new construct ID (a new ' +
          'logical ID) and, if its Name is fixed, a new name.',
        scanFix: undefined,
        briefFix: 'recreate the gateway with CUSTOM_JWT or AWS_IAM (the authorizer type cannot be changed in place)',
        replacesGateway: true,
      },
    ],
    [
      'AGW2',
      {
        title: 'Authorizer type cannot be proven at synth time',
        why:
          'The guard fails closed: a value that is only known at deploy time (a parameter without AllowedValues, ' +
          'Fn::ImportValue, a dynamic reference, an intrinsic it does not evaluate, a macro) or a missing ' +
          'AuthorizerType could deploy a gateway without authorization, and nothing would check it again.',
        fix:
          'Write the authorizer type into the template: a literal CUSTOM_JWT or AWS_IAM, a parameter whose ' +
          'AllowedValues list only CUSTOM_JWT and AWS_IAM, or Fn::If / Fn::FindInMap whose every outcome is one of ' +
          'them; call no macro (Fn::Transform, AWS::Include) inside a gateway\'s Properties. For an SDK call ' +
          '(AwsCustomResource) that creates a gateway, use a CfnGateway or SecureAgentCoreGateway instead, or write ' +
          'every parameter of the call as a literal. If the gateway really is public today: Use ' +
          'SecureAgentCoreGateway, or give the aws-cdk-lib Gateway an authorizer with ' +
          'GatewayAuthorizer.usingCognito(), usingCustomJwt() or usingAwsIam() (for a CfnGateway: AuthorizerType ' +
          'AWS_IAM, or CUSTOM_JWT with a CustomJWTAuthorizer). The authorizer type cannot be changed on an existing ' +
          'gateway, so the fix replaces it: give the gateway a new construct ID (a new logical ID) and, if its Name ' +
          'is fixed, a new name.',
        scanFix: undefined,
        briefFix: undefined,
        replacesGateway: true,
      },
    ],
    [
      'AGW3',
      {
        title: 'Authorizer type unknown to the guard',
        why:
          'The guard only vouches for authorizer types whose guarantees it knows: CUSTOM_JWT, AWS_IAM, and ' +
          'AUTHENTICATE_ONLY under the conditions of AGW8. A type added to AgentCore later may check less than its ' +
          'name suggests, as AUTHENTICATE_ONLY does (it validates the token but enforces no audience or scope).',
        fix:
          'Use CUSTOM_JWT or AWS_IAM, or, if the type is a deliberate choice, have the one who applies the guard ' +
          'allow it with RequireGatewayAuthorizationProps.additionalAllowedAuthorizerTypes.',
        scanFix:
          'Use CUSTOM_JWT or AWS_IAM, or, if the type is a deliberate choice, allow it with --allow-authorizer-type ' +
          '<type> (as RequireGatewayAuthorizationProps.additionalAllowedAuthorizerTypes does at synth time).',
        briefFix: undefined,
        replacesGateway: true,
      },
    ],
    [
      'AGW4',
      {
        title: 'CUSTOM_JWT or AUTHENTICATE_ONLY without a JWT authorizer configuration',
        why:
          'A CUSTOM_JWT or AUTHENTICATE_ONLY gateway needs AuthorizerConfiguration.CustomJWTAuthorizer to know ' +
          'which issuer to trust. Without it (for example after addDeletionOverride) nothing defines which tokens ' +
          'are valid, and the authorization of the deployed gateway cannot be proven.',
        fix:
          'Configure the JWT authorizer: GatewayAuthorizer.usingCognito() or usingCustomJwt() on the aws-cdk-lib ' +
          'Gateway, SecureAgentCoreGateway, or AuthorizerConfiguration.CustomJWTAuthorizer with a DiscoveryUrl and ' +
          'AllowedClients / AllowedScopes / AllowedAudience / CustomClaims on a CfnGateway.',
        scanFix: undefined,
        briefFix: undefined,
        replacesGateway: false,
      },
    ],
    [
      'AGW5',
      {
        title: 'CUSTOM_JWT discovery URL is not an https OpenID Connect discovery URL',
        why:
          'The gateway trusts whichever signing keys the discovery document names. Fetched over plain http (or ' +
          'from a URL that is not the issuer\'s /.well-known/openid-configuration), anyone on the network path ' +
          'can substitute keys and mint tokens the gateway accepts.',
        fix:
          'Set DiscoveryUrl to https://<issuer>/.well-known/openid-configuration (for Cognito: ' +
          'https://cognito-idp.<region>.amazonaws.com/<userPoolId>/.well-known/openid-configuration), written ' +
          'in the template or built with Fn::Sub / Fn::Join from a literal https:// prefix and the literal ' +
          'suffix.',
        scanFix: undefined,
        briefFix: undefined,
        replacesGateway: false,
      },
    ],
    [
      'AGW6',
      {
        title: 'CUSTOM_JWT accepts any token of the issuer (no audience, clients, scopes or claims)',
        why:
          'Without AllowedAudience, AllowedClients, AllowedScopes or CustomClaims the gateway accepts every ' +
          'token its issuer signs: any app client of the same Cognito user pool or identity provider tenant, ' +
          'including ones created for other applications, can invoke the gateway\'s targets.',
        fix:
          'Restrict the tokens: set AllowedClients and AllowedScopes (Cognito access tokens carry client_id and ' +
          'scope, not aud), AllowedAudience for issuers that set aud, or CustomClaims. With the aws-cdk-lib ' +
          'Gateway pass allowedClients / allowedScopes to GatewayAuthorizer.usingCognito() or usingCustomJwt(), ' +
          'or use SecureAgentCoreGateway. Every list needs at least one item.',
        scanFix: undefined,
        briefFix: undefined,
        replacesGateway: false,
      },
    ],
    [
      'AGW7',
      {
        title: 'Exemption not accepted',
        why:
          'Every gateway needs inbound authorization, in development as in production. A deliberately public ' +
          'gateway is waived only when the one who applies the guard allows exemptions and the gateway states ' +
          'why in at least 20 characters, so that the waiver is visible in the report.',
        fix:
          'Secure the gateway (see the other findings), or have the guard applied with allowExemptions: true ' +
          'and declare GatewayAuthorizationExemption.exempt(gateway, { reason }) with a reason of at least 20 ' +
          'characters.',
        scanFix:
          'Secure the gateway (see the other findings), or scan with --allow-exemptions (as the guard applied ' +
          'with allowExemptions: true does) and declare GatewayAuthorizationExemption.exempt(gateway, { reason ' +
          '}) with a reason of at least 20 characters.',
        briefFix: undefined,
        replacesGateway: false,
      },
    ],
    [
      'AGW8',
      {
        title: 'AUTHENTICATE_ONLY without a policy engine in ENFORCE mode',
        why:
          'With AuthorizerType AUTHENTICATE_ONLY the gateway only authenticates: it validates the JWT against the ' +
          'issuer\'s keys but enforces no audience or scope (AWS calls it offloaded authorization), so any token ' +
          'the identity provider issues, to any application, gets in unless something else authorizes each call. An ' +
          'AgentCore policy engine attached in ENFORCE mode makes that decision; in LOG_ONLY mode it only records ' +
          'what it would have decided.',
        fix:
          'Use CUSTOM_JWT with AllowedClients / AllowedScopes, or AWS_IAM (this replaces the gateway: Use ' +
          'SecureAgentCoreGateway, or give the aws-cdk-lib Gateway an authorizer with ' +
          'GatewayAuthorizer.usingCognito(), usingCustomJwt() or usingAwsIam() (for a CfnGateway: AuthorizerType ' +
          'AWS_IAM, or CUSTOM_JWT with a CustomJWTAuthorizer). The authorizer type cannot be changed on an existing ' +
          'gateway, so the fix replaces it: give the gateway a new construct ID (a new logical ID) and, if its Name ' +
          'is fixed, a new name.) Or, if authorization is deliberately offloaded, attach a policy engine that ' +
          'authorizes every call: PolicyEngineConfiguration with the engine\'s Arn and Mode ENFORCE, and have the ' +
          'one who applies the guard set ' +
          'RequireGatewayAuthorizationProps.allowAuthenticateOnlyWithEnforcedPolicyEngine: true.',
        scanFix:
          'Use CUSTOM_JWT with AllowedClients / AllowedScopes, or AWS_IAM (a new gateway: the authorizer type ' +
          'cannot change in place). Or, if authorization is deliberately offloaded, attach a policy engine that ' +
          'authorizes every call: PolicyEngineConfiguration with the engine\'s Arn and Mode ENFORCE, and scan with ' +
          '--allow-authenticate-only-with-enforced-policy-engine (as ' +
          'RequireGatewayAuthorizationProps.allowAuthenticateOnlyWithEnforcedPolicyEngine does at synth time).',
        briefFix: 'use CUSTOM_JWT or AWS_IAM, or attach a policy engine in ENFORCE mode',
        replacesGateway: false,
      },
    ],
    [
      'AGW9',
      {
        title: 'Gateway resource policy lets any AWS account invoke the gateway',
        why:
          'A resource-based policy (AWS::BedrockAgentCore::ResourcePolicy) admits IAM callers from other accounts. ' +
          'A statement that allows bedrock-agentcore:InvokeGateway to Principal "*" (or {"AWS": "*"}, or everyone ' +
          'but a NotPrincipal) without a condition that narrows the caller to an organization, account or principal ' +
          'lets any AWS account call the gateway and its targets: a public endpoint with extra steps.',
        fix:
          'In the policy\'s statements, name the callers, i.e. specific account or role ARNs as principals ' +
          '(SecureAgentCoreGateway.grantInvoke() writes such statements), or keep "*" and add a condition that ' +
          'narrows it on the Allow statement itself: StringEquals on aws:PrincipalOrgID, aws:PrincipalOrgPaths, ' +
          'aws:PrincipalAccount or aws:PrincipalArn with specific values (not an IfExists or ForAllValues operator, ' +
          'not "*"). A separate Deny statement is not credited.',
        scanFix: undefined,
        briefFix:
          'name specific principals in the resource policy, or narrow "*" with aws:PrincipalOrgID or ' +
          'aws:PrincipalAccount',
        replacesGateway: false,
      },
    ],
    [
      'AGW10',
      {
        title: 'Template the guard cannot read (a referenced template or a macro)',
        why:
          'A nested stack, StackSet or Service Catalog product deploys whatever its template holds, an AWS::Include ' +
          'pastes a snippet from S3 and a macro deploys whatever it returns. When the guard cannot read that ' +
          'template at synth time (a remote URL, a value only known at deploy time, a macro), every gateway in it, ' +
          'public ones included, would deploy unchecked.',
        fix:
          'Ship the template with the app so the guard judges it: a NestedStack, a servicecatalog ProductStack, an ' +
          'aws_s3_assets.Asset whose URL the resource uses (asset.httpUrl), or an inline TemplateBody written as a ' +
          'literal. If the template is vetted elsewhere, have the one who applies the guard allow its URL prefix ' +
          'with RequireGatewayAuthorizationProps.allowedTemplateUrlPrefixes. A macro runs at deploy time: remove ' +
          'it, or have the deploy-time GatewayAuthorizationGuardHook judge the processed template.',
        scanFix:
          'Scan the referenced template too: keep it next to the parent and refer to it by a relative path (as `aws ' +
          'cloudformation package` takes it), or scan the cdk.out that holds it as a file asset. If the template is ' +
          'vetted elsewhere, allow its URL prefix with --allow-template-url-prefix <prefix> (as ' +
          'RequireGatewayAuthorizationProps.allowedTemplateUrlPrefixes does at synth time). A macro runs at deploy ' +
          'time: remove it, or scan the processed template (aws cloudformation get-template --template-stage ' +
          'Processed).',
        briefFix: undefined,
        replacesGateway: false,
      },
    ],
  ])('GIVEN %s WHEN documented THEN title, why, fixes and whether the fix replaces the gateway are these', (id, documentation) => {
    const rule = ALL_RULES.find((r) => r.id === id)!;
    const { title, why, fix, scanFix, briefFix, replacesGateway } = rule;

    expect({ title, why, fix, scanFix, briefFix, replacesGateway }).toEqual(documentation);
    expect(fixFor(rule, 'cdk')).toBe(fix);
    expect(fixFor(rule, 'scan')).toBe(scanFix ?? fix);
  });

  test('GIVEN every rule WHEN listed THEN AGW1-AGW10, in report order', () => {
    expect(ALL_RULES.map((r) => r.id)).toEqual(['AGW1', 'AGW2', 'AGW3', 'AGW4', 'AGW5', 'AGW6', 'AGW7', 'AGW8', 'AGW9', 'AGW10']);
  });

  test('GIVEN AGW10 WHEN asked about a gateway THEN it never applies: it judges references the scanner could not read', () => {
    expect(AGW10.evaluate(view({ AuthorizerType: 'NONE' }))).toBe(NOT_APPLICABLE);
    expect(AGW10.liveFix({})).toBe('The live audit judges each deployed gateway, whichever template created it: fix the gateways it reports.');
  });
});

describe('the fixes several rules share', () => {
  test('GIVEN the texts shared by the rules that change the authorizer type, and by those that correct a JWT configuration WHEN read THEN these', () => {
    expect(REPLACE_GATEWAY_FIX).toBe(
      'Use SecureAgentCoreGateway, or give the aws-cdk-lib Gateway an authorizer with GatewayAuthorizer.usingCognito(), usingCustomJwt() or usingAwsIam() ' +
        '(for a CfnGateway: AuthorizerType AWS_IAM, or CUSTOM_JWT with a CustomJWTAuthorizer). The authorizer type cannot be changed on an existing gateway, ' +
        'so the fix replaces it: give the gateway a new construct ID (a new logical ID) and, if its Name is fixed, a new name.',
    );
    expect(UPDATE_JWT_IN_PLACE_FIX).toBe(
      'The authorizer type stays CUSTOM_JWT, so correct the JWT authorizer in place: call UpdateGateway (aws bedrock-agentcore-control update-gateway) ' +
        'with the same authorizer type and a CustomJWTAuthorizer that has an https discovery URL and AllowedClients / AllowedScopes (or AllowedAudience / CustomClaims). ' +
        'If a stack owns the gateway, change it there.',
    );
    expect(fixFor(AGW4, 'live')).toBe(UPDATE_JWT_IN_PLACE_FIX);
  });

  test.each([
    [
      'nothing known about it',
      {},
      'its targets (list them with `aws bedrock-agentcore-control list-gateway-targets`), move clients to the new gateway URL, then delete the old gateway.',
    ],
    ['no targets, no name', { gatewayId: 'gw-1', targets: [] }, 'its targets (it has none today), move clients to the new gateway URL, then delete gw-1 (gw-1).'],
    [
      'two targets, one without a name',
      { gatewayId: 'gw-1', name: 'orders', targets: [{ targetId: 'T1', name: 'lambda' }, { targetId: 'T2' }] },
      'its 2 target(s): lambda (T1), ? (T2), move clients to the new gateway URL, then delete orders (gw-1).',
    ],
  ])('GIVEN a deployed gateway with %s WHEN its recreate fix is written THEN it names what it knows', (_name, gateway, middle) => {
    expect(recreateLiveGatewayFix(gateway)).toBe(
      'Recreate the gateway: the authorizer type of an existing gateway cannot be changed in place. Create a new gateway with AuthorizerType CUSTOM_JWT ' +
        `(with AllowedClients and AllowedScopes) or AWS_IAM, re-attach ${middle} ` +
        'If a CloudFormation or CDK stack owns the gateway, make the change there (a new logical ID) so the stack does not drift.',
    );
  });

  test('GIVEN findings of rules that replace the gateway and rules that do not WHEN one live fix is chosen THEN a replacing rule wins wherever it is listed', () => {
    expect(liveFixFor(['AGW6', 'AGW2'], { gatewayId: 'gw-1' })).toMatch(/^Recreate the gateway/);
    expect(liveFixFor(['AGW3'], { gatewayId: 'gw-1' })).toMatch(/^Recreate the gateway/);
    expect(liveFixFor(['AGW5', 'AGW7'], {})).toBe(UPDATE_JWT_IN_PLACE_FIX);
    expect(liveFixFor(['AGW7', 'AGW5'], {})).toBe('Secure the gateway (see the other findings): the live audit honours no exemption.');
  });

  test('GIVEN rule IDs the guard does not know among the findings WHEN the live fix is chosen THEN they are ignored', () => {
    expect(liveFixFor(['AGW99', 'AGW6'], {})).toBe(fixFor(AGW6, 'live'));
    expect(liveFixFor(['AGW99'], {})).toBeUndefined();
  });
});

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
          'The guard fails closed: a value that is only known at deploy time (a parameter without ' +
          'AllowedValues, Fn::ImportValue, a dynamic reference, an intrinsic it does not evaluate) or a missing ' +
          'AuthorizerType could deploy a gateway without authorization, and nothing would check it again.',
        fix:
          'Write the authorizer type into the template: a literal CUSTOM_JWT or AWS_IAM, a parameter whose ' +
          'AllowedValues list only CUSTOM_JWT and AWS_IAM, or Fn::If / Fn::FindInMap whose every outcome is one ' +
          'of them. If the gateway really is public today: Use SecureAgentCoreGateway, or give the aws-cdk-lib ' +
          'Gateway an authorizer with GatewayAuthorizer.usingCognito(), usingCustomJwt() or usingAwsIam() (for ' +
          'a CfnGateway: AuthorizerType AWS_IAM, or CUSTOM_JWT with a CustomJWTAuthorizer). The authorizer type ' +
          'cannot be changed on an existing gateway, so the fix replaces it: give the gateway a new construct ' +
          'ID (a new logical ID) and, if its Name is fixed, a new name.',
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
          'The guard only vouches for authorizer types whose guarantees it knows. Newer types weaken some ' +
          'checks: AUTHENTICATE_ONLY validates the token but skips audience and scope checks, so any token from ' +
          'the issuer is accepted.',
        fix:
          'Use CUSTOM_JWT or AWS_IAM, or, if the type is a deliberate choice, have the one who applies the ' +
          'guard allow it with RequireGatewayAuthorizationProps.additionalAllowedAuthorizerTypes.',
        scanFix:
          'Use CUSTOM_JWT or AWS_IAM, or, if the type is a deliberate choice, allow it with ' +
          '--allow-authorizer-type <type> (as RequireGatewayAuthorizationProps.additionalAllowedAuthorizerTypes ' +
          'does at synth time).',
        briefFix: undefined,
        replacesGateway: true,
      },
    ],
    [
      'AGW4',
      {
        title: 'CUSTOM_JWT without a JWT authorizer configuration',
        why:
          'A CUSTOM_JWT gateway needs AuthorizerConfiguration.CustomJWTAuthorizer to know which issuer to ' +
          'trust. Without it (for example after addDeletionOverride) nothing defines which tokens are valid, ' +
          'and the authorization of the deployed gateway cannot be proven.',
        fix:
          'Configure the JWT authorizer: GatewayAuthorizer.usingCognito() or usingCustomJwt() on the ' +
          'aws-cdk-lib Gateway, SecureAgentCoreGateway, or AuthorizerConfiguration.CustomJWTAuthorizer with a ' +
          'DiscoveryUrl and AllowedClients / AllowedScopes / AllowedAudience / CustomClaims on a CfnGateway.',
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
      'AGW10',
      {
        title: 'Referenced template cannot be read, so its gateways cannot be checked',
        why:
          'A nested stack or application deploys the template it points at. When that template cannot be read ' +
          '(missing, not a regular file, too large, or outside what may be read), any gateway it creates goes ' +
          'unchecked, so the guard fails closed instead of skipping it.',
        fix:
          'Point the reference at a regular template file that is part of the app (for a CDK app, run cdk synth ' +
          'again so the nested templates are written into the cloud assembly), or check that template ' +
          'separately.',
        scanFix:
          'Point the reference at a regular template file inside the folders being scanned, or allow the folder ' +
          'that holds it with --allow-read <folder> (a cloud assembly only ever refers to files inside itself: ' +
          'run cdk synth again). A template above the size limit can be read with --max-file-size <MB>.',
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

  test('GIVEN every rule WHEN listed THEN AGW1-AGW7 and AGW10, in report order', () => {
    expect(ALL_RULES.map((r) => r.id)).toEqual(['AGW1', 'AGW2', 'AGW3', 'AGW4', 'AGW5', 'AGW6', 'AGW7', 'AGW10']);
  });

  test('GIVEN AGW10 WHEN asked about a gateway THEN it never applies: it judges references the scanner could not read', () => {
    expect(AGW10.evaluate(view({ AuthorizerType: 'NONE' }))).toBe(NOT_APPLICABLE);
    expect(AGW10.liveFix({})).toBe('Check the template the nested stack deploys: scan it, or audit the gateways the deployed stack created.');
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

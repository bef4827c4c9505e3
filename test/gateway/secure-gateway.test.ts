import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as agentcore from 'aws-cdk-lib/aws-bedrockagentcore';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { GatewayAuthorization, GatewayAuthorizationMode, SecureAgentCoreGateway } from '../../src';
import { TemplateRecorder } from '../support/cfn-lint';

const recorder = new TemplateRecorder();
afterAll(() => recorder.lintRecordedTemplates());

const ENV = { account: '111111111111', region: 'us-east-1' };
const GATEWAY = 'AWS::BedrockAgentCore::Gateway';

function newStack(id = 'TestStack', env: { account?: string; region?: string } | undefined = ENV): Stack {
  return new Stack(new App(), id, { env });
}

function gatewayResource(stack: Stack): { logicalId: string; props: any } {
  const found = recorder.templateOf(stack).findResources(GATEWAY);
  const ids = Object.keys(found);
  expect(ids).toHaveLength(1);
  return { logicalId: ids[0], props: found[ids[0]].Properties };
}

function lambdaFn(stack: Stack): lambda.Function {
  return new lambda.Function(stack, 'Tool', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({})'),
  });
}

const TOOL_SCHEMA = agentcore.ToolSchema.fromInline([
  {
    name: 'lookup_order',
    description: 'Looks up an order',
    inputSchema: { type: agentcore.SchemaDefinitionType.OBJECT, properties: { id: { type: agentcore.SchemaDefinitionType.STRING } } },
  },
]);

describe('GatewayAuthorization.cognitoM2M (the default)', () => {
  test('GIVEN no props WHEN synthesized THEN the gateway requires both a known client and a resource-server scope', () => {
    const stack = newStack();
    new SecureAgentCoreGateway(stack, 'Gateway');

    const { props } = gatewayResource(stack);
    expect(props.AuthorizerType).toBe('CUSTOM_JWT');
    const jwt = props.AuthorizerConfiguration.CustomJWTAuthorizer;
    expect(jwt.AllowedClients).toEqual([{ Ref: Match.stringLikeRegexp('GatewayCognitoDefaultClient') }].map(() => expect.objectContaining({ Ref: expect.stringMatching(/^GatewayCognitoDefaultClient/) })));
    expect(jwt.AllowedScopes).toEqual([
      { 'Fn::Join': ['', [{ Ref: expect.stringMatching(/^GatewayCognitoResourceServer/) }, '/invoke']] },
    ]);
    // Cognito access tokens carry no aud claim: an audience check would reject every token.
    expect(jwt.AllowedAudience).toBeUndefined();
    expect(jwt.DiscoveryUrl).toEqual({
      'Fn::Join': ['', [
        'https://cognito-idp.us-east-1.',
        { Ref: 'AWS::URLSuffix' },
        '/',
        { Ref: expect.stringMatching(/^GatewayCognitoUserPool/) },
        '/.well-known/openid-configuration',
      ]],
    });
  });

  test('GIVEN no props WHEN synthesized THEN the user pool is closed to people and retained', () => {
    const stack = newStack();
    new SecureAgentCoreGateway(stack, 'Gateway');
    const template = recorder.templateOf(stack);

    template.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
        DeletionProtection: 'ACTIVE',
        MfaConfiguration: 'ON',
      }),
    });
    template.resourceCountIs('AWS::Cognito::UserPoolResourceServer', 1);
    template.hasResourceProperties('AWS::Cognito::UserPoolResourceServer', {
      Identifier: 'agentcore-gateway',
      Scopes: [Match.objectLike({ ScopeName: 'invoke' })],
    });
  });

  test('GIVEN no props WHEN synthesized THEN the app client can only use client credentials', () => {
    const stack = newStack();
    new SecureAgentCoreGateway(stack, 'Gateway');

    recorder.templateOf(stack).hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: true,
      AllowedOAuthFlows: ['client_credentials'],
      AllowedOAuthFlowsUserPoolClient: true,
      // Only the refresh-token flow, which client credentials never use: no user sign-in flow at all.
      ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
      EnableTokenRevocation: true,
      PreventUserExistenceErrors: 'ENABLED',
      AccessTokenValidity: 60,
      TokenValidityUnits: { AccessToken: 'minutes' },
    });
  });

  test('GIVEN custom scopes, token validity and removal policy WHEN synthesized THEN they are rendered', () => {
    const stack = newStack();
    const gw = new SecureAgentCoreGateway(stack, 'Gateway', {
      authorization: GatewayAuthorization.cognitoM2M({
        scopes: ['tools.read', 'tools.write'],
        resourceServerIdentifier: 'orders-api',
        accessTokenValidity: Duration.minutes(15),
        removalPolicy: RemovalPolicy.DESTROY,
      }),
    });
    const template = recorder.templateOf(stack);

    expect(gw.authorizationMode).toBe(GatewayAuthorizationMode.COGNITO_M2M);
    expect(stack.resolve(gw.oauthScopes)).toEqual([
      { 'Fn::Join': ['', [{ Ref: expect.stringMatching(/ResourceServer/) }, '/tools.read']] },
      { 'Fn::Join': ['', [{ Ref: expect.stringMatching(/ResourceServer/) }, '/tools.write']] },
    ]);
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', { AccessTokenValidity: 15 });
    // DESTROY without an explicit deletionProtection turns protection off, or the delete would fail.
    template.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Delete',
      Properties: Match.objectLike({ DeletionProtection: 'INACTIVE' }),
    });
    expect(gatewayResource(stack).props.AuthorizerConfiguration.CustomJWTAuthorizer.AllowedScopes).toHaveLength(2);
  });

  test('GIVEN addClient WHEN synthesized THEN every client is allowed on the gateway, including ones added later', () => {
    const stack = newStack();
    const gw = new SecureAgentCoreGateway(stack, 'Gateway');
    const billing = gw.addClient('BillingAgent');
    const support = gw.addClient('SupportAgent', { clientName: 'support-agent' });

    const { props } = gatewayResource(stack);
    const allowed = props.AuthorizerConfiguration.CustomJWTAuthorizer.AllowedClients;
    expect(allowed).toHaveLength(3);
    expect(allowed).toContainEqual(stack.resolve(billing.clientId));
    expect(allowed).toContainEqual(stack.resolve(support.clientId));
    expect(gw.cognito!.clients.map((c) => c.node.id)).toEqual(['DefaultClient', 'BillingAgent', 'SupportAgent']);
    recorder.templateOf(stack).hasResourceProperties('AWS::Cognito::UserPoolClient', { ClientName: 'support-agent' });
  });

  test('GIVEN an existing user pool WHEN synthesized THEN no pool is created and the resource server id is unique to this gateway', () => {
    const stack = newStack();
    const pool = new cognito.UserPool(stack, 'SharedPool');
    new SecureAgentCoreGateway(stack, 'OrdersGateway', { authorization: GatewayAuthorization.cognitoM2M({ userPool: pool }) });
    new SecureAgentCoreGateway(stack, 'BillingGateway', { authorization: GatewayAuthorization.cognitoM2M({ userPool: pool }) });
    const template = recorder.templateOf(stack);

    template.resourceCountIs('AWS::Cognito::UserPool', 1);
    const identifiers = Object.values(template.findResources('AWS::Cognito::UserPoolResourceServer')).map((r: any) => r.Properties.Identifier);
    expect(new Set(identifiers).size).toBe(2);
  });

  test('GIVEN an existing pool and its domain WHEN synthesized THEN no second domain is added', () => {
    const stack = newStack();
    const pool = new cognito.UserPool(stack, 'SharedPool');
    const domain = pool.addDomain('Domain', { cognitoDomain: { domainPrefix: 'orders-agents' } });
    const gw = new SecureAgentCoreGateway(stack, 'Gateway', {
      authorization: GatewayAuthorization.cognitoM2M({ userPool: pool, userPoolDomain: domain }),
    });

    recorder.templateOf(stack).resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
    expect(stack.resolve(gw.tokenEndpointUrl)).toEqual({
      'Fn::Join': ['', ['https://', { Ref: expect.stringMatching(/^SharedPoolDomain/) }, '.auth.us-east-1.amazoncognito.com/oauth2/token']],
    });
  });

  test('GIVEN a Cognito gateway THEN the pool, domain, token endpoint and discovery URL are exposed', () => {
    const stack = newStack();
    const gw = new SecureAgentCoreGateway(stack, 'Gateway');
    expect(gw.cognito!.userPool).toBeInstanceOf(cognito.UserPool);
    expect(gw.cognito!.resourceServer).toBeInstanceOf(cognito.UserPoolResourceServer);
    expect(stack.resolve(gw.tokenEndpointUrl)).toEqual({
      'Fn::Join': ['', ['https://', { Ref: expect.stringMatching(/^GatewayCognitoDomain/) }, '.auth.us-east-1.amazoncognito.com/oauth2/token']],
    });
    expect(gw.discoveryUrl).toBeDefined();
    expect(stack.resolve(gw.gatewayUrl)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/JwtGateway/), 'GatewayUrl'] });
  });
});

describe('client credentials', () => {
  test('GIVEN a client without a stored secret WHEN granted THEN the grantee may describe clients of this pool only', () => {
    const stack = newStack();
    const gw = new SecureAgentCoreGateway(stack, 'Gateway');
    const agentRole = new iam.Role(stack, 'AgentRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    gw.cognito!.clients[0].grantReadCredentials(agentRole);

    expect(statementsOfRole(recorder.templateOf(stack), 'AgentRole')).toEqual([{
      Action: 'cognito-idp:DescribeUserPoolClient',
      Effect: 'Allow',
      Resource: { 'Fn::GetAtt': [expect.stringMatching(/^GatewayCognitoUserPool/), 'Arn'] },
    }]);
  });

  test('GIVEN storeSecret WHEN granted THEN the grantee may read that one secret and nothing else', () => {
    const stack = newStack();
    const gw = new SecureAgentCoreGateway(stack, 'Gateway');
    const client = gw.addClient('Agent', { storeSecret: true });
    const agentRole = new iam.Role(stack, 'AgentRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    client.grantReadCredentials(agentRole);
    const template = recorder.templateOf(stack);

    template.resourceCountIs('AWS::SecretsManager::Secret', 1);
    expect(statementsOfRole(template, 'AgentRole')).toEqual([{
      Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
      Effect: 'Allow',
      Resource: { Ref: expect.stringMatching(/^GatewayCognitoAgentCredentials/) },
    }]);
    // The default client was not asked to store its secret.
    expect(gw.cognito!.clients[0].secret).toBeUndefined();
  });

  test.each([
    ['default client only', false],
    ['a client with a stored secret', true],
  ])('GIVEN %s THEN no template, output or parameter can carry a client secret', (_name, storeSecret) => {
    const stack = newStack();
    const gw = new SecureAgentCoreGateway(stack, 'Gateway', {
      authorization: GatewayAuthorization.cognitoM2M({ storeDefaultClientSecret: storeSecret }),
    });
    gw.addClient('Other');
    const json = recorder.templateOf(stack).toJSON();

    expect(json.Outputs ?? {}).toEqual({});
    expect(Object.keys(json.Parameters ?? {}).filter((p) => p !== 'BootstrapVersion')).toEqual([]);
    // The only path to a secret value is a deploy-time GetAtt, and only into Secrets Manager.
    const secretRefs = findPaths(json, (v) => Array.isArray(v?.['Fn::GetAtt']) && /ClientSecret/.test(String(v['Fn::GetAtt'][1])));
    if (storeSecret) {
      expect(secretRefs).toHaveLength(1);
      expect(secretRefs[0]).toMatch(/^Resources\/GatewayCognitoDefaultClientCredentials[0-9A-F]+\/Properties\/SecretString\//);
    } else {
      expect(secretRefs).toEqual([]);
    }
    // Cognito generates secrets at deploy time; none can be written into the template.
    expect(JSON.stringify(json)).not.toMatch(/"ClientSecret"\s*:/);
  });
});

describe('GatewayAuthorization.customJwt', () => {
  test('GIVEN an OIDC provider WHEN synthesized THEN the JWT authorizer is rendered as given and no Cognito resource is created', () => {
    const stack = newStack();
    new SecureAgentCoreGateway(stack, 'Gateway', {
      authorization: GatewayAuthorization.customJwt({
        discoveryUrl: 'https://login.example.com/oauth2/default/.well-known/openid-configuration',
        allowedAudience: ['api://orders'],
        allowedScopes: ['orders.read'],
        customClaims: [agentcore.GatewayCustomClaim.withStringValue('tenant', 'acme')],
      }),
    });

    const { props } = gatewayResource(stack);
    expect(props.AuthorizerType).toBe('CUSTOM_JWT');
    expect(props.AuthorizerConfiguration.CustomJWTAuthorizer).toEqual({
      DiscoveryUrl: 'https://login.example.com/oauth2/default/.well-known/openid-configuration',
      AllowedAudience: ['api://orders'],
      AllowedScopes: ['orders.read'],
      CustomClaims: [expect.objectContaining({ InboundTokenClaimName: 'tenant' })],
    });
    recorder.templateOf(stack).resourceCountIs('AWS::Cognito::UserPool', 0);
  });

  test('GIVEN a customJwt gateway WHEN addClient is called THEN it explains that clients belong to the provider', () => {
    const stack = newStack();
    const gw = new SecureAgentCoreGateway(stack, 'Gateway', {
      authorization: GatewayAuthorization.customJwt({ discoveryUrl: 'https://id.example.com/.well-known/openid-configuration', allowedClients: ['abc'] }),
    });
    expect(() => gw.addClient('X')).toThrow(/addClient\(\) needs GatewayAuthorization.cognitoM2M\(\).*customJwt\(\{ allowedClients \}\)/);
  });
});

describe('GatewayAuthorization.awsIam', () => {
  test('GIVEN awsIam WHEN a caller is granted THEN it may invoke this gateway only', () => {
    const stack = newStack();
    const gw = new SecureAgentCoreGateway(stack, 'Gateway', { authorization: GatewayAuthorization.awsIam() });
    new SecureAgentCoreGateway(stack, 'OtherGateway', { authorization: GatewayAuthorization.awsIam() });
    const caller = new iam.Role(stack, 'Caller', { assumedBy: new iam.AccountRootPrincipal() });
    gw.grantInvoke(caller);
    const template = recorder.templateOf(stack);

    expect(Object.values(template.findResources(GATEWAY)).map((r: any) => r.Properties.AuthorizerType)).toEqual(['AWS_IAM', 'AWS_IAM']);
    template.resourceCountIs('AWS::Cognito::UserPool', 0);
    expect(statementsOfRole(template, 'Caller')).toEqual([{
      Action: 'bedrock-agentcore:InvokeGateway',
      Effect: 'Allow',
      Resource: { 'Fn::GetAtt': [expect.stringMatching(/^GatewayIamGateway/), 'GatewayArn'] },
    }]);
  });

  test('GIVEN a JWT gateway WHEN grantInvoke is called THEN it refuses, because IAM does not authorize JWT gateways', () => {
    const stack = newStack();
    const gw = new SecureAgentCoreGateway(stack, 'Gateway');
    const caller = new iam.Role(stack, 'Caller', { assumedBy: new iam.AccountRootPrincipal() });
    expect(() => gw.grantInvoke(caller)).toThrow(/grantInvoke\(\) only has an effect on AWS_IAM gateways, but this gateway uses COGNITO_M2M.*addClient\(\) and grantReadCredentials\(\)/);
  });
});

describe('changing the authorization mode', () => {
  function gatewayAndTargetIds(authorization?: GatewayAuthorization): { gateway: string; target: string; name: any } {
    const stack = newStack();
    const gw = new SecureAgentCoreGateway(stack, 'Gateway', { authorization });
    gw.addLambdaTarget('Orders', { lambdaFunction: lambdaFn(stack), toolSchema: TOOL_SCHEMA });
    const template = recorder.templateOf(stack);
    const gateway = Object.keys(template.findResources(GATEWAY))[0];
    const target = Object.keys(template.findResources('AWS::BedrockAgentCore::GatewayTarget'))[0];
    return { gateway, target, name: template.findResources(GATEWAY)[gateway].Properties.Name };
  }

  test('GIVEN JWT then IAM WHEN synthesized THEN the gateway, its name and its targets get new identities (a replacement)', () => {
    const jwt = gatewayAndTargetIds(GatewayAuthorization.cognitoM2M());
    const iamGw = gatewayAndTargetIds(GatewayAuthorization.awsIam());
    expect(iamGw.gateway).not.toBe(jwt.gateway);
    expect(iamGw.target).not.toBe(jwt.target);
    expect(iamGw.name).not.toBe(jwt.name);
  });

  test('GIVEN Cognito then another JWT provider WHEN synthesized THEN the gateway keeps its identity (an allowed in-place update)', () => {
    const cognitoGw = gatewayAndTargetIds();
    const oidc = gatewayAndTargetIds(GatewayAuthorization.customJwt({ discoveryUrl: 'https://id.example.com/.well-known/openid-configuration', allowedClients: ['abc'] }));
    expect(oidc.gateway).toBe(cognitoGw.gateway);
    expect(oidc.target).toBe(cognitoGw.target);
  });
});

describe('pass-through props and targets', () => {
  test('GIVEN name, description, exception level and tags WHEN synthesized THEN they reach the gateway', () => {
    const stack = newStack();
    new SecureAgentCoreGateway(stack, 'Gateway', {
      gatewayName: 'orders-tools',
      description: 'Order tools for support agents',
      exceptionLevel: agentcore.GatewayExceptionLevel.DEBUG,
      tags: { team: 'orders' },
    });
    expect(gatewayResource(stack).props).toEqual(expect.objectContaining({
      Name: 'orders-tools',
      Description: 'Order tools for support agents',
      ExceptionLevel: 'DEBUG',
      Tags: { team: 'orders' },
    }));
  });

  test('GIVEN each target helper WHEN used THEN the target is created under the inner gateway', () => {
    const stack = newStack();
    const gw = new SecureAgentCoreGateway(stack, 'Gateway');
    gw.addLambdaTarget('Lambda', { lambdaFunction: lambdaFn(stack), toolSchema: TOOL_SCHEMA });
    gw.addOpenApiTarget('OpenApi', {
      apiSchema: agentcore.ApiSchema.fromInline(JSON.stringify({
        openapi: '3.0.0',
        info: { title: 'Orders', version: '1' },
        servers: [{ url: 'https://orders.example.com' }],
        paths: { '/orders': { get: { operationId: 'listOrders', responses: { 200: { description: 'ok' } } } } },
      })),
      credentialProviderConfigurations: [agentcore.GatewayCredentialProvider.fromApiKeyIdentityArn({
        providerArn: 'arn:aws:bedrock-agentcore:us-east-1:111111111111:token-vault/default/apikeycredentialprovider/orders',
        secretArn: 'arn:aws:secretsmanager:us-east-1:111111111111:secret:orders-key-AbCdEf',
      })],
    });
    gw.addMcpServerTarget('Mcp', {
      endpoint: 'https://mcp.example.com/mcp',
      credentialProviderConfigurations: [agentcore.GatewayCredentialProvider.fromOauthIdentityArn({
        providerArn: 'arn:aws:bedrock-agentcore:us-east-1:111111111111:token-vault/default/oauth2credentialprovider/mcp',
        secretArn: 'arn:aws:secretsmanager:us-east-1:111111111111:secret:mcp-AbCdEf',
        scopes: ['mcp.invoke'],
      })],
    });
    const template = recorder.templateOf(stack);
    const targets = template.findResources('AWS::BedrockAgentCore::GatewayTarget');
    expect(Object.keys(targets)).toHaveLength(3);
    for (const target of Object.values(targets) as any[]) {
      expect(target.Properties.GatewayIdentifier).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^GatewayJwtGateway/), 'GatewayIdentifier'] });
    }
  });
});

/** Every IAM statement attached to the role whose logical id starts with `rolePrefix`. */
function statementsOfRole(template: Template, rolePrefix: string): any[] {
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((p: any) => p.Properties.Roles.some((r: any) => String(r.Ref).startsWith(rolePrefix)))
    .flatMap((p: any) => p.Properties.PolicyDocument.Statement);
}

function findPaths(value: any, predicate: (v: any) => boolean, path: string[] = []): string[] {
  if (predicate(value)) {
    return [path.join('/')];
  }
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => findPaths(v, predicate, [...path, k]));
  }
  return [];
}

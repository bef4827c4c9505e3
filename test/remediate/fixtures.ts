import { SourceGateway } from '../../src/remediate';
import { MockGateway, MockTarget } from '../audit/mock-control-plane';

// Public gateways as the control plane describes them (the API's JSON), with targets of every kind
// remediation reproduces. Strings that would break generated code if they were pasted into it are
// on purpose: the gateway description and a tool's OpenAPI document.

export const REGION = 'us-east-1';
export const ACCOUNT = '111111111111';

/** A file the hostile strings below would create if they ever ran as code in the generated app. */
export const PWNED_FILE = 'pwned-by-remediate';

export const HOSTILE_DESCRIPTION =
  `Orders"); require('child_process').execSync('touch ${PWNED_FILE}'); (" */ \u2028 \${process.exit(3)} \`tick\` '`;

const OPENAPI = JSON.stringify({
  openapi: '3.0.0',
  info: { title: 'Orders `${x}` */', version: '1' },
  servers: [{ url: 'https://orders.example.com' }],
  paths: { '/orders/{id}': { get: { operationId: 'getOrder', parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }] } } },
}, undefined, 2);

const SMITHY = JSON.stringify({ smithy: '2.0', shapes: { 'example.orders#Orders': { type: 'service', version: '2024-01-01' } } });

function target(targetId: string, name: string, configuration: Record<string, unknown>): MockTarget {
  return { targetId, name, configuration };
}

const LAMBDA_ARN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:orders-tools`;
const OAUTH = `arn:aws:bedrock-agentcore:${REGION}:${ACCOUNT}:token-vault/default/oauth2credentialprovider/orders-idp`;
const API_KEY = `arn:aws:bedrock-agentcore:${REGION}:${ACCOUNT}:token-vault/default/apikeycredentialprovider/weather-key`;

/** One target of each supported kind and variant (inline and S3 schemas, each credential provider). */
export const ORDERS_TARGETS: MockTarget[] = [
  target('LAMBDAINL1', 'lookup-order', {
    description: 'Looks up orders',
    targetConfiguration: {
      mcp: {
        lambda: {
          lambdaArn: LAMBDA_ARN,
          toolSchema: {
            inlinePayload: [
              {
                name: 'lookup_order',
                description: 'Looks up an order by id',
                inputSchema: {
                  type: 'object',
                  properties: {
                    // Schema property names are data: their case must survive the round trip.
                    OrderId: { type: 'string', description: 'The order id' },
                    lineItems: { type: 'array', items: { type: 'object', properties: { sku: { type: 'string' } }, required: ['sku'] } },
                  },
                  required: ['OrderId'],
                },
                outputSchema: { type: 'object', properties: { status: { type: 'string' } } },
              },
            ],
          },
        },
      },
    },
    credentialProviderConfigurations: [{ credentialProviderType: 'GATEWAY_IAM_ROLE' }],
  }),
  target('LAMBDAS3T2', 'refunds', {
    targetConfiguration: {
      mcp: { lambda: { lambdaArn: `${LAMBDA_ARN}:live`, toolSchema: { s3: { uri: 's3://orders-schemas/refunds-tools.json', bucketOwnerAccountId: ACCOUNT } } } },
    },
    credentialProviderConfigurations: [{ credentialProviderType: 'GATEWAY_IAM_ROLE' }],
  }),
  target('OPENAPIIN3', 'orders-api', {
    description: 'The orders REST API',
    targetConfiguration: { mcp: { openApiSchema: { inlinePayload: OPENAPI } } },
    credentialProviderConfigurations: [
      {
        credentialProviderType: 'OAUTH',
        credentialProvider: {
          oauthCredentialProvider: {
            providerArn: OAUTH,
            scopes: ['orders.read', 'orders.write'],
            // Map keys are data, like schema property names.
            customParameters: { Audience: 'https://orders.example.com', resource: 'orders' },
            grantType: 'CLIENT_CREDENTIALS',
          },
        },
      },
    ],
    metadataConfiguration: { allowedRequestHeaders: ['X-Request-Id'], allowedResponseHeaders: ['X-Trace'], allowedQueryParameters: ['page'] },
  }),
  target('OPENAPIS34', 'weather', {
    targetConfiguration: { mcp: { openApiSchema: { s3: { uri: 's3://orders-schemas/weather.yaml' } } } },
    credentialProviderConfigurations: [
      {
        credentialProviderType: 'API_KEY',
        credentialProvider: {
          apiKeyCredentialProvider: { providerArn: API_KEY, credentialParameterName: 'api_key', credentialPrefix: 'Key', credentialLocation: 'QUERY_PARAMETER' },
        },
      },
    ],
  }),
  target('SMITHYINL5', 'orders-smithy', {
    targetConfiguration: { mcp: { smithyModel: { inlinePayload: SMITHY } } },
    credentialProviderConfigurations: [{ credentialProviderType: 'GATEWAY_IAM_ROLE' }],
  }),
  target('SMITHYS3T6', 'dynamodb', {
    targetConfiguration: { mcp: { smithyModel: { s3: { uri: 's3://orders-schemas/dynamodb.smithy.json', bucketOwnerAccountId: ACCOUNT } } } },
    credentialProviderConfigurations: [
      { credentialProviderType: 'GATEWAY_IAM_ROLE', credentialProvider: { iamCredentialProvider: { service: 'dynamodb', region: REGION } } },
    ],
  }),
  target('MCPSERVER7', 'docs-mcp', {
    targetConfiguration: { mcp: { mcpServer: { endpoint: 'https://mcp.example.com/mcp', listingMode: 'DEFAULT' } } },
    credentialProviderConfigurations: [
      {
        credentialProviderType: 'OAUTH',
        credentialProvider: { oauthCredentialProvider: { providerArn: OAUTH, scopes: ['docs.read'] } },
      },
    ],
  }),
  target('APIGATEWY8', 'store-api', {
    targetConfiguration: {
      mcp: {
        apiGateway: {
          restApiId: 'a1b2c3d4e5',
          stage: 'prod',
          apiGatewayToolConfiguration: {
            toolFilters: [{ filterPath: '/items/*', methods: ['GET', 'POST'] }],
            toolOverrides: [{ name: 'list_items', description: 'Lists the items', path: '/items', method: 'GET' }],
          },
        },
      },
    },
    credentialProviderConfigurations: [{ credentialProviderType: 'GATEWAY_IAM_ROLE' }],
  }),
];

export const ORDERS_GATEWAY: MockGateway = {
  gatewayId: 'orders-gw-a1b2c3d4e5',
  name: 'orders-gw',
  authorizerType: 'NONE',
  targets: ORDERS_TARGETS,
  details: {
    description: HOSTILE_DESCRIPTION,
    roleArn: `arn:aws:iam::${ACCOUNT}:role/orders-gateway-role`,
    kmsKeyArn: `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
    exceptionLevel: 'DEBUG',
    // No protocolConfiguration: aws-cdk-lib's Gateway would add a default one (escape hatch removes it).
    // One interceptor for both points: LambdaInterceptor cannot express it (escape hatch).
    interceptorConfigurations: [
      {
        interceptor: { lambda: { arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:audit-interceptor` } },
        interceptionPoints: ['REQUEST', 'RESPONSE'],
        inputConfiguration: { passRequestHeaders: false },
      },
    ],
    policyEngineConfiguration: { arn: `arn:aws:bedrock-agentcore:${REGION}:${ACCOUNT}:policy-engine/orders-pe-a1b2c3d4e5`, mode: 'ENFORCE' },
  },
};

/** A second public gateway whose settings all fit SecureAgentCoreGateway's props. */
export const BILLING_GATEWAY: MockGateway = {
  gatewayId: 'billing-gw-f6g7h8i9j0',
  name: 'billing-gw',
  authorizerType: 'NONE',
  targets: [
    target('BILLINGLM1', 'invoices', {
      targetConfiguration: {
        mcp: {
          lambda: {
            lambdaArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:invoices`,
            toolSchema: { inlinePayload: [{ name: 'get_invoice', description: 'Gets an invoice', inputSchema: { type: 'object', properties: { id: { type: 'integer' } } } }] },
          },
        },
      },
      credentialProviderConfigurations: [{ credentialProviderType: 'GATEWAY_IAM_ROLE' }],
    }),
  ],
  details: {
    description: 'Billing tools',
    roleArn: `arn:aws:iam::${ACCOUNT}:role/billing-gateway-role`,
    protocolConfiguration: { mcp: { instructions: 'Use for invoices', searchType: 'SEMANTIC', supportedVersions: ['2025-03-26', '2025-06-18'] } },
    interceptorConfigurations: [
      {
        interceptor: { lambda: { arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:billing-request` } },
        interceptionPoints: ['REQUEST'],
        inputConfiguration: { passRequestHeaders: true },
      },
      {
        interceptor: { lambda: { arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:billing-response` } },
        interceptionPoints: ['RESPONSE'],
        inputConfiguration: { passRequestHeaders: false },
      },
    ],
  },
};

/** A gateway that is already secure. */
export const SECURE_GATEWAY: MockGateway = {
  gatewayId: 'secure-gw-k1l2m3n4o5',
  name: 'secure-gw',
  authorizerType: 'CUSTOM_JWT',
  authorizerConfiguration: {
    customJWTAuthorizer: { discoveryUrl: 'https://idp.example.com/.well-known/openid-configuration', allowedClients: ['client-1'] },
  },
  targets: [],
};

/** The JWT options the tests remediate with. */
export const JWT_CHOICE = {
  kind: 'jwt' as const,
  discoveryUrl: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEfGhI/.well-known/openid-configuration',
  allowedClients: ['billing-agent-client'],
  allowedScopes: ['billing/invoke'],
};

/** A gateway as `readSourceGateway` returns it from the control plane, built in memory (no HTTP). */
export function sourceOf(gateway: MockGateway, region = REGION): SourceGateway {
  return {
    region,
    gateway: {
      gatewayArn: `arn:aws:bedrock-agentcore:${region}:${ACCOUNT}:gateway/${gateway.gatewayId}`,
      gatewayId: gateway.gatewayId,
      gatewayUrl: `https://${gateway.gatewayId}.gateway.bedrock-agentcore.${region}.amazonaws.com/mcp`,
      createdAt: new Date(0),
      status: gateway.status ?? 'READY',
      name: gateway.name,
      roleArn: `arn:aws:iam::${ACCOUNT}:role/${gateway.name}-role`,
      protocolType: 'MCP',
      authorizerType: gateway.authorizerType,
      authorizerConfiguration: gateway.authorizerConfiguration,
      $metadata: { httpStatusCode: 200 },
      ...gateway.details,
    },
    targets: (gateway.targets ?? []).map((t) => ({
      gatewayArn: `arn:aws:bedrock-agentcore:${region}:${ACCOUNT}:gateway/${gateway.gatewayId}`,
      targetId: t.targetId,
      name: t.name,
      status: t.status ?? 'READY',
      createdAt: new Date(0),
      $metadata: { httpStatusCode: 200 },
      ...t.configuration,
    })),
    warnings: [],
    throttledRetries: 0,
  };
}

/** A copy of `gateway` with more GetGateway fields and the given targets. */
export function withChanges(gateway: MockGateway, details: Record<string, unknown>, targets?: MockTarget[]): MockGateway {
  return { ...gateway, details: { ...gateway.details, ...details }, targets: targets ?? gateway.targets };
}

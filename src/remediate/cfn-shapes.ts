import { BOOLEAN, list, NUMBER, Shape, STRING, STRING_LIST, STRING_MAP, struct, union } from './shapes';

// The shapes below are the aws-cdk-lib 2.269.0 L1 types of `AWS::BedrockAgentCore::Gateway` and
// `AWS::BedrockAgentCore::GatewayTarget` (`CfnGateway.*Property`, `CfnGatewayTarget.*Property`), limited
// to what remediation reproduces. Their field names are the L1 props' names, which are also the API's
// (`GetGateway`, `GetGatewayTarget`) for every field listed here. A field the API returns that is not
// listed is reported as impossible to reproduce. The generated app type-checks these values against the
// real L1 types, so a field listed here that the L1 type lacked would fail `tsc` in the end-to-end test.

const S3 = struct({ uri: STRING, bucketOwnerAccountId: STRING });

/** `ApiSchemaConfiguration`: an OpenAPI or Smithy document, inline or in S3. */
const API_SCHEMA = union({ inlinePayload: STRING, s3: S3 });

/** `SchemaDefinition`: the JSON schema of a Lambda tool's input or output. */
const SCHEMA_DEFINITION: Shape = struct(
  {
    type: STRING,
    description: STRING,
    required: STRING_LIST,
    items: { kind: 'recursive', shape: () => SCHEMA_DEFINITION },
    properties: { kind: 'map', value: { kind: 'recursive', shape: () => SCHEMA_DEFINITION } },
  },
  ['type'],
);

const TOOL_DEFINITION = struct(
  { name: STRING, description: STRING, inputSchema: SCHEMA_DEFINITION, outputSchema: SCHEMA_DEFINITION },
  ['name', 'description', 'inputSchema'],
);

const LAMBDA_TARGET = struct(
  { lambdaArn: STRING, toolSchema: union({ inlinePayload: list(TOOL_DEFINITION), s3: S3 }) },
  ['lambdaArn', 'toolSchema'],
);

const MCP_SERVER_TARGET = struct(
  { endpoint: STRING, listingMode: STRING, resourcePriority: NUMBER, mcpToolSchema: union({ inlinePayload: STRING, s3: S3 }) },
  ['endpoint'],
);

const API_GATEWAY_TARGET = struct(
  {
    restApiId: STRING,
    stage: STRING,
    apiGatewayToolConfiguration: struct(
      {
        toolFilters: list(struct({ filterPath: STRING, methods: STRING_LIST }, ['filterPath', 'methods'])),
        toolOverrides: list(struct({ name: STRING, description: STRING, path: STRING, method: STRING }, ['name', 'path', 'method'])),
      },
      ['toolFilters'],
    ),
  },
  ['restApiId', 'stage', 'apiGatewayToolConfiguration'],
);

/** The target kinds remediation reproduces, by their member name under `targetConfiguration.mcp`. */
export const SUPPORTED_MCP_TARGETS: Readonly<Record<string, Shape>> = {
  lambda: LAMBDA_TARGET,
  openApiSchema: API_SCHEMA,
  smithyModel: API_SCHEMA,
  mcpServer: MCP_SERVER_TARGET,
  apiGateway: API_GATEWAY_TARGET,
};

const CREDENTIAL_PROVIDER_CONFIGURATION = struct(
  {
    credentialProviderType: STRING,
    credentialProvider: union({
      // Every provider is a reference (an ARN in the AgentCore token vault): no secret is ever copied.
      oauthCredentialProvider: struct(
        { providerArn: STRING, scopes: STRING_LIST, customParameters: STRING_MAP, grantType: STRING, defaultReturnUrl: STRING },
        ['providerArn', 'scopes'],
      ),
      apiKeyCredentialProvider: struct(
        { providerArn: STRING, credentialParameterName: STRING, credentialPrefix: STRING, credentialLocation: STRING },
        ['providerArn'],
      ),
      iamCredentialProvider: struct({ service: STRING, region: STRING }, ['service']),
    }),
  },
  ['credentialProviderType'],
);

const TARGET_PRIVATE_ENDPOINT = union({
  managedVpcResource: struct(
    {
      vpcIdentifier: STRING,
      subnetIds: STRING_LIST,
      endpointIpAddressType: STRING,
      securityGroupIds: STRING_LIST,
      tags: STRING_MAP,
      routingDomain: STRING,
    },
    ['vpcIdentifier', 'subnetIds', 'endpointIpAddressType'],
  ),
  selfManagedLatticeResource: struct({ resourceConfigurationIdentifier: STRING }, ['resourceConfigurationIdentifier']),
});

/**
 * The fields of a `GetGatewayTarget` response that become `CfnGatewayTarget` props, except
 * `targetConfiguration`, whose shape depends on the target's kind (see `SUPPORTED_MCP_TARGETS`).
 */
export const TARGET_FIELDS: Readonly<Record<string, Shape>> = {
  name: STRING,
  description: STRING,
  credentialProviderConfigurations: list(CREDENTIAL_PROVIDER_CONFIGURATION),
  metadataConfiguration: struct({ allowedRequestHeaders: STRING_LIST, allowedQueryParameters: STRING_LIST, allowedResponseHeaders: STRING_LIST }),
  privateEndpoint: TARGET_PRIVATE_ENDPOINT,
};

/** Fields of `GetGatewayTarget` that describe the live target, not its configuration. */
export const TARGET_OUTPUT_FIELDS: ReadonlySet<string> = new Set([
  '$metadata',
  'gatewayArn',
  'targetId',
  'createdAt',
  'updatedAt',
  'status',
  'statusReasons',
  'lastSynchronizedAt',
  'privateEndpointManagedResources',
  // The URL a user visits to authorize a 3-legged OAuth provider: state, not configuration.
  'authorizationData',
]);

/** `MCPGatewayConfiguration`. */
export const MCP_GATEWAY_CONFIGURATION = struct({
  supportedVersions: STRING_LIST,
  instructions: STRING,
  searchType: STRING,
  sessionConfiguration: struct({ sessionTimeoutInSeconds: NUMBER }),
  streamingConfiguration: struct({ enableResponseStreaming: BOOLEAN }),
});

/** `GatewayInterceptorConfiguration`. */
export const INTERCEPTOR_CONFIGURATION = struct(
  {
    interceptor: union({ lambda: struct({ arn: STRING }, ['arn']) }),
    interceptionPoints: STRING_LIST,
    inputConfiguration: struct(
      { passRequestHeaders: BOOLEAN, payloadFilter: struct({ exclude: list(union({ field: STRING })) }, ['exclude']) },
      ['passRequestHeaders'],
    ),
  },
  ['interceptor', 'interceptionPoints'],
);

/** The fields of a `GetGateway` response that the replacement keeps, with the shapes of their L1 props. */
export const GATEWAY_FIELDS: Readonly<Record<string, Shape>> = {
  description: STRING,
  roleArn: STRING,
  protocolType: STRING,
  protocolConfiguration: union({ mcp: MCP_GATEWAY_CONFIGURATION }),
  kmsKeyArn: STRING,
  exceptionLevel: STRING,
  interceptorConfigurations: list(INTERCEPTOR_CONFIGURATION),
  policyEngineConfiguration: struct({ arn: STRING, mode: STRING }, ['arn', 'mode']),
  wafConfiguration: struct({ failureMode: STRING }),
};

/** Fields of `GetGateway` that the replacement sets itself: a new name and the chosen authorization. */
export const GATEWAY_REPLACED_FIELDS: ReadonlySet<string> = new Set(['name', 'authorizerType', 'authorizerConfiguration']);

/** Fields of `GetGateway` that describe the live gateway, not its configuration. */
export const GATEWAY_OUTPUT_FIELDS: ReadonlySet<string> = new Set([
  '$metadata',
  'gatewayArn',
  'gatewayId',
  'gatewayUrl',
  'createdAt',
  'updatedAt',
  'status',
  'statusReasons',
  'workloadIdentityDetails',
]);

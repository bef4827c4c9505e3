// Building blocks shared by the integration tests (test/integ.*.ts): a Lambda tool behind the gateway,
// the MCP request an agent sends, and the expected results of calling the gateway.
import { ExpectedResult, FetchOptions, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { Duration } from 'aws-cdk-lib';
import * as agentcore from 'aws-cdk-lib/aws-bedrockagentcore';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SecureAgentCoreGateway } from '../../src';

/** The tool every integration-test gateway exposes; `tools/list` must return it (prefixed by its target). */
export const TOOL_NAME = 'lookup_order';

/** The MCP protocol version the requests announce: aws-cdk-lib's default gateway configuration supports it. */
export const MCP_PROTOCOL_VERSION = '2025-03-26';

/** Adds a Lambda function target with one tool to the gateway. */
export function addOrderTool(gateway: SecureAgentCoreGateway): void {
  const fn = new lambda.Function(gateway, 'LookupOrder', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async (e) => ({ order: e.id, status: "shipped" });'),
    timeout: Duration.seconds(10),
  });
  gateway.addLambdaTarget('Orders', {
    lambdaFunction: fn,
    toolSchema: agentcore.ToolSchema.fromInline([{
      name: TOOL_NAME,
      description: 'Looks up an order by id',
      inputSchema: {
        type: agentcore.SchemaDefinitionType.OBJECT,
        properties: { id: { type: agentcore.SchemaDefinitionType.STRING } },
        required: ['id'],
      },
    }]),
  });
}

/** The `tools/list` request an MCP client POSTs to the gateway URL, optionally with a bearer token. */
export function toolsListRequest(bearerToken?: string): FetchOptions {
  return {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'Accept': 'application/json, text/event-stream',
      'MCP-Protocol-Version': MCP_PROTOCOL_VERSION,
      ...(bearerToken === undefined ? {} : { Authorization: `Bearer ${bearerToken}` }),
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
  };
}

/**
 * The response of a rejected call: 401 Unauthorized or 403 Forbidden. The status text is matched rather
 * than the code because the integ-tests matchers cannot express "one of two numbers".
 */
export function rejected(): ExpectedResult {
  return ExpectedResult.objectLike({
    ok: false,
    statusText: Match.stringLikeRegexp('^(Unauthorized|Forbidden)$'),
  });
}

/** The JSON-RPC result of a successful `tools/list`: it lists the order tool. */
export function toolsListResult(): { [key: string]: any } {
  return Match.objectLike({
    jsonrpc: '2.0',
    id: 1,
    result: Match.objectLike({
      tools: Match.arrayWith([Match.objectLike({ name: Match.stringLikeRegexp(`${TOOL_NAME}$`) })]),
    }),
  });
}

/** A successful HTTP `tools/list` call (as returned by `httpApiCall`). */
export function toolsListed(): ExpectedResult {
  return ExpectedResult.objectLike({ status: 200, body: toolsListResult() });
}

/**
 * Asks the AgentCore control plane for the gateway as deployed (`GetGateway`) and expects `expected`.
 * integ-tests derives the IAM action from the SDK client name (`bedrock-agentcore-control:GetGateway`),
 * which is not the real action, so the right one is granted on this gateway only.
 */
export function expectDeployedGateway(integ: IntegTest, gateway: SecureAgentCoreGateway, expected: { [key: string]: any }): void {
  const call = integ.assertions.awsApiCall('bedrock-agentcore-control', 'GetGateway', {
    gatewayIdentifier: gateway.gatewayId,
  });
  call.provider.addToRolePolicy({
    Effect: 'Allow',
    Action: ['bedrock-agentcore:GetGateway'],
    Resource: [gateway.gatewayArn],
  });
  call.expect(ExpectedResult.objectLike({ status: 'READY', ...expected }));
}

/**
 * The body of a client-credentials token request (client_secret_post). Client ids and secrets from
 * Cognito are letters and digits; the scope's `/` needs no encoding in a form body.
 */
export function clientCredentialsBody(clientId: string, clientSecret: string, scope: string): string {
  return `grant_type=client_credentials&client_id=${clientId}&client_secret=${clientSecret}&scope=${scope}`;
}

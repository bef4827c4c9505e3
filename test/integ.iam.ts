// Integration test: a SecureAgentCoreGateway with AWS IAM authorization (GatewayAuthorization.awsIam()).
//
// integ-tests-alpha's httpApiCall cannot sign requests with SigV4, so signed calls are made by two small
// Lambda functions (test/support/signed-mcp-caller, unit-tested against the documented SigV4 examples),
// each signing with its own role, exactly as an agent would. What a deployment proves:
//   1. GetGateway: the gateway is READY with the AWS_IAM authorizer.
//   2. tools/list without a signature is rejected (401/403).
//   3. A caller granted `grantInvoke` makes a signed tools/list that succeeds and lists the Lambda tool.
//   4. A caller with valid credentials but no grant is rejected with 403: the permission is what admits.
import * as path from 'path';
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { GatewayAuthorization, SecureAgentCoreGateway } from '../src';
import { addOrderTool, expectDeployedGateway, MCP_PROTOCOL_VERSION, rejected, toolsListRequest, toolsListResult } from './support/integ-mcp';

const app = new App();
const stack = new Stack(app, 'AgwIntegIam');

const gateway = new SecureAgentCoreGateway(stack, 'Gateway', { authorization: GatewayAuthorization.awsIam() });
addOrderTool(gateway);

const signedCaller = (id: string) => new lambda.Function(stack, id, {
  runtime: lambda.Runtime.NODEJS_22_X,
  handler: 'index.handler',
  code: lambda.Code.fromAsset(path.join(__dirname, 'support', 'signed-mcp-caller')),
  timeout: Duration.seconds(30),
  environment: { GATEWAY_URL: gateway.gatewayUrl, MCP_PROTOCOL_VERSION },
});
const grantedCaller = signedCaller('GrantedCaller');
gateway.grantInvoke(grantedCaller);
const ungrantedCaller = signedCaller('UngrantedCaller');

const integ = new IntegTest(app, 'Iam', { testCases: [stack], stackUpdateWorkflow: false });

// 1. The authorizer as the service sees it.
expectDeployedGateway(integ, gateway, { authorizerType: 'AWS_IAM' });

// 2. No signature: rejected.
integ.assertions.httpApiCall(gateway.gatewayUrl, toolsListRequest()).expect(rejected());

// 3. Signed by a caller granted with grantInvoke(): tools/list succeeds.
integ.assertions.invokeFunction({ functionName: grantedCaller.functionName }).expect(ExpectedResult.objectLike({
  Payload: Match.serializedJson(Match.objectLike({ status: 200, body: toolsListResult() })),
}));

// 4. Signed, but not granted: AccessDenied.
integ.assertions.invokeFunction({ functionName: ungrantedCaller.functionName }).expect(ExpectedResult.objectLike({
  Payload: Match.serializedJson(Match.objectLike({ status: 403 })),
}));

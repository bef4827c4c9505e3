// Integration test: an AWS_IAM SecureAgentCoreGateway behind an AWS WAF web ACL, granted to a caller in
// another account with grantInvoke().
//
// The web ACL allows by default and blocks requests carrying the header `x-agw-integ: block`. Signed calls
// are made by the Lambda function of test/support/signed-mcp-caller, as in integ.iam.ts. What a deployment
// proves:
//   1. GetGateway: the gateway is READY with the AWS_IAM authorizer and WAF failure mode FAIL_CLOSE.
//   2. GetResourcePolicy: the gateway's resource policy admits the partner account's role, by its ARN.
//   3. A caller of this account granted with grantInvoke() makes a signed tools/list that succeeds: the
//      same-account grant still works and the web ACL lets ordinary requests through.
//   4. A caller granted the same way, correctly signed, but sending the blocked header, gets 403: the web
//      ACL is associated and inspects requests before the gateway serves them, even authorized ones.
//
// The partner role is named by ARN in another account. For the committed snapshot that account is a
// placeholder; to deploy, set AGW_INTEG_PARTNER_ACCOUNT to an account you control if AgentCore refuses
// principals it cannot resolve (then update the snapshot only if you mean to commit that account).
import * as path from 'path';
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { GatewayAuthorization, SecureAgentCoreGateway } from '../src';
import { addOrderTool, expectDeployedGateway, MCP_PROTOCOL_VERSION, toolsListResult } from './support/integ-mcp';

const PARTNER_ACCOUNT = process.env.AGW_INTEG_PARTNER_ACCOUNT ?? '210987654321';
const PARTNER_ROLE_ARN = `arn:aws:iam::${PARTNER_ACCOUNT}:role/agw-integ-partner-agent`;
const BLOCK_HEADER = 'x-agw-integ';

const app = new App();
const stack = new Stack(app, 'AgwIntegIamCrossAccountWaf');

const webAcl = new wafv2.CfnWebACL(stack, 'WebAcl', {
  scope: 'REGIONAL',
  defaultAction: { allow: {} },
  visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: 'agw-integ', sampledRequestsEnabled: true },
  rules: [{
    name: 'block-marked-requests',
    priority: 0,
    action: { block: {} },
    statement: {
      byteMatchStatement: {
        fieldToMatch: { singleHeader: { Name: BLOCK_HEADER } },
        positionalConstraint: 'EXACTLY',
        searchString: 'block',
        textTransformations: [{ priority: 0, type: 'NONE' }],
      },
    },
    visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: 'agw-integ-blocked', sampledRequestsEnabled: true },
  }],
});

const gateway = new SecureAgentCoreGateway(stack, 'Gateway', {
  authorization: GatewayAuthorization.awsIam(),
  wafConfiguration: { webAclArn: webAcl.attrArn },
});
addOrderTool(gateway);

// The cross-account grant: the partner's role gets a statement in the gateway's resource policy (the
// partner account attaches the matching identity policy itself).
gateway.grantInvoke(iam.Role.fromRoleArn(stack, 'PartnerAgent', PARTNER_ROLE_ARN));

const signedCaller = (id: string, extraHeaders: { [name: string]: string }) => new lambda.Function(stack, id, {
  runtime: lambda.Runtime.NODEJS_22_X,
  handler: 'index.handler',
  code: lambda.Code.fromAsset(path.join(__dirname, 'support', 'signed-mcp-caller')),
  timeout: Duration.seconds(30),
  environment: { GATEWAY_URL: gateway.gatewayUrl, MCP_PROTOCOL_VERSION, EXTRA_HEADERS: JSON.stringify(extraHeaders) },
});
const caller = signedCaller('GrantedCaller', {});
const blockedCaller = signedCaller('BlockedCaller', { [BLOCK_HEADER]: 'block' });
gateway.grantInvoke(caller);
gateway.grantInvoke(blockedCaller);

const integ = new IntegTest(app, 'IamCrossAccountWaf', { testCases: [stack], stackUpdateWorkflow: false });

// 1. The authorizer and the WAF failure mode as the service sees them.
expectDeployedGateway(integ, gateway, { authorizerType: 'AWS_IAM', wafConfiguration: { failureMode: 'FAIL_CLOSE' } });

// 2. The resource policy names the partner role (integ-tests derives `bedrock-agentcore-control:...`,
// not the real action, so the real one is granted on this gateway only).
const policy = integ.assertions.awsApiCall('bedrock-agentcore-control', 'GetResourcePolicy', { resourceArn: gateway.gatewayArn });
policy.provider.addToRolePolicy({
  Effect: 'Allow',
  Action: ['bedrock-agentcore:GetResourcePolicy'],
  Resource: [gateway.gatewayArn],
});
policy.expect(ExpectedResult.objectLike({
  policy: Match.serializedJson(Match.objectLike({
    Statement: [Match.objectLike({ Effect: 'Allow', Principal: { AWS: PARTNER_ROLE_ARN } })],
  })),
}));

// 3. Granted and unmarked: tools/list succeeds through the web ACL.
integ.assertions.invokeFunction({ functionName: caller.functionName }).expect(ExpectedResult.objectLike({
  Payload: Match.serializedJson(Match.objectLike({ status: 200, body: toolsListResult() })),
}));

// 4. Granted, signed, but carrying the blocked header: WAF rejects it.
integ.assertions.invokeFunction({ functionName: blockedCaller.functionName }).expect(ExpectedResult.objectLike({
  Payload: Match.serializedJson(Match.objectLike({ status: 403 })),
}));

// Integration test: a SecureAgentCoreGateway with the default Cognito machine-to-machine authorization.
//
// Deployed by `npm run integ:deploy` (needs an AWS account); its snapshot is verified offline by `npm test`.
// What a deployment proves:
//   1. GetGateway: the gateway is READY with a CUSTOM_JWT authorizer that lists exactly the construct's
//      client and its resource-server scope, against the pool's discovery URL.
//   2. tools/list without a token is rejected (401/403).
//   3. The default client's credentials, read from the Secrets Manager secret the construct stores
//      (`storeDefaultClientSecret`), obtain an access token from the token endpoint with the
//      client-credentials grant, and that token lets tools/list succeed and list the Lambda tool.
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { GatewayAuthorization, SecureAgentCoreGateway } from '../src';
import {
  addOrderTool, clientCredentialsBody, expectDeployedGateway, rejected, toolsListed, toolsListRequest,
} from './support/integ-mcp';

const app = new App();
const stack = new Stack(app, 'AgwIntegCognitoM2M');

const gateway = new SecureAgentCoreGateway(stack, 'Gateway', {
  authorization: GatewayAuthorization.cognitoM2M({
    // A test must leave nothing behind; production keeps the default (RETAIN with deletion protection).
    removalPolicy: RemovalPolicy.DESTROY,
    storeDefaultClientSecret: true,
  }),
});
addOrderTool(gateway);
const client = gateway.cognito!.clients[0];

const integ = new IntegTest(app, 'CognitoM2M', {
  testCases: [stack],
  // One deployment proves the behaviour; there is no earlier version to update from.
  stackUpdateWorkflow: false,
});

// 1. The authorizer as the service sees it.
expectDeployedGateway(integ, gateway, {
  authorizerType: 'CUSTOM_JWT',
  authorizerConfiguration: {
    customJWTAuthorizer: {
      discoveryUrl: gateway.discoveryUrl!,
      allowedClients: [client.clientId],
      allowedScopes: gateway.oauthScopes!,
    },
  },
});

// 2. No token: rejected.
integ.assertions.httpApiCall(gateway.gatewayUrl, toolsListRequest()).expect(rejected());

// 3. Client credentials -> token -> tools/list.
const credentials = integ.assertions.awsApiCall('SecretsManager', 'getSecretValue', { SecretId: client.secret!.secretArn });
const token = integ.assertions.httpApiCall(gateway.tokenEndpointUrl!, {
  method: 'POST',
  headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  body: clientCredentialsBody(
    credentials.getAttString('SecretString.client_id'),
    credentials.getAttString('SecretString.client_secret'),
    credentials.getAttString('SecretString.scope'),
  ),
});
credentials.next(token).next(
  integ.assertions.httpApiCall(gateway.gatewayUrl, toolsListRequest(token.getAttString('body.access_token'))).expect(toolsListed()),
);

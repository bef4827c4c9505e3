// Integration test: a SecureAgentCoreGateway that trusts an existing OpenID Connect provider
// (GatewayAuthorization.customJwt()).
//
// The test is self-contained: its own Cognito user pool plays the existing provider, with two
// client-credentials clients of which the gateway allows only one. What a deployment proves:
//   1. GetGateway: the gateway is READY with a CUSTOM_JWT authorizer holding exactly the discovery URL,
//      client and scope given to customJwt().
//   2. tools/list without a token is rejected (401/403).
//   3. A token issued to the allowed client (client-credentials grant at the provider's token endpoint)
//      lets tools/list succeed and list the Lambda tool.
//   4. A token from the same provider, with the same scope, issued to the other client is rejected:
//      allowedClients is enforced.
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { GatewayAuthorization, SecureAgentCoreGateway } from '../src';
import {
  addOrderTool, clientCredentialsBody, expectDeployedGateway, rejected, toolsListed, toolsListRequest,
} from './support/integ-mcp';
import { generateDomainPrefix } from '../src/gateway/domain-prefix';

const app = new App();
const stack = new Stack(app, 'AgwIntegCustomJwt');

// The "existing" OpenID Connect provider.
const pool = new cognito.UserPool(stack, 'Provider', { removalPolicy: RemovalPolicy.DESTROY });
const readScope = new cognito.ResourceServerScope({ scopeName: 'read', scopeDescription: 'Read orders' });
const resourceServer = pool.addResourceServer('Orders', { identifier: 'orders-api', scopes: [readScope] });
const scope = cognito.OAuthScope.resourceServer(resourceServer, readScope);
// Cognito domain prefixes are unique across all accounts: reuse the library's collision-free generator.
const domain = pool.addDomain('Domain', { cognitoDomain: { domainPrefix: generateDomainPrefix(pool, pool) } });
const m2mClient = (id: string) => pool.addClient(id, {
  generateSecret: true,
  oAuth: { flows: { clientCredentials: true }, scopes: [scope] },
});
const allowedClient = m2mClient('AllowedAgent');
const otherClient = m2mClient('OtherApp');
const discoveryUrl = `https://cognito-idp.${stack.region}.${stack.urlSuffix}/${pool.userPoolId}/.well-known/openid-configuration`;
const tokenEndpoint = `${domain.baseUrl()}/oauth2/token`;

const gateway = new SecureAgentCoreGateway(stack, 'Gateway', {
  authorization: GatewayAuthorization.customJwt({
    discoveryUrl,
    allowedClients: [allowedClient.userPoolClientId],
    allowedScopes: [scope.scopeName],
  }),
});
addOrderTool(gateway);

const integ = new IntegTest(app, 'CustomJwt', { testCases: [stack], stackUpdateWorkflow: false });

// 1. The authorizer as the service sees it.
expectDeployedGateway(integ, gateway, {
  authorizerType: 'CUSTOM_JWT',
  authorizerConfiguration: {
    customJWTAuthorizer: { discoveryUrl, allowedClients: [allowedClient.userPoolClientId], allowedScopes: [scope.scopeName] },
  },
});

// 2. No token: rejected.
integ.assertions.httpApiCall(gateway.gatewayUrl, toolsListRequest()).expect(rejected());

/** An access token for `client`, from the provider's token endpoint (client-credentials grant). */
function tokenFor(client: cognito.UserPoolClient): string {
  // The provider's client secret, as an agent's operator would look it up.
  // (The SDK v3 client name, from which integ-tests derives the right IAM action, cognito-idp:...)
  const described = integ.assertions.awsApiCall('cognito-identity-provider', 'DescribeUserPoolClient', {
    UserPoolId: pool.userPoolId,
    ClientId: client.userPoolClientId,
  });
  const token = integ.assertions.httpApiCall(tokenEndpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: clientCredentialsBody(client.userPoolClientId, described.getAttString('UserPoolClient.ClientSecret'), scope.scopeName),
  });
  return token.getAttString('body.access_token');
}

// 3. The allowed client's token: tools/list succeeds.
integ.assertions.httpApiCall(gateway.gatewayUrl, toolsListRequest(tokenFor(allowedClient))).expect(toolsListed());

// 4. Same provider, same scope, another client: rejected.
integ.assertions.httpApiCall(gateway.gatewayUrl, toolsListRequest(tokenFor(otherClient))).expect(rejected());

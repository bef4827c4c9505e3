import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { CognitoM2MOptions, CustomJwtOptions, GatewayAuthorization, SecureAgentCoreGateway } from '../../src';
import { TemplateRecorder } from '../support/cfn-lint';

const recorder = new TemplateRecorder();
afterAll(() => recorder.lintRecordedTemplates());

const ENV = { account: '111111111111', region: 'us-east-1' };
const GATEWAY = 'AWS::BedrockAgentCore::Gateway';
const DISCOVERY_URL = 'https://login.microsoftonline.com/tenant/v2.0/.well-known/openid-configuration';

function newStack(): Stack {
  return new Stack(new App(), 'Stack', { env: ENV });
}

function jwtAuthorizerOf(stack: Stack): any {
  const gateways = Object.values(recorder.templateOf(stack).findResources(GATEWAY)) as any[];
  expect(gateways).toHaveLength(1);
  return gateways[0].Properties.AuthorizerConfiguration.CustomJWTAuthorizer;
}

describe('advertisedScopeMapping', () => {
  test('GIVEN a provider whose requested scope differs from the token\'s WHEN synthesized THEN the mapping is advertised and the validated scopes stay', () => {
    const stack = newStack();
    new SecureAgentCoreGateway(stack, 'Gateway', {
      authorization: GatewayAuthorization.customJwt({
        discoveryUrl: DISCOVERY_URL,
        allowedScopes: ['orders.read', 'orders.write'],
        advertisedScopeMapping: { 'orders.read': 'api://orders/orders.read' },
      }),
    });
    expect(jwtAuthorizerOf(stack)).toEqual({
      DiscoveryUrl: DISCOVERY_URL,
      AllowedScopes: ['orders.read', 'orders.write'],
      AdvertisedScopeMapping: { 'orders.read': 'api://orders/orders.read' },
    });
  });

  test('GIVEN a Cognito gateway WHEN synthesized THEN keys are the scope names, written out with the resource server as the token carries them', () => {
    const stack = newStack();
    new SecureAgentCoreGateway(stack, 'Gateway', {
      authorization: GatewayAuthorization.cognitoM2M({ scopes: ['read', 'write'], advertisedScopeMapping: { write: 'orders/write' } }),
    });
    const jwt = jwtAuthorizerOf(stack);
    expect(jwt.AdvertisedScopeMapping).toEqual({ 'agentcore-gateway/write': 'orders/write' });
    // The validated scope for the same name is the resource server's identifier and the name.
    expect(jwt.AllowedScopes[1]).toEqual({ 'Fn::Join': ['', [{ Ref: expect.stringMatching(/ResourceServer/) }, '/write']] });
  });

  test('GIVEN a Cognito gateway on an existing pool WHEN synthesized THEN the key uses the generated resource-server identifier', () => {
    const stack = newStack();
    const userPool = new cognito.UserPool(stack, 'Pool');
    new SecureAgentCoreGateway(stack, 'Gateway', {
      authorization: GatewayAuthorization.cognitoM2M({ userPool, advertisedScopeMapping: { invoke: 'gateway.invoke' } }),
    });
    const template = recorder.templateOf(stack);
    const identifier = (Object.values(template.findResources('AWS::Cognito::UserPoolResourceServer'))[0] as any).Properties.Identifier;
    expect(jwtAuthorizerOf(stack).AdvertisedScopeMapping).toEqual({ [`${identifier}/invoke`]: 'gateway.invoke' });
  });

  test.each<[string, CustomJwtOptions, RegExp]>([
    ['a key that is not an allowed scope', { discoveryUrl: DISCOVERY_URL, allowedScopes: ['orders.read'], advertisedScopeMapping: { 'orders.write': 'x' } },
      /customJwt\.advertisedScopeMapping\['orders\.write'\]: the key 'orders\.write' is not in customJwt\.allowedScopes \('orders\.read'\); the mapping only renames scopes the gateway validates\. Fix:/],
    ['a mapping without allowedScopes', { discoveryUrl: DISCOVERY_URL, allowedClients: ['a'], advertisedScopeMapping: { read: 'x' } },
      /customJwt\.advertisedScopeMapping: maps scopes of customJwt\.allowedScopes, but customJwt\.allowedScopes is not set.*Fix: set customJwt\.allowedScopes/],
    ['an empty mapping', { discoveryUrl: DISCOVERY_URL, allowedScopes: ['read'], advertisedScopeMapping: {} },
      /customJwt\.advertisedScopeMapping: is an empty map; the service rejects an empty mapping\. Fix:/],
    ['a key with a space', { discoveryUrl: DISCOVERY_URL, allowedScopes: ['read'], advertisedScopeMapping: { 'orders read': 'x' } },
      /customJwt\.advertisedScopeMapping\['orders read'\]: the key 'orders read' is not a scope the service accepts/],
    ['an empty advertised scope', { discoveryUrl: DISCOVERY_URL, allowedScopes: ['read'], advertisedScopeMapping: { read: ' ' } },
      /customJwt\.advertisedScopeMapping\['read'\]: advertises an empty scope\. Fix:/],
    ['51 entries', {
      discoveryUrl: DISCOVERY_URL,
      allowedScopes: Array.from({ length: 51 }, (_, i) => `s${i}`),
      advertisedScopeMapping: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`s${i}`, `a${i}`])),
    }, /customJwt\.advertisedScopeMapping: has 51 entries; the service allows at most 50/],
  ])('GIVEN %s THEN it is rejected with the field, the rule and the fix', (_name, options, message) => {
    const stack = newStack();
    expect(() => new SecureAgentCoreGateway(stack, 'Gateway', { authorization: GatewayAuthorization.customJwt(options) })).toThrow(message);
  });

  test.each<[string, CognitoM2MOptions, RegExp]>([
    ['a key that is not one of the default scopes', { advertisedScopeMapping: { read: 'x' } },
      /cognitoM2M\.advertisedScopeMapping\['read'\]: the key 'read' is not in cognitoM2M\.scopes \('invoke'\)/],
    ['a full scope instead of a name', { scopes: ['read'], advertisedScopeMapping: { 'agentcore-gateway/read': 'x' } },
      /cognitoM2M\.advertisedScopeMapping\['agentcore-gateway\/read'\]: the key 'agentcore-gateway\/read' is not in cognitoM2M\.scopes \('read'\)/],
  ])('GIVEN a Cognito gateway and %s THEN it is rejected with the field, the rule and the fix', (_name, options, message) => {
    const stack = newStack();
    expect(() => new SecureAgentCoreGateway(stack, 'Gateway', { authorization: GatewayAuthorization.cognitoM2M(options) })).toThrow(message);
  });

  test('GIVEN a Cognito resource-server identifier known only at deploy time THEN a mapping is refused, since map keys must be literal', () => {
    const stack = newStack();
    const identifier = new CfnParameter(stack, 'Identifier').valueAsString;
    expect(() => new SecureAgentCoreGateway(stack, 'Gateway', {
      authorization: GatewayAuthorization.cognitoM2M({ resourceServerIdentifier: identifier, advertisedScopeMapping: { invoke: 'x' } }),
    })).toThrow(/cognitoM2M\.advertisedScopeMapping: needs the literal resourceServerIdentifier .*Fix: give resourceServerIdentifier as a literal string/);
  });

  test('GIVEN allowed scopes known only at deploy time THEN the keys are not judged against them at synth time', () => {
    const stack = newStack();
    const scopes = new CfnParameter(stack, 'Scopes', { type: 'CommaDelimitedList' }).valueAsList;
    expect(() => new SecureAgentCoreGateway(stack, 'Gateway', {
      authorization: GatewayAuthorization.customJwt({ discoveryUrl: DISCOVERY_URL, allowedScopes: scopes, advertisedScopeMapping: { read: 'api://x/read' } }),
    })).not.toThrow();
  });
});

import { gatewayTemplate } from '../../src/audit/gateway-template';

describe('gatewayTemplate', () => {
  test('GIVEN a GetGateway response with every JWT restriction WHEN mapped THEN the CloudFormation property names are used, to the deepest level', () => {
    // GIVEN
    const response = {
      gatewayId: 'gw-abc123',
      name: 'gw',
      roleArn: 'arn:aws:iam::111111111111:role/gw',
      protocolType: 'MCP',
      authorizerType: 'CUSTOM_JWT',
      authorizerConfiguration: {
        customJWTAuthorizer: {
          discoveryUrl: 'https://idp.example.com/.well-known/openid-configuration',
          allowedAudience: ['aud'],
          allowedClients: ['c1'],
          allowedScopes: ['s1'],
          advertisedScopeMapping: { 'gateway/read': 'read', 'lowerCase': 'kept' },
          customClaims: [
            {
              inboundTokenClaimName: 'department',
              inboundTokenClaimValueType: 'STRING',
              authorizingClaimMatchValue: { claimMatchOperator: 'EQUALS', claimMatchValue: { matchValueString: 'finance' } },
            },
          ],
        },
      },
    };

    // WHEN
    const template = gatewayTemplate(response);

    // THEN
    expect(template).toEqual({
      Resources: {
        'gw-abc123': {
          Type: 'AWS::BedrockAgentCore::Gateway',
          Properties: {
            Name: 'gw',
            ProtocolType: 'MCP',
            RoleArn: 'arn:aws:iam::111111111111:role/gw',
            AuthorizerType: 'CUSTOM_JWT',
            AuthorizerConfiguration: {
              CustomJWTAuthorizer: {
                DiscoveryUrl: 'https://idp.example.com/.well-known/openid-configuration',
                AllowedAudience: ['aud'],
                AllowedClients: ['c1'],
                AllowedScopes: ['s1'],
                AdvertisedScopeMapping: { 'gateway/read': 'read', 'lowerCase': 'kept' },
                CustomClaims: [
                  {
                    InboundTokenClaimName: 'department',
                    InboundTokenClaimValueType: 'STRING',
                    AuthorizingClaimMatchValue: { ClaimMatchOperator: 'EQUALS', ClaimMatchValue: { MatchValueString: 'finance' } },
                  },
                ],
              },
            },
          },
        },
      },
    });
  });

  test('GIVEN a policy engine and a resource policy WHEN mapped THEN PolicyEngineConfiguration is set and the policy is a second resource attached to the gateway', () => {
    const policy = '{"Statement":[]}';
    const template = gatewayTemplate({ gatewayId: 'gw-1', authorizerType: 'AUTHENTICATE_ONLY', policyEngineConfiguration: { arn: 'arn:pe', mode: 'ENFORCE' } }, policy);

    expect(template).toEqual({
      Resources: {
        'gw-1': { Type: 'AWS::BedrockAgentCore::Gateway', Properties: { AuthorizerType: 'AUTHENTICATE_ONLY', PolicyEngineConfiguration: { Arn: 'arn:pe', Mode: 'ENFORCE' } } },
        'gw-1/ResourcePolicy': {
          Type: 'AWS::BedrockAgentCore::ResourcePolicy',
          Properties: { ResourceArn: { 'Fn::GetAtt': ['gw-1', 'GatewayArn'] }, Policy: policy },
        },
      },
    });
  });

  test('GIVEN a response without an authorizer type WHEN mapped THEN the property stays out, so the engine fails closed', () => {
    expect(gatewayTemplate({ gatewayId: 'gw-1' })).toEqual({ Resources: { 'gw-1': { Type: 'AWS::BedrockAgentCore::Gateway', Properties: {} } } });
  });
});

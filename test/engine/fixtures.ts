// Small CloudFormation templates for engine and rule tests.
import { CloudFormationTemplate, evaluateTemplate, EngineOptions, GatewayEvaluation } from '../../src/engine/evaluate';
import { GatewayView } from '../../src/engine/rules';
import { Value } from '../../src/engine/values';

export const DISCOVERY_URL = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc/.well-known/openid-configuration';

export const SECURE_JWT = {
  AuthorizerType: 'CUSTOM_JWT',
  AuthorizerConfiguration: { CustomJWTAuthorizer: { DiscoveryUrl: DISCOVERY_URL, AllowedClients: ['client1', 'client2'], AllowedScopes: ['gw/invoke'] } },
};

export function gatewayProperties(overrides: { [key: string]: any } = {}): { [key: string]: any } {
  return { Name: 'gw', ProtocolType: 'MCP', RoleArn: 'arn:aws:iam::111111111111:role/gw', ...SECURE_JWT, ...overrides };
}

/** A template with one gateway `Gw` and optional extra sections. */
export function template(properties: any, extra: Partial<CloudFormationTemplate> = {}, resourceExtra: any = {}): CloudFormationTemplate {
  return {
    ...extra,
    Resources: { Gw: { Type: 'AWS::BedrockAgentCore::Gateway', Properties: properties, ...resourceExtra }, ...(extra.Resources ?? {}) },
  };
}

/** Evaluates a template with exactly one gateway. */
export function evaluateOne(t: CloudFormationTemplate, options?: EngineOptions): GatewayEvaluation {
  const evaluations = evaluateTemplate(t, options);
  expect(evaluations).toHaveLength(1);
  return evaluations[0];
}

export function ruleIds(e: GatewayEvaluation): string[] {
  return e.findings.map((f) => f.ruleId);
}

/** A gateway view for rule unit tests, from already evaluated properties. */
export function view(properties: Value, extra: Partial<GatewayView> = {}): GatewayView {
  return {
    properties,
    metadata: undefined,
    additionalAllowedAuthorizerTypes: [],
    allowExemptions: false,
    allowAuthenticateOnlyWithEnforcedPolicyEngine: false,
    ...extra,
  };
}

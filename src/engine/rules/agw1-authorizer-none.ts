import { RECREATE_GATEWAY_BRIEF, recreateLiveGatewayFix, REPLACE_GATEWAY_FIX } from './fixes';
import { authorizerType, AUTHORIZER_TYPE_PATH, COMPLIANT, GatewayRule, nonCompliant, NOT_APPLICABLE } from './rule';

/** AGW1: the gateway is a public endpoint. */
export const AGW1: GatewayRule = {
  id: 'AGW1',
  title: 'Gateway has no inbound authorization (AuthorizerType NONE)',
  why:
    'A gateway with AuthorizerType NONE is a public endpoint: anyone who can reach its URL can list and ' +
    'invoke its targets (Lambda functions, OpenAPI and API Gateway backends, MCP servers) with the ' +
    "gateway's own role (Security Hub BedrockAgentCore.2, severity High).",
  fix: REPLACE_GATEWAY_FIX,
  liveFix: recreateLiveGatewayFix,
  briefFix: RECREATE_GATEWAY_BRIEF,
  replacesGateway: true,
  evaluate: (gateway) => {
    const type = authorizerType(gateway);
    if (typeof type !== 'string') return NOT_APPLICABLE;
    if (type !== 'NONE') return COMPLIANT;
    return nonCompliant({ message: 'AuthorizerType is NONE.', propertyPath: AUTHORIZER_TYPE_PATH });
  },
};

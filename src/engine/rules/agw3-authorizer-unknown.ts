import { recreateLiveGatewayFix } from './fixes';
import { AUTHENTICATE_ONLY, KNOWN_AUTHORIZER_TYPES } from '../constants';
import { authorizerType, AUTHORIZER_TYPE_PATH, COMPLIANT, GatewayRule, nonCompliant, NOT_APPLICABLE } from './rule';

/** AGW3: an authorizer type whose guarantees the guard does not know. */
export const AGW3: GatewayRule = {
  id: 'AGW3',
  title: 'Authorizer type unknown to the guard',
  why:
    'The guard only vouches for authorizer types whose guarantees it knows: CUSTOM_JWT, AWS_IAM, and ' +
    'AUTHENTICATE_ONLY under the conditions of AGW8. A type added to AgentCore later may check less than ' +
    'its name suggests, as AUTHENTICATE_ONLY does (it validates the token but enforces no audience or scope).',
  fix:
    'Use CUSTOM_JWT or AWS_IAM, or, if the type is a deliberate choice, have the one who applies the guard ' +
    'allow it with RequireGatewayAuthorizationProps.additionalAllowedAuthorizerTypes.',
  scanFix:
    'Use CUSTOM_JWT or AWS_IAM, or, if the type is a deliberate choice, allow it with ' +
    '--allow-authorizer-type <type> (as RequireGatewayAuthorizationProps.additionalAllowedAuthorizerTypes does at synth time).',
  liveFix: recreateLiveGatewayFix,
  replacesGateway: true,
  evaluate: (gateway) => {
    const type = authorizerType(gateway);
    // NONE is AGW1's and AUTHENTICATE_ONLY is AGW8's: both are known, and judged there.
    if (typeof type !== 'string' || type === 'NONE' || type === AUTHENTICATE_ONLY) return NOT_APPLICABLE;
    if (KNOWN_AUTHORIZER_TYPES.includes(type) || gateway.additionalAllowedAuthorizerTypes.includes(type)) {
      return COMPLIANT;
    }
    return nonCompliant({
      message: `AuthorizerType '${type}' is not one the guard knows (${KNOWN_AUTHORIZER_TYPES.filter((t) => t !== 'NONE').join(', ')}) and is not allowed by the guard's additionalAllowedAuthorizerTypes.`,
      propertyPath: AUTHORIZER_TYPE_PATH,
    });
  },
};

import { recreateLiveGatewayFix } from './fixes';
import { KNOWN_AUTHORIZER_TYPES } from '../constants';
import { authorizerType, AUTHORIZER_TYPE_PATH, COMPLIANT, GatewayRule, nonCompliant, NOT_APPLICABLE } from './rule';

/** AGW3: an authorizer type whose guarantees the guard does not know. */
export const AGW3: GatewayRule = {
  id: 'AGW3',
  title: 'Authorizer type unknown to the guard',
  why:
    'The guard only vouches for authorizer types whose guarantees it knows. Newer types weaken some ' +
    'checks: AUTHENTICATE_ONLY validates the token but skips audience and scope checks, so any token ' +
    'from the issuer is accepted.',
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
    if (typeof type !== 'string' || type === 'NONE') return NOT_APPLICABLE;
    if (KNOWN_AUTHORIZER_TYPES.includes(type) || gateway.additionalAllowedAuthorizerTypes.includes(type)) {
      return COMPLIANT;
    }
    return nonCompliant({
      message: `AuthorizerType '${type}' is not one the guard knows (${KNOWN_AUTHORIZER_TYPES.filter((t) => t !== 'NONE').join(', ')}) and is not allowed by the guard's additionalAllowedAuthorizerTypes.`,
      propertyPath: AUTHORIZER_TYPE_PATH,
    });
  },
};

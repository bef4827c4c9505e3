import { updateJwtInPlaceFix } from './fixes';
import { lookUpJwtAuthorizer } from './jwt';
import { COMPLIANT, GatewayRule, nonCompliant, NOT_APPLICABLE } from './rule';

/** AGW4: CUSTOM_JWT (or AUTHENTICATE_ONLY) with nothing that says which tokens to trust. */
export const AGW4: GatewayRule = {
  id: 'AGW4',
  title: 'CUSTOM_JWT or AUTHENTICATE_ONLY without a JWT authorizer configuration',
  why:
    'A CUSTOM_JWT or AUTHENTICATE_ONLY gateway needs AuthorizerConfiguration.CustomJWTAuthorizer to know which issuer to trust. ' +
    'Without it (for example after addDeletionOverride) nothing defines which tokens are valid, and the ' +
    'authorization of the deployed gateway cannot be proven.',
  fix:
    'Configure the JWT authorizer: GatewayAuthorizer.usingCognito() or usingCustomJwt() on the aws-cdk-lib ' +
    'Gateway, SecureAgentCoreGateway, or AuthorizerConfiguration.CustomJWTAuthorizer with a DiscoveryUrl ' +
    'and AllowedClients / AllowedScopes / AllowedAudience / CustomClaims on a CfnGateway.',
  liveFix: updateJwtInPlaceFix,
  replacesGateway: false,
  evaluate: (gateway) => {
    const lookup = lookUpJwtAuthorizer(gateway);
    if (lookup.kind === 'not-jwt') return NOT_APPLICABLE;
    if (lookup.kind === 'missing') return nonCompliant(lookup.violation);
    return COMPLIANT;
  },
};

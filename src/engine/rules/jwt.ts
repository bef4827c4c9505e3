import { JWT_AUTHORIZER_TYPES } from '../constants';
import { isPartial, isPlainObject, isUnknown, unknownReason, Value } from '../values';
import { authorizerType, field, GatewayView, JWT_PATH, RuleViolation } from './rule';

/**
 * The CustomJWTAuthorizer block of a gateway whose type checks JWTs (CUSTOM_JWT, AUTHENTICATE_ONLY), or why
 * there is none.
 */
export type JwtLookup =
  | { readonly kind: 'not-jwt' }
  | { readonly kind: 'found'; readonly jwt: { readonly [key: string]: Value } }
  | { readonly kind: 'missing'; readonly violation: RuleViolation };

export function lookUpJwtAuthorizer(gateway: GatewayView): JwtLookup {
  const type = authorizerType(gateway);
  if (typeof type !== 'string' || !JWT_AUTHORIZER_TYPES.includes(type)) return { kind: 'not-jwt' };
  const configuration = field(gateway.properties, 'AuthorizerConfiguration');
  const configurationPath = 'Properties.AuthorizerConfiguration';
  const unprovable = (v: Value, path: string, what: string): JwtLookup => ({
    kind: 'missing',
    violation: { message: `${what} cannot be proven at synth time: ${unknownReason(v)}.`, propertyPath: path },
  });
  if (isUnknown(configuration) || isPartial(configuration)) return unprovable(configuration, configurationPath, 'AuthorizerConfiguration');
  if (!isPlainObject(configuration)) {
    return {
      kind: 'missing',
      violation: { message: `AuthorizerType is ${type} but AuthorizerConfiguration is missing.`, propertyPath: configurationPath },
    };
  }
  const jwt = field(configuration, 'CustomJWTAuthorizer');
  if (isUnknown(jwt) || isPartial(jwt)) return unprovable(jwt, JWT_PATH, 'CustomJWTAuthorizer');
  if (!isPlainObject(jwt)) {
    return {
      kind: 'missing',
      violation: {
        message: `AuthorizerType is ${type} but AuthorizerConfiguration has no CustomJWTAuthorizer.`,
        propertyPath: JWT_PATH,
      },
    };
  }
  return { kind: 'found', jwt };
}

export { GatewayAuthorization, GatewayAuthorizationMode, CognitoM2MOptions, CustomJwtOptions } from './authorization';
export * from './cognito-m2m';
export * from './secure-gateway';

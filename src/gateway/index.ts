export * from './authorization-options';
export { GatewayAuthorization, GatewayAuthorizationMode } from './authorization';
export * from './cognito-m2m';
export * from './secure-gateway';
export * from './private-endpoint';
export * from './waf';

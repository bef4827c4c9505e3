export * from './gateway-authorizer-config-rule';

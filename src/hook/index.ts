export * from './gateway-authorization-guard-hook';

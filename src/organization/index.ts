export * from './deny-unauthorized-gateways-policy';

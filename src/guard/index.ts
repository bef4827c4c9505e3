export * from './require-gateway-authorization';
export * from './exemption';

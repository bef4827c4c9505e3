// The package's public API: every export lives in a folder of its own and is re-exported here.
export * from './config-rule';
export * from './gateway';
export * from './guard';
export * from './hook';
export * from './organization';

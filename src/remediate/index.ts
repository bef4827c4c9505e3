// Remediation of insecure gateways: the secure replacement of a live gateway as a CDK app, or a
// corrected CloudFormation template. Used by the CLI's `remediate` command; not part of the jsii API.
export * from './authorization-choice';
export * from './authorization-kinds';
export * from './command';
export * from './plan';
export * from './problems';
export * from './read-source';
export * from './render-app';
export * from './runbook';
export * from './template-remediation';

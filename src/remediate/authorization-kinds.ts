import type { AuthorizationChoice } from './authorization-choice';

/**
 * The values of `--authorization`. A module of its own, free of aws-cdk-lib (authorization-choice.ts
 * validates with the L3's rules, which need it): the CLI parses every command line with this list, and
 * `scan`, `audit` and `policy` must run in a project without CDK.
 */
export const AUTHORIZATION_KINDS: ReadonlyArray<AuthorizationChoice['kind']> = ['cognito-m2m', 'iam', 'jwt'];

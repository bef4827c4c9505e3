import { AGW1 } from './agw1-authorizer-none';
import { AGW2 } from './agw2-authorizer-unprovable';
import { AGW3 } from './agw3-authorizer-unknown';
import { AGW4 } from './agw4-jwt-configuration-missing';
import { AGW5 } from './agw5-jwt-discovery-url';
import { AGW6 } from './agw6-jwt-restricts-nothing';
import { AGW7 } from './agw7-exemption-rejected';
import { GatewayRule } from './rule';

export * from './rule';
export { AGW1, AGW2, AGW3, AGW4, AGW5, AGW6, AGW7 };
export { checkExemption, type ExemptionCheck } from './agw7-exemption-rejected';
export { restrictionCount, RESTRICTIONS } from './agw6-jwt-restricts-nothing';

/** The rules that judge a gateway's authorization, in report order. */
export const AUTHORIZATION_RULES: readonly GatewayRule[] = [AGW1, AGW2, AGW3, AGW4, AGW5, AGW6];

/** Every rule, including the exemption rule, for documentation and SARIF. */
export const ALL_RULES: readonly GatewayRule[] = [...AUTHORIZATION_RULES, AGW7];

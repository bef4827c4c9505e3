import { AGW1 } from './agw1-authorizer-none';
import { AGW10 } from './agw10-template-unreadable';
import { AGW2 } from './agw2-authorizer-unprovable';
import { AGW3 } from './agw3-authorizer-unknown';
import { AGW4 } from './agw4-jwt-configuration-missing';
import { AGW5 } from './agw5-jwt-discovery-url';
import { AGW6 } from './agw6-jwt-restricts-nothing';
import { AGW7 } from './agw7-exemption-rejected';
import { AGW8 } from './agw8-authenticate-only';
import { AGW9 } from './agw9-public-resource-policy';
import { LiveGateway } from './fixes';
import { GatewayRule, ResourcePolicyRule, RuleDefinition } from './rule';

export * from './rule';
export { AGW1, AGW2, AGW3, AGW4, AGW5, AGW6, AGW7, AGW8, AGW9, AGW10 };
export { macroViolation, unreadableTemplateViolation, type UnreadableTemplate } from './agw10-template-unreadable';
export { checkExemption, exemptionReason, type ExemptionCheck } from './agw7-exemption-rejected';
export * from './fixes';
export { judgeRestrictions, restrictionCount, RESTRICTIONS } from './agw6-jwt-restricts-nothing';
export { checkDiscoveryUrl, DISCOVERY_URL_PATTERN_SOURCE, DISCOVERY_URL_SUFFIX, type DiscoveryUrlCheck } from './agw5-jwt-discovery-url';
export { policyEngineProblem, type PolicyEngineProblem } from './agw8-authenticate-only';
export { INVOKE_GATEWAY_ACTION, NARROWING_CONDITION_KEYS, resourcePolicyTarget, type PolicyTarget } from './agw9-public-resource-policy';

/**
 * The rules that judge a gateway's authorization, in report order. AGW8 comes before the JWT rules: on an
 * AUTHENTICATE_ONLY gateway its finding (and live fix) is the one that matters first.
 */
export const AUTHORIZATION_RULES: readonly GatewayRule[] = [AGW1, AGW2, AGW3, AGW8, AGW4, AGW5, AGW6];

/**
 * The rule that judges an exemption declared on a gateway (AGW7). The engine asks it only when the
 * authorization rules found something for the exemption to waive.
 */
export const WAIVER_RULE: GatewayRule = AGW7;

/** The rule that judges a gateway's resource-based policy (AGW9). */
export const RESOURCE_POLICY_RULE: ResourcePolicyRule = AGW9;

/**
 * The rule for templates the guard cannot read (AGW10): the engine asks it about references and macros, not
 * about a gateway's properties.
 */
export const TEMPLATE_RULE: GatewayRule = AGW10;

/** Every rule, including the exemption rule, the resource-policy rule and the template rule, in ID order, for documentation and SARIF. */
export const ALL_RULES: readonly RuleDefinition[] = [AGW1, AGW2, AGW3, AGW4, AGW5, AGW6, AGW7, AGW8, AGW9, AGW10];

/**
 * The one fix to print for a deployed gateway with findings of `ruleIds`: when one of them can only be fixed
 * by a new gateway, that fix (it also cures the others); otherwise the fix of the first finding's rule.
 */
export function liveFixFor(ruleIds: readonly string[], gateway: LiveGateway): string | undefined {
  const rules = ruleIds.map((id) => ALL_RULES.find((r) => r.id === id)).filter((r): r is RuleDefinition => r !== undefined);
  const decisive = rules.find((r) => r.replacesGateway) ?? rules[0];
  return decisive?.liveFix(gateway);
}

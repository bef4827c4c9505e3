import { LiveGateway } from './fixes';
import type { MacroUse } from '../macros';
import { Value } from '../values';

/** Outcome of one rule on one gateway (or resource policy), in the manner of cdk-nag. */
export type RuleStatus = 'COMPLIANT' | 'NON_COMPLIANT' | 'NOT_APPLICABLE';

/** What a rule found wrong, before the engine adds the rule's ID, why and fix. */
export interface RuleViolation {
  /** What is wrong with this gateway, specifically. */
  readonly message: string;
  /** Where in the resource, e.g. `Properties.AuthorizerType`. */
  readonly propertyPath: string;
  /**
   * Whether this violation's fix needs a new gateway, where that depends on the guard's options and so
   * differs from the rule's `replacesGateway`. Left out to mean the rule's.
   */
  readonly replacesGateway?: boolean;
}

export interface RuleResult {
  readonly status: RuleStatus;
  readonly violations: readonly RuleViolation[];
}

/** A gateway as it would deploy in one combination of parameter values and conditions. */
export interface GatewayView {
  /** The evaluated `Properties` of the resource. */
  readonly properties: Value;
  /** The evaluated `Metadata` of the resource. */
  readonly metadata: Value;
  /** Authorizer types beyond the known ones that the one who applied the guard allows. */
  readonly additionalAllowedAuthorizerTypes: readonly string[];
  /** Whether the one who applied the guard accepts exemptions declared on gateways. */
  readonly allowExemptions: boolean;
  /** Whether the one who applied the guard accepts AUTHENTICATE_ONLY behind a policy engine in ENFORCE mode (AGW8). */
  readonly allowAuthenticateOnlyWithEnforcedPolicyEngine: boolean;
  /**
   * Every macro (`Fn::Transform`) inside the resource's Properties or at its top: each rewrites what deploys,
   * whatever its sibling keys say. Paths as in the resource (`Properties.Tags[0].Fn::Transform`).
   */
  readonly macros?: readonly MacroUse[];
}

/** An `AWS::BedrockAgentCore::ResourcePolicy` as it would deploy in one combination of values and conditions. */
export interface ResourcePolicyView {
  /** The evaluated `Properties` of the resource. */
  readonly properties: Value;
  /** The CloudFormation type of a resource of the same template, by logical ID; undefined when there is none. */
  readonly resourceTypeOf: (logicalId: string) => string | undefined;
}

/** What every rule has: a stable ID and its documentation, worded for every entry point. */
export interface RuleDefinition {
  /** Stable ID, e.g. `AGW1`. Never reused for another meaning. */
  readonly id: string;
  /** Short title, used in the README table and SARIF. */
  readonly title: string;
  /** Why a violation matters. */
  readonly why: string;
  /** How to fix a violation, in the words of a CDK app (constructs and props): the synth-time guard's fix. */
  readonly fix: string;
  /**
   * How to fix a violation found by the template scanner, where the guard's props are command-line flags.
   * Left out when the CDK wording fits templates as well.
   */
  readonly scanFix?: string;
  /** How to fix a violation on a deployed gateway (API calls), which the live audit prints. */
  readonly liveFix: (gateway: LiveGateway) => string;
  /** The fix in one clause, for places with little room (an AWS Config rule description). */
  readonly briefFix?: string;
  /**
   * Whether the fix needs a new gateway: AgentCore cannot change the authorizer type of an existing one,
   * while a weak JWT configuration can be corrected in place.
   */
  readonly replacesGateway: boolean;
}

/** A rule over a gateway: a pure function over the gateway as it would deploy. */
export interface GatewayRule extends RuleDefinition {
  readonly evaluate: (gateway: GatewayView) => RuleResult;
}

/** A rule over a gateway's resource-based policy (AGW9). */
export interface ResourcePolicyRule extends RuleDefinition {
  readonly evaluate: (policy: ResourcePolicyView) => RuleResult;
}

/**
 * Who reads a finding: a CDK app at synth time (`cdk`), the template scanner (`scan`) or the live audit
 * (`live`). Each rule words its fix for each of them.
 */
export type EntryPoint = 'cdk' | 'scan' | 'live';

/** The fix of `rule` in the words of `entryPoint`; `gateway` names a deployed gateway in a live fix. */
export function fixFor(rule: RuleDefinition, entryPoint: EntryPoint, gateway: LiveGateway = {}): string {
  switch (entryPoint) {
    case 'live':
      return rule.liveFix(gateway);
    case 'scan':
      return rule.scanFix ?? rule.fix;
    default:
      return rule.fix;
  }
}

export const COMPLIANT: RuleResult = { status: 'COMPLIANT', violations: [] };
export const NOT_APPLICABLE: RuleResult = { status: 'NOT_APPLICABLE', violations: [] };

export function nonCompliant(...violations: RuleViolation[]): RuleResult {
  return { status: 'NON_COMPLIANT', violations };
}

export const AUTHORIZER_TYPE_PATH = 'Properties.AuthorizerType';
export const JWT_PATH = 'Properties.AuthorizerConfiguration.CustomJWTAuthorizer';
export const POLICY_ENGINE_PATH = 'Properties.PolicyEngineConfiguration';

/** `obj[key]` for evaluated objects; undefined when `obj` is not an object. */
export function field(obj: Value, key: string): Value {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return undefined;
  if (!Object.prototype.hasOwnProperty.call(obj, key)) return undefined;
  return (obj as { [key: string]: Value })[key];
}

/** The evaluated AuthorizerType of a gateway. */
export function authorizerType(gateway: GatewayView): Value {
  return field(gateway.properties, 'AuthorizerType');
}

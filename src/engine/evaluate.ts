// The one evaluation engine behind every entry point (the synth-time guard, the template scanner).
// It is pure and works on CloudFormation templates: give it a template, get one evaluation per gateway.
import { explore } from './choices';
import { distinct } from './collections';
import { GATEWAY_RESOURCE_TYPE } from './constants';
import { GuardOptions, resolveGuardOptions } from './guard-options';
import { Evaluator, TemplateScope } from './intrinsics';
import {
  ALL_RULES,
  AGW2,
  AGW10,
  AUTHORIZATION_RULES,
  authorizerType,
  EntryPoint,
  exemptionReason,
  field,
  fixFor,
  GatewayRule,
  GatewayView,
  restrictionCount,
  RuleViolation,
  UnreadableReference,
  unreadableReferenceMessage,
  WAIVER_RULE,
} from './rules';
import { lookUpJwtAuthorizer } from './rules/jwt';
import { CloudFormationTemplate, containsText, isRecord, templateSection } from './template';
import { describeValue, isPartial, isUnknown } from './values';

export { GATEWAY_RESOURCE_TYPE, EXEMPTION_METADATA_KEY, MIN_EXEMPTION_REASON_LENGTH } from './constants';
export { MAX_VALUE_DEPTH } from './intrinsics';
export { ALL_RULES, type GatewayRule };
export type { CloudFormationTemplate };

export interface EngineOptions extends GuardOptions {
  /** Where the template comes from (stack path or file), for messages. */
  readonly location?: string;
  /** Path of the template file, for reports (SARIF artifact location). */
  readonly templatePath?: string;
  /** Who reads the findings, which decides the wording of each fix. Default `cdk`. */
  readonly entryPoint?: EntryPoint;
}

export type GatewayVerdict = 'COMPLIANT' | 'NON_COMPLIANT' | 'EXEMPT';

export interface GuardFinding {
  readonly ruleId: string;
  /** What is wrong with this gateway. */
  readonly message: string;
  /** Why it matters. */
  readonly why: string;
  /** How to fix it. */
  readonly fix: string;
  /** Where in the resource, e.g. `Properties.AuthorizerType`. */
  readonly propertyPath: string;
}

export interface GatewayEvaluation {
  readonly logicalId: string;
  /** From `aws:cdk:path` metadata when present (or from the construct tree, in the synth-time guard). */
  readonly constructPath?: string;
  readonly location?: string;
  readonly templatePath?: string;
  /** Human-readable, e.g. `CUSTOM_JWT (clients: 2, scopes: 1)`, `NONE`, `unresolved: Ref MyParam`. */
  readonly authorization: string;
  readonly verdict: GatewayVerdict;
  /** Every finding; for an EXEMPT gateway, the findings that the exemption waived. */
  readonly findings: GuardFinding[];
  readonly exemptionReason?: string;
}

/** Above this many combinations of parameter values, conditions and mapping keys the engine stops. */
export const MAX_COMBINATIONS = 256;

/**
 * Evaluates every resource whose `Type` is `AWS::BedrockAgentCore::Gateway`. Each gateway is evaluated on its
 * own: whatever one gateway's values do, every other gateway still gets its verdict.
 */
export function evaluateTemplate(template: CloudFormationTemplate, options: EngineOptions = {}): GatewayEvaluation[] {
  const scope = templateScope(template);
  const evaluations: GatewayEvaluation[] = [];
  for (const [logicalId, resource] of Object.entries(scope.resources)) {
    if (isRecord(resource) && resource.Type === GATEWAY_RESOURCE_TYPE) {
      evaluations.push(evaluateContained(logicalId, resource, scope, options));
    } else if (logicalId.startsWith('Fn::ForEach::') && containsText(resource, GATEWAY_RESOURCE_TYPE)) {
      evaluations.push(forEachGateway(logicalId, options));
    }
  }
  return evaluations;
}

/**
 * One gateway's evaluation; should the engine ever fail on it, the gateway fails closed (AGW2) with the reason
 * and the others are still evaluated.
 */
function evaluateContained(
  logicalId: string,
  resource: { readonly [key: string]: unknown },
  scope: TemplateScope,
  options: EngineOptions,
): GatewayEvaluation {
  try {
    return evaluateGatewayResource(logicalId, resource, scope, options);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const message = `The guard could not evaluate this gateway (${reason}), so its authorization cannot be proven; please report it.`;
    return {
      logicalId,
      location: options.location,
      templatePath: options.templatePath,
      authorization: 'unresolved: the evaluation failed',
      verdict: 'NON_COMPLIANT',
      findings: [finding({ rule: AGW2, message, propertyPath: 'Properties' }, options.entryPoint ?? 'cdk', logicalId)],
    };
  }
}

/** The parts of a template that values are evaluated against. */
export function templateScope(template: unknown): TemplateScope {
  return {
    parameters: templateSection(template, 'Parameters'),
    mappings: templateSection(template, 'Mappings'),
    conditions: templateSection(template, 'Conditions'),
    resources: templateSection(template, 'Resources'),
  };
}

type Violation = RuleViolation & { readonly rule: GatewayRule };

interface WorldOutcome {
  readonly created: boolean;
  readonly authorization: string;
  readonly violations: Violation[];
  /** What the waiver rule (AGW7) says of the exemption declared in this world, if any. */
  readonly waiver: { readonly status: 'NONE' | 'ACCEPTED' | 'REFUSED'; readonly violations: Violation[]; readonly reason?: string };
}

/** Evaluates one gateway resource of a template: every rule in every world its choices allow. */
export function evaluateGatewayResource(
  logicalId: string,
  resource: { readonly [key: string]: unknown },
  scope: TemplateScope,
  options: EngineOptions = {},
): GatewayEvaluation {
  const guard = resolveGuardOptions(options);
  const exploration = explore((world) => evaluateWorld(resource, new Evaluator(scope, world), guard), MAX_COMBINATIONS);
  const created = exploration.results.filter((r) => r.value.created);
  const entryPoint = options.entryPoint ?? 'cdk';
  const violations = mergeViolations(created);
  if (exploration.truncated) {
    violations.push({
      rule: AGW2,
      message: `The gateway depends on more than ${MAX_COMBINATIONS} combinations of parameter values, conditions and mapping keys; the guard stopped there and cannot prove the rest.`,
      propertyPath: 'Properties',
    });
  }
  const waiver = exploration.results[0].value.waiver;
  const verdict: GatewayVerdict = violations.length === 0 ? 'COMPLIANT' : waiver.status === 'ACCEPTED' ? 'EXEMPT' : 'NON_COMPLIANT';
  // The waiver rule speaks only when there is something to waive: an unused exemption is never a finding.
  if (verdict === 'NON_COMPLIANT') violations.push(...waiver.violations);
  const authorizations = distinct(created.map((r) => r.value.authorization));
  const cdkPath = isRecord(resource.Metadata) ? resource.Metadata['aws:cdk:path'] : undefined;
  return {
    logicalId,
    constructPath: typeof cdkPath === 'string' ? cdkPath : undefined,
    location: options.location,
    templatePath: options.templatePath,
    authorization: authorizations.length > 0 ? authorizations.join(' | ') : `not created (condition ${String(resource.Condition)} is never true)`,
    verdict,
    findings: violations.map((v) => finding(v, entryPoint, logicalId)),
    exemptionReason: verdict === 'EXEMPT' ? waiver.reason : undefined,
  };
}

/** Every rule on the gateway as it deploys in one world. */
function evaluateWorld(resource: { readonly [key: string]: unknown }, evaluator: Evaluator, guard: Required<GuardOptions>): WorldOutcome {
  const view: GatewayView = {
    properties: evaluator.value(resource.Properties),
    metadata: evaluator.value(resource.Metadata),
    additionalAllowedAuthorizerTypes: guard.additionalAllowedAuthorizerTypes,
    allowExemptions: guard.allowExemptions,
  };
  const waiverResult = WAIVER_RULE.evaluate(view);
  const waiver: WorldOutcome['waiver'] = {
    status: waiverResult.status === 'NOT_APPLICABLE' ? 'NONE' : waiverResult.status === 'COMPLIANT' ? 'ACCEPTED' : 'REFUSED',
    violations: waiverResult.violations.map((v) => ({ rule: WAIVER_RULE, ...v })),
    reason: exemptionReason(view),
  };
  if (typeof resource.Condition === 'string' && !evaluator.condition(resource.Condition)) {
    return { created: false, authorization: 'not created', violations: [], waiver };
  }
  const violations = AUTHORIZATION_RULES.flatMap((rule) => rule.evaluate(view).violations.map((v) => ({ rule, ...v })));
  return { created: true, authorization: summarizeAuthorization(view), violations, waiver };
}

/** The one-line authorization summary of a gateway in one world. */
export function summarizeAuthorization(view: GatewayView): string {
  if (isUnknown(view.properties) || isPartial(view.properties)) return `unresolved: ${describeValue(view.properties)}`;
  const type = authorizerType(view);
  if (type === undefined) return 'missing';
  if (isUnknown(type) || isPartial(type)) return `unresolved: ${describeValue(type)}`;
  if (typeof type !== 'string') return `invalid: ${describeValue(type)}`;
  if (type !== 'CUSTOM_JWT') return type;
  const lookup = lookUpJwtAuthorizer(view);
  if (lookup.kind !== 'found') return 'CUSTOM_JWT (no authorizer configuration)';
  const labels: Array<[string, string]> = [
    ['audience', 'AllowedAudience'],
    ['clients', 'AllowedClients'],
    ['scopes', 'AllowedScopes'],
    ['claims', 'CustomClaims'],
  ];
  const counts = labels.flatMap(([label, key]) => {
    const list = field(lookup.jwt, key);
    if (list === undefined) return [];
    return [`${label}: ${restrictionCount(list) ?? '?'}`];
  });
  return `CUSTOM_JWT (${counts.length > 0 ? counts.join(', ') : 'no restrictions'})`;
}

/** One violation per rule, path and message; one that holds only in some worlds says in which. */
function mergeViolations(worlds: Array<{ decisions: Array<{ label: string }>; value: WorldOutcome }>): Violation[] {
  const groups = new Map<string, { violation: Violation; worlds: string[][] }>();
  for (const world of worlds) {
    for (const v of world.value.violations) {
      const key = `${v.rule.id}\u0000${v.propertyPath}\u0000${v.message}`;
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { violation: v, worlds: [] }));
      group.worlds.push(world.decisions.map((d) => d.label));
    }
  }
  return [...groups.values()].map((g) => {
    if (g.worlds.length === worlds.length || g.worlds[0].length === 0) return g.violation;
    const others = g.worlds.length - 1;
    const when = `When ${g.worlds[0].join(' and ')}${others > 0 ? ` (and in ${others} other combination${others > 1 ? 's' : ''})` : ''}: `;
    return { ...g.violation, message: when + g.violation.message };
  });
}

function finding(violation: Violation, entryPoint: EntryPoint, gatewayId: string): GuardFinding {
  const { rule, message, propertyPath } = violation;
  return { ruleId: rule.id, message, why: rule.why, fix: fixFor(rule, entryPoint, { gatewayId }), propertyPath };
}

/**
 * A resource that deploys a template the scanner could not read or would not follow (AGW10): whatever gateways
 * that template holds cannot be checked, so the resource fails closed in their place.
 */
export function evaluateUnreadableReference(reference: UnreadableReference, options: EngineOptions = {}): GatewayEvaluation {
  const message = unreadableReferenceMessage(reference);
  return {
    logicalId: reference.logicalId,
    constructPath: reference.constructPath,
    location: options.location,
    templatePath: options.templatePath,
    authorization: 'not checked: its template was not read',
    verdict: 'NON_COMPLIANT',
    findings: [finding({ rule: AGW10, message, propertyPath: reference.propertyPath }, options.entryPoint ?? 'cdk', reference.logicalId)],
  };
}

function forEachGateway(logicalId: string, options: EngineOptions): GatewayEvaluation {
  const message =
    'Gateways generated by Fn::ForEach (AWS::LanguageExtensions) are only expanded at deploy time, so the guard cannot prove their authorization.';
  return {
    logicalId,
    location: options.location,
    templatePath: options.templatePath,
    authorization: 'unresolved: Fn::ForEach',
    verdict: 'NON_COMPLIANT',
    findings: [finding({ rule: AGW2, message, propertyPath: logicalId }, options.entryPoint ?? 'cdk', logicalId)],
  };
}

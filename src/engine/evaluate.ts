// The one evaluation engine behind every entry point (the synth-time guard, the template scanner).
// It is pure and works on CloudFormation templates: give it a template, get one evaluation per gateway.
import { explore, World } from './choices';
import { distinct } from './collections';
import { GATEWAY_RESOURCE_TYPE, MAX_COMBINATIONS, RESOURCE_POLICY_RESOURCE_TYPE } from './constants';
import { GuardOptions, resolveGuardOptions } from './guard-options';
import { Evaluator, TemplateScope } from './intrinsics';
import { findMacros, MACRO_KEY, MacroUse, templateMacros } from './macros';
import { allowedPrefixOf } from './references';
import {
  ALL_RULES,
  AGW2,
  AUTHORIZATION_RULES,
  authorizerType,
  EntryPoint,
  exemptionReason,
  field,
  fixFor,
  GatewayRule,
  GatewayView,
  macroViolation,
  RESOURCE_POLICY_RULE,
  resourcePolicyTarget,
  ResourcePolicyView,
  restrictionCount,
  RuleDefinition,
  RuleViolation,
  TEMPLATE_RULE,
  UnreadableTemplate,
  unreadableTemplateViolation,
  WAIVER_RULE,
} from './rules';
import { lookUpJwtAuthorizer } from './rules/jwt';
import { readSdkCall, recognizeSdkCallResource, SDK_CALL_KEYS, sdkCallPath } from './sdk-calls';
import { CloudFormationTemplate, containsText, isRecord, templateSection } from './template';
import { describeValue, isPartial, isUnknown, Unknown, Value } from './values';

export { GATEWAY_RESOURCE_TYPE, RESOURCE_POLICY_RESOURCE_TYPE, EXEMPTION_METADATA_KEY, MIN_EXEMPTION_REASON_LENGTH, MAX_COMBINATIONS } from './constants';
export { MAX_VALUE_DEPTH } from './intrinsics';
export { ALL_RULES, type GatewayRule, type RuleDefinition };
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
  /** Set when this finding, unlike its rule in general, does (or does not) need a new gateway; see `findingReplacesGateway`. */
  readonly replacesGateway?: boolean;
}

/**
 * Whether the fix of finding `f` needs a new gateway: the finding's own answer when it has one (AGW8 under
 * options that do not accept AUTHENTICATE_ONLY at all), else its rule's. A rule this version does not know
 * is taken to need one, so that nothing is left in place on a guess.
 */
export function findingReplacesGateway(f: Pick<GuardFinding, 'ruleId' | 'replacesGateway'>): boolean {
  return f.replacesGateway ?? ALL_RULES.find((r) => r.id === f.ruleId)?.replacesGateway ?? true;
}

export interface GatewayEvaluation {
  readonly logicalId: string;
  /**
   * The type of the resource judged when it is not a gateway: `AWS::BedrockAgentCore::ResourcePolicy`, a
   * gateway's resource-based policy (AGW9). Left out for a gateway.
   */
  readonly resourceType?: string;
  /** From `aws:cdk:path` metadata when present (or from the construct tree, in the synth-time guard). */
  readonly constructPath?: string;
  readonly location?: string;
  readonly templatePath?: string;
  /**
   * Human-readable, e.g. `CUSTOM_JWT (clients: 2, scopes: 1)`, `NONE`, `unresolved: Ref MyParam`; for a
   * resource policy, what it is attached to (`resource policy on gateway Gw`).
   */
  readonly authorization: string;
  readonly verdict: GatewayVerdict;
  /** Every finding; for an EXEMPT gateway, the findings that the exemption waived. */
  readonly findings: GuardFinding[];
  readonly exemptionReason?: string;
}

/**
 * Evaluates one template: every resource whose `Type` is `AWS::BedrockAgentCore::Gateway`, every SDK call that
 * creates or updates a gateway (`Custom::AWS`, `AwsCustomResource`), every `AWS::BedrockAgentCore::ResourcePolicy`
 * that is, or may be, attached to a gateway (AGW9), and every macro that can add or change gateways (AGW10).
 * Templates the template refers to (nested stacks, StackSets, Service Catalog products) are not read here: see
 * `evaluateTemplateTree`, which follows them through a resolver.
 */
export function evaluateTemplate(template: CloudFormationTemplate, options: EngineOptions = {}): GatewayEvaluation[] {
  const scope = templateScope(template);
  const evaluations: GatewayEvaluation[] = [];
  const allowed = resolveGuardOptions(options).allowedTemplateUrlPrefixes;
  for (const use of templateMacros(template, (resource) => !judgedWithOwnMacros(resource))) {
    if (typeof use.location === 'string' && allowedPrefixOf(use.location, allowed) !== undefined) continue;
    evaluations.push(macroEvaluation(use, scope, options));
  }
  for (const [logicalId, resource] of Object.entries(scope.resources)) {
    if (logicalId === MACRO_KEY) continue;
    if (isRecord(resource) && resource.Type === GATEWAY_RESOURCE_TYPE) {
      evaluations.push(evaluateContained(logicalId, resource, scope, options));
    } else if (isRecord(resource) && resource.Type === RESOURCE_POLICY_RESOURCE_TYPE) {
      const evaluation = evaluateResourcePolicyResource(logicalId, resource, scope, options);
      if (evaluation) evaluations.push(evaluation);
    } else if (logicalId.startsWith('Fn::ForEach::')) {
      if (containsText(resource, GATEWAY_RESOURCE_TYPE)) evaluations.push(forEachGateway(logicalId, options));
      if (containsText(resource, RESOURCE_POLICY_RESOURCE_TYPE)) evaluations.push(forEachResourcePolicy(logicalId, options));
    } else if (isRecord(resource)) {
      const evaluation = evaluateSdkCallResource(logicalId, resource, scope, options);
      if (evaluation) evaluations.push(evaluation);
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
      findings: [finding({ rule: AGW2, message, propertyPath: 'Properties' }, options, logicalId)],
    };
  }
}

/** Gateways and SDK calls report a macro at their top with their own evaluation (AGW2). */
function judgedWithOwnMacros(resource: unknown): boolean {
  return isRecord(resource) && (resource.Type === GATEWAY_RESOURCE_TYPE || recognizeSdkCallResource(resource) === 'certain');
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

type Violation = RuleViolation & { readonly rule: RuleDefinition };

interface WorldOutcome {
  /** False when the resource makes no gateway in this world (an SDK call of another API). */
  readonly gateway: boolean;
  /** What the rules found, when the gateway is created in this world. */
  readonly created?: { readonly authorization: string; readonly violations: Violation[] };
  /** What the waiver rule (AGW7) says of the exemption declared in this world, if any. */
  readonly waiver: { readonly accepted: boolean; readonly violations: Violation[]; readonly reason?: string };
}

/** Evaluates one gateway resource of a template: every rule in every world its choices allow. */
export function evaluateGatewayResource(
  logicalId: string,
  resource: { readonly [key: string]: unknown },
  scope: TemplateScope,
  options: EngineOptions = {},
): GatewayEvaluation {
  const subject: Subject = { macros: resourceMacros(resource), view: (evaluator) => ({ properties: evaluator.lazy(resource.Properties) }) };
  return evaluateSubject(logicalId, resource, scope, options, subject)!;
}

/**
 * Evaluates a resource that makes SDK calls (`AwsCustomResource`): each of its calls that creates or updates a
 * gateway is judged like a gateway. Undefined when none of its calls does, in any world.
 */
export function evaluateSdkCallResource(
  logicalId: string,
  resource: { readonly [key: string]: unknown },
  scope: TemplateScope,
  options: EngineOptions = {},
): GatewayEvaluation | undefined {
  const recognition = recognizeSdkCallResource(resource);
  if (!recognition) return undefined;
  const macros = recognition === 'certain' ? resourceMacros(resource) : [];
  const subject: Subject = {
    macros,
    view: (evaluator, world) => {
      // The calls are read from the Properties of this world: a Fn::If around them decides which calls there are.
      const properties = evaluator.lazy(resource.Properties);
      // Properties a macro rewrites (or otherwise only known at deploy time) may hold any call: fail closed, for a
      // resource that may be an SDK call too.
      if (macros.length > 0 || isUnknown(properties) || isPartial(properties)) return { properties };
      const keys = SDK_CALL_KEYS.filter((k) => isRecord(properties) && Object.prototype.hasOwnProperty.call(properties, k));
      if (keys.length === 0) return undefined;
      const key = keys.length === 1 ? keys[0] : keys[world.choose(`sdk-call:${logicalId}:${keys.join(',')}`, keys.map((k) => CALL_LABELS[k]))];
      const reading = readSdkCall(field(properties, key), recognition);
      const mapPath = (path: string) => sdkCallPath(key, path);
      if (reading.kind === 'none') return undefined;
      if (reading.kind === 'unreadable') return { properties: new Unknown(`Properties.${key}`, reading.reason), mapPath };
      return { properties: reading.parameters, mapPath };
    },
  };
  return evaluateSubject(logicalId, resource, scope, options, subject);
}

/** How a message names the call a world makes. */
const CALL_LABELS: { readonly [key: string]: string } = {
  Create: 'the resource is created (Create)',
  Update: 'the resource is updated (Update)',
  Delete: 'the resource is deleted (Delete)',
};

/** What the rules judge of a resource: its macros, and the gateway it makes in one world (if any). */
interface Subject {
  readonly macros: readonly MacroUse[];
  /**
   * The gateway's properties in one world, in the CloudFormation shape the rules read, and where each of the
   * rules' property paths is in the resource. Undefined when the resource makes no gateway in that world.
   */
  readonly view: (evaluator: Evaluator, world: World) => { readonly properties: Value; readonly mapPath?: (path: string) => string } | undefined;
}

/** Every macro inside a resource's Properties or at its top. */
function resourceMacros(resource: { readonly [key: string]: unknown }): MacroUse[] {
  const top = Object.prototype.hasOwnProperty.call(resource, MACRO_KEY) ? findMacros({ [MACRO_KEY]: resource[MACRO_KEY] }, '').slice(0, 1) : [];
  return [...top, ...findMacros(resource.Properties, 'Properties')];
}

function evaluateSubject(
  logicalId: string,
  resource: { readonly [key: string]: unknown },
  scope: TemplateScope,
  options: EngineOptions,
  subject: Subject,
): GatewayEvaluation | undefined {
  const guard = resolveGuardOptions(options);
  const exploration = explore((world) => evaluateWorld(resource, new Evaluator(scope, world), world, guard, subject), MAX_COMBINATIONS);
  if (!exploration.results.some((r) => r.value.gateway)) return undefined;
  const created = exploration.results.flatMap(({ decisions, value }) => (value.created ? [{ decisions, value: value.created }] : []));
  const violations = mergeViolations(created);
  if (exploration.truncated) {
    violations.push({
      rule: AGW2,
      message:
        `The gateway depends on more than ${MAX_COMBINATIONS} combinations of the values that decide its authorization ` +
        `(${describeChoices(exploration.choices)}); the guard explored ${MAX_COMBINATIONS} of them and cannot prove the rest.`,
      propertyPath: 'Properties',
    });
  }
  const waiver = exploration.results[0].value.waiver;
  const verdict: GatewayVerdict = violations.length === 0 ? 'COMPLIANT' : waiver.accepted ? 'EXEMPT' : 'NON_COMPLIANT';
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
    findings: violations.map((v) => finding(v, options, logicalId)),
    exemptionReason: verdict === 'EXEMPT' ? waiver.reason : undefined,
  };
}

/** The choices an exploration met, for the message of a truncated one (`parameter Env (4 values), ...`). */
export function describeChoices(choices: ReadonlyArray<{ readonly key: string; readonly options: number }>): string {
  const shown = choices.slice(0, 8).map(({ key, options }) => {
    const [kind, name] = key.split(':');
    if (kind === 'parameter') return `parameter ${name} (${options} values)`;
    if (kind === 'condition') return `condition ${name} (true or false)`;
    if (kind === 'mapping') return `a key of mapping ${name} (${options} entries)`;
    if (kind === 'sdk-call') return `the SDK call made (${options} calls)`;
    return `${key} (${options} options)`;
  });
  const more = choices.length - shown.length;
  return shown.join(', ') + (more > 0 ? ` and ${more} more` : '');
}

/** Every rule on the gateway as it deploys in one world. */
function evaluateWorld(
  resource: { readonly [key: string]: unknown },
  evaluator: Evaluator,
  world: World,
  guard: Required<GuardOptions>,
  subject: Subject,
): WorldOutcome {
  const base: GatewayView = {
    properties: undefined,
    metadata: evaluator.lazy(resource.Metadata),
    additionalAllowedAuthorizerTypes: guard.additionalAllowedAuthorizerTypes,
    allowExemptions: guard.allowExemptions,
    allowAuthenticateOnlyWithEnforcedPolicyEngine: guard.allowAuthenticateOnlyWithEnforcedPolicyEngine,
    macros: subject.macros,
  };
  const waiverResult = WAIVER_RULE.evaluate(base);
  const waiver: WorldOutcome['waiver'] = {
    accepted: waiverResult.status === 'COMPLIANT',
    violations: waiverResult.violations.map((v) => ({ rule: WAIVER_RULE, ...v })),
    reason: exemptionReason(base),
  };
  const gateway = subject.view(evaluator, world);
  if (!gateway) return { gateway: false, waiver };
  if (typeof resource.Condition === 'string' && !evaluator.condition(resource.Condition)) return { gateway: true, waiver };
  const view: GatewayView = { ...base, properties: gateway.properties };
  // Paths are the rules' CloudFormation ones, mapped to an SDK call's parameters (a macro's view maps none: its
  // findings name the macro where it is in the resource).
  const mapPath = gateway.mapPath ?? ((path: string) => path);
  const violations = AUTHORIZATION_RULES.flatMap((rule) =>
    rule.evaluate(view).violations.map((v) => ({ rule, ...v, propertyPath: mapPath(v.propertyPath) })),
  );
  return { gateway: true, created: { authorization: summarizeAuthorization(view), violations }, waiver };
}

/** The one-line authorization summary of a gateway in one world. */
export function summarizeAuthorization(view: GatewayView): string {
  if (isUnknown(view.properties) || isPartial(view.properties)) return `unresolved: ${describeValue(view.properties)}`;
  const type = authorizerType(view);
  if (type === undefined) return 'missing';
  if (isUnknown(type) || isPartial(type)) return `unresolved: ${describeValue(type)}`;
  if (typeof type !== 'string') return `invalid: ${describeValue(type)}`;
  if (type === 'AUTHENTICATE_ONLY') return `AUTHENTICATE_ONLY (${policyEngineSummary(view)})`;
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

/** The policy engine of a gateway in a few words: `policy engine: ENFORCE`, `no policy engine`. */
function policyEngineSummary(view: GatewayView): string {
  const configuration = field(view.properties, 'PolicyEngineConfiguration');
  if (configuration === undefined) return 'no policy engine';
  const mode = field(configuration, 'Mode');
  return `policy engine: ${typeof mode === 'string' ? mode : isUnknown(configuration) || isPartial(configuration) ? 'unresolved' : describeValue(mode)}`;
}

/** One violation per rule, path and message; one that holds only in some worlds says in which. */
function mergeViolations(worlds: Array<{ decisions: Array<{ label: string }>; value: { readonly violations: readonly Violation[] } }>): Violation[] {
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
    // (A violation in a world without decisions is in every world: there is only that one.)
    if (g.worlds.length === worlds.length) return g.violation;
    const others = g.worlds.length - 1;
    const when = `When ${g.worlds[0].join(' and ')}${others > 0 ? ` (and in ${others} other combination${others > 1 ? 's' : ''})` : ''}: `;
    return { ...g.violation, message: when + g.violation.message };
  });
}

/** A violation as a finding, with the fix in the words of the options' entry point (the CDK guard's by default). */
function finding(violation: Violation, options: EngineOptions, gatewayId: string): GuardFinding {
  const { rule, message, propertyPath, replacesGateway } = violation;
  return {
    ruleId: rule.id,
    message,
    why: rule.why,
    fix: fixFor(rule, options.entryPoint ?? 'cdk', { gatewayId }),
    propertyPath,
    ...(replacesGateway !== undefined ? { replacesGateway } : {}),
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
    findings: [finding({ rule: AGW2, message, propertyPath: logicalId }, options, logicalId)],
  };
}

/** A resource policy in one world: what AGW9 found, when the policy is created and attached to what may be a gateway. */
interface PolicyWorldOutcome {
  readonly judged?: { readonly authorization: string; readonly violations: Violation[] };
}

/**
 * Evaluates one `AWS::BedrockAgentCore::ResourcePolicy` in every world its choices allow (AGW9). Undefined
 * when it is attached to no gateway in any world (a runtime's policy) or never created.
 */
export function evaluateResourcePolicyResource(
  logicalId: string,
  resource: { readonly [key: string]: unknown },
  scope: TemplateScope,
  options: EngineOptions = {},
): GatewayEvaluation | undefined {
  const resourceTypeOf = (id: string) => {
    const other = Object.prototype.hasOwnProperty.call(scope.resources, id) ? scope.resources[id] : undefined;
    return isRecord(other) && typeof other.Type === 'string' ? other.Type : undefined;
  };
  const exploration = explore((world): PolicyWorldOutcome => {
    const evaluator = new Evaluator(scope, world);
    if (typeof resource.Condition === 'string' && !evaluator.condition(resource.Condition)) return {};
    // Only what AGW9 reads (ResourceArn, Policy and its conditions) is evaluated, so only its choices are explored.
    const view: ResourcePolicyView = { properties: evaluator.lazy(resource.Properties), resourceTypeOf };
    // AGW9 judges a policy on a gateway or on what may be one (and is NOT_APPLICABLE to any other).
    const target = resourcePolicyTarget(view);
    if (target.kind === 'not-gateway') return {};
    const on = target.kind === 'gateway' ? target.name : `${target.name} (may be a gateway)`;
    const violations = RESOURCE_POLICY_RULE.evaluate(view).violations.map((v) => ({ rule: RESOURCE_POLICY_RULE, ...v }));
    return { judged: { authorization: `resource policy on ${on}`, violations } };
  }, MAX_COMBINATIONS);
  const judged = exploration.results.flatMap(({ decisions, value }) => (value.judged ? [{ decisions, value: value.judged }] : []));
  if (judged.length === 0 && !exploration.truncated) return undefined;
  const violations = mergeViolations(judged);
  if (exploration.truncated) {
    violations.push({
      rule: RESOURCE_POLICY_RULE,
      message: `The resource policy depends on more than ${MAX_COMBINATIONS} combinations of parameter values, conditions and mapping keys; the guard stopped there and cannot prove the rest.`,
      propertyPath: 'Properties',
    });
  }
  const cdkPath = isRecord(resource.Metadata) ? resource.Metadata['aws:cdk:path'] : undefined;
  return {
    logicalId,
    resourceType: RESOURCE_POLICY_RESOURCE_TYPE,
    constructPath: typeof cdkPath === 'string' ? cdkPath : undefined,
    location: options.location,
    templatePath: options.templatePath,
    authorization: distinct(judged.map((r) => r.value.authorization)).join(' | ') || 'resource policy (unresolved)',
    verdict: violations.length === 0 ? 'COMPLIANT' : 'NON_COMPLIANT',
    findings: violations.map((v) => finding(v, options, logicalId)),
  };
}

function forEachResourcePolicy(logicalId: string, options: EngineOptions): GatewayEvaluation {
  const message =
    'Resource policies generated by Fn::ForEach (AWS::LanguageExtensions) are only expanded at deploy time, so the guard cannot prove that they do not make a gateway public.';
  return {
    logicalId,
    resourceType: RESOURCE_POLICY_RESOURCE_TYPE,
    location: options.location,
    templatePath: options.templatePath,
    authorization: 'resource policy (unresolved: Fn::ForEach)',
    verdict: 'NON_COMPLIANT',
    findings: [finding({ rule: RESOURCE_POLICY_RULE, message, propertyPath: logicalId }, options, logicalId)],
  };
}

/** The evaluation of a macro that can add or change gateways: AGW10. */
function macroEvaluation(use: MacroUse & { readonly logicalId: string }, scope: TemplateScope, options: EngineOptions): GatewayEvaluation {
  const what =
    use.logicalId === 'Transform'
      ? 'the whole template'
      : use.logicalId === MACRO_KEY
        ? 'every resource of the template'
        : `resource ${use.logicalId} (its Type included, so it can become a gateway)`;
  const resource = scope.resources[use.logicalId];
  const cdkPath = isRecord(resource) && isRecord(resource.Metadata) ? resource.Metadata['aws:cdk:path'] : undefined;
  return {
    logicalId: use.logicalId,
    constructPath: typeof cdkPath === 'string' ? cdkPath : undefined,
    location: options.location,
    templatePath: options.templatePath,
    authorization: `unresolved: macro ${use.macro}`,
    verdict: 'NON_COMPLIANT',
    findings: [finding({ rule: TEMPLATE_RULE, ...macroViolation(use, what) }, options, use.logicalId)],
  };
}

/** A template a resource refers to, which the caller could not read: where the resource is, and why. */
export interface UnreadableReference extends UnreadableTemplate {
  /** The logical ID of the referring resource. */
  readonly logicalId: string;
  /** Its construct path, when its metadata names one. */
  readonly constructPath?: string;
  /** The template that holds the referring resource. */
  readonly location?: string;
  readonly templatePath?: string;
  /** The URL it points at, when it is one: an allowed URL prefix waives it. */
  readonly url?: Value;
}

/**
 * The evaluation (AGW10) of a referenced template that could not be read, or undefined when its URL is under a
 * prefix the guard's options allow.
 */
export function evaluateUnreadableReference(reference: UnreadableReference, options: EngineOptions = {}): GatewayEvaluation | undefined {
  const url = reference.url;
  if ((typeof url === 'string' || isPartial(url)) && allowedPrefixOf(url, resolveGuardOptions(options).allowedTemplateUrlPrefixes) !== undefined) {
    return undefined;
  }
  return {
    logicalId: reference.logicalId,
    constructPath: reference.constructPath,
    location: reference.location ?? options.location,
    templatePath: reference.templatePath ?? options.templatePath,
    authorization: `unresolved: ${reference.label}`,
    verdict: 'NON_COMPLIANT',
    findings: [finding({ rule: TEMPLATE_RULE, ...unreadableTemplateViolation(reference) }, options, reference.logicalId)],
  };
}

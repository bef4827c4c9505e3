// The one evaluation engine behind every entry point (the synth-time guard, the template scanner).
// It is pure and works on CloudFormation templates: give it a template, get one evaluation per gateway.
import { explore } from './choices';
import { EXEMPTION_METADATA_KEY, GATEWAY_RESOURCE_TYPE } from './constants';
import { Evaluator, TemplateScope } from './intrinsics';
import {
  ALL_RULES,
  AGW2,
  AGW7,
  AUTHORIZATION_RULES,
  authorizerType,
  checkExemption,
  ExemptionCheck,
  field,
  GatewayRule,
  GatewayView,
  restrictionCount,
} from './rules';
import { lookUpJwtAuthorizer } from './rules/jwt';
import { describeValue, isPartial, isUnknown } from './values';

export { GATEWAY_RESOURCE_TYPE, EXEMPTION_METADATA_KEY, MIN_EXEMPTION_REASON_LENGTH } from './constants';
export { ALL_RULES, type GatewayRule };

/** A CloudFormation template as parsed from JSON or YAML. Only the sections the engine reads are typed. */
export interface CloudFormationTemplate {
  readonly Parameters?: { readonly [name: string]: any };
  readonly Mappings?: { readonly [name: string]: any };
  readonly Conditions?: { readonly [name: string]: any };
  readonly Resources?: { readonly [logicalId: string]: any };
  readonly [section: string]: any;
}

export interface EngineOptions {
  /**
   * Authorizer types beyond CUSTOM_JWT and AWS_IAM that are accepted as they are (e.g. AUTHENTICATE_ONLY).
   * NONE is never accepted this way.
   */
  readonly additionalAllowedAuthorizerTypes?: string[];
  /** Whether exemptions declared on gateways are honoured. Default false. */
  readonly allowExemptions?: boolean;
  /** Where the template comes from (stack path or file), for messages. */
  readonly location?: string;
  /** Path of the template file, for reports (SARIF artifact location). */
  readonly templatePath?: string;
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

/** Evaluates every resource whose `Type` is `AWS::BedrockAgentCore::Gateway`. */
export function evaluateTemplate(template: CloudFormationTemplate, options: EngineOptions = {}): GatewayEvaluation[] {
  const scope = templateScope(template);
  const evaluations: GatewayEvaluation[] = [];
  for (const [logicalId, resource] of Object.entries(scope.resources)) {
    if (resource?.Type === GATEWAY_RESOURCE_TYPE) {
      evaluations.push(evaluateGatewayResource(logicalId, resource, scope, options));
    } else if (logicalId.startsWith('Fn::ForEach::') && JSON.stringify(resource ?? null).includes(GATEWAY_RESOURCE_TYPE)) {
      evaluations.push(forEachGateway(logicalId, options));
    }
  }
  return evaluations;
}

/** The parts of a template that values are evaluated against. */
export function templateScope(template: CloudFormationTemplate): TemplateScope {
  const section = (name: string) => (template && typeof template[name] === 'object' && template[name] !== null ? template[name] : {});
  return {
    parameters: section('Parameters'),
    mappings: section('Mappings'),
    conditions: section('Conditions'),
    resources: section('Resources'),
  };
}

interface WorldOutcome {
  readonly created: boolean;
  readonly authorization: string;
  readonly violations: Array<{ rule: GatewayRule; message: string; propertyPath: string }>;
  readonly exemption: ExemptionCheck;
}

/** Evaluates one gateway resource of a template. */
export function evaluateGatewayResource(
  logicalId: string,
  resource: any,
  scope: TemplateScope,
  options: EngineOptions = {},
): GatewayEvaluation {
  const additional = (options.additionalAllowedAuthorizerTypes ?? []).filter((t) => t !== 'NONE');
  const allowExemptions = options.allowExemptions ?? false;
  const exploration = explore((world): WorldOutcome => {
    const evaluator = new Evaluator(scope, world);
    const metadata = evaluator.value(resource?.Metadata);
    const exemption = checkExemption(metadata, allowExemptions);
    if (typeof resource?.Condition === 'string' && !evaluator.condition(resource.Condition)) {
      return { created: false, authorization: 'not created', violations: [], exemption };
    }
    const view: GatewayView = {
      properties: evaluator.value(resource?.Properties),
      metadata,
      additionalAllowedAuthorizerTypes: additional,
      allowExemptions,
    };
    const violations = AUTHORIZATION_RULES.flatMap((rule) => {
      const result = rule.evaluate(view);
      return result.status === 'NON_COMPLIANT' ? result.violations.map((v) => ({ rule, ...v })) : [];
    });
    return { created: true, authorization: summarizeAuthorization(view), violations, exemption };
  }, MAX_COMBINATIONS);

  const created = exploration.results.filter((r) => r.value.created);
  const findings = mergeFindings(created);
  if (exploration.truncated) {
    findings.push(
      finding(
        AGW2,
        `The gateway depends on more than ${MAX_COMBINATIONS} combinations of parameter values, conditions and mapping keys; the guard stopped there and cannot prove the rest.`,
        'Properties',
      ),
    );
  }
  const exemption = exploration.results[0].value.exemption;
  let verdict: GatewayVerdict = 'COMPLIANT';
  if (findings.length > 0) {
    if (exemption.accepted) {
      verdict = 'EXEMPT';
    } else {
      verdict = 'NON_COMPLIANT';
      if (exemption.declared) {
        findings.push(finding(AGW7, `The exemption declared on this gateway is not accepted: ${exemption.problem}.`, `Metadata.${EXEMPTION_METADATA_KEY}`));
      }
    }
  }
  const authorizations = distinct(created.map((r) => r.value.authorization));
  const cdkPath = resource?.Metadata?.['aws:cdk:path'];
  return {
    logicalId,
    constructPath: typeof cdkPath === 'string' ? cdkPath : undefined,
    location: options.location,
    templatePath: options.templatePath,
    authorization: authorizations.length > 0 ? authorizations.join(' | ') : `not created (condition ${resource?.Condition} is never true)`,
    verdict,
    findings,
    exemptionReason: verdict === 'EXEMPT' ? exemption.reason : undefined,
  };
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

function mergeFindings(
  worlds: Array<{ decisions: Array<{ label: string }>; value: WorldOutcome }>,
): GuardFinding[] {
  const groups = new Map<string, { rule: GatewayRule; message: string; propertyPath: string; worlds: string[][] }>();
  for (const world of worlds) {
    for (const v of world.value.violations) {
      const key = `${v.rule.id}\u0000${v.propertyPath}\u0000${v.message}`;
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { rule: v.rule, message: v.message, propertyPath: v.propertyPath, worlds: [] }));
      group.worlds.push(world.decisions.map((d) => d.label));
    }
  }
  return [...groups.values()].map((g) => {
    if (g.worlds.length === worlds.length || g.worlds[0].length === 0) return finding(g.rule, g.message, g.propertyPath);
    const others = g.worlds.length - 1;
    const when = `When ${g.worlds[0].join(' and ')}${others > 0 ? ` (and in ${others} other combination${others > 1 ? 's' : ''})` : ''}: `;
    return finding(g.rule, when + g.message, g.propertyPath);
  });
}

function finding(rule: GatewayRule, message: string, propertyPath: string): GuardFinding {
  return { ruleId: rule.id, message, why: rule.why, fix: rule.fix, propertyPath };
}

function forEachGateway(logicalId: string, options: EngineOptions): GatewayEvaluation {
  return {
    logicalId,
    location: options.location,
    templatePath: options.templatePath,
    authorization: 'unresolved: Fn::ForEach',
    verdict: 'NON_COMPLIANT',
    findings: [
      finding(
        AGW2,
        'Gateways generated by Fn::ForEach (AWS::LanguageExtensions) are only expanded at deploy time, so the guard cannot prove their authorization.',
        logicalId,
      ),
    ],
  };
}

function distinct(values: string[]): string[] {
  return [...new Set(values)];
}

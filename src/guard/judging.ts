// Judging one template for the applications of the guard that cover it: each distinct policy evaluates the
// template with the engine, only the applications whose scope holds a gateway judge it, and when several
// policies judge the same gateway the stricter verdict wins, with every finding.
import { IConstruct } from 'constructs';
import { GuardPolicy } from './guard-process';
import { CloudFormationTemplate, EngineOptions, evaluateTemplate, evaluateUnreadableReference, GatewayEvaluation, GuardFinding, UnreadableReference } from '../engine/evaluate';

/** One application of the guard: where it was applied, and with what policy. */
export interface Application {
  readonly scope: IConstruct;
  readonly policy: GuardPolicy;
}

/** A gateway as the guard judged it, with the construct that rendered it when that is known. */
export interface Judged {
  readonly evaluation: GatewayEvaluation;
  readonly construct?: IConstruct;
}

/** Where a gateway of the template comes from. */
export interface GatewayOrigin {
  /** The construct that rendered it, when known. */
  readonly construct?: IConstruct;
  /** What decides which applications cover it: the construct, else its stack or Stage. */
  readonly anchor: IConstruct;
  /** How messages name where it is (the stack, and the template file when the construct is unknown). */
  readonly location: string;
}

/** What `judgeTemplate` needs besides the template. */
export interface TemplateContext {
  /** The applications whose scope overlaps the template's stack. */
  readonly applications: readonly Application[];
  /** Template file as the report names it. */
  readonly templatePath: string;
  /** Stack or file, for the engine's messages when `originOf` is not asked. */
  readonly location: string;
  readonly originOf: (logicalId: string) => GatewayOrigin;
}

/** Every gateway (and gateway resource policy, AGW9) of `template` judged by the applications that cover it, in template order. */
export function judgeTemplate(template: CloudFormationTemplate, context: TemplateContext): Judged[] {
  const byPolicy = new Map<string, GuardPolicy>();
  for (const a of context.applications) byPolicy.set(policyKey(a.policy), a.policy);
  const merged = new Map<string, Judged>();
  for (const [key, policy] of byPolicy) {
    const evaluations = evaluateTemplate(template, { ...engineOptions(policy), location: context.location, templatePath: context.templatePath });
    for (const raw of evaluations) {
      const origin = context.originOf(raw.logicalId);
      // Only the applications whose scope contains the gateway judge it.
      if (!context.applications.some((a) => policyKey(a.policy) === key && isWithin(origin.anchor, a.scope))) continue;
      // The construct path comes from the tree only: a path in the template's metadata may not be true.
      const evaluation: GatewayEvaluation = { ...raw, constructPath: origin.construct?.node.path, location: origin.location };
      const judged: Judged = { evaluation, construct: origin.construct };
      const previous = merged.get(raw.logicalId);
      merged.set(raw.logicalId, previous ? worse(previous, judged) : judged);
    }
  }
  return [...merged.values()];
}

/** Where a reference to an unreadable template is, for `judgeUnreadableReference`. */
export interface ReferenceContext {
  /** The applications whose scope overlaps `anchor`'s. */
  readonly applications: readonly Application[];
  readonly templatePath: string;
  readonly location: string;
  /** What decides which applications cover it: the referring construct, else its stack or Stage. */
  readonly anchor: IConstruct;
  /** The referring construct, when known. */
  readonly construct?: IConstruct;
}

/**
 * A reference to a template the guard cannot read, judged by the applications that cover it (AGW10), or
 * `undefined` when every one of them allows its URL prefix: the strictest policy wins, as for gateways.
 */
export function judgeUnreadableReference(reference: UnreadableReference, context: ReferenceContext): Judged | undefined {
  let result: Judged | undefined;
  for (const a of context.applications) {
    if (!isWithin(context.anchor, a.scope)) continue;
    const options = { ...engineOptions(a.policy), location: context.location, templatePath: context.templatePath };
    const raw = evaluateUnreadableReference(reference, options);
    if (!raw) continue;
    const judged: Judged = {
      evaluation: { ...raw, constructPath: context.construct?.node.path, location: context.location, templatePath: context.templatePath },
      construct: context.construct,
    };
    result = result ? worse(result, judged) : judged;
  }
  return result;
}

function engineOptions(policy: GuardPolicy): EngineOptions {
  return {
    allowExemptions: policy.allowExemptions,
    allowAuthenticateOnlyWithEnforcedPolicyEngine: policy.allowAuthenticateOnlyWithEnforcedPolicyEngine,
    additionalAllowedAuthorizerTypes: [...policy.additionalAllowedAuthorizerTypes],
    allowedTemplateUrlPrefixes: [...policy.allowedTemplateUrlPrefixes],
  };
}

const SEVERITY = { COMPLIANT: 0, EXEMPT: 1, NON_COMPLIANT: 2 } as const;

/** Two policies judged the same gateway: keep the stricter verdict and every finding. */
function worse(a: Judged, b: Judged): Judged {
  const [hi, lo] = SEVERITY[b.evaluation.verdict] > SEVERITY[a.evaluation.verdict] ? [b, a] : [a, b];
  const seen = new Set(hi.evaluation.findings.map(findingKey));
  const extra: GuardFinding[] = hi.evaluation.verdict === 'NON_COMPLIANT' ? lo.evaluation.findings.filter((f) => !seen.has(findingKey(f))) : [];
  return { ...hi, evaluation: { ...hi.evaluation, findings: [...hi.evaluation.findings, ...extra] } };
}

function findingKey(f: GuardFinding): string {
  return `${f.ruleId}\u0000${f.propertyPath}\u0000${f.message}`;
}

/** The applications whose scope overlaps `node`'s: one holds the other. */
export function applicationsOverlapping(applications: readonly Application[], node: IConstruct): Application[] {
  return applications.filter((a) => isWithin(node, a.scope) || isWithin(a.scope, node));
}

/** True when `node` is `scope` or below it. */
export function isWithin(node: IConstruct, scope: IConstruct): boolean {
  return node === scope || node.node.scopes.includes(scope);
}

/** Two policies that judge alike have the same key (the report name does not change a verdict). */
export function policyKey(policy: GuardPolicy): string {
  const { allowExemptions, allowAuthenticateOnlyWithEnforcedPolicyEngine, additionalAllowedAuthorizerTypes, allowedTemplateUrlPrefixes } = policy;
  return JSON.stringify([
    allowExemptions,
    allowAuthenticateOnlyWithEnforcedPolicyEngine,
    [...additionalAllowedAuthorizerTypes].sort(),
    [...allowedTemplateUrlPrefixes].sort(),
  ]);
}

import { AuthorizationChoice } from './authorization-choice';
import { GatewayPlan, planGateway } from './plan-gateway';
import { PlannedTarget, planTarget } from './plan-targets';
import { Problem } from './problems';
import { RemediationError, SourceGateway } from './read-source';
import { GatewayDetails } from '../audit/control-plane';
import { gatewayTemplate } from '../audit/gateway-template';
import { evaluateTemplate, findingReplacesGateway, GatewayEvaluation, GuardFinding } from '../engine/evaluate';
import { GATEWAY_NAME_PATTERN } from '../gateway/validation';

/** How to remediate a live gateway. */
export interface ReplacementOptions {
  readonly authorization: AuthorizationChoice;
  /** The replacement's name. Default: the source's name with `-secure` appended (shortened to fit 48 characters). */
  readonly gatewayName?: string;
  /** Leave out what cannot be reproduced (listed in the plan and the runbook) instead of stopping. */
  readonly skipUnsupported?: boolean;
  /** Authorizer types accepted beyond CUSTOM_JWT and AWS_IAM when judging the source (as `audit` does). */
  readonly additionalAllowedAuthorizerTypes?: string[];
  /** Accept AUTHENTICATE_ONLY behind a policy engine in ENFORCE mode (AGW8) when judging the source (as `audit` does). */
  readonly allowAuthenticateOnlyWithEnforcedPolicyEngine?: boolean;
}

/** The live gateway being replaced, with identifiers already checked to be identifiers. */
export interface SourceIdentity {
  readonly gatewayId: string;
  readonly gatewayArn: string;
  readonly gatewayUrl?: string;
  readonly name: string;
  readonly region: string;
  readonly account: string;
  readonly partition: string;
  readonly authorizerType: string;
  /** What the guard's engine found wrong with it. */
  readonly findings: readonly GuardFinding[];
}

/** Everything the generated app and its runbook are made from. */
export interface ReplacementPlan {
  readonly source: SourceIdentity;
  readonly newName: string;
  readonly authorization: AuthorizationChoice;
  readonly gateway: GatewayPlan;
  readonly targets: readonly PlannedTarget[];
  /** What is not reproduced because `skipUnsupported` was set. */
  readonly skipped: readonly Problem[];
  /** IDs of every target of the source gateway, reproduced or not (the runbook deletes them all). */
  readonly sourceTargetIds: readonly string[];
  readonly warnings: readonly string[];
}

export type PlanOutcome =
  /** The gateway passes the guard's rules: nothing to replace. */
  | { readonly kind: 'nothing-to-do'; readonly source: SourceIdentity; readonly evaluation: GatewayEvaluation }
  /** The gateway fails only rules whose fix is an in-place update: no replacement needed. */
  | { readonly kind: 'fix-in-place'; readonly source: SourceIdentity }
  /** Parts of the gateway cannot be reproduced and `skipUnsupported` is not set. */
  | { readonly kind: 'unsupported'; readonly source: SourceIdentity; readonly problems: readonly Problem[] }
  | { readonly kind: 'replace'; readonly plan: ReplacementPlan };

const ARN_PATTERN = /^arn:(aws[a-z-]*):bedrock-agentcore:([a-z0-9-]+):(\d{12}):gateway\/([0-9a-zA-Z][0-9a-zA-Z-]*)$/;
/** Gateway and target IDs, names: the characters the API allows, checked before any goes into a command. */
const ID_PATTERN = /^[0-9a-zA-Z][0-9a-zA-Z-]{0,127}$/;
const SUFFIX = '-secure';
const MAX_NAME = 48;

/**
 * Judges the source gateway with the guard's engine and, when it must be replaced, decides how every
 * setting and target reaches the replacement. Pure: the same source and options give the same plan.
 */
export function planReplacement(source: SourceGateway, options: ReplacementOptions): PlanOutcome {
  const judged = judge(source, options);
  const { identity, evaluation } = judged;
  if (evaluation.verdict !== 'NON_COMPLIANT') {
    return { kind: 'nothing-to-do', source: identity, evaluation };
  }
  if (!evaluation.findings.some(findingReplacesGateway)) {
    return { kind: 'fix-in-place', source: identity };
  }

  const problems: Problem[] = [];
  const gateway = planGateway(source.gateway, problems);
  const targets: PlannedTarget[] = [];
  const skipped: Problem[] = [];
  const usedIds = new Set<string>();
  const sourceTargetIds: string[] = [];
  source.targets.forEach((raw, index) => {
    sourceTargetIds.push(checkedId(raw.targetId, 'target ID'));
    const outcome = planTarget(raw, index, usedIds);
    if (outcome.ok) {
      targets.push(outcome.target);
    } else if (options.skipUnsupported) {
      skipped.push(...outcome.problems);
    } else {
      problems.push(...outcome.problems);
    }
  });
  if (problems.length > 0 && !options.skipUnsupported) {
    return { kind: 'unsupported', source: identity, problems };
  }
  skipped.unshift(...problems);

  const warnings = [...source.warnings];
  for (const target of targets.filter((t) => t.sourceStatus !== undefined)) {
    warnings.push(`target ${JSON.stringify(target.sourceName)} (${target.sourceId}) is ${target.sourceStatus} on the source gateway; it is reproduced as configured`);
  }
  return {
    kind: 'replace',
    plan: {
      source: identity,
      newName: replacementName(identity.name, options.gatewayName),
      authorization: options.authorization,
      gateway,
      targets,
      skipped,
      sourceTargetIds,
      warnings,
    },
  };
}

function judge(source: SourceGateway, options: ReplacementOptions): { identity: SourceIdentity; evaluation: GatewayEvaluation } {
  const g = source.gateway;
  const gatewayId = checkedId(g.gatewayId, 'gateway ID');
  const arn = typeof g.gatewayArn === 'string' ? ARN_PATTERN.exec(g.gatewayArn) : null;
  if (!arn || arn[4] !== gatewayId || arn[2] !== source.region) {
    throw new RemediationError(
      `GetGateway returned the ARN ${JSON.stringify(g.gatewayArn)}, which is not the ARN of gateway ${gatewayId} in ${source.region}; refusing to generate commands from it`,
    );
  }
  const details: GatewayDetails = {
    gatewayId,
    name: typeof g.name === 'string' ? g.name : undefined,
    protocolType: typeof g.protocolType === 'string' ? g.protocolType : undefined,
    roleArn: typeof g.roleArn === 'string' ? g.roleArn : undefined,
    authorizerType: typeof g.authorizerType === 'string' ? g.authorizerType : undefined,
    authorizerConfiguration: g.authorizerConfiguration,
    policyEngineConfiguration: g.policyEngineConfiguration,
  };
  const [evaluation] = evaluateTemplate(gatewayTemplate(details), {
    location: source.region,
    // Fixes worded for a deployed gateway (API calls), as audit prints them.
    entryPoint: 'live',
    additionalAllowedAuthorizerTypes: options.additionalAllowedAuthorizerTypes,
    allowAuthenticateOnlyWithEnforcedPolicyEngine: options.allowAuthenticateOnlyWithEnforcedPolicyEngine,
    allowExemptions: false,
  });
  const identity: SourceIdentity = {
    gatewayId,
    gatewayArn: arn[0],
    gatewayUrl: typeof g.gatewayUrl === 'string' && /^https:\/\/[^\s`'"]+$/.test(g.gatewayUrl) ? g.gatewayUrl : undefined,
    name: checkedId(g.name, 'gateway name'),
    region: source.region,
    account: arn[3],
    partition: arn[1],
    authorizerType: details.authorizerType ?? 'missing',
    findings: evaluation.findings,
  };
  return { identity, evaluation };
}

/** The construct ID of the generated stack, which is also its CloudFormation stack name. */
export function stackNameOf(plan: ReplacementPlan): string {
  return `SecureGateway-${plan.newName}`;
}

/** An identifier from the API, checked before it goes into generated commands and code. */
function checkedId(value: unknown, what: string): string {
  if (typeof value !== 'string' || !ID_PATTERN.test(value)) {
    throw new RemediationError(`the control plane returned ${JSON.stringify(value)} as a ${what}, which is not one; refusing to generate commands from it`);
  }
  return value;
}

/**
 * The replacement's name: the given one, or `<source name>-secure`. Appending keeps the source's name as
 * a prefix, so a role trust policy written for the source (aws-cdk-lib's Gateway role allows
 * `gateway/<name>*`) also matches the replacement when the source name is short enough to keep whole.
 */
export function replacementName(sourceName: string, requested: string | undefined): string {
  if (requested !== undefined) {
    if (!GATEWAY_NAME_PATTERN.test(requested)) {
      throw new RemediationError(`--gateway-name '${requested}' must be 1-48 letters or digits, optionally separated by single hyphens (pattern ^([0-9a-zA-Z][-]?){1,48}$)`);
    }
    if (requested === sourceName) {
      throw new RemediationError(`--gateway-name '${requested}' is the name of the gateway being replaced; the replacement runs next to it and needs another name`);
    }
    return requested;
  }
  const base = sourceName.slice(0, MAX_NAME - SUFFIX.length).replace(/-+/g, '-').replace(/-$/, '');
  return `${base}${SUFFIX}`;
}

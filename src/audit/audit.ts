import { ControlPlane, ControlPlaneFactory, GatewayDetails, GatewaySummary, listAllPages, TargetSummary } from './control-plane';
import { gatewayTemplate } from './gateway-template';
import { OPT_IN_REGIONS } from './regions';
import { RetryPolicy, RetryReason, withRetry } from './retry';
import { evaluateTemplate, GatewayEvaluation } from '../engine/evaluate';
import { LiveGateway, liveFixFor } from '../engine/rules';

/** What to audit and how. */
export interface AuditOptions {
  readonly regions: readonly string[];
  readonly controlPlane: ControlPlaneFactory;
  readonly retry: RetryPolicy;
  /** Report opt-in regions the account has not enabled as "not enabled" instead of failing (for `--all-regions`). */
  readonly tolerateDisabledOptInRegions?: boolean;
  /** Authorizer types accepted beyond CUSTOM_JWT and AWS_IAM (as the guard's option of the same name). */
  readonly additionalAllowedAuthorizerTypes?: string[];
  /** Accept AUTHENTICATE_ONLY behind a policy engine in ENFORCE mode (AGW8), as the guard's option of the same name. */
  readonly allowAuthenticateOnlyWithEnforcedPolicyEngine?: boolean;
  /** Regions audited at the same time. */
  readonly regionConcurrency?: number;
  /** `GetGateway` calls at the same time within a region. */
  readonly gatewayConcurrency?: number;
}

/** One live gateway and what the guard's engine says of it. */
export interface AuditedGateway {
  readonly region: string;
  readonly gatewayId: string;
  readonly name?: string;
  readonly arn?: string;
  readonly url?: string;
  readonly status?: string;
  readonly authorizerType?: string;
  /** Missing when the gateway could not be read (see `error`). */
  readonly evaluation?: GatewayEvaluation;
  /** The targets to re-attach to a replacement, listed for non-compliant gateways. */
  readonly targets?: TargetSummary[];
  /** How to fix a non-compliant gateway (the fix its rules give for a deployed gateway), with its targets. */
  readonly remediation?: string;
  /** Why the gateway could not be judged (an incomplete audit). */
  readonly error?: string;
  /** Something worth knowing that does not make the audit incomplete. */
  readonly warnings: string[];
  /** Its resource-based policy, read with `GetResourcePolicy` and judged by AGW9; absent when it has none. */
  readonly resourcePolicy?: AuditedResourcePolicy;
}

/** A live gateway's resource-based policy and what the guard's engine says of it. */
export interface AuditedResourcePolicy {
  /** Missing when the policy could not be read (see `error`). */
  readonly evaluation?: GatewayEvaluation;
  /** How to fix a policy that lets any AWS account invoke the gateway. */
  readonly remediation?: string;
  /** Why the policy could not be read (an incomplete audit). */
  readonly error?: string;
}

export type RegionOutcome = 'audited' | 'failed' | 'not-enabled';

/** How the audit of one region went. */
export interface RegionReport {
  readonly region: string;
  readonly outcome: RegionOutcome;
  readonly gateways: number;
  /** Calls repeated after a throttling answer. */
  readonly throttledRetries: number;
  /** Calls repeated after a transient failure (5xx, connection reset). */
  readonly transientRetries: number;
  /** Why the region could not be audited. */
  readonly error?: string;
}

export interface AuditResult {
  readonly regions: RegionReport[];
  readonly gateways: AuditedGateway[];
}

/**
 * Lists every gateway of every region with the AgentCore control plane, reads each one's authorizer,
 * and judges it with the guard's engine. Each region is audited on its own: one that fails (access
 * denied, unreachable) is reported with the reason and does not stop the others. Throttled calls are
 * retried with backoff and counted.
 */
export async function runAudit(options: AuditOptions): Promise<AuditResult> {
  const perRegion = await mapWithConcurrency(options.regions, options.regionConcurrency ?? 4, (region) => auditRegion(region, options));
  return {
    regions: perRegion.map((r) => r.report),
    gateways: perRegion.flatMap((r) => r.gateways),
  };
}

async function auditRegion(region: string, options: AuditOptions): Promise<{ report: RegionReport; gateways: AuditedGateway[] }> {
  const counters = { throttled: 0, transient: 0 };
  const call = <T>(fn: () => Promise<T>) =>
    withRetry(fn, options.retry, (reason: RetryReason) => {
      counters[reason === 'throttled' ? 'throttled' : 'transient']++;
    });
  const report = (outcome: RegionOutcome, gateways: number, error?: string): RegionReport => ({
    region,
    outcome,
    gateways,
    throttledRetries: counters.throttled,
    transientRetries: counters.transient,
    error,
  });

  let controlPlane: ControlPlane;
  let summaries: GatewaySummary[];
  try {
    controlPlane = options.controlPlane(region);
    summaries = await listAllPages((token) => call(() => controlPlane.listGateways(token)), `ListGateways in ${region}`);
  } catch (error) {
    const name = errorName(error);
    if (options.tolerateDisabledOptInRegions && OPT_IN_REGIONS.has(region) && (name === 'UnrecognizedClientException' || name === 'InvalidClientTokenId')) {
      return {
        report: report('not-enabled', 0, `${describeError(error)} (${region} is an opt-in region; it looks not enabled for this account, so it can have no gateways)`),
        gateways: [],
      };
    }
    return { report: report('failed', 0, describeListFailure(error, region)), gateways: [] };
  }

  const gateways = await mapWithConcurrency(summaries, options.gatewayConcurrency ?? 4, async (summary): Promise<AuditedGateway | undefined> => {
    let details: GatewayDetails;
    try {
      details = await call(() => controlPlane.getGateway(summary.gatewayId));
    } catch (error) {
      if (errorName(error) === 'ResourceNotFoundException') {
        // Deleted between the list and the read: nothing left to judge.
        return undefined;
      }
      if (summary.authorizerType !== 'NONE') {
        return {
          region,
          gatewayId: summary.gatewayId,
          name: summary.name,
          status: summary.status,
          authorizerType: summary.authorizerType,
          error: `GetGateway failed, so its authorizer configuration could not be checked: ${describeError(error)}`,
          warnings: [],
        };
      }
      // ListGateways already says NONE: that alone is a finding, whatever the details would add.
      details = { gatewayId: summary.gatewayId, name: summary.name, status: summary.status, authorizerType: summary.authorizerType };
    }
    return judge(region, details, summary, controlPlane, options, call);
  });

  const audited = gateways.filter((g): g is AuditedGateway => g !== undefined);
  return { report: report('audited', audited.length), gateways: audited };
}

async function judge(
  region: string,
  details: GatewayDetails,
  summary: GatewaySummary,
  controlPlane: ControlPlane,
  options: AuditOptions,
  call: <T>(fn: () => Promise<T>) => Promise<T>,
): Promise<AuditedGateway> {
  const warnings: string[] = [];
  const policy = await readResourcePolicy(details, controlPlane, call, warnings);
  const evaluations = evaluateTemplate(gatewayTemplate(details, policy.text), {
    location: region,
    entryPoint: 'live',
    additionalAllowedAuthorizerTypes: options.additionalAllowedAuthorizerTypes,
    allowAuthenticateOnlyWithEnforcedPolicyEngine: options.allowAuthenticateOnlyWithEnforcedPolicyEngine,
    allowExemptions: false,
  });
  const evaluation = evaluations.find((e) => e.resourceType === undefined)!;
  const live = { gatewayId: details.gatewayId, name: details.name ?? summary.name, arn: details.gatewayArn, authorizerType: details.authorizerType };
  const policyEvaluation = evaluations.find((e) => e.resourceType !== undefined);
  const resourcePolicy = policy.error !== undefined ? { error: policy.error } : policyVerdict(policyEvaluation, live);
  let targets: TargetSummary[] | undefined;
  if (evaluation.verdict === 'NON_COMPLIANT') {
    try {
      targets = await listAllPages((token) => call(() => controlPlane.listGatewayTargets(details.gatewayId, token)), `ListGatewayTargets of ${details.gatewayId}`);
    } catch (error) {
      warnings.push(`Its targets could not be listed, so the remediation does not name them: ${describeError(error)}`);
    }
  }
  return {
    region,
    gatewayId: details.gatewayId,
    name: details.name ?? summary.name,
    arn: details.gatewayArn,
    url: details.gatewayUrl,
    status: details.status ?? summary.status,
    authorizerType: details.authorizerType,
    evaluation,
    targets,
    remediation:
      evaluation.verdict === 'NON_COMPLIANT'
        ? liveFixFor(
          evaluation.findings.map((f) => f.ruleId),
          { ...live, name: details.name, targets },
        )
        : undefined,
    warnings,
    resourcePolicy,
  };
}

/**
 * Reads a gateway's resource policy: its text, none (no policy, or not found), or why it could not be read.
 * Without an ARN (GetGateway failed on a NONE gateway, already a finding) it is not read, with a warning.
 */
async function readResourcePolicy(
  details: GatewayDetails,
  controlPlane: ControlPlane,
  call: <T>(fn: () => Promise<T>) => Promise<T>,
  warnings: string[],
): Promise<{ text?: string; error?: string }> {
  const arn = details.gatewayArn;
  if (arn === undefined) {
    warnings.push('Its resource policy was not read: GetGateway did not return the gateway ARN.');
    return {};
  }
  try {
    return { text: await call(() => controlPlane.getResourcePolicy(arn)) };
  } catch (error) {
    if (errorName(error) === 'ResourceNotFoundException') return {};
    const grant = errorName(error) === 'AccessDeniedException' ? '. Grant bedrock-agentcore:GetResourcePolicy on the gateway' : '';
    return { error: `GetResourcePolicy failed, so its resource policy could not be checked: ${describeError(error)}${grant}` };
  }
}

function policyVerdict(evaluation: GatewayEvaluation | undefined, gateway: LiveGateway): AuditedResourcePolicy | undefined {
  if (evaluation === undefined) return undefined;
  const remediation = evaluation.verdict === 'NON_COMPLIANT' ? liveFixFor(evaluation.findings.map((f) => f.ruleId), gateway) : undefined;
  return { evaluation, remediation };
}

function describeListFailure(error: unknown, region: string): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return `cannot reach the AgentCore control plane in ${region} (${describeError(error)}); check the region name, or AgentCore Gateway may not be available there`;
  }
  if (errorName(error) === 'CredentialsProviderError') {
    return `${describeError(error)}. Configure AWS credentials (environment variables, --profile, or aws sso login)`;
  }
  if (errorName(error) === 'AccessDeniedException') {
    return `${describeError(error)}. Grant bedrock-agentcore:ListGateways, GetGateway, ListGatewayTargets and GetResourcePolicy in ${region} (or check SCPs for that region)`;
  }
  return describeError(error);
}

function errorName(error: unknown): string | undefined {
  return (error as { name?: string } | undefined)?.name;
}

/** `Name: message`, as short as the SDK allows. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const name = error.name && error.name !== 'Error' ? `${error.name}: ` : '';
    return `${name}${error.message}`.trim();
  }
  return String(error);
}

async function mapWithConcurrency<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

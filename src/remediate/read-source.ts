import { describeError } from '../audit/audit';
import { listAllPages, PagingError, RemediationControlPlane } from '../audit/control-plane';
import { RetryPolicy, withRetry } from '../audit/retry';

/** A live gateway as remediation reads it: the whole `GetGateway` response and every target's `GetGatewayTarget`. */
export interface SourceGateway {
  readonly region: string;
  readonly gateway: Record<string, unknown>;
  readonly targets: ReadonlyArray<Record<string, unknown>>;
  /** Something worth telling the user that does not stop remediation. */
  readonly warnings: readonly string[];
  /** Calls repeated after a throttling answer. */
  readonly throttledRetries: number;
}

/** Remediation cannot go on; `message` says why and what to do (the run's status is `failed`). */
export class RemediationError extends Error {}

/** A gateway with more targets than this is refused rather than read without end. */
export const MAX_TARGETS = 1000;

/**
 * Reads a gateway and every one of its targets, retrying throttled and transient failures with the
 * audit's backoff. Paging follows `nextToken` and stops if a token repeats. Throws a
 * `RemediationError` that names the gateway, the region and the fix when the gateway cannot be read.
 */
export async function readSourceGateway(
  controlPlane: RemediationControlPlane,
  gatewayId: string,
  region: string,
  retry: RetryPolicy,
): Promise<SourceGateway> {
  let throttledRetries = 0;
  const call = <T>(fn: () => Promise<T>) =>
    withRetry(fn, retry, (reason) => {
      if (reason === 'throttled') throttledRetries++;
    });
  const warnings: string[] = [];

  let gateway: Record<string, unknown>;
  try {
    gateway = await call(() => controlPlane.getGatewayConfiguration(gatewayId));
  } catch (error) {
    throw new RemediationError(describeReadFailure(error, `gateway ${gatewayId}`, region));
  }

  const targets: Array<Record<string, unknown>> = [];
  try {
    const summaries = await listAllPages((token) => call(() => controlPlane.listGatewayTargets(gatewayId, token)), `ListGatewayTargets of ${gatewayId}`, MAX_TARGETS);
    for (const summary of summaries) {
      try {
        targets.push(await call(() => controlPlane.getGatewayTarget(gatewayId, summary.targetId)));
      } catch (error) {
        if (errorName(error) !== 'ResourceNotFoundException') {
          throw error;
        }
        // Deleted between the list and the read: nothing left to reproduce.
        warnings.push(`target ${summary.targetId} was deleted while it was being read; it is not part of the replacement`);
      }
    }
  } catch (error) {
    if (error instanceof PagingError) throw new RemediationError(error.message);
    throw new RemediationError(describeReadFailure(error, `the targets of gateway ${gatewayId}`, region));
  }
  return { region, gateway, targets, warnings, throttledRetries };
}

/** A failed read, as a message that says what to check. */
export function describeReadFailure(error: unknown, what: string, region: string): string {
  const name = errorName(error);
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (name === 'ResourceNotFoundException') {
    return `${what} was not found in ${region} (${describeError(error)}). Check the gateway ID and the region: \`agentcore-gateway-guard audit --region ${region}\` lists the gateways there`;
  }
  if (name === 'AccessDeniedException') {
    return `${what} could not be read in ${region}: ${describeError(error)}. remediate needs bedrock-agentcore:GetGateway, ListGatewayTargets and GetGatewayTarget there (check SCPs that deny the region too)`;
  }
  if (name === 'UnrecognizedClientException' || name === 'InvalidClientTokenId') {
    return `${what} could not be read in ${region}: ${describeError(error)}. The credentials are not valid there: check them, and whether ${region} is an opt-in region this account has not enabled`;
  }
  if (name === 'CredentialsProviderError') {
    return `${describeError(error)}. Configure AWS credentials (environment variables, --profile, or aws sso login)`;
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ECONNREFUSED') {
    return `cannot reach the AgentCore control plane in ${region} (${describeError(error)}); check the region name and the endpoint`;
  }
  return `${what} could not be read in ${region}: ${describeError(error)}`;
}

function errorName(error: unknown): string | undefined {
  return (error as { name?: string } | undefined)?.name;
}

import type * as AgentCoreControl from '@aws-sdk/client-bedrock-agentcore-control';

/** The npm package `audit` needs. It is not a dependency of this library: users install it to audit. */
export const SDK_PACKAGE = '@aws-sdk/client-bedrock-agentcore-control';

/** A gateway as `ListGateways` returns it. */
export interface GatewaySummary {
  readonly gatewayId: string;
  readonly name?: string;
  readonly status?: string;
  readonly authorizerType?: string;
}

/** A gateway as `GetGateway` returns it (the fields the audit reads; the rest is ignored). */
export interface GatewayDetails {
  readonly gatewayId: string;
  readonly gatewayArn?: string;
  readonly gatewayUrl?: string;
  readonly name?: string;
  readonly status?: string;
  readonly roleArn?: string;
  readonly protocolType?: string;
  readonly authorizerType?: string;
  readonly authorizerConfiguration?: unknown;
  /** The policy engine that authorizes calls (`arn`, `mode` LOG_ONLY or ENFORCE), if one is attached. */
  readonly policyEngineConfiguration?: unknown;
}

/** A gateway target as `ListGatewayTargets` returns it. */
export interface TargetSummary {
  readonly targetId: string;
  readonly name?: string;
  readonly status?: string;
}

/** One page of a paged list. */
export interface Page<T> {
  readonly items: T[];
  readonly nextToken?: string;
}

/** The AgentCore control-plane calls the audit makes, in one region. */
export interface ControlPlane {
  listGateways(nextToken?: string): Promise<Page<GatewaySummary>>;
  getGateway(gatewayId: string): Promise<GatewayDetails>;
  listGatewayTargets(gatewayId: string, nextToken?: string): Promise<Page<TargetSummary>>;
  /**
   * The resource-based policy of a gateway (its JSON text), or undefined when the answer holds none. A gateway
   * without a policy may also answer ResourceNotFoundException, which the caller handles.
   */
  getResourcePolicy(resourceArn: string): Promise<string | undefined>;
}

/**
 * The reads `remediate` makes in one region, besides the audit's `listGatewayTargets`. Both return the API
 * response as untrusted data with every field kept, so that remediation can refuse what it cannot
 * reproduce instead of dropping it.
 */
export interface RemediationControlPlane extends Pick<ControlPlane, 'listGatewayTargets'> {
  /** `GetGateway`, the whole response. */
  getGatewayConfiguration(gatewayId: string): Promise<Record<string, unknown>>;
  /** `GetGatewayTarget`, the whole response. */
  getGatewayTarget(gatewayId: string, targetId: string): Promise<Record<string, unknown>>;
}

/** Makes the control plane of one region. */
export type ControlPlaneFactory = (region: string) => ControlPlane;

/** Makes the remediation control plane of one region. */
export type RemediationControlPlaneFactory = (region: string) => RemediationControlPlane;

/** How to reach AWS. */
export interface SdkOptions {
  /** A named profile from the shared AWS config and credentials files. */
  readonly profile?: string;
  /** A custom endpoint (a VPC endpoint, or a local test server). */
  readonly endpointUrl?: string;
}

/** The SDK is not installed (or cannot be loaded): a setup problem, reported with the command that fixes it. */
export class SdkUnavailableError extends Error {}

/**
 * Loads the AWS SDK client lazily, so the construct library and `scan` never need it.
 * `moduleName` exists for tests; `command` is the one that needs it, for the message.
 */
export function loadSdk(moduleName: string = SDK_PACKAGE, command: string = 'audit'): typeof AgentCoreControl {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(moduleName) as typeof AgentCoreControl;
  } catch (error) {
    const err = error as NodeJS.ErrnoException;
    if (err?.code === 'MODULE_NOT_FOUND' && err.message.includes(`'${moduleName}'`)) {
      throw new SdkUnavailableError(
        `\`${command}\` needs the AWS SDK package ${moduleName}, which is not installed. ` +
          `Install it next to this package: npm install --save-dev ${moduleName}@^3`,
      );
    }
    throw new SdkUnavailableError(`\`${command}\` could not load the AWS SDK package ${moduleName}: ${err?.message ?? String(error)}`);
  }
}

/**
 * A control-plane factory backed by the AWS SDK for JavaScript v3: the audit's calls and remediation's,
 * on one client per region. The SDK's own retries are off: callers retry with `withRetry` and their own
 * backoff so they can count and report every throttled call.
 */
export function sdkControlPlaneFactory(
  options: SdkOptions,
  sdk: typeof AgentCoreControl = loadSdk(),
): (region: string) => ControlPlane & RemediationControlPlane {
  return (region) => {
    const client = new sdk.BedrockAgentCoreControlClient({
      region,
      profile: options.profile,
      endpoint: options.endpointUrl,
      maxAttempts: 1,
      requestHandler: { connectionTimeout: 10_000, requestTimeout: 30_000 },
    });
    const getGateway = (gatewayId: string) => client.send(new sdk.GetGatewayCommand({ gatewayIdentifier: gatewayId }));
    return {
      async listGateways(nextToken) {
        const out = await client.send(new sdk.ListGatewaysCommand({ maxResults: 100, nextToken }));
        return {
          items: (out.items ?? []).map((g) => ({ gatewayId: g.gatewayId!, name: g.name, status: g.status, authorizerType: g.authorizerType })),
          nextToken: out.nextToken,
        };
      },
      async getGateway(gatewayId) {
        const out = await getGateway(gatewayId);
        return {
          gatewayId: out.gatewayId ?? gatewayId,
          gatewayArn: out.gatewayArn,
          gatewayUrl: out.gatewayUrl,
          name: out.name,
          status: out.status,
          roleArn: out.roleArn,
          protocolType: out.protocolType,
          authorizerType: out.authorizerType,
          authorizerConfiguration: out.authorizerConfiguration,
          policyEngineConfiguration: out.policyEngineConfiguration,
        };
      },
      async getGatewayConfiguration(gatewayId) {
        return { ...(await getGateway(gatewayId)) };
      },
      async listGatewayTargets(gatewayId, nextToken) {
        const out = await client.send(new sdk.ListGatewayTargetsCommand({ gatewayIdentifier: gatewayId, maxResults: 100, nextToken }));
        return { items: (out.items ?? []).map((t) => ({ targetId: t.targetId!, name: t.name, status: t.status })), nextToken: out.nextToken };
      },
      async getResourcePolicy(resourceArn) {
        const out = await client.send(new sdk.GetResourcePolicyCommand({ resourceArn }));
        return out.policy || undefined;
      },
      async getGatewayTarget(gatewayId, targetId) {
        return { ...(await client.send(new sdk.GetGatewayTargetCommand({ gatewayIdentifier: gatewayId, targetId }))) };
      },
    };
  };
}

/** A paged list that cannot be read to its end: a token that repeats, or more items than the caller accepts. */
export class PagingError extends Error {}

/**
 * Reads every page of a paged list. A token that comes back again would loop forever, and a caller may
 * bound the items it accepts (`maxItems`): either stops with a `PagingError` that says so, `what` naming
 * the call.
 */
export async function listAllPages<T>(page: (token?: string) => Promise<Page<T>>, what: string, maxItems: number = Infinity): Promise<T[]> {
  const items: T[] = [];
  const seen = new Set<string>();
  let token: string | undefined;
  do {
    const result = await page(token);
    items.push(...result.items);
    if (items.length > maxItems) {
      throw new PagingError(`${what} returned more than ${maxItems} item(s); stopped there instead of reading without end`);
    }
    token = result.nextToken || undefined;
    if (token !== undefined) {
      if (seen.has(token)) {
        throw new PagingError(`${what} returned the same page token twice; stopped to avoid an endless loop after ${items.length} item(s)`);
      }
      seen.add(token);
    }
  } while (token !== undefined);
  return items;
}

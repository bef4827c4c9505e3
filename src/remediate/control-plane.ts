import type * as AgentCoreControl from '@aws-sdk/client-bedrock-agentcore-control';
import { ControlPlane, loadSdk, SdkOptions } from '../audit/control-plane';

/**
 * The control-plane calls remediation makes in one region: the audit's `listGatewayTargets` (same
 * paging contract), plus the two reads the audit does not need. Both return the API response as
 * untrusted data, every field kept, so that remediation can refuse what it cannot reproduce instead
 * of dropping it.
 */
export interface RemediationControlPlane extends Pick<ControlPlane, 'listGatewayTargets'> {
  /** `GetGateway`, the whole response. */
  getGatewayConfiguration(gatewayId: string): Promise<Record<string, unknown>>;
  /** `GetGatewayTarget`, the whole response. */
  getGatewayTarget(gatewayId: string, targetId: string): Promise<Record<string, unknown>>;
}

/** Makes the remediation control plane of one region. */
export type RemediationControlPlaneFactory = (region: string) => RemediationControlPlane;

/**
 * The remediation control plane backed by the AWS SDK for JavaScript v3, loaded and configured as the
 * audit's `sdkControlPlaneFactory` does (lazily loaded package, SDK retries off because callers retry
 * with `withRetry` and count, the same timeouts).
 *
 * It builds its own client only because the audit's factory keeps its client private and returns the
 * three audit calls; when the control-plane module can be extended, these two methods belong there.
 */
export function sdkRemediationControlPlaneFactory(
  options: SdkOptions,
  sdk: typeof AgentCoreControl = loadSdk(),
): RemediationControlPlaneFactory {
  return (region) => {
    const client = new sdk.BedrockAgentCoreControlClient({
      region,
      profile: options.profile,
      endpoint: options.endpointUrl,
      maxAttempts: 1,
      requestHandler: { connectionTimeout: 10_000, requestTimeout: 30_000 },
    });
    return {
      async getGatewayConfiguration(gatewayId) {
        return { ...(await client.send(new sdk.GetGatewayCommand({ gatewayIdentifier: gatewayId }))) };
      },
      async getGatewayTarget(gatewayId, targetId) {
        return { ...(await client.send(new sdk.GetGatewayTargetCommand({ gatewayIdentifier: gatewayId, targetId }))) };
      },
      async listGatewayTargets(gatewayId, nextToken) {
        const out = await client.send(new sdk.ListGatewayTargetsCommand({ gatewayIdentifier: gatewayId, maxResults: 100, nextToken }));
        return { items: (out.items ?? []).map((t) => ({ targetId: t.targetId!, name: t.name, status: t.status })), nextToken: out.nextToken };
      },
    };
  };
}

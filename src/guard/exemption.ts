import { CfnResource, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { findGatewayResources } from './gateway-resources';
import { EXEMPTION_METADATA_KEY, GATEWAY_RESOURCE_TYPE, MIN_EXEMPTION_REASON_LENGTH } from '../engine/constants';

/**
 * Options for `GatewayAuthorizationExemption.exempt()`.
 */
export interface GatewayAuthorizationExemptionOptions {
  /**
   * Why this gateway is deliberately deployed without inbound authorization, and what protects it instead
   * (for example request interceptors). Shown in the guard's report.
   *
   * At least 20 characters, a literal string (not a token).
   */
  readonly reason: string;
}

/**
 * Declares that a gateway is deliberately public.
 *
 * The declaration is stored in the gateway resource's template `Metadata`, so every entry point (the
 * synth-time guard and the template scanner) sees the same exemption. It only takes effect where the
 * guard that checks the gateway was applied with `allowExemptions: true`; otherwise the gateway still
 * fails, with rule AGW7 explaining why the exemption was not accepted.
 */
export class GatewayAuthorizationExemption {
  /**
   * Exempts a gateway from `RequireGatewayAuthorization`.
   *
   * @param gateway the gateway: a `CfnGateway` (or any `CfnResource` of type
   * `AWS::BedrockAgentCore::Gateway`), or a higher-level construct that contains exactly one
   * such resource (the aws-cdk-lib or alpha `Gateway`, `SecureAgentCoreGateway`).
   * @param options the reason
   */
  public static exempt(gateway: IConstruct, options: GatewayAuthorizationExemptionOptions): void {
    const reason = options.reason;
    if (typeof reason !== 'string' || Token.isUnresolved(reason)) {
      throw new Error(
        `GatewayAuthorizationExemption.exempt(${gateway.node.path}): reason must be a literal string, not a token, so that it can be read from the template.`,
      );
    }
    if (reason.trim().length < MIN_EXEMPTION_REASON_LENGTH) {
      throw new Error(
        `GatewayAuthorizationExemption.exempt(${gateway.node.path}): reason '${reason}' has ${reason.trim().length} characters; ` +
          `give at least ${MIN_EXEMPTION_REASON_LENGTH} that say why the gateway is public and what protects it instead.`,
      );
    }
    const resource = singleGatewayResource(gateway);
    resource.addMetadata(EXEMPTION_METADATA_KEY, { reason });
  }

  private constructor() {}
}

function singleGatewayResource(gateway: IConstruct): CfnResource {
  if (CfnResource.isCfnResource(gateway)) return gateway;
  const found = findGatewayResources(gateway);
  if (found.length === 1) return found[0];
  if (found.length === 0) {
    throw new Error(
      `GatewayAuthorizationExemption.exempt(${gateway.node.path}): no ${GATEWAY_RESOURCE_TYPE} resource found under this construct; pass the gateway construct or its CfnGateway.`,
    );
  }
  throw new Error(
    `GatewayAuthorizationExemption.exempt(${gateway.node.path}): ${found.length} gateway resources found under this construct ` +
      `(${found.map((r) => r.node.path).join(', ')}); exempt each one explicitly.`,
  );
}

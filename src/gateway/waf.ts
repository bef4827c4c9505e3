/**
 * What the gateway does with a request when AWS WAF cannot evaluate it (unreachable or timed out).
 *
 * @see https://docs.aws.amazon.com/bedrock-agentcore-control/latest/APIReference/API_WafConfiguration.html
 */
export enum GatewayWafFailureMode {
  /** Block the request: no request reaches a target without passing the web ACL. */
  FAIL_CLOSE = 'FAIL_CLOSE',
  /** Let the request through uninspected: availability over protection while WAF is unavailable. */
  FAIL_OPEN = 'FAIL_OPEN',
}

/**
 * An AWS WAF web ACL in front of the gateway. AWS WAF inspects every inbound request before it reaches a
 * target; a request that matches a block rule is rejected by the gateway.
 *
 * @see https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/gateway-waf.html
 */
export interface GatewayWafConfiguration {
  /**
   * The ARN of a regional AWS WAF web ACL (`arn:<partition>:wafv2:<region>:<account>:regional/webacl/<name>/<id>`)
   * in the gateway's region, e.g. `wafv2.CfnWebACL.attrArn`. CloudFront (global) web ACLs cannot protect a
   * gateway.
   */
  readonly webAclArn: string;

  /**
   * What the gateway does with a request when AWS WAF cannot evaluate it.
   *
   * @default GatewayWafFailureMode.FAIL_CLOSE
   */
  readonly failureMode?: GatewayWafFailureMode;
}

/**
 * The regions where the AWS Config managed rule `BEDROCKAGENTCORE_GATEWAY_AUTHORIZER_ENABLED` exists.
 *
 * Source: the AWS Config Developer Guide page "bedrockagentcore-gateway-authorizer-enabled"
 * (https://docs.aws.amazon.com/config/latest/developerguide/bedrockagentcore-gateway-authorizer-enabled.html),
 * read from a stored copy in November 2026. AWS adds regions over time; the construct only warns
 * outside this list, so a newer region still deploys.
 */
export const GATEWAY_AUTHORIZER_MANAGED_RULE_REGIONS: readonly string[] = Object.freeze([
  'us-east-1', // US East (N. Virginia)
  'us-east-2', // US East (Ohio)
  'us-west-2', // US West (Oregon)
  'ca-central-1', // Canada (Central)
  'eu-central-1', // Europe (Frankfurt)
  'eu-west-1', // Europe (Ireland)
  'eu-west-2', // Europe (London)
  'eu-west-3', // Europe (Paris)
  'eu-north-1', // Europe (Stockholm)
  'ap-south-1', // Asia Pacific (Mumbai)
  'ap-southeast-1', // Asia Pacific (Singapore)
  'ap-southeast-2', // Asia Pacific (Sydney)
  'ap-northeast-1', // Asia Pacific (Tokyo)
  'ap-northeast-2', // Asia Pacific (Seoul)
]);

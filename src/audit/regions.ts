/**
 * The commercial-partition regions where Amazon Bedrock AgentCore Gateway is available: what
 * `audit --all-regions` checks.
 *
 * Source: the "Supported AWS Regions" table of the Amazon Bedrock AgentCore Developer Guide
 * (bedrock-agentcore/latest/devguide/agentcore-regions.html), read from stored copies in November 2026.
 * AWS GovCloud (US-West) also has gateways but needs GovCloud credentials: name it with `--region`.
 */
export const AGENTCORE_GATEWAY_REGIONS: readonly string[] = Object.freeze([
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'sa-east-1',
  'eu-central-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-north-1',
  'eu-south-1',
  'eu-south-2',
  'ap-south-1',
  'ap-south-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-5',
  'ap-southeast-7',
  'ap-northeast-1',
  'ap-northeast-2',
]);

/**
 * Regions that an account must enable before use. In an account that has not, every call fails with
 * an "invalid security token" error; `--all-regions` reports such a region as not enabled instead of
 * failing the audit.
 */
export const OPT_IN_REGIONS: ReadonlySet<string> = new Set(['eu-south-1', 'eu-south-2', 'ap-south-2', 'ap-southeast-5', 'ap-southeast-7']);

/** A region name as AWS spells them (`us-east-1`, `us-gov-west-1`, `ap-southeast-7`). */
export function isRegionName(value: string): boolean {
  return /^[a-z]{2}(-[a-z]+)+-\d+$/.test(value);
}

/** The CloudFormation type of an Amazon Bedrock AgentCore gateway. */
export const GATEWAY_RESOURCE_TYPE = 'AWS::BedrockAgentCore::Gateway';

/**
 * Template `Metadata` key under which an exemption is recorded on a gateway resource.
 *
 * Kept in the template (not only on the construct) so that template-only entry points, such as the
 * command-line scanner, see the same exemption as the synth-time guard.
 */
export const EXEMPTION_METADATA_KEY = 'cdk-secure-agentcore-gateway:exemption';

/** Minimum length of an exemption reason, after trimming. */
export const MIN_EXEMPTION_REASON_LENGTH = 20;

/** Authorizer types whose meaning the guard knows. */
export const KNOWN_AUTHORIZER_TYPES: readonly string[] = ['CUSTOM_JWT', 'AWS_IAM', 'NONE'];

/**
 * Above this many combinations of parameter values, conditions and mapping keys (of the values that decide a
 * verdict) the engine stops and fails closed.
 */
export const MAX_COMBINATIONS = 256;

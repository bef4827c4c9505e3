/** The CloudFormation type of an Amazon Bedrock AgentCore gateway. */
export const GATEWAY_RESOURCE_TYPE = 'AWS::BedrockAgentCore::Gateway';

/** The CloudFormation type of a resource-based policy on an AgentCore gateway or runtime (AGW9). */
export const RESOURCE_POLICY_RESOURCE_TYPE = 'AWS::BedrockAgentCore::ResourcePolicy';

/**
 * Template `Metadata` key under which an exemption is recorded on a gateway resource.
 *
 * Kept in the template (not only on the construct) so that template-only entry points, such as the
 * command-line scanner, see the same exemption as the synth-time guard.
 */
export const EXEMPTION_METADATA_KEY = 'cdk-secure-agentcore-gateway:exemption';

/** Minimum length of an exemption reason, after trimming. */
export const MIN_EXEMPTION_REASON_LENGTH = 20;

/**
 * The authorizer type that authenticates callers but leaves authorization to something else (AGW8): the
 * gateway validates the token but enforces no audience or scope.
 */
export const AUTHENTICATE_ONLY = 'AUTHENTICATE_ONLY';

/** Authorizer types whose meaning the guard knows. */
export const KNOWN_AUTHORIZER_TYPES: readonly string[] = ['CUSTOM_JWT', 'AWS_IAM', AUTHENTICATE_ONLY, 'NONE'];

/** Authorizer types whose tokens are checked against `AuthorizerConfiguration.CustomJWTAuthorizer` (AGW4, AGW5). */
export const JWT_AUTHORIZER_TYPES: readonly string[] = ['CUSTOM_JWT', AUTHENTICATE_ONLY];

/**
 * Above this many combinations of parameter values, conditions and mapping keys (of the values that decide a
 * verdict) the engine stops and fails closed.
 */
export const MAX_COMBINATIONS = 256;

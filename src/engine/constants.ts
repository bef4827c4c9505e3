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

/** The fix shared by every rule that fails a gateway's inbound authorization. */
export const REPLACE_GATEWAY_FIX =
  'Use SecureAgentCoreGateway, or give the aws-cdk-lib Gateway an authorizer with ' +
  'GatewayAuthorizer.usingCognito(), usingCustomJwt() or usingAwsIam() (for a CfnGateway: AuthorizerType ' +
  'AWS_IAM, or CUSTOM_JWT with a CustomJWTAuthorizer). The authorizer type cannot be changed on an ' +
  'existing gateway, so the fix replaces it: give the gateway a new construct ID (a new logical ID) and, ' +
  'if its Name is fixed, a new name.';

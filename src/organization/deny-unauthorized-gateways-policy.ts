import { Annotations, Token, aws_organizations as organizations } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { gatewayScpJson, SCP_MAX_CHARACTERS, validateGatewayScpOptions } from './scp';
import { PropErrors } from '../engine/prop-errors';

/**
 * Properties of a `DenyUnauthorizedGatewaysPolicy`.
 */
export interface DenyUnauthorizedGatewaysPolicyProps {
  /**
   * The IDs of the organization root (`r-...`), organizational units (`ou-...`) or accounts (12 digits)
   * the policy is attached to.
   *
   * @default - the policy is created but not attached (attach it later in AWS Organizations)
   */
  readonly targetIds?: string[];

  /**
   * Authorizer types AgentCore adds after this version, allowed besides AWS_IAM and CUSTOM_JWT. NONE is never
   * allowed, nor is AUTHENTICATE_ONLY: the policy cannot see the policy engine in ENFORCE mode that it needs
   * (rule AGW8).
   *
   * @default - only AWS_IAM and CUSTOM_JWT
   */
  readonly additionalAllowedAuthorizerTypes?: string[];

  /**
   * `StringLike` patterns of the discovery URLs a gateway with a JWT authorizer may use, for example
   * `https://cognito-idp.eu-west-1.amazonaws.com/*` for any Cognito user pool in one region. Each pattern
   * must name its host literally: IAM's `*` also matches `/` and `.`.
   *
   * @default - any discovery URL
   */
  readonly allowedDiscoveryUrls?: string[];

  /**
   * ARNs of IAM roles or users (matched against `aws:PrincipalArn`, wildcards allowed, e.g.
   * `arn:aws:iam::*:role/BreakGlass`) that the policy does not restrict.
   *
   * @default - nobody is exempt
   */
  readonly breakGlassPrincipalArns?: string[];

  /**
   * The name of the policy in AWS Organizations, 1 to 128 characters.
   *
   * @default 'DenyUnauthorizedAgentCoreGateways'
   */
  readonly policyName?: string;

  /**
   * The description of the policy, at most 512 characters.
   *
   * @default - a description that says what the policy denies
   */
  readonly description?: string;
}

/**
 * A service control policy that denies `bedrock-agentcore:CreateGateway` and `UpdateGateway` unless the
 * gateway's authorizer type (condition key `bedrock-agentcore:GatewayAuthorizerType`) is allowed: AWS_IAM
 * and CUSTOM_JWT by default. A request without the key is denied too. Optionally it also requires JWT
 * gateways to use an approved identity provider (`bedrock-agentcore:DiscoveryUrl`) and exempts break-glass
 * principals.
 *
 * The SCP acts on the API call itself, so it stops public gateways made by any tool: the console, the CLI,
 * SDKs, Terraform, Lambda-backed custom resources and CloudFormation alike. It does not check the JWT
 * configuration (audience, clients, scopes): the Guard hook and the synth-time guard do.
 *
 * Deploy it in the organization's management account (or a delegated administrator account for AWS
 * Organizations policies), with service control policies enabled. SCPs never restrict the management
 * account itself.
 *
 * @see https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/security-gateway-condition-keys.html
 */
export class DenyUnauthorizedGatewaysPolicy extends Construct {
  /** The default name of the policy. */
  public static readonly DEFAULT_POLICY_NAME = 'DenyUnauthorizedAgentCoreGateways';

  /** AWS Organizations' limit on the size of a service control policy, in characters. */
  public static readonly MAX_POLICY_CHARACTERS = SCP_MAX_CHARACTERS;

  /** The `AWS::Organizations::Policy` resource. */
  public readonly policy: organizations.CfnPolicy;

  /** The ID of the policy (`p-...`). */
  public readonly policyId: string;

  /** The ARN of the policy. */
  public readonly policyArn: string;

  /** The policy document, as the minified JSON stored in AWS Organizations. */
  public readonly policyDocument: string;

  /** The size of the policy document in characters, counted against `MAX_POLICY_CHARACTERS`. */
  public readonly policySize: number;

  constructor(scope: Construct, id: string, props: DenyUnauthorizedGatewaysPolicyProps = {}) {
    super(scope, id);
    validateProps(props).throwIfAny('DenyUnauthorizedGatewaysPolicy', this.node.path);

    this.policyDocument = gatewayScpJson({
      additionalAllowedAuthorizerTypes: props.additionalAllowedAuthorizerTypes,
      allowedDiscoveryUrls: props.allowedDiscoveryUrls,
      breakGlassPrincipalArns: props.breakGlassPrincipalArns,
    });
    this.policySize = this.policyDocument.length;

    this.policy = new organizations.CfnPolicy(this, 'Resource', {
      name: props.policyName ?? DenyUnauthorizedGatewaysPolicy.DEFAULT_POLICY_NAME,
      type: 'SERVICE_CONTROL_POLICY',
      description:
        props.description ??
        'Denies creating or updating an Amazon Bedrock AgentCore gateway without an allowed inbound authorizer (no AuthorizerType NONE).',
      // The L1 accepts the document as an object only; the size above is that of its minified form.
      content: JSON.parse(this.policyDocument),
      targetIds: props.targetIds,
    });
    this.policyId = this.policy.attrId;
    this.policyArn = this.policy.attrArn;

    if (!props.targetIds || props.targetIds.length === 0) {
      Annotations.of(this).addWarningV2(
        'cdk-secure-agentcore-gateway:scp-not-attached',
        'The service control policy is not attached to any root, organizational unit or account, so it denies nothing yet. ' +
          'Set targetIds, or attach it in AWS Organizations.',
      );
    }
  }
}

const TARGET_ID = /^(r-[0-9a-z]{4,32}|\d{12}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/;

function validateProps(props: DenyUnauthorizedGatewaysPolicyProps): PropErrors {
  const errors = new PropErrors();
  const literal = (values: string[] | undefined) => values === undefined || !values.some((v) => Token.isUnresolved(v));
  for (const field of ['allowedDiscoveryUrls', 'breakGlassPrincipalArns'] as const) {
    if (!literal(props[field])) {
      errors.add(
        field,
        'holds a token; the policy must be known at synth time to be checked against the SCP size limit (and a role ' +
          'created in this stack lives in the management account, which SCPs never restrict)',
        'write the values out',
      );
    }
  }
  if (literal(props.allowedDiscoveryUrls) && literal(props.breakGlassPrincipalArns)) {
    validateGatewayScpOptions(
      {
        additionalAllowedAuthorizerTypes: props.additionalAllowedAuthorizerTypes,
        allowedDiscoveryUrls: props.allowedDiscoveryUrls,
        breakGlassPrincipalArns: props.breakGlassPrincipalArns,
      },
      errors,
    );
  }
  (props.targetIds ?? []).forEach((target, i) => {
    if (!Token.isUnresolved(target) && !TARGET_ID.test(target)) {
      errors.add(
        `targetIds[${i}]`,
        `'${target}' is not an organization root (r-...), organizational unit (ou-...-...) or account ID (12 digits)`,
        'copy the ID from AWS Organizations',
      );
    }
  });
  if (props.targetIds && new Set(props.targetIds).size !== props.targetIds.length) {
    errors.add('targetIds', 'lists a target twice; AWS Organizations requires unique targets', 'remove the duplicates');
  }
  const name = props.policyName;
  if (name !== undefined && !Token.isUnresolved(name) && (name.length < 1 || name.length > 128)) {
    errors.add('policyName', `is ${name.length} characters; AWS Organizations accepts 1 to 128`, 'shorten it, or leave it out');
  }
  const description = props.description;
  if (description !== undefined && !Token.isUnresolved(description) && description.length > 512) {
    errors.add('description', `is ${description.length} characters; AWS Organizations accepts at most 512`, 'shorten it');
  }
  return errors;
}

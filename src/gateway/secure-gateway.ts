import { Token } from 'aws-cdk-lib';
import * as agentcore from 'aws-cdk-lib/aws-bedrockagentcore';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { GatewayAuthorization, GatewayAuthorizationMode, JwtAuthorizerExtras } from './authorization';
import { AddClientOptions, CognitoM2MAuthorizer, M2MClient } from './cognito-m2m';
import { assertNamesPrincipals, GatewayResourcePolicy } from './resource-policy';
import { PropErrors, validateGatewayName } from './validation';
import { GatewayWafConfiguration, GatewayWafFailureMode } from './waf';
import { validateWafConfiguration } from './waf-validation';

/**
 * Properties of a `SecureAgentCoreGateway`. Every property is optional: the default is a gateway
 * behind machine-to-machine Cognito authorization.
 */
export interface SecureAgentCoreGatewayProps {
  /**
   * How callers authenticate. There is no option for "none".
   *
   * Changing the kind of authorization (Cognito or custom JWT vs. AWS IAM) replaces the gateway and
   * re-creates its targets, because AgentCore cannot change the authorizer type of an existing
   * gateway. If you set `gatewayName`, change it in the same deployment, or the replacement collides
   * with the old gateway's name.
   *
   * @default GatewayAuthorization.cognitoM2M()
   */
  readonly authorization?: GatewayAuthorization;

  /**
   * The gateway name: 1-48 letters or digits, optionally separated by single hyphens, at most 48
   * characters. (AgentCore itself accepts 100 characters, but aws-cdk-lib's `Gateway`, which this
   * construct uses, rejects names over 48.)
   *
   * @default - generated from the construct path and the authorization kind
   */
  readonly gatewayName?: string;

  /**
   * A description of the gateway.
   *
   * @default - no description
   */
  readonly description?: string;

  /**
   * The MCP protocol configuration.
   *
   * @default - aws-cdk-lib's default MCP configuration
   */
  readonly protocolConfiguration?: agentcore.IGatewayProtocolConfig;

  /**
   * A customer-managed KMS key to encrypt the gateway's data.
   *
   * @default - an AWS-owned key
   */
  readonly kmsKey?: kms.IKey;

  /**
   * The role the gateway assumes to call its targets.
   *
   * @default - a new role, scoped to this gateway by aws-cdk-lib
   */
  readonly role?: iam.IRole;

  /**
   * How much detail error responses carry.
   *
   * @default - minimal error detail
   */
  readonly exceptionLevel?: agentcore.GatewayExceptionLevel;

  /**
   * Request and response interceptors (at most one of each).
   *
   * @default - no interceptors
   */
  readonly interceptorConfigurations?: agentcore.IInterceptor[];

  /**
   * A Cedar policy engine that authorizes each tool call.
   *
   * @default - no policy engine
   */
  readonly policyEngineConfiguration?: agentcore.GatewayPolicyEngineConfig;

  /**
   * Tags for the gateway.
   *
   * @default - no tags
   */
  readonly tags?: { [key: string]: string };

  /**
   * An AWS WAF web ACL that inspects every request before it reaches a target. The gateway blocks
   * requests when WAF cannot evaluate them, unless `failureMode` says otherwise.
   *
   * @see https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/gateway-waf.html
   * @default - no web ACL
   */
  readonly wafConfiguration?: GatewayWafConfiguration;
}

/**
 * An Amazon Bedrock AgentCore gateway that always has inbound authorization.
 *
 * Built on aws-cdk-lib's `aws_bedrockagentcore.Gateway` (exposed as `gateway`), it adds what that L2
 * leaves out: Cognito scopes that are actually enforced, a hosted-domain prefix that Cognito accepts and
 * that does not collide across accounts, a documented way for agents to obtain their client secret,
 * validated custom-JWT settings, and no way to ask for `AuthorizerType: NONE`.
 *
 * @see https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/gateway-inbound-auth.html
 */
export class SecureAgentCoreGateway extends Construct {
  /** The aws-cdk-lib Gateway this construct configures; use it for anything not wrapped here. */
  public readonly gateway: agentcore.Gateway;
  /** The kind of authorization in force. */
  public readonly authorizationMode: GatewayAuthorizationMode;
  /** The Cognito resources, for `GatewayAuthorization.cognitoM2M()` gateways. */
  public readonly cognito?: CognitoM2MAuthorizer;

  /** Created by the first `grantInvoke()` to a principal of another account. */
  private resourcePolicy?: GatewayResourcePolicy;

  constructor(scope: Construct, id: string, props: SecureAgentCoreGatewayProps = {}) {
    super(scope, id);
    const authorization = props.authorization ?? GatewayAuthorization.cognitoM2M();
    const errors = new PropErrors();
    validateGatewayName(props.gatewayName, errors);
    authorization._validate(errors);
    validateWafConfiguration(this, props.wafConfiguration, errors);
    errors.throwIfAny('SecureAgentCoreGateway', this.node.path);

    this.authorizationMode = authorization.mode;
    const bound = authorization._bind(this);
    this.cognito = bound.cognito;

    // The inner id carries the rendered authorizer type: AgentCore rejects an in-place change of the
    // type, so switching between JWT and IAM must become a new logical id (a replacement, which also
    // re-creates the targets beneath it and, without a fixed name, gives the new gateway a new name).
    this.gateway = new agentcore.Gateway(this, innerGatewayId(bound.authorizer.authorizerType), {
      authorizerConfiguration: bound.authorizer,
      gatewayName: props.gatewayName,
      description: props.description,
      protocolConfiguration: props.protocolConfiguration,
      kmsKey: props.kmsKey,
      role: props.role,
      exceptionLevel: props.exceptionLevel,
      interceptorConfigurations: props.interceptorConfigurations,
      policyEngineConfiguration: props.policyEngineConfiguration,
      tags: props.tags,
    });
    // What the L2 has no prop for (as of aws-cdk-lib 2.276) goes onto its L1 through the typed
    // properties, which exist since the peer floor (2.269.0).
    this.setJwtExtras(bound.jwtExtras);
    if (props.wafConfiguration) {
      this.cfnGateway.wafConfiguration = { failureMode: props.wafConfiguration.failureMode ?? GatewayWafFailureMode.FAIL_CLOSE };
      new wafv2.CfnWebACLAssociation(this, 'WebAclAssociation', {
        resourceArn: this.gateway.gatewayArn,
        webAclArn: props.wafConfiguration.webAclArn,
      });
    }
  }

  /** The gateway's ARN. */
  public get gatewayArn(): string {
    return this.gateway.gatewayArn;
  }

  /** The gateway's id. */
  public get gatewayId(): string {
    return this.gateway.gatewayId;
  }

  /** The gateway's name. */
  public get gatewayName(): string {
    return this.gateway.gatewayName;
  }

  /** The MCP endpoint agents connect to. */
  public get gatewayUrl(): string {
    // Always set for a gateway created here (the L2 only leaves it unset for imported gateways).
    return this.gateway.gatewayUrl!;
  }

  /** The token endpoint, for Cognito gateways. */
  public get tokenEndpointUrl(): string | undefined {
    return this.cognito?.tokenEndpointUrl;
  }

  /** The OpenID Connect discovery URL, for Cognito gateways. */
  public get discoveryUrl(): string | undefined {
    return this.cognito?.discoveryUrl;
  }

  /** The full OAuth scopes a token must carry, for Cognito gateways. */
  public get oauthScopes(): string[] | undefined {
    return this.cognito?.oauthScopes;
  }

  /**
   * Adds a machine-to-machine app client (one per calling agent) and allows it on the gateway.
   * Only for `GatewayAuthorization.cognitoM2M()` gateways.
   */
  public addClient(id: string, options: AddClientOptions = {}): M2MClient {
    if (!this.cognito) {
      throw new Error(
        `SecureAgentCoreGateway at '${this.node.path}': addClient() needs GatewayAuthorization.cognitoM2M(), but this gateway uses ${this.authorizationMode}. ` +
        'Fix: register the client with your identity provider and list it in customJwt({ allowedClients }), or use cognitoM2M().',
      );
    }
    return this.cognito.addClient(id, options);
  }

  /**
   * Grants `bedrock-agentcore:InvokeGateway` on this gateway's ARN only.
   *
   * Only for `GatewayAuthorization.awsIam()` gateways: JWT gateways ignore IAM and check tokens instead.
   * A principal of this gateway's account gets an identity-policy statement. A principal that may be in
   * another account (a role imported by ARN, an `AccountPrincipal`, a role in a stack of another
   * account) also gets a statement in the gateway's resource policy (`AWS::BedrockAgentCore::ResourcePolicy`),
   * naming exactly that principal: AgentCore admits cross-account callers only when both allow it. All
   * such grants share one resource policy per gateway. A principal with a wildcard (`AnyPrincipal`,
   * `OrganizationPrincipal`, `AccountPrincipal('*')`) is refused, as are service and federated principals:
   * the gateway's resource policy never admits everyone.
   */
  public grantInvoke(grantee: iam.IGrantable): iam.Grant {
    if (this.authorizationMode !== GatewayAuthorizationMode.AWS_IAM) {
      throw new Error(
        `SecureAgentCoreGateway at '${this.node.path}': grantInvoke() only has an effect on AWS_IAM gateways, but this gateway uses ${this.authorizationMode}, which checks OAuth tokens. ` +
        'Fix: for Cognito, give the caller its own client with addClient() and grantReadCredentials(); or use GatewayAuthorization.awsIam().',
      );
    }
    const principal = grantee.grantPrincipal;
    assertNamesPrincipals(this, new iam.PolicyStatement({ principals: [principal] }), this.node.path);
    const otherKinds = Object.keys(principal.policyFragment.principalJson).filter((kind) => kind !== 'AWS');
    if (otherKinds.length > 0) {
      throw new Error(
        `SecureAgentCoreGateway at '${this.node.path}': grantInvoke() admits AWS principals (roles, users, accounts), but ${principal} is a ${otherKinds.join(' and ')} principal; ` +
        'only roles, users and accounts sign requests to an AWS_IAM gateway (services and federated users call it through a role). ' +
        'Fix: grant the role the caller runs as, e.g. a Lambda function\'s role (pass the function itself) or iam.Role.fromRoleArn(this, \'Caller\', \'arn:aws:iam::<account>:role/<name>\').',
      );
    }
    // Same account (or both unknown, i.e. the same environment-agnostic deployment): the identity policy
    // is enough. Otherwise, or when the principal's policy cannot be changed, the resource policy admits it.
    return iam.Grant.addToPrincipalOrResource({
      grantee,
      actions: ['bedrock-agentcore:InvokeGateway'],
      resourceArns: [this.gatewayArn],
      resource: {
        env: this.gateway.env,
        addToResourcePolicy: (statement) => {
          // Checked before the policy exists, so that a refused first grant leaves no empty policy behind.
          assertNamesPrincipals(this, statement, this.node.path);
          this.resourcePolicy ??= new GatewayResourcePolicy(this, 'ResourcePolicy', this.gatewayArn);
          this.resourcePolicy.addStatement(statement, this.node.path);
          return { statementAdded: true, policyDependable: this.resourcePolicy.resource };
        },
      },
    });
  }

  /** Adds a Lambda function target (see aws-cdk-lib `Gateway.addLambdaTarget`). */
  public addLambdaTarget(id: string, options: agentcore.AddLambdaTargetOptions): agentcore.GatewayTarget {
    return this.gateway.addLambdaTarget(id, options);
  }

  /** Adds an OpenAPI target (see aws-cdk-lib `Gateway.addOpenApiTarget`). */
  public addOpenApiTarget(id: string, options: agentcore.AddOpenApiTargetOptions): agentcore.GatewayTarget {
    return this.gateway.addOpenApiTarget(id, options);
  }

  /** Adds an MCP server target (see aws-cdk-lib `Gateway.addMcpServerTarget`). */
  public addMcpServerTarget(id: string, options: agentcore.AddMcpServerTargetOptions): agentcore.GatewayTarget {
    return this.gateway.addMcpServerTarget(id, options);
  }

  /** Adds a Smithy model target (see aws-cdk-lib `Gateway.addSmithyTarget`). */
  public addSmithyTarget(id: string, options: agentcore.AddSmithyTargetOptions): agentcore.GatewayTarget {
    return this.gateway.addSmithyTarget(id, options);
  }

  /** Adds an API Gateway REST API target (see aws-cdk-lib `Gateway.addApiGatewayTarget`). */
  public addApiGatewayTarget(id: string, options: agentcore.AddApiGatewayTargetOptions): agentcore.GatewayTarget {
    return this.gateway.addApiGatewayTarget(id, options);
  }

  private get cfnGateway(): agentcore.CfnGateway {
    return this.gateway.node.defaultChild as agentcore.CfnGateway;
  }

  /** Adds JWT authorizer settings next to those the L2 rendered (it renders a plain object, see the tests). */
  private setJwtExtras(extras: JwtAuthorizerExtras | undefined): void {
    if (extras?.privateEndpoint === undefined && extras?.advertisedScopeMapping === undefined) {
      return;
    }
    const rendered = this.cfnGateway.authorizerConfiguration;
    const jwt = isJwtAuthorizer(rendered) ? rendered.customJwtAuthorizer : undefined;
    if (jwt === undefined || Token.isUnresolved(jwt)) {
      // Fail loudly rather than drop a setting if a future aws-cdk-lib renders the authorizer differently.
      throw new Error(`SecureAgentCoreGateway at '${this.node.path}': aws-cdk-lib's Gateway did not render a CustomJWTAuthorizer object; cannot add privateEndpoint or advertisedScopeMapping. Please report this with your aws-cdk-lib version.`);
    }
    this.cfnGateway.authorizerConfiguration = {
      customJwtAuthorizer: {
        ...jwt as agentcore.CfnGateway.CustomJWTAuthorizerConfigurationProperty,
        privateEndpoint: extras.privateEndpoint,
        advertisedScopeMapping: extras.advertisedScopeMapping,
      },
    };
  }
}

function isJwtAuthorizer(value: unknown): value is agentcore.CfnGateway.AuthorizerConfigurationProperty {
  return typeof value === 'object' && value !== null && !Token.isUnresolved(value) && 'customJwtAuthorizer' in value;
}

function innerGatewayId(type: agentcore.GatewayAuthorizerType): string {
  switch (type) {
    case agentcore.GatewayAuthorizerType.CUSTOM_JWT:
      return 'JwtGateway';
    case agentcore.GatewayAuthorizerType.AWS_IAM:
      return 'IamGateway';
    default:
      // Unreachable through the public API; guards against a future variant rendering something else.
      throw new Error(`SecureAgentCoreGateway: refusing to create a gateway with authorizer type ${type}`);
  }
}

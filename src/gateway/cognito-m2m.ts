import { Duration, Lazy, Names, RemovalPolicy, SecretValue, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { CognitoM2MOptions } from './authorization-options';
import { DEFAULT_SCOPES } from './cognito-defaults';
import { generateDomainPrefix } from './domain-prefix';
import { PropErrors, validateAccessTokenValidity } from './validation';

const DEFAULT_RESOURCE_SERVER = 'agentcore-gateway';
const DEFAULT_ACCESS_TOKEN_VALIDITY = Duration.minutes(60);

/**
 * Options for one more machine-to-machine app client.
 */
export interface AddClientOptions {
  /**
   * Store the client's credentials (client id, secret, token endpoint, scopes) in an AWS Secrets Manager
   * secret, so that an agent can be granted this one client's secret and nothing else.
   *
   * @default false
   */
  readonly storeSecret?: boolean;

  /**
   * The client's name in the Cognito console.
   *
   * @default - the construct id
   */
  readonly clientName?: string;
}

/**
 * The Cognito resources behind a `GatewayAuthorization.cognitoM2M()` gateway: a user pool (created or
 * given), a resource server with scopes, a hosted domain for the token endpoint and one app client per
 * calling agent, each restricted to the client-credentials flow.
 */
export class CognitoM2MAuthorizer extends Construct {
  /** The user pool that issues tokens. */
  public readonly userPool: cognito.IUserPool;
  /** The resource server whose scopes the gateway requires. */
  public readonly resourceServer: cognito.UserPoolResourceServer;
  /** The hosted domain serving the token endpoint. */
  public readonly userPoolDomain: cognito.IUserPoolDomain;
  /** Full OAuth scope strings (`<resource server>/<scope>`), as requested at the token endpoint. */
  public readonly oauthScopes: string[];
  /** The OAuth 2.0 token endpoint agents call with the client-credentials grant. */
  public readonly tokenEndpointUrl: string;
  /** The OpenID Connect discovery URL the gateway validates tokens against. */
  public readonly discoveryUrl: string;
  /** Access-token validity of every client. */
  public readonly accessTokenValidity: Duration;

  /**
   * The resource server's identifier as a literal (the resource server's own `Ref` is a token), for
   * places where a scope must be written out, such as map keys.
   * @internal
   */
  public readonly _resourceServerIdentifier: string;

  private readonly scopeObjects: cognito.OAuthScope[];
  private readonly clientList: M2MClient[] = [];
  private readonly storeDefaultClientSecret: boolean;

  constructor(scope: Construct, id: string, options: CognitoM2MOptions = {}) {
    super(scope, id);
    this.accessTokenValidity = options.accessTokenValidity ?? DEFAULT_ACCESS_TOKEN_VALIDITY;
    this.storeDefaultClientSecret = options.storeDefaultClientSecret ?? false;

    this.userPool = options.userPool ?? this.createUserPool(options);

    const scopeNames = options.scopes ?? DEFAULT_SCOPES;
    const scopeDefinitions = scopeNames.map((scopeName) => ({
      scopeName,
      scopeDescription: `Call the tools of AgentCore gateway ${scope.node.path}`.slice(0, 256),
    }));
    this._resourceServerIdentifier = options.resourceServerIdentifier ?? (options.userPool
      // Several gateways may share an existing pool; identifiers must be unique within it.
      ? Names.uniqueResourceName(this, { maxLength: 64, separator: '-' })
      : DEFAULT_RESOURCE_SERVER);
    this.resourceServer = new cognito.UserPoolResourceServer(this, 'ResourceServer', {
      userPool: this.userPool,
      identifier: this._resourceServerIdentifier,
      scopes: scopeDefinitions,
    });
    this.scopeObjects = scopeDefinitions.map((s) => cognito.OAuthScope.resourceServer(this.resourceServer, s));
    this.oauthScopes = this.scopeObjects.map((s) => s.scopeName);

    this.userPoolDomain = options.userPoolDomain ?? new cognito.UserPoolDomain(this, 'Domain', {
      userPool: this.userPool,
      cognitoDomain: { domainPrefix: options.domainPrefix ?? generateDomainPrefix(scope, this) },
    });
    const stack = Stack.of(this);
    const baseUrl = this.userPoolDomain instanceof cognito.UserPoolDomain
      ? this.userPoolDomain.baseUrl()
      // An imported domain is a Cognito prefix domain (a pool has at most one).
      : `https://${this.userPoolDomain.domainName}.auth.${stack.region}.amazoncognito.com`;
    this.tokenEndpointUrl = `${baseUrl}/oauth2/token`;
    this.discoveryUrl = `https://cognito-idp.${stack.region}.${stack.urlSuffix}/${this.userPool.userPoolId}/.well-known/openid-configuration`;

    this.addClient('DefaultClient', { storeSecret: this.storeDefaultClientSecret });
  }

  /** Every app client, in the order they were added. */
  public get clients(): M2MClient[] {
    return [...this.clientList];
  }

  /**
   * The client ids the gateway accepts; resolved at synthesis so that clients added later are included.
   * @internal
   */
  public get _allowedClientIds(): string[] {
    return Lazy.list({ produce: () => this.clientList.map((c) => c.clientId) });
  }

  /**
   * Adds one more machine-to-machine app client (typically one per calling agent) and allows it on the
   * gateway.
   */
  public addClient(id: string, options: AddClientOptions = {}): M2MClient {
    const client = new M2MClient(this, id, {
      userPool: this.userPool,
      scopes: this.scopeObjects,
      oauthScopes: this.oauthScopes,
      tokenEndpointUrl: this.tokenEndpointUrl,
      accessTokenValidity: this.accessTokenValidity,
      storeSecret: options.storeSecret,
      clientName: options.clientName,
    });
    this.clientList.push(client);
    return client;
  }

  private createUserPool(options: CognitoM2MOptions): cognito.UserPool {
    const removalPolicy = options.removalPolicy ?? RemovalPolicy.RETAIN;
    return new cognito.UserPool(this, 'UserPool', {
      // Machines authenticate with client credentials; no person ever signs up, signs in or recovers
      // an account here, so every user-facing path is closed.
      selfSignUpEnabled: false,
      signInAliases: { username: true },
      accountRecovery: cognito.AccountRecovery.NONE,
      // Irrelevant to client credentials, but a user created by hand later must still meet them.
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(1),
      },
      deletionProtection: options.deletionProtection ?? removalPolicy !== RemovalPolicy.DESTROY,
      removalPolicy,
    });
  }
}

/**
 * Properties of an `M2MClient`. Prefer `SecureAgentCoreGateway.addClient()`, which also allows the
 * client on the gateway.
 */
export interface M2MClientProps extends AddClientOptions {
  /** The pool the client belongs to. */
  readonly userPool: cognito.IUserPool;
  /** The resource-server scopes the client may request. */
  readonly scopes: cognito.OAuthScope[];
  /** The same scopes as full strings, stored with the credentials. */
  readonly oauthScopes: string[];
  /** The token endpoint, stored with the credentials. */
  readonly tokenEndpointUrl: string;
  /**
   * Access-token validity.
   *
   * @default Duration.minutes(60)
   */
  readonly accessTokenValidity?: Duration;
}

/**
 * One calling agent's app client: a generated secret, only the client-credentials flow, no user
 * sign-in flows, token revocation on.
 */
export class M2MClient extends Construct {
  /** The Cognito app client. */
  public readonly userPoolClient: cognito.UserPoolClient;
  /** The client id (the token's `client_id`). */
  public readonly clientId: string;
  /**
   * The Secrets Manager secret holding `client_id`, `client_secret`, `token_endpoint` and `scope`,
   * when the client was created with `storeSecret`.
   */
  public readonly secret?: secretsmanager.ISecret;

  private readonly userPool: cognito.IUserPool;

  constructor(scope: Construct, id: string, props: M2MClientProps) {
    super(scope, id);
    const errors = new PropErrors();
    validateAccessTokenValidity('accessTokenValidity', props.accessTokenValidity, errors);
    errors.throwIfAny('M2MClient', this.node.path);
    this.userPool = props.userPool;
    this.userPoolClient = new cognito.UserPoolClient(this, 'Client', {
      userPool: props.userPool,
      userPoolClientName: props.clientName,
      generateSecret: true,
      oAuth: { flows: { clientCredentials: true }, scopes: props.scopes },
      authFlows: { userPassword: false, userSrp: false, custom: false, adminUserPassword: false },
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: props.accessTokenValidity ?? DEFAULT_ACCESS_TOKEN_VALIDITY,
    });
    this.clientId = this.userPoolClient.userPoolClientId;

    if (props.storeSecret ?? false) {
      this.secret = new secretsmanager.Secret(this, 'Credentials', {
        description: `OAuth client credentials for AgentCore gateway client ${this.node.path}`,
        // The secret value is read at deploy time by a custom resource (DescribeUserPoolClient, with
        // its response hidden from logs); the template only holds a reference to it.
        secretObjectValue: {
          client_id: SecretValue.unsafePlainText(this.clientId),
          client_secret: this.userPoolClient.userPoolClientSecret,
          token_endpoint: SecretValue.unsafePlainText(props.tokenEndpointUrl),
          scope: SecretValue.unsafePlainText(props.oauthScopes.join(' ')),
        },
      });
    }
  }

  /**
   * Lets `grantee` read this client's credentials at run time.
   *
   * With `storeSecret`, grants `secretsmanager:GetSecretValue` on this client's secret only. Without it,
   * grants `cognito-idp:DescribeUserPoolClient` on the user pool, which IAM cannot narrow to one client:
   * the grantee can read the secret of every client in that pool (by default a pool dedicated to this
   * gateway). Use `storeSecret` when agents must not see each other's credentials.
   */
  public grantReadCredentials(grantee: iam.IGrantable): iam.Grant {
    if (this.secret) {
      return this.secret.grantRead(grantee);
    }
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['cognito-idp:DescribeUserPoolClient'],
      resourceArns: [this.userPool.userPoolArn],
    });
  }
}

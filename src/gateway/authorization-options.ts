import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as agentcore from 'aws-cdk-lib/aws-bedrockagentcore';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { IdentityProviderPrivateEndpoint } from './private-endpoint';

/**
 * Options for the default machine-to-machine Cognito authorization.
 */
export interface CognitoM2MOptions {
  /**
   * An existing user pool to issue tokens from.
   *
   * @default - a new user pool hardened for machine-to-machine use is created
   */
  readonly userPool?: cognito.IUserPool;

  /**
   * The hosted domain of `userPool`, when that pool already has one (a pool can have only one Cognito
   * domain). Only valid together with `userPool`.
   *
   * @default - a new hosted domain is added to the pool
   */
  readonly userPoolDomain?: cognito.IUserPoolDomain;

  /**
   * The hosted-domain prefix for the token endpoint. Must match
   * `^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$`, must not contain `aws`, `amazon` or `cognito`, and is
   * unique per region across all AWS accounts.
   *
   * @default - generated from the stack and construct ids plus a hash of the construct path, account and
   * region (or, for environment-agnostic stacks, the stack's own id), so that it never contains a reserved
   * word and the same app deployed to two accounts does not collide
   */
  readonly domainPrefix?: string;

  /**
   * The identifier of the resource server; scopes are `<identifier>/<scope>`.
   *
   * @default - 'agentcore-gateway' for a new pool; for an existing pool, a name derived from the
   * construct path so that several gateways can share the pool
   */
  readonly resourceServerIdentifier?: string;

  /**
   * The scopes the resource server defines. The gateway requires every token to carry one of them.
   *
   * @default ['invoke']
   */
  readonly scopes?: string[];

  /**
   * How long an access token is valid. Cognito allows 5 minutes to 1 day.
   *
   * @default Duration.minutes(60)
   */
  readonly accessTokenValidity?: Duration;

  /**
   * What happens to a user pool this construct creates when it is removed from the stack.
   * Only valid without `userPool`.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * Whether the created user pool has deletion protection. Only valid without `userPool`; cannot be
   * combined with `RemovalPolicy.DESTROY` (the delete would fail).
   *
   * @default - true, unless removalPolicy is DESTROY
   */
  readonly deletionProtection?: boolean;

  /**
   * Whether the first app client also stores its credentials (client id, secret, token endpoint and
   * scopes) in an AWS Secrets Manager secret. Applies to the default client; `addClient()` has its own
   * option.
   *
   * @default false
   */
  readonly storeDefaultClientSecret?: boolean;

  /**
   * How the gateway reaches Cognito privately (through a VPC Lattice resource in your VPC, e.g. to a
   * Cognito interface VPC endpoint given as `routingDomain`) instead of over the internet. Callers still
   * reach the gateway's own endpoint as before.
   *
   * @default - the gateway reaches Cognito over the internet
   */
  readonly privateEndpoint?: IdentityProviderPrivateEndpoint;

  /**
   * Scope names to advertise to clients (in OAuth protected-resource metadata and `WWW-Authenticate`
   * headers) in place of the scopes the gateway validates. Keys are names from `scopes` (e.g. `invoke`);
   * the gateway still requires the validated scope `<resourceServerIdentifier>/<name>` in every token.
   *
   * @default - clients are told the validated scopes unchanged
   */
  readonly advertisedScopeMapping?: { [scope: string]: string };
}

/**
 * Options for a gateway that trusts an existing OpenID Connect provider.
 */
export interface CustomJwtOptions {
  /**
   * The provider's OpenID Connect discovery URL: https, ending in `/.well-known/openid-configuration`.
   */
  readonly discoveryUrl: string;

  /**
   * Accepted values of the token's `aud` claim.
   *
   * @default - the audience is not checked
   */
  readonly allowedAudience?: string[];

  /**
   * Accepted values of the token's `client_id` claim.
   *
   * @default - the client is not checked
   */
  readonly allowedClients?: string[];

  /**
   * Accepted values in the token's `scope` claim.
   *
   * @default - scopes are not checked
   */
  readonly allowedScopes?: string[];

  /**
   * Further claims the token must carry. The claim name `client_id` is reserved by the service.
   *
   * @default - no custom claims
   */
  readonly customClaims?: agentcore.GatewayCustomClaim[];

  /**
   * How the gateway reaches a provider that is not on the internet (for example Keycloak inside your
   * VPC) to fetch its discovery document and signing keys. Callers still reach the gateway's own
   * endpoint as before.
   *
   * @default - the gateway reaches the provider over the internet
   */
  readonly privateEndpoint?: IdentityProviderPrivateEndpoint;

  /**
   * Scopes to advertise to clients (in OAuth protected-resource metadata and `WWW-Authenticate` headers)
   * in place of the scopes the gateway validates, for providers where the scope a client requests differs
   * from the scope in the token it gets. Keys must be scopes of `allowedScopes`; the gateway keeps
   * validating those.
   *
   * @default - clients are told the validated scopes unchanged
   */
  readonly advertisedScopeMapping?: { [scope: string]: string };
}

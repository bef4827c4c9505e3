import { RemovalPolicy, Token } from 'aws-cdk-lib';
import * as agentcore from 'aws-cdk-lib/aws-bedrockagentcore';
import { Construct } from 'constructs';
import { validateAdvertisedScopeMapping } from './advertised-scope-mapping';
import { CognitoM2MOptions, CustomJwtOptions } from './authorization-options';
import { DEFAULT_SCOPES } from './cognito-defaults';
import { CognitoM2MAuthorizer } from './cognito-m2m';
import {
  PropErrors,
  RESERVED_CLAIM_NAMES,
  validateAccessTokenValidity,
  validateDiscoveryUrl,
  validateDomainPrefix,
  validateNonEmptyList,
  validateRestrictsTokens,
  validateScopes,
} from './validation';

/**
 * How callers authenticate to the gateway. There is deliberately no way to express "no authorization".
 */
export enum GatewayAuthorizationMode {
  /** A Cognito user pool issues client-credentials (machine-to-machine) tokens; rendered as `CUSTOM_JWT`. */
  COGNITO_M2M = 'COGNITO_M2M',
  /** Any OpenID Connect provider; rendered as `CUSTOM_JWT`. */
  CUSTOM_JWT = 'CUSTOM_JWT',
  /** Callers sign requests with SigV4 and need `bedrock-agentcore:InvokeGateway`; rendered as `AWS_IAM`. */
  AWS_IAM = 'AWS_IAM',
}

/**
 * The inbound authorization of a `SecureAgentCoreGateway`.
 *
 * Chosen with a static factory. None renders `AuthorizerType: NONE`.
 */
export abstract class GatewayAuthorization {
  /**
   * Machine-to-machine OAuth with a hardened Cognito user pool (the default): the gateway accepts only
   * access tokens issued to this construct's app clients, carrying one of its scopes.
   */
  public static cognitoM2M(options: CognitoM2MOptions = {}): GatewayAuthorization {
    return new CognitoM2MAuthorization(options);
  }

  /**
   * Tokens from any OpenID Connect provider (Okta, Auth0, Microsoft Entra ID, an existing Cognito pool).
   * At least one of audience, clients, scopes or custom claims must be given.
   */
  public static customJwt(options: CustomJwtOptions): GatewayAuthorization {
    return new CustomJwtAuthorization(options);
  }

  /**
   * Callers sign requests with AWS SigV4; grant them access with `SecureAgentCoreGateway.grantInvoke()`.
   */
  public static awsIam(): GatewayAuthorization {
    return new AwsIamAuthorization();
  }

  /** Which kind of authorization this is. */
  public abstract readonly mode: GatewayAuthorizationMode;

  /**
   * Problems with the options, each naming the field, the rule and the fix.
   * @internal
   */
  public abstract _validate(errors: PropErrors): void;

  /**
   * Creates what this authorization needs (for Cognito: pool, domain, clients) and returns the
   * aws-cdk-lib authorizer to render.
   * @internal
   */
  public abstract _bind(scope: Construct): BoundAuthorization;
}

/** What binding an authorization to a gateway produced. */
export interface BoundAuthorization {
  readonly authorizer: agentcore.IGatewayAuthorizerConfig;
  readonly cognito?: CognitoM2MAuthorizer;
  /** JWT authorizer settings the aws-cdk-lib L2 has no prop for; set on the L1 `CustomJWTAuthorizer`. */
  readonly jwtExtras?: JwtAuthorizerExtras;
}

/** The `CustomJWTAuthorizer` properties rendered next to what the L2 renders. */
export interface JwtAuthorizerExtras {
  readonly privateEndpoint?: agentcore.CfnGateway.PrivateEndpointProperty;
  readonly advertisedScopeMapping?: { [scope: string]: string };
}

class CognitoM2MAuthorization extends GatewayAuthorization {
  public readonly mode = GatewayAuthorizationMode.COGNITO_M2M;

  constructor(public readonly options: CognitoM2MOptions) {
    super();
  }

  public _validate(errors: PropErrors): void {
    const o = this.options;
    validateDomainPrefix('cognitoM2M.domainPrefix', o.domainPrefix, errors);
    validateAccessTokenValidity('cognitoM2M.accessTokenValidity', o.accessTokenValidity, errors);
    validateNonEmptyList('cognitoM2M.scopes', o.scopes, errors);
    validateScopes('cognitoM2M.scopes', o.scopes, errors);
    (o.scopes ?? []).forEach((scope, i) => {
      if (scope.includes('/')) {
        errors.add(`cognitoM2M.scopes[${i}]`, `'${scope}' contains '/', which Cognito reserves to join the resource server and the scope name`, 'give the bare scope name, e.g. \'invoke\'');
      }
    });
    if (o.resourceServerIdentifier !== undefined) {
      validateScopes('cognitoM2M.resourceServerIdentifier', [o.resourceServerIdentifier], errors);
    }
    if (o.userPool) {
      if (o.removalPolicy !== undefined) {
        errors.add('cognitoM2M.removalPolicy', 'applies only to a user pool this construct creates, but userPool was given', 'set the removal policy on your own pool and omit removalPolicy');
      }
      if (o.deletionProtection !== undefined) {
        errors.add('cognitoM2M.deletionProtection', 'applies only to a user pool this construct creates, but userPool was given', 'set deletion protection on your own pool and omit deletionProtection');
      }
    } else {
      if (o.userPoolDomain) {
        errors.add('cognitoM2M.userPoolDomain', 'is only valid together with userPool', 'pass the pool the domain belongs to as userPool, or omit userPoolDomain');
      }
      if (o.removalPolicy === RemovalPolicy.DESTROY && o.deletionProtection === true) {
        errors.add('cognitoM2M.deletionProtection', 'is true while removalPolicy is DESTROY, so deleting the pool would fail', 'keep RemovalPolicy.RETAIN (the default) or set deletionProtection to false');
      }
    }
    if (o.userPoolDomain && o.domainPrefix !== undefined) {
      errors.add('cognitoM2M.domainPrefix', 'cannot be combined with userPoolDomain (the pool already has its domain)', 'omit one of them');
    }
    o.privateEndpoint?._validate('cognitoM2M.privateEndpoint', errors);
    validateAdvertisedScopeMapping('cognitoM2M.advertisedScopeMapping', o.advertisedScopeMapping, o.scopes ?? DEFAULT_SCOPES, 'cognitoM2M.scopes', errors);
    if (o.advertisedScopeMapping !== undefined && o.resourceServerIdentifier !== undefined && Token.isUnresolved(o.resourceServerIdentifier)) {
      errors.add(
        'cognitoM2M.advertisedScopeMapping',
        'needs the literal resourceServerIdentifier to write out the validated scopes, but resourceServerIdentifier is only known at deploy time',
        'give resourceServerIdentifier as a literal string, or omit advertisedScopeMapping',
      );
    }
  }

  public _bind(scope: Construct): BoundAuthorization {
    const m2m = new CognitoM2MAuthorizer(scope, 'Cognito', this.options);
    const mapping = this.options.advertisedScopeMapping;
    return {
      cognito: m2m,
      jwtExtras: {
        privateEndpoint: this.options.privateEndpoint?._render(),
        // Keys name scopes as the token carries them. The literal identifier is used because CloudFormation
        // map keys cannot be references (m2m.oauthScopes are `Ref`s of the resource server).
        advertisedScopeMapping: mapping && Object.fromEntries(Object.entries(mapping).map(([name, advertised]) =>
          [`${m2m._resourceServerIdentifier}/${name}`, advertised])),
      },
      authorizer: agentcore.GatewayAuthorizer.usingCustomJwt({
        discoveryUrl: m2m.discoveryUrl,
        // Lazy: clients added later with addClient() are allowed too. Cognito access tokens carry
        // client_id and scope but no aud, so clients and scopes are what the gateway must check.
        allowedClients: m2m._allowedClientIds,
        allowedScopes: m2m.oauthScopes,
      }),
    };
  }
}

class CustomJwtAuthorization extends GatewayAuthorization {
  public readonly mode = GatewayAuthorizationMode.CUSTOM_JWT;

  constructor(public readonly options: CustomJwtOptions) {
    super();
  }

  public _validate(errors: PropErrors): void {
    const o = this.options;
    validateDiscoveryUrl('customJwt.discoveryUrl', o.discoveryUrl, errors);
    validateRestrictsTokens(
      'customJwt',
      { AllowedAudience: o.allowedAudience, AllowedClients: o.allowedClients, AllowedScopes: o.allowedScopes, CustomClaims: o.customClaims },
      errors,
    );
    validateNonEmptyList('customJwt.allowedAudience', o.allowedAudience, errors);
    validateNonEmptyList('customJwt.allowedClients', o.allowedClients, errors);
    validateNonEmptyList('customJwt.allowedScopes', o.allowedScopes, errors);
    validateScopes('customJwt.allowedScopes', o.allowedScopes, errors);
    if (o.customClaims !== undefined && o.customClaims.length === 0) {
      errors.add('customJwt.customClaims', 'is an empty list; the service rejects empty lists', 'list at least one claim or omit customClaims');
    }
    (o.customClaims ?? []).forEach((claim, i) => {
      const name = claim._render().inboundTokenClaimName;
      if (typeof name === 'string' && RESERVED_CLAIM_NAMES.includes(name)) {
        errors.add(`customJwt.customClaims[${i}]`, `the claim name '${name}' is reserved by the service`, 'use allowedClients to restrict client_id');
      }
    });
    o.privateEndpoint?._validate('customJwt.privateEndpoint', errors);
    validateAdvertisedScopeMapping('customJwt.advertisedScopeMapping', o.advertisedScopeMapping, o.allowedScopes, 'customJwt.allowedScopes', errors);
  }

  public _bind(_scope: Construct): BoundAuthorization {
    const { privateEndpoint, advertisedScopeMapping, ...l2Options } = this.options;
    return {
      authorizer: agentcore.GatewayAuthorizer.usingCustomJwt(l2Options),
      jwtExtras: { privateEndpoint: privateEndpoint?._render(), advertisedScopeMapping },
    };
  }

}

class AwsIamAuthorization extends GatewayAuthorization {
  public readonly mode = GatewayAuthorizationMode.AWS_IAM;

  public _validate(_errors: PropErrors): void {
    // Nothing to configure.
  }

  public _bind(_scope: Construct): BoundAuthorization {
    return { authorizer: agentcore.GatewayAuthorizer.usingAwsIam() };
  }
}

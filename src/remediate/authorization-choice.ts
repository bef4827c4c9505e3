import { PropErrors, validateDiscoveryUrl, validateNonEmptyList, validateScopes } from '../gateway/validation';

/** The inbound authorization the replacement gateway gets (`--authorization`). */
export type AuthorizationChoice =
  /** A new hardened Cognito user pool issuing client-credentials tokens (`GatewayAuthorization.cognitoM2M()`). */
  | { readonly kind: 'cognito-m2m' }
  /** SigV4-signed callers with `bedrock-agentcore:InvokeGateway` (`GatewayAuthorization.awsIam()`). */
  | { readonly kind: 'iam' }
  /** An existing OpenID Connect provider (`GatewayAuthorization.customJwt()`). */
  | {
    readonly kind: 'jwt';
    readonly discoveryUrl: string;
    readonly allowedClients?: readonly string[];
    readonly allowedAudience?: readonly string[];
    readonly allowedScopes?: readonly string[];
  };

/** The CloudFormation `AuthorizerType` the choice renders. */
export function authorizerTypeOf(choice: AuthorizationChoice): 'CUSTOM_JWT' | 'AWS_IAM' {
  return choice.kind === 'iam' ? 'AWS_IAM' : 'CUSTOM_JWT';
}

/**
 * Problems with a choice, each naming the option, the rule and the fix: the same rules
 * `GatewayAuthorization.customJwt()` enforces, checked before anything is generated.
 */
export function validateAuthorizationChoice(choice: AuthorizationChoice): string[] {
  if (choice.kind !== 'jwt') {
    return [];
  }
  const errors = new PropErrors();
  validateDiscoveryUrl('--discovery-url', choice.discoveryUrl, errors);
  validateNonEmptyList('--allowed-clients', asList(choice.allowedClients), errors);
  validateNonEmptyList('--allowed-audience', asList(choice.allowedAudience), errors);
  validateNonEmptyList('--allowed-scopes', asList(choice.allowedScopes), errors);
  validateScopes('--allowed-scopes', asList(choice.allowedScopes), errors);
  if (!choice.allowedClients && !choice.allowedAudience && !choice.allowedScopes) {
    errors.add(
      '--authorization jwt',
      'none of --allowed-clients, --allowed-audience or --allowed-scopes is given, so any token from the provider (issued to any application) would be accepted',
      'name the app clients that may call the gateway with --allowed-clients (or the audience or scopes their tokens carry)',
    );
  }
  return [...errors.messages];
}

function asList(values: readonly string[] | undefined): string[] | undefined {
  return values === undefined ? undefined : [...values];
}

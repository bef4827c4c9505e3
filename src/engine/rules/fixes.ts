// Fix texts that several rules share. Each rule names its own fix for every entry point (see `GatewayRule`);
// the texts here exist once because more than one rule gives the same advice.

/** The CDK fix shared by every rule whose fix changes the authorizer type. */
export const REPLACE_GATEWAY_FIX =
  'Use SecureAgentCoreGateway, or give the aws-cdk-lib Gateway an authorizer with ' +
  'GatewayAuthorizer.usingCognito(), usingCustomJwt() or usingAwsIam() (for a CfnGateway: AuthorizerType ' +
  'AWS_IAM, or CUSTOM_JWT with a CustomJWTAuthorizer). The authorizer type cannot be changed on an ' +
  'existing gateway, so the fix replaces it: give the gateway a new construct ID (a new logical ID) and, ' +
  'if its Name is fixed, a new name.';

/** The same advice in one clause, where space is short (an AWS Config rule description, a notification). */
export const RECREATE_GATEWAY_BRIEF = 'recreate the gateway with CUSTOM_JWT or AWS_IAM (the authorizer type cannot be changed in place)';

/** A deployed gateway, as far as its live fix names it. */
export interface LiveGateway {
  readonly gatewayId?: string;
  readonly name?: string;
  readonly arn?: string;
  /** Its authorizer type, as `GetGateway` returned it. */
  readonly authorizerType?: string;
  /** Its targets, when they could be listed. */
  readonly targets?: ReadonlyArray<{ readonly targetId: string; readonly name?: string }>;
}

/** The live fix of a wrong authorizer type: it cannot change in place, so the gateway is recreated. */
export function recreateLiveGatewayFix(gateway: LiveGateway): string {
  const targets = gateway.targets;
  const targetText =
    targets === undefined
      ? 'its targets (list them with `aws bedrock-agentcore-control list-gateway-targets`)'
      : targets.length === 0
        ? 'its targets (it has none today)'
        : `its ${targets.length} target(s): ${targets.map((t) => `${t.name ?? '?'} (${t.targetId})`).join(', ')}`;
  const old = gateway.gatewayId === undefined ? 'the old gateway' : `${gateway.name ?? gateway.gatewayId} (${gateway.gatewayId})`;
  return (
    'Recreate the gateway: the authorizer type of an existing gateway cannot be changed in place. Create a new gateway ' +
    'with AuthorizerType CUSTOM_JWT (with AllowedClients and AllowedScopes) or AWS_IAM, re-attach ' +
    `${targetText}, move clients to the new gateway URL, then delete ${old}. ` +
    'If a CloudFormation or CDK stack owns the gateway, make the change there (a new logical ID) so the stack does not drift.'
  );
}

/**
 * The live fix of a weak JWT configuration: the authorizer type stays, so the gateway is updated in place.
 * An AUTHENTICATE_ONLY gateway enforces no audience or scope, so only its discovery URL is named.
 */
export function updateJwtInPlaceFix(gateway: LiveGateway = {}): string {
  const type = gateway.authorizerType === 'AUTHENTICATE_ONLY' ? 'AUTHENTICATE_ONLY' : 'CUSTOM_JWT';
  const what =
    type === 'CUSTOM_JWT'
      ? 'a CustomJWTAuthorizer that has an https discovery URL and AllowedClients / AllowedScopes (or AllowedAudience / CustomClaims)'
      : "a CustomJWTAuthorizer that has the issuer's https discovery URL";
  return (
    `The authorizer type stays ${type}, so correct the JWT authorizer in place: call UpdateGateway ` +
    `(aws bedrock-agentcore-control update-gateway) with the same authorizer type and ${what}. If a stack owns the gateway, change it there.`
  );
}

/** `updateJwtInPlaceFix` for a CUSTOM_JWT gateway. */
export const UPDATE_JWT_IN_PLACE_FIX = updateJwtInPlaceFix();

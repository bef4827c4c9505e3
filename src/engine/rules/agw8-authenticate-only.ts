import { AUTHENTICATE_ONLY } from '../constants';
import { describeValue, isPartial, isPlainObject, isUnknown, unknownReason, Value } from '../values';
import { LiveGateway, recreateLiveGatewayFix, REPLACE_GATEWAY_FIX } from './fixes';
import { authorizerType, AUTHORIZER_TYPE_PATH, COMPLIANT, field, GatewayRule, nonCompliant, NOT_APPLICABLE, POLICY_ENGINE_PATH } from './rule';

const WHAT_IT_SKIPS =
  "the gateway validates the token's signature, issuer and expiry but enforces no audience or scope " +
  '(offloaded authorization), so any token its identity provider issues, to any application, gets in';

const ACCEPT_WITH_ENGINE =
  'if authorization is deliberately offloaded, attach a policy engine that authorizes every call: ' +
  "PolicyEngineConfiguration with the engine's Arn and Mode ENFORCE";

/** AGW8: AUTHENTICATE_ONLY without a policy engine that enforces authorization. */
export const AGW8: GatewayRule = {
  id: 'AGW8',
  title: 'AUTHENTICATE_ONLY without a policy engine in ENFORCE mode',
  why:
    'With AuthorizerType AUTHENTICATE_ONLY the gateway only authenticates: it validates the JWT against the ' +
    "issuer's keys but enforces no audience or scope (AWS calls it offloaded authorization), so any token the " +
    'identity provider issues, to any application, gets in unless something else authorizes each call. An ' +
    'AgentCore policy engine attached in ENFORCE mode makes that decision; in LOG_ONLY mode it only records ' +
    'what it would have decided.',
  fix:
    'Use CUSTOM_JWT with AllowedClients / AllowedScopes, or AWS_IAM (this replaces the gateway: ' +
    `${REPLACE_GATEWAY_FIX}) Or, ${ACCEPT_WITH_ENGINE}, and have the one who applies the guard set ` +
    'RequireGatewayAuthorizationProps.allowAuthenticateOnlyWithEnforcedPolicyEngine: true.',
  scanFix:
    'Use CUSTOM_JWT with AllowedClients / AllowedScopes, or AWS_IAM (a new gateway: the authorizer type cannot ' +
    `change in place). Or, ${ACCEPT_WITH_ENGINE}, and scan with --allow-authenticate-only-with-enforced-policy-engine ` +
    '(as RequireGatewayAuthorizationProps.allowAuthenticateOnlyWithEnforcedPolicyEngine does at synth time).',
  liveFix: liveFix,
  briefFix: 'use CUSTOM_JWT or AWS_IAM, or attach a policy engine in ENFORCE mode',
  // Attaching or enforcing a policy engine is an in-place UpdateGateway; only the other way needs a new gateway.
  // Where the guard does not accept AUTHENTICATE_ONLY at all, the other way is the only one: that finding says so.
  replacesGateway: false,
  evaluate: (gateway) => {
    if (authorizerType(gateway) !== AUTHENTICATE_ONLY) return NOT_APPLICABLE;
    const engine = policyEngineProblem(gateway.properties);
    if (!gateway.allowAuthenticateOnlyWithEnforcedPolicyEngine) {
      const state = engine === undefined ? 'its policy engine is in ENFORCE mode, so that option would accept it' : engine.problem;
      return nonCompliant({
        message:
          `AuthorizerType is AUTHENTICATE_ONLY: ${WHAT_IT_SKIPS}. The guard does not accept AUTHENTICATE_ONLY ` +
          `(allowAuthenticateOnlyWithEnforcedPolicyEngine is not set); ${state}.`,
        propertyPath: AUTHORIZER_TYPE_PATH,
        replacesGateway: true,
      });
    }
    if (engine === undefined) return COMPLIANT;
    return nonCompliant({ message: `AuthorizerType is AUTHENTICATE_ONLY and ${engine.problem}; ${WHAT_IT_SKIPS}.`, propertyPath: engine.propertyPath });
  },
};

/** Why a gateway's policy engine does not authorize its calls: a clause, and where. */
export interface PolicyEngineProblem {
  /** A clause that starts in lower case and has no final period, e.g. `its policy engine is in LOG_ONLY mode, ...`. */
  readonly problem: string;
  readonly propertyPath: string;
}

/**
 * Why the gateway's policy engine does not authorize its calls, or undefined when one is attached in ENFORCE
 * mode. Which engine it is and what its policies allow are not judged: an ARN only known at deploy time is
 * as good as a literal one, while a mode only known at deploy time fails closed.
 */
export function policyEngineProblem(properties: Value): PolicyEngineProblem | undefined {
  const configuration = field(properties, 'PolicyEngineConfiguration');
  if (configuration === undefined) {
    return { problem: 'no policy engine is attached (PolicyEngineConfiguration is missing), so nothing authorizes the calls it lets in', propertyPath: POLICY_ENGINE_PATH };
  }
  if (isUnknown(configuration) || isPartial(configuration)) {
    return { problem: `its PolicyEngineConfiguration cannot be proven at synth time (${unknownReason(configuration)})`, propertyPath: POLICY_ENGINE_PATH };
  }
  if (!isPlainObject(configuration)) {
    return { problem: `its PolicyEngineConfiguration is not an object (${describeValue(configuration)})`, propertyPath: POLICY_ENGINE_PATH };
  }
  const modePath = `${POLICY_ENGINE_PATH}.Mode`;
  const mode = field(configuration, 'Mode');
  if (mode === 'LOG_ONLY') {
    return { problem: 'its policy engine is in LOG_ONLY mode, which records what it would decide and enforces nothing', propertyPath: modePath };
  }
  if (isUnknown(mode) || isPartial(mode)) {
    return { problem: `its policy engine's Mode cannot be proven to be ENFORCE (${unknownReason(mode)})`, propertyPath: modePath };
  }
  if (mode !== 'ENFORCE') {
    return { problem: `its policy engine's Mode is ${describeValue(mode)}, not ENFORCE`, propertyPath: modePath };
  }
  const arn = field(configuration, 'Arn');
  const empty = arn === undefined || (typeof arn === 'string' && arn.trim() === '');
  if (empty || !(typeof arn === 'string' || isUnknown(arn) || isPartial(arn))) {
    return {
      problem: `its policy engine's Arn is ${empty ? 'missing or empty' : `not a string (${describeValue(arn)})`}, so no engine is attached`,
      propertyPath: `${POLICY_ENGINE_PATH}.Arn`,
    };
  }
  return undefined;
}

function liveFix(gateway: LiveGateway): string {
  return (
    'Either keep AUTHENTICATE_ONLY and attach a policy engine that authorizes every call, in place: call UpdateGateway ' +
    '(aws bedrock-agentcore-control update-gateway) with the same authorizer type and policyEngineConfiguration ' +
    '{arn: <policy engine ARN>, mode: ENFORCE}, then audit with --allow-authenticate-only-with-enforced-policy-engine. ' +
    `Or ${lowerFirst(recreateLiveGatewayFix(gateway))}`
  );
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

import { recreateLiveGatewayFix, REPLACE_GATEWAY_FIX } from './fixes';
import { MACRO_KEY, MacroUse } from '../macros';
import { describeValue, isPartial, isUnknown, unknownReason } from '../values';
import { authorizerType, AUTHORIZER_TYPE_PATH, COMPLIANT, GatewayRule, nonCompliant } from './rule';

/** AGW2: the authorizer type is not a value the guard can prove at synth time. */
export const AGW2: GatewayRule = {
  id: 'AGW2',
  title: 'Authorizer type cannot be proven at synth time',
  why:
    'The guard fails closed: a value that is only known at deploy time (a parameter without AllowedValues, ' +
    'Fn::ImportValue, a dynamic reference, an intrinsic it does not evaluate, a macro) or a missing AuthorizerType ' +
    'could deploy a gateway without authorization, and nothing would check it again.',
  fix:
    'Write the authorizer type into the template: a literal CUSTOM_JWT or AWS_IAM, a parameter whose ' +
    'AllowedValues list only CUSTOM_JWT and AWS_IAM, or Fn::If / Fn::FindInMap whose every outcome is ' +
    `one of them; call no macro (${MACRO_KEY}, AWS::Include) inside a gateway's Properties. For an SDK call ` +
    '(AwsCustomResource) that creates a gateway, use a CfnGateway or SecureAgentCoreGateway instead, or write every ' +
    `parameter of the call as a literal. If the gateway really is public today: ${REPLACE_GATEWAY_FIX}`,
  liveFix: recreateLiveGatewayFix,
  replacesGateway: true,
  evaluate: (gateway) => {
    const macros = gateway.macros ?? [];
    if (macros.length > 0) return nonCompliant(...macros.map(macroViolation));
    if (isUnknown(gateway.properties) || isPartial(gateway.properties)) {
      return nonCompliant({
        message: `The gateway's Properties are only known at deploy time (${unknownReason(gateway.properties)}).`,
        propertyPath: 'Properties',
      });
    }
    const type = authorizerType(gateway);
    if (typeof type === 'string') return COMPLIANT;
    if (type === undefined) {
      return nonCompliant({
        message: 'AuthorizerType is missing (removed by an override or never set), so the authorization of the deployed gateway cannot be proven.',
        propertyPath: AUTHORIZER_TYPE_PATH,
      });
    }
    if (isUnknown(type) || isPartial(type)) {
      return nonCompliant({
        message: `AuthorizerType cannot be proven at synth time: ${unknownReason(type)}.`,
        propertyPath: AUTHORIZER_TYPE_PATH,
      });
    }
    return nonCompliant({
      message: `AuthorizerType is not a string (${describeValue(type)}).`,
      propertyPath: AUTHORIZER_TYPE_PATH,
    });
  },
};

function macroViolation(use: MacroUse): { message: string; propertyPath: string } {
  const owner = use.path === MACRO_KEY ? 'the whole resource (its Type included)' : use.path.slice(0, -(MACRO_KEY.length + 1));
  return {
    message:
      `${MACRO_KEY} calls macro ${use.macro}, which rewrites ${owner}, sibling keys included, at deploy time; ` +
      "what deploys cannot be seen at synth time, so the gateway's authorization cannot be proven.",
    propertyPath: use.path,
  };
}

import { describeValue, isPartial, isUnknown, unknownReason, Value } from '../values';
import { UPDATE_JWT_IN_PLACE_FIX } from './fixes';
import { lookUpJwtAuthorizer } from './jwt';
import { authorizerType, COMPLIANT, field, GatewayRule, JWT_PATH, nonCompliant, NOT_APPLICABLE } from './rule';

/** The CustomJWTAuthorizer fields that restrict which tokens are accepted. */
export const RESTRICTIONS = ['AllowedAudience', 'AllowedClients', 'AllowedScopes', 'CustomClaims'] as const;

/** AGW6: a CUSTOM_JWT gateway that accepts any token of the issuer. */
export const AGW6: GatewayRule = {
  id: 'AGW6',
  title: 'CUSTOM_JWT accepts any token of the issuer (no audience, clients, scopes or claims)',
  why:
    'Without AllowedAudience, AllowedClients, AllowedScopes or CustomClaims the gateway accepts every token ' +
    'its issuer signs: any app client of the same Cognito user pool or identity provider tenant, including ' +
    "ones created for other applications, can invoke the gateway's targets.",
  fix:
    'Restrict the tokens: set AllowedClients and AllowedScopes (Cognito access tokens carry client_id and ' +
    'scope, not aud), AllowedAudience for issuers that set aud, or CustomClaims. With the aws-cdk-lib ' +
    'Gateway pass allowedClients / allowedScopes to GatewayAuthorizer.usingCognito() or usingCustomJwt(), ' +
    'or use SecureAgentCoreGateway. Every list needs at least one item.',
  liveFix: () => UPDATE_JWT_IN_PLACE_FIX,
  replacesGateway: false,
  evaluate: (gateway) => {
    // AUTHENTICATE_ONLY enforces no audience or scope whatever the lists say, so they prove nothing there:
    // AGW8 asks for an enforcing policy engine instead.
    if (authorizerType(gateway) !== 'CUSTOM_JWT') return NOT_APPLICABLE;
    const lookup = lookUpJwtAuthorizer(gateway);
    if (lookup.kind !== 'found') return NOT_APPLICABLE;
    const judged = judgeRestrictions(lookup.jwt);
    if (judged.restricts) return COMPLIANT;
    const notes = judged.fields.flatMap((f) => (f.note ? [`${f.name} ${f.note}`] : []));
    const detail = notes.length > 0 ? ` (${notes.join('; ')})` : '';
    return nonCompliant({
      message: `CustomJWTAuthorizer restricts no token: none of ${RESTRICTIONS.join(', ')} is a list with at least one item${detail}.`,
      propertyPath: JWT_PATH,
    });
  },
};

/**
 * Whether a CustomJWTAuthorizer (its evaluated block) restricts which tokens it accepts, and for each
 * restriction field that does not, why: absent (no note), or set but restricting nothing (with a note).
 */
export function judgeRestrictions(jwt: Value): { restricts: boolean; fields: Array<{ name: (typeof RESTRICTIONS)[number]; note?: string }> } {
  const fields: Array<{ name: (typeof RESTRICTIONS)[number]; note?: string }> = [];
  for (const name of RESTRICTIONS) {
    const state = restrictionState(field(jwt, name));
    if (state.restricts) return { restricts: true, fields: [] };
    fields.push({ name, note: state.note });
  }
  return { restricts: false, fields };
}

/** Whether a restriction list provably holds at least one meaningful item. */
export function restrictionState(list: Value): { restricts: boolean; note?: string } {
  if (list === undefined) return { restricts: false };
  if (isUnknown(list)) {
    return list.nonEmptyList ? { restricts: true } : { restricts: false, note: `cannot be proven non-empty: ${unknownReason(list)}` };
  }
  if (!Array.isArray(list)) return { restricts: false, note: `is not a list (${describeValue(list)})` };
  if (list.length === 0) return { restricts: false, note: 'is an empty list' };
  if (list.some(isMeaningfulItem)) return { restricts: true };
  return { restricts: false, note: `holds only empty items (${describeValue(list)})` };
}

/** Counts the items of a restriction list for the report, or undefined when it is not a known list. */
export function restrictionCount(list: Value): number | undefined {
  if (Array.isArray(list)) return list.filter(isMeaningfulItem).length;
  return undefined;
}

function isMeaningfulItem(item: Value): boolean {
  if (typeof item === 'string') return item.trim().length > 0;
  // A token (a client ID from a Ref, a claim object) is a real restriction.
  return isUnknown(item) || isPartial(item) || (typeof item === 'object' && item !== null);
}

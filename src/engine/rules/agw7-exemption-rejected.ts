import { EXEMPTION_METADATA_KEY, MIN_EXEMPTION_REASON_LENGTH } from '../constants';
import { describeValue, isPlainObject, Value } from '../values';
import { COMPLIANT, field, GatewayRule, GatewayView, nonCompliant, NOT_APPLICABLE } from './rule';

const PATH = `Metadata.${EXEMPTION_METADATA_KEY}`;

/** The exemption declared on a gateway, and whether the guard accepts it. */
export interface ExemptionCheck {
  readonly declared: boolean;
  readonly accepted: boolean;
  readonly reason?: string;
  readonly problem?: string;
}

/** Reads and judges the exemption in a gateway's metadata. Pure. */
export function checkExemption(metadata: Value, allowExemptions: boolean): ExemptionCheck {
  const declaration = field(metadata, EXEMPTION_METADATA_KEY);
  if (declaration === undefined) return { declared: false, accepted: false };
  const reason = field(declaration, 'reason');
  if (!isPlainObject(declaration) || typeof reason !== 'string') {
    return {
      declared: true,
      accepted: false,
      problem: `the exemption must be an object with a literal string reason, found ${describeValue(declaration)}`,
    };
  }
  if (reason.trim().length < MIN_EXEMPTION_REASON_LENGTH) {
    return {
      declared: true,
      accepted: false,
      reason,
      problem: `the exemption reason '${reason}' is shorter than ${MIN_EXEMPTION_REASON_LENGTH} characters`,
    };
  }
  if (!allowExemptions) {
    return {
      declared: true,
      accepted: false,
      reason,
      problem: 'the guard that checks this gateway does not allow exemptions (allowExemptions is not set)',
    };
  }
  return { declared: true, accepted: true, reason };
}

/**
 * AGW7: an exemption was declared but cannot be honoured. The engine reports it only next to the findings
 * the exemption failed to waive, so an unused exemption on a compliant gateway is never a violation.
 */
export const AGW7: GatewayRule = {
  id: 'AGW7',
  title: 'Exemption not accepted',
  why:
    'Every gateway needs inbound authorization, in development as in production. A deliberately public ' +
    'gateway is waived only when the one who applies the guard allows exemptions and the gateway states ' +
    `why in at least ${MIN_EXEMPTION_REASON_LENGTH} characters, so that the waiver is visible in the report.`,
  fix:
    'Secure the gateway (see the other findings), or have the guard applied with allowExemptions: true and ' +
    'declare GatewayAuthorizationExemption.exempt(gateway, { reason }) with a reason of at least ' +
    `${MIN_EXEMPTION_REASON_LENGTH} characters.`,
  scanFix:
    'Secure the gateway (see the other findings), or scan with --allow-exemptions (as the guard applied with ' +
    'allowExemptions: true does) and declare GatewayAuthorizationExemption.exempt(gateway, { reason }) with a reason of ' +
    `at least ${MIN_EXEMPTION_REASON_LENGTH} characters.`,
  liveFix: () => 'Secure the gateway (see the other findings): the live audit honours no exemption.',
  replacesGateway: false,
  evaluate: (gateway: GatewayView) => {
    const check = checkExemption(gateway.metadata, gateway.allowExemptions);
    if (!check.declared) return NOT_APPLICABLE;
    if (check.accepted) return COMPLIANT;
    return nonCompliant({ message: `The exemption declared on this gateway is not accepted: ${check.problem}.`, propertyPath: PATH });
  },
};

/** The reason of the exemption declared on a gateway, when it states one. */
export function exemptionReason(gateway: GatewayView): string | undefined {
  return checkExemption(gateway.metadata, gateway.allowExemptions).reason;
}

// The one validator of the guard's options. The Aspect (RequireGatewayAuthorizationProps), the command
// line (--allow-authorizer-type) and the engine itself all ask it; each words the problems for its users.
import { AUTHENTICATE_ONLY } from './constants';

/** The options that decide how strict the guard is, whichever entry point applies it. */
export interface GuardOptions {
  /**
   * Authorizer types the guard does not know yet that are accepted as they are. NONE is never accepted
   * this way, and neither is AUTHENTICATE_ONLY, which has its own option.
   */
  readonly additionalAllowedAuthorizerTypes?: readonly string[];
  /** Whether exemptions declared on gateways are honoured. Default false. */
  readonly allowExemptions?: boolean;
  /**
   * Whether an AUTHENTICATE_ONLY gateway passes when a policy engine in ENFORCE mode authorizes its calls
   * (AGW8). Default false: AUTHENTICATE_ONLY is a violation.
   */
  readonly allowAuthenticateOnlyWithEnforcedPolicyEngine?: boolean;
}

/** What is wrong with one entry of `additionalAllowedAuthorizerTypes`. */
export interface AuthorizerTypeProblem {
  /** The position of the entry in the list. */
  readonly index: number;
  readonly value: unknown;
  /**
   * `none`: NONE (in any case), which only a per-gateway exemption can waive; `authenticate-only`:
   * AUTHENTICATE_ONLY (in any case), which is accepted only with an enforcing policy engine, through
   * `allowAuthenticateOnlyWithEnforcedPolicyEngine`; `malformed`: not an authorizer type.
   */
  readonly kind: 'none' | 'authenticate-only' | 'malformed';
}

/** The shape of an authorizer type: upper-case letters, digits and underscores (`FUTURE_TYPE`). */
export const AUTHORIZER_TYPE_PATTERN = /^[A-Z][A-Z0-9_]*$/;

/** Every problem with a list of additional authorizer types; empty when it can be used. */
export function authorizerTypeProblems(types: readonly unknown[]): AuthorizerTypeProblem[] {
  return types.flatMap((value, index): AuthorizerTypeProblem[] => {
    const normalized = typeof value === 'string' ? value.trim().toUpperCase() : undefined;
    if (normalized === 'NONE') return [{ index, value, kind: 'none' }];
    // Listed here it would pass without the policy engine that AGW8 requires: refused, never silently.
    if (normalized === AUTHENTICATE_ONLY) return [{ index, value, kind: 'authenticate-only' }];
    if (typeof value !== 'string' || !AUTHORIZER_TYPE_PATTERN.test(value)) return [{ index, value, kind: 'malformed' }];
    return [];
  });
}

/**
 * The options with their defaults, as the engine applies them. Entry points refuse NONE and
 * AUTHENTICATE_ONLY in `additionalAllowedAuthorizerTypes` before they get here; should a caller pass them
 * anyway, the engine drops them rather than let them widen what passes.
 */
export function resolveGuardOptions(options: GuardOptions): Required<GuardOptions> {
  const additional = options.additionalAllowedAuthorizerTypes ?? [];
  const refused = new Set(authorizerTypeProblems(additional).filter((p) => p.kind !== 'malformed').map((p) => p.index));
  return {
    additionalAllowedAuthorizerTypes: additional.filter((_, i) => !refused.has(i)),
    allowExemptions: options.allowExemptions ?? false,
    allowAuthenticateOnlyWithEnforcedPolicyEngine: options.allowAuthenticateOnlyWithEnforcedPolicyEngine ?? false,
  };
}

// The one validator of the guard's options. The Aspect (RequireGatewayAuthorizationProps), the command
// line (--allow-authorizer-type) and the engine itself all ask it; each words the problems for its users.

/** The options that decide how strict the guard is, whichever entry point applies it. */
export interface GuardOptions {
  /**
   * Authorizer types beyond CUSTOM_JWT and AWS_IAM that are accepted as they are (e.g. AUTHENTICATE_ONLY).
   * NONE is never accepted this way.
   */
  readonly additionalAllowedAuthorizerTypes?: readonly string[];
  /** Whether exemptions declared on gateways are honoured. Default false. */
  readonly allowExemptions?: boolean;
}

/** What is wrong with one entry of `additionalAllowedAuthorizerTypes`. */
export interface AuthorizerTypeProblem {
  /** The position of the entry in the list. */
  readonly index: number;
  readonly value: unknown;
  /** `none`: NONE (in any case), which only a per-gateway exemption can waive; `malformed`: not an authorizer type. */
  readonly kind: 'none' | 'malformed';
}

/** The shape of an authorizer type: upper-case letters, digits and underscores (`AUTHENTICATE_ONLY`). */
export const AUTHORIZER_TYPE_PATTERN = /^[A-Z][A-Z0-9_]*$/;

/** Every problem with a list of additional authorizer types; empty when it can be used. */
export function authorizerTypeProblems(types: readonly unknown[]): AuthorizerTypeProblem[] {
  return types.flatMap((value, index): AuthorizerTypeProblem[] => {
    if (typeof value === 'string' && value.trim().toUpperCase() === 'NONE') return [{ index, value, kind: 'none' }];
    if (typeof value !== 'string' || !AUTHORIZER_TYPE_PATTERN.test(value)) return [{ index, value, kind: 'malformed' }];
    return [];
  });
}

/**
 * The options with their defaults, as the engine applies them. Entry points refuse NONE before they get
 * here; should a caller pass it anyway, the engine drops it rather than let it widen what passes.
 */
export function resolveGuardOptions(options: GuardOptions): Required<GuardOptions> {
  const additional = options.additionalAllowedAuthorizerTypes ?? [];
  const refused = new Set(authorizerTypeProblems(additional).filter((p) => p.kind === 'none').map((p) => p.index));
  return {
    additionalAllowedAuthorizerTypes: additional.filter((_, i) => !refused.has(i)),
    allowExemptions: options.allowExemptions ?? false,
  };
}

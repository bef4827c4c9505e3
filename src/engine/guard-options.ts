// The one validator of the guard's options. The Aspect (RequireGatewayAuthorizationProps), the command
// line (--allow-authorizer-type, --allow-authenticate-only-with-enforced-policy-engine,
// --allow-template-url-prefix), the policies written for the layers after synth (the Guard rule file, the
// service control policy) and the engine itself all ask it; each words the problems for its users.
import { AUTHENTICATE_ONLY } from './constants';
import { PropErrors } from './prop-errors';

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
  /**
   * URL prefixes of templates that are vetted elsewhere: a nested stack, StackSet, Service Catalog product or
   * AWS::Include whose template is under one of them is not a finding when the guard cannot read it.
   */
  readonly allowedTemplateUrlPrefixes?: readonly string[];
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

/**
 * The shape of an authorizer type: upper-case letters, digits and underscores (`AUTHENTICATE_ONLY`), at
 * most 64 characters. The policies quote the types inside their own languages (a Guard string literal, an
 * IAM condition), so nothing else may get through.
 */
export const AUTHORIZER_TYPE_PATTERN = /^[A-Z][A-Z0-9_]{0,63}$/;

/**
 * The authorizer types every entry point accepts without options: those whose guarantees the guard knows
 * (AGW3), in the order the policies list them.
 */
export const DEFAULT_ALLOWED_AUTHORIZER_TYPES: readonly string[] = ['AWS_IAM', 'CUSTOM_JWT'];

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

/** What is wrong with one entry of `allowedTemplateUrlPrefixes`. */
export interface TemplateUrlPrefixProblem {
  /** The position of the entry in the list. */
  readonly index: number;
  readonly value: unknown;
  /** Why it cannot be used, as a clause (`must end with /`). */
  readonly problem: string;
  /** How to write it instead. */
  readonly fix: string;
}

/**
 * Every problem with a list of allowed template URL prefixes; empty when it can be used. A prefix is an https://
 * (or, for AWS::Include, s3://) URL in normal form that ends with `/`, so that it names a folder of one host and
 * cannot match another host (`https://templates.example.com` would also match `https://templates.example.com.evil.example/`).
 */
export function templateUrlPrefixProblems(prefixes: readonly unknown[]): TemplateUrlPrefixProblem[] {
  const example = "e.g. 'https://my-templates.s3.eu-west-1.amazonaws.com/vetted/'";
  return prefixes.flatMap((value, index): TemplateUrlPrefixProblem[] => {
    const problem = (text: string, fix: string): TemplateUrlPrefixProblem[] => [{ index, value, problem: text, fix }];
    if (typeof value !== 'string') return problem('is not a string', `give the prefix as a string, ${example}`);
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return problem(`'${value}' is not a URL`, `give a URL prefix, ${example}`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 's3:') return problem(`'${value}' must start with https:// (or s3:// for AWS::Include)`, example);
    if (url.hostname === '') return problem(`'${value}' has no host`, example);
    if (url.username || url.password || url.search || url.hash) {
      return problem(`'${value}' must not hold credentials, a query or a fragment`, 'give the folder only, ending with /');
    }
    if (!value.endsWith('/')) {
      return problem(
        `'${value}' must end with / so that it names a folder and cannot match another host or folder`,
        `write '${value}/' (or the folder that holds the vetted templates)`,
      );
    }
    if (url.href !== value) return problem(`'${value}' is not written in normal form`, `write '${url.href}'`);
    return [];
  });
}

/**
 * The options with their defaults, as the engine applies them. Entry points refuse NONE and AUTHENTICATE_ONLY
 * in `additionalAllowedAuthorizerTypes` and malformed URL prefixes before they get here; should a caller pass
 * them anyway, the engine drops them rather than let them widen what passes.
 */
export function resolveGuardOptions(options: GuardOptions): Required<GuardOptions> {
  const additional = options.additionalAllowedAuthorizerTypes ?? [];
  const refused = new Set(authorizerTypeProblems(additional).filter((p) => p.kind !== 'malformed').map((p) => p.index));
  const prefixes = options.allowedTemplateUrlPrefixes ?? [];
  const badPrefixes = new Set(templateUrlPrefixProblems(prefixes).map((p) => p.index));
  return {
    additionalAllowedAuthorizerTypes: additional.filter((_, i) => !refused.has(i)),
    allowExemptions: options.allowExemptions ?? false,
    allowAuthenticateOnlyWithEnforcedPolicyEngine: options.allowAuthenticateOnlyWithEnforcedPolicyEngine ?? false,
    allowedTemplateUrlPrefixes: prefixes.filter((_, i) => !badPrefixes.has(i)),
  };
}

/**
 * The authorizer types the options accept as they are: the defaults first, then the additional ones, once
 * each, never NONE and never AUTHENTICATE_ONLY (which passes only behind an enforcing policy engine, AGW8).
 */
export function allowedAuthorizerTypes(options: GuardOptions = {}): string[] {
  return [...new Set([...DEFAULT_ALLOWED_AUTHORIZER_TYPES, ...resolveGuardOptions(options).additionalAllowedAuthorizerTypes])];
}

/**
 * Records the problems of `additionalAllowedAuthorizerTypes`, worded for the policies this package writes
 * for the layers after synth (the Guard rule file, the service control policy). A policy applies to every
 * gateway alike, so unlike the Aspect it offers no exemption for NONE.
 */
export function addPolicyAuthorizerTypeProblems(types: readonly unknown[] | undefined, errors: PropErrors, field = 'additionalAllowedAuthorizerTypes'): void {
  for (const problem of authorizerTypeProblems(types ?? [])) {
    if (problem.kind === 'none') {
      errors.add(
        `${field}[${problem.index}]`,
        `${JSON.stringify(problem.value)} makes a gateway a public endpoint and is never allowed`,
        'remove it; give the gateway AWS_IAM or CUSTOM_JWT authorization instead',
      );
    } else if (problem.kind === 'authenticate-only') {
      errors.add(
        `${field}[${problem.index}]`,
        `${JSON.stringify(problem.value)} would let AUTHENTICATE_ONLY gateways through without checking the policy engine in ENFORCE ` +
          'mode that authorizes their calls (rule AGW8)',
        'remove it (the policy then refuses AUTHENTICATE_ONLY gateways); give such a gateway AWS_IAM or CUSTOM_JWT authorization, ' +
          "or judge it with RequireGatewayAuthorization's allowAuthenticateOnlyWithEnforcedPolicyEngine instead",
      );
    } else {
      errors.add(
        `${field}[${problem.index}]`,
        `${JSON.stringify(problem.value)} is not an authorizer type name (upper-case letters, digits and underscores, starting with a letter, at most 64 characters)`,
        'write the type as CloudFormation spells it, e.g. CUSTOM_JWT',
      );
    }
  }
}

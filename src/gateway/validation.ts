import { Duration, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Collects every invalid prop of one construct so that a user sees all problems at once,
 * each naming the field, the rule it broke and how to fix it.
 */
export class PropErrors {
  private readonly problems: string[] = [];

  public add(field: string, rule: string, fix: string): void {
    this.problems.push(`${field}: ${rule}. Fix: ${fix}`);
  }

  public addAll(messages: string[]): void {
    this.problems.push(...messages);
  }

  public get messages(): readonly string[] {
    return this.problems;
  }

  /** Throws once, listing every problem, if any were collected. */
  public throwIfAny(scope: IConstruct, what: string): void {
    if (this.problems.length === 0) {
      return;
    }
    const count = this.problems.length === 1 ? '1 invalid property' : `${this.problems.length} invalid properties`;
    throw new Error(`${what} at '${scope.node.path}' has ${count}:\n${this.problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/**
 * The gateway name rule of the aws-cdk-lib L2 we wrap (no underscores). CloudFormation and the AgentCore
 * API allow `^([0-9a-zA-Z][-]?){1,100}$`, but the L2's `Gateway` rejects names over 48 characters
 * (verified at aws-cdk-lib 2.269.0 and 2.276.0), so 48 is the limit a `SecureAgentCoreGateway` can use.
 */
export const GATEWAY_NAME_PATTERN = /^([0-9a-zA-Z][-]?){1,48}$/;

/** The L2's length cap, checked on its own: the pattern counts letter-hyphen pairs, so it admits 96 characters. */
export const GATEWAY_NAME_MAX_LENGTH = 48;

/** Scope strings the gateway accepts in `AllowedScopes` (printable ASCII except space, `"` and `\`). */
export const SCOPE_PATTERN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

/** Cognito hosted-domain prefix syntax. */
export const DOMAIN_PREFIX_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** Words Cognito refuses anywhere in a hosted-domain prefix. */
export const RESERVED_DOMAIN_WORDS = ['aws', 'amazon', 'cognito'];

export const DISCOVERY_URL_SUFFIX = '/.well-known/openid-configuration';

/** How CDK encodes a token inside a string (`${Token[...]}`). */
const TOKEN_MARKER = /\$\{Token\[[^\]]*\]\}/;
const TOKEN_MARKER_GLOBAL = new RegExp(TOKEN_MARKER.source, 'g');

/** The custom claim the service reserves for itself. */
export const RESERVED_CLAIM_NAMES = ['client_id'];

export function validateGatewayName(name: string | undefined, errors: PropErrors): void {
  if (name === undefined || Token.isUnresolved(name)) {
    return;
  }
  if (!GATEWAY_NAME_PATTERN.test(name) || name.length > GATEWAY_NAME_MAX_LENGTH) {
    errors.add(
      'gatewayName',
      `'${name}' must be 1-48 letters or digits, optionally separated by single hyphens, and at most ${GATEWAY_NAME_MAX_LENGTH} characters in all; ` +
      'AgentCore itself accepts 100, but aws-cdk-lib\'s Gateway, which this construct uses, caps names at 48 ' +
      '(pattern ^([0-9a-zA-Z][-]?){1,48}$; underscores are not allowed)',
      'use a name such as \'orders-tools\', or omit gatewayName to let CDK generate one',
    );
  }
}

export function validateDiscoveryUrl(field: string, url: string, errors: PropErrors): void {
  // A URL built from tokens (e.g. `https://${domain}/.well-known/...`) still has literal ends that can be
  // judged now; only the parts that are tokens are left to deploy time (and to the guard).
  const literals = url.split(TOKEN_MARKER);
  const head = literals[0];
  const tail = literals[literals.length - 1];
  const startsWithToken = literals.length > 1 && head === '';
  const endsWithToken = literals.length > 1 && tail === '';
  const headOk = startsWithToken || (literals.length === 1 ? url.startsWith('https://') : head.startsWith('https://') || 'https://'.startsWith(head));
  const tailOk = endsWithToken || tail.endsWith(DISCOVERY_URL_SUFFIX) || (literals.length > 1 && DISCOVERY_URL_SUFFIX.endsWith(tail));
  const shown = literals.length > 1 ? `${url.replace(TOKEN_MARKER_GLOBAL, '${Token}')}` : url;
  if (!headOk) {
    errors.add(field, `'${shown}' must use https`, `use the provider's https discovery URL, ending in '${DISCOVERY_URL_SUFFIX}'`);
  }
  if (!tailOk) {
    errors.add(
      field,
      `'${shown}' must end with '${DISCOVERY_URL_SUFFIX}' (the service rejects other URLs)`,
      `append '${DISCOVERY_URL_SUFFIX}' to the issuer URL, e.g. 'https://login.example.com${DISCOVERY_URL_SUFFIX}'`,
    );
  }
}

/**
 * A list that is given must hold at least one item: the service rejects empty lists, and an empty
 * list reads as "restricted" while restricting nothing.
 */
export function validateNonEmptyList(field: string, list: string[] | undefined, errors: PropErrors): void {
  if (list === undefined || Token.isUnresolved(list)) {
    return;
  }
  if (list.length === 0) {
    errors.add(field, 'is an empty list; the service rejects empty lists', `list at least one value or omit ${field}`);
    return;
  }
  list.forEach((value, i) => {
    if (!Token.isUnresolved(value) && value.trim() === '') {
      errors.add(`${field}[${i}]`, 'is an empty string', 'remove it or give a real value');
    }
  });
}

export function validateScopes(field: string, scopes: string[] | undefined, errors: PropErrors): void {
  if (scopes === undefined || Token.isUnresolved(scopes)) {
    return;
  }
  scopes.forEach((scope, i) => {
    if (!Token.isUnresolved(scope) && scope !== '' && !SCOPE_PATTERN.test(scope)) {
      errors.add(
        `${field}[${i}]`,
        `'${scope}' contains characters the service rejects in a scope (allowed: printable ASCII except space, '"' and '\\')`,
        'remove spaces, quotes and backslashes from the scope',
      );
    }
  });
}

export function validateDomainPrefix(field: string, prefix: string | undefined, errors: PropErrors): void {
  if (prefix === undefined || Token.isUnresolved(prefix)) {
    return;
  }
  if (!DOMAIN_PREFIX_PATTERN.test(prefix)) {
    errors.add(
      field,
      `'${prefix}' must be 1-63 lowercase letters, digits or hyphens, starting and ending with a letter or digit`,
      'use e.g. \'orders-agents-auth\', or omit it to get a generated prefix that is unique per account and region',
    );
  }
  const reserved = RESERVED_DOMAIN_WORDS.filter((word) => prefix.toLowerCase().includes(word));
  if (reserved.length > 0) {
    errors.add(
      field,
      `'${prefix}' contains the reserved word${reserved.length > 1 ? 's' : ''} ${reserved.map((r) => `'${r}'`).join(', ')}, which Cognito rejects in a domain prefix`,
      'choose a prefix without \'aws\', \'amazon\' or \'cognito\', or omit it to get a generated one',
    );
  }
}

export function validateAccessTokenValidity(field: string, validity: Duration | undefined, errors: PropErrors): void {
  if (validity === undefined || validity.isUnresolved()) {
    return;
  }
  const minutes = validity.toMinutes({ integral: false });
  if (minutes < 5 || minutes > 24 * 60) {
    errors.add(
      field,
      `${validity.toHumanString()} is outside what Cognito allows for access tokens (5 minutes to 1 day)`,
      'use a value such as Duration.minutes(60)',
    );
  }
}

import { Duration, Token } from 'aws-cdk-lib';
import { PropErrors } from '../engine/prop-errors';
import { checkDiscoveryUrl, DISCOVERY_URL_SUFFIX, judgeRestrictions } from '../engine/rules';
import { concat, Unknown, Value } from '../engine/values';

export { PropErrors, DISCOVERY_URL_SUFFIX };

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

/**
 * The discovery URL rule is AGW5's (the engine's `checkDiscoveryUrl`): a URL built from tokens (e.g.
 * `https://${domain}/.well-known/...`) still has literal ends that can be judged now; only what the tokens
 * decide is left to deploy time (and to the guard).
 */
export function validateDiscoveryUrl(field: string, url: string, errors: PropErrors): void {
  const literals = url.split(TOKEN_MARKER);
  const check = checkDiscoveryUrl(literals.length === 1 ? url : withTokens(literals, url));
  const shown = literals.length > 1 ? `${url.replace(TOKEN_MARKER_GLOBAL, '${Token}')}` : url;
  // `https:\\host`, ` https://host`: the scheme is right, the spelling is not (the syntax problem says how).
  const misspelledHttps = check.https === false && literals[0].trimStart().toLowerCase().startsWith('https:');
  if (check.https === false && !misspelledHttps) {
    errors.add(field, `'${shown}' must use https`, `use the provider's https discovery URL, ending in '${DISCOVERY_URL_SUFFIX}'`);
  }
  if (check.wellKnownSuffix === false) {
    errors.add(
      field,
      `'${shown}' must end with '${DISCOVERY_URL_SUFFIX}' (the service rejects other URLs)`,
      `append '${DISCOVERY_URL_SUFFIX}' to the issuer URL, e.g. 'https://login.example.com${DISCOVERY_URL_SUFFIX}'`,
    );
  }
  if ((check.https !== false || misspelledHttps) && check.wellKnownSuffix !== false && check.syntaxProblem) {
    errors.add(
      field,
      `${JSON.stringify(shown)} is not a plain https discovery URL: ${check.syntaxProblem}`,
      `write it as https://<host>[:<port>]/<path>${DISCOVERY_URL_SUFFIX} in plain ASCII, as the guard requires`,
    );
  }
}

/** The engine's view of a string with CDK tokens: the literal pieces, and an unknown for each token. */
function withTokens(literals: string[], url: string) {
  const pieces: Value[] = literals.flatMap((literal, i) => (i === 0 ? [literal] : [new Unknown('${Token}', 'a CDK token is resolved at deploy time'), literal]));
  const value = concat(pieces, url);
  return typeof value === 'string' || value instanceof Unknown ? url : value;
}

/**
 * The "restricts nothing" rule is AGW6's (the engine's `judgeRestrictions`). A list that is set but
 * restricts nothing (empty, blank items) gets its own error from `validateNonEmptyList`, so this one
 * speaks only when no restriction is set at all.
 */
export function validateRestrictsTokens(field: string, restrictions: { [name: string]: unknown[] | undefined }, errors: PropErrors): void {
  const jwt: { [name: string]: Value } = {};
  for (const [name, list] of Object.entries(restrictions)) {
    if (list !== undefined) jwt[name] = Token.isUnresolved(list) ? new Unknown('${Token}', 'a CDK token is resolved at deploy time') : list.map(restrictionItem);
  }
  const judged = judgeRestrictions(jwt);
  if (!judged.restricts && judged.fields.every((f) => f.note === undefined)) {
    errors.add(
      field,
      'none of allowedAudience, allowedClients, allowedScopes or customClaims is set, so any token from the provider (issued to any application) would be accepted',
      'restrict the tokens, e.g. allowedClients: [\'<your app client id>\'] or allowedAudience: [\'<your API audience>\']',
    );
  }
}

function restrictionItem(item: unknown): Value {
  if (typeof item === 'string') return Token.isUnresolved(item) ? new Unknown('${Token}', 'a CDK token is resolved at deploy time') : item;
  // A custom claim (an object the L2 renders): a real restriction.
  return {};
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

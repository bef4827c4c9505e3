import { describeValue, isPartial, isUnknown, PartialString, unknownReason } from '../values';
import { updateJwtInPlaceFix } from './fixes';
import { lookUpJwtAuthorizer } from './jwt';
import { COMPLIANT, field, GatewayRule, JWT_PATH, nonCompliant, NOT_APPLICABLE } from './rule';

/** The path every OpenID Connect discovery URL ends with (the service's pattern requires it too). */
export const DISCOVERY_URL_SUFFIX = '/.well-known/openid-configuration';
const SUFFIX = DISCOVERY_URL_SUFFIX;
const PATH = `${JWT_PATH}.DiscoveryUrl`;

/** AGW5: the discovery URL does not prove that keys come from the intended issuer over TLS. */
export const AGW5: GatewayRule = {
  id: 'AGW5',
  title: 'CUSTOM_JWT discovery URL is not an https OpenID Connect discovery URL',
  why:
    'The gateway trusts whichever signing keys the discovery document names. Fetched over plain http (or ' +
    "from a URL that is not the issuer's /.well-known/openid-configuration), anyone on the network path can " +
    'substitute keys and mint tokens the gateway accepts.',
  fix:
    'Set DiscoveryUrl to https://<issuer>/.well-known/openid-configuration (for Cognito: ' +
    'https://cognito-idp.<region>.amazonaws.com/<userPoolId>/.well-known/openid-configuration), written in ' +
    'the template or built with Fn::Sub / Fn::Join from a literal https:// prefix and the literal suffix.',
  liveFix: updateJwtInPlaceFix,
  replacesGateway: false,
  evaluate: (gateway) => {
    const lookup = lookUpJwtAuthorizer(gateway);
    if (lookup.kind !== 'found') return NOT_APPLICABLE;
    const url = field(lookup.jwt, 'DiscoveryUrl');
    if (url === undefined) {
      return nonCompliant({ message: 'CustomJWTAuthorizer has no DiscoveryUrl.', propertyPath: PATH });
    }
    if (isUnknown(url)) {
      return nonCompliant({ message: `DiscoveryUrl cannot be proven to be https: ${unknownReason(url)}.`, propertyPath: PATH });
    }
    const problems = typeof url === 'string' ? literalProblems(url) : isPartial(url) ? partialProblems(url) : [`it is not a string (${describeValue(url)})`];
    if (problems.length === 0) return COMPLIANT;
    return nonCompliant({ message: `DiscoveryUrl ${describeValue(url)} is not acceptable: ${problems.join('; ')}.`, propertyPath: PATH });
  },
};

// The one definition of an acceptable literal discovery URL, shared with the Guard rule file (which
// embeds this source in a Guard regex), so the synth-time guard, the scanner, the audit, the L3 and the
// Guard hook decide alike. It is stricter than the WHATWG URL parser on purpose: the parser silently
// repairs spellings (leading white space, backslashes, `https:/host`, tabs inside the host) that another
// client may read differently, and a template that relies on such a repair is rejected, not guessed at.
// Plain ASCII only, written with escapes that JavaScript and Guard's (Rust) regex engine read alike.
const LABEL = '[A-Za-z0-9_-]+';
/** The last label starts with a letter: a URL parser reads a host ending in a number as an IPv4 address. */
const LAST_LABEL = '[A-Za-z][A-Za-z0-9_-]*';
const OCTET = '(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])';
const HOST = `(?:(?:${LABEL}\\.)*${LAST_LABEL}|${OCTET}(?:\\.${OCTET}){3})`;
const PORT = '(?::[0-9]{1,5})?';
/** RFC 3986 path characters (unreserved, sub-delims, ':', '@', '%' of percent-encoding) and '/'. */
const PATH_CHAR = "[A-Za-z0-9._~!$&'()*+,;=:@%\\/-]";
const AUTHORITY_SOURCE = `${HOST}${PORT}`;

/**
 * The regular expression every literal discovery URL must match: `https://` (any case), a DNS name or
 * IPv4 address with an optional port, no user information, a path of URL characters ending with
 * `/.well-known/openid-configuration`, no query or fragment. `/` is escaped so the source can sit
 * between a Guard regex's slashes.
 */
export const DISCOVERY_URL_PATTERN_SOURCE =
  `^[Hh][Tt][Tt][Pp][Ss]:\\/\\/${AUTHORITY_SOURCE}(?:\\/${PATH_CHAR}*)?\\/\\.well-known\\/openid-configuration$`;
const DISCOVERY_URL_PATTERN = new RegExp(DISCOVERY_URL_PATTERN_SOURCE);
const AUTHORITY_PATTERN = new RegExp(`^${AUTHORITY_SOURCE}$`);
const URL_CHARS = new RegExp(`^${PATH_CHAR}*$`);

/**
 * What can be proven about a discovery URL. `https` and `wellKnownSuffix` are true or false when the
 * literal parts decide them, undefined when a part only known at deploy time does. The synth-time guard
 * fails closed on undefined; the L3's prop validation leaves it to deploy time (and to the guard).
 */
export interface DiscoveryUrlCheck {
  /** Whether the URL starts with `https://` (any case). */
  readonly https: boolean | undefined;
  readonly wellKnownSuffix: boolean | undefined;
  /** The scheme a literal URL names, if it starts with one. */
  readonly scheme?: string;
  /**
   * What else keeps the literal parts from being a plain discovery URL (white space, a backslash, user
   * information, a query, a host that is not a DNS name, ...); undefined when nothing does.
   */
  readonly syntaxProblem?: string;
}

/** Judges a discovery URL: a literal string, or a string with parts only known at deploy time. */
export function checkDiscoveryUrl(url: string | PartialString): DiscoveryUrlCheck {
  if (typeof url === 'string') {
    return {
      https: /^https:\/\//i.test(url),
      wellKnownSuffix: url.endsWith(SUFFIX),
      scheme: /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(url)?.[1],
      syntaxProblem: DISCOVERY_URL_PATTERN.test(url) ? undefined : literalSyntaxProblem(url) ?? 'it is not of the form https://<host>[:<port>]/<path>' + SUFFIX,
    };
  }
  const first = url.parts[0];
  const last = url.parts[url.parts.length - 1];
  // A literal start that is still a prefix of https:// (`ht` + token) is decided by the token.
  const https = typeof first !== 'string' ? undefined : /^https:\/\//i.test(first) ? true : 'https://'.startsWith(first.toLowerCase()) ? undefined : false;
  const wellKnownSuffix = typeof last !== 'string' ? undefined : last.endsWith(SUFFIX) ? true : SUFFIX.endsWith(last) ? undefined : false;
  return { https, wellKnownSuffix, syntaxProblem: partialSyntaxProblem(url.parts) };
}

/** Why a literal that fails the pattern fails it, in the order a reader would fix it. */
function literalSyntaxProblem(url: string): string | undefined {
  const characters = characterProblem(url);
  if (characters) return characters;
  const rest = url.replace(/^https:\/\//i, '');
  if (rest === url) return undefined; // the scheme problem says it
  const authority = rest.split('/')[0];
  if (authority.includes('@')) {
    return 'it puts user information before the host (user@host), which can disguise the real host';
  }
  if (!AUTHORITY_PATTERN.test(authority)) {
    return `its host '${authority}' is not a DNS name or an IPv4 address (with an optional port)`;
  }
  return undefined;
}

/** Characters no plain discovery URL holds; the URL parser would drop, convert or encode them. */
function characterProblem(text: string): string | undefined {
  if (/[\x00-\x20\x7f]/.test(text)) return 'it contains white space or a control character, which a URL parser would silently drop or encode';
  if (text.includes('\\')) return "it contains a backslash, which a URL parser would silently read as '/'";
  if (/[^\x00-\x7f]/.test(text)) return 'it contains characters outside ASCII (write an international host in punycode, xn--..., and percent-encode the path)';
  if (/[?#]/.test(text)) return 'it has a query or a fragment (? or #)';
  if (!URL_CHARS.test(text)) return 'it contains characters a URL must percent-encode';
  return undefined;
}

/** What the literal parts of a URL built at deploy time already get wrong. */
function partialSyntaxProblem(parts: PartialString['parts']): string | undefined {
  const literals = parts.filter((p): p is string => typeof p === 'string');
  const characters = characterProblem(literals.join(''));
  if (characters) return characters;
  const first = parts[0];
  if (typeof first === 'string' && /^https:\/\//i.test(first)) {
    // Whatever follows, everything before the first '/' after https:// is the authority.
    if (first.replace(/^https:\/\//i, '').split('/')[0].includes('@')) {
      return 'it puts user information before the host (user@host), which can disguise the real host';
    }
  }
  return undefined;
}

function literalProblems(url: string): string[] {
  const check = checkDiscoveryUrl(url);
  if (check.scheme === undefined) return [`it is not a valid URL: ${check.syntaxProblem ?? 'it does not start with https://'}`];
  const problems: string[] = [];
  if (check.scheme.toLowerCase() !== 'https') problems.push(`it uses ${check.scheme} instead of https`);
  else if (!check.https) problems.push(characterProblem(url) ?? "it does not continue with '//' after https: (a URL parser would guess where the host is)");
  if (!check.wellKnownSuffix) problems.push(`it does not end with ${SUFFIX}`);
  if (problems.length === 0 && check.syntaxProblem) problems.push(check.syntaxProblem);
  return problems;
}

function partialProblems(url: PartialString): string[] {
  const check = checkDiscoveryUrl(url);
  const problems: string[] = [];
  if (check.https !== true) problems.push(`it cannot be proven to start with https:// (${unknownReason(url)})`);
  if (check.wellKnownSuffix !== true) problems.push(`it cannot be proven to end with ${SUFFIX}`);
  if (check.syntaxProblem) problems.push(check.syntaxProblem);
  return problems;
}

import { describeValue, isPartial, isUnknown, PartialString, unknownReason } from '../values';
import { UPDATE_JWT_IN_PLACE_FIX } from './fixes';
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
  liveFix: () => UPDATE_JWT_IN_PLACE_FIX,
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

/**
 * What can be proven about a discovery URL. `https` and `wellKnownSuffix` are true or false when the
 * literal parts decide them, undefined when a part only known at deploy time does. The synth-time guard
 * fails closed on undefined; the L3's prop validation leaves it to deploy time (and to the guard).
 */
export interface DiscoveryUrlCheck {
  readonly https: boolean | undefined;
  readonly wellKnownSuffix: boolean | undefined;
  /** The scheme a literal URL uses. */
  readonly scheme?: string;
  /** True for a literal that is not a URL at all. */
  readonly invalid?: boolean;
  /** True for a literal URL without a host. */
  readonly noHost?: boolean;
}

/** Judges a discovery URL: a literal string, or a string with parts only known at deploy time. */
export function checkDiscoveryUrl(url: string | PartialString): DiscoveryUrlCheck {
  if (typeof url === 'string') {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return { https: /^https:\/\//i.test(url), wellKnownSuffix: url.endsWith(SUFFIX), invalid: true };
    }
    const scheme = parsed.protocol.replace(':', '');
    return { https: scheme === 'https', scheme, noHost: !parsed.hostname, wellKnownSuffix: url.endsWith(SUFFIX) && !parsed.search && !parsed.hash };
  }
  const first = url.parts[0];
  const last = url.parts[url.parts.length - 1];
  // A literal start that is still a prefix of https:// (`ht` + token) is decided by the token.
  const https = typeof first !== 'string' ? undefined : /^https:\/\//i.test(first) ? true : 'https://'.startsWith(first.toLowerCase()) ? undefined : false;
  const wellKnownSuffix = typeof last !== 'string' ? undefined : last.endsWith(SUFFIX) ? true : SUFFIX.endsWith(last) ? undefined : false;
  return { https, wellKnownSuffix };
}

function literalProblems(url: string): string[] {
  const check = checkDiscoveryUrl(url);
  if (check.invalid) return ['it is not a valid URL'];
  const problems: string[] = [];
  if (!check.https) problems.push(`it uses ${check.scheme} instead of https`);
  if (check.noHost) problems.push('it has no host');
  if (!check.wellKnownSuffix) problems.push(`it does not end with ${SUFFIX}`);
  return problems;
}

function partialProblems(url: PartialString): string[] {
  const check = checkDiscoveryUrl(url);
  const problems: string[] = [];
  if (check.https !== true) problems.push(`it cannot be proven to start with https:// (${unknownReason(url)})`);
  if (check.wellKnownSuffix !== true) problems.push(`it cannot be proven to end with ${SUFFIX}`);
  return problems;
}

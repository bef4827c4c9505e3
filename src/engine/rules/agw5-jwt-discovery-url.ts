import { describeValue, isPartial, isUnknown, PartialString, unknownReason } from '../values';
import { lookUpJwtAuthorizer } from './jwt';
import { COMPLIANT, field, GatewayRule, JWT_PATH, nonCompliant, NOT_APPLICABLE } from './rule';

const SUFFIX = '/.well-known/openid-configuration';
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

function literalProblems(url: string): string[] {
  const problems: string[] = [];
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    return ['it is not a valid URL'];
  }
  if (parsed.protocol !== 'https:') problems.push(`it uses ${parsed.protocol.replace(':', '')} instead of https`);
  if (!parsed.hostname) problems.push('it has no host');
  if (!url.endsWith(SUFFIX) || parsed.search || parsed.hash) problems.push(`it does not end with ${SUFFIX}`);
  return problems;
}

function partialProblems(url: PartialString): string[] {
  const problems: string[] = [];
  const first = url.parts[0];
  const last = url.parts[url.parts.length - 1];
  if (typeof first !== 'string' || !/^https:\/\//i.test(first)) {
    problems.push(`it cannot be proven to start with https:// (${unknownReason(url)})`);
  }
  if (typeof last !== 'string' || !last.endsWith(SUFFIX)) {
    problems.push(`it cannot be proven to end with ${SUFFIX}`);
  }
  return problems;
}

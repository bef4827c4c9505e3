// URLs of referenced templates: their canonical text (pseudo parameters as placeholders), the S3 object they
// designate, and whether they are under a prefix the guard's owner allows.
import { PartialString } from './values';

/** The pseudo parameters that may appear in a URL the guard accepts: AWS decides them, not whoever deploys. */
const URL_PSEUDO_PARAMETERS = new Set(['AWS::AccountId', 'AWS::Partition', 'AWS::Region', 'AWS::URLSuffix']);

/**
 * A URL (or any text) with the pseudo parameters AWS decides written `${AWS::Region}`; undefined when any other
 * part is only known at deploy time. Their values (an account ID, a region, a partition, a URL suffix) never
 * hold a quote, a slash or a dot segment, so they can neither leave a JSON string nor a URL's folder.
 */
export function canonicalUrl(url: string | PartialString): string | undefined {
  if (typeof url === 'string') return url;
  const parts: string[] = [];
  for (const part of url.parts) {
    if (typeof part === 'string') {
      parts.push(part);
      continue;
    }
    const match = /^Ref (AWS::[A-Za-z]+)$/.exec(part.expression);
    if (!match || !URL_PSEUDO_PARAMETERS.has(match[1])) return undefined;
    parts.push('${' + match[1] + '}');
  }
  return parts.join('');
}

/** The bucket and key an S3 https URL (path-style or virtual-hosted) designates; undefined for any other URL. */
export function s3ObjectOf(url: string): { readonly bucket: string; readonly key: string } | undefined {
  const match = /^https:\/\/([^/?#]+)\/([^?#]+)$/.exec(url);
  if (!match) return undefined;
  const [, host, path] = match;
  const endpoint = '(?:\\.dualstack)?(?:[.-](?:[a-z0-9-]+|\\$\\{AWS::Region\\}))?\\.(?:amazonaws\\.com(?:\\.cn)?|\\$\\{AWS::URLSuffix\\})';
  if (new RegExp(`^s3${endpoint}$`).test(host)) {
    const slash = path.indexOf('/');
    if (slash <= 0 || slash === path.length - 1) return undefined;
    return { bucket: path.slice(0, slash), key: path.slice(slash + 1) };
  }
  const virtual = new RegExp(`^(.+)\\.s3${endpoint}$`).exec(host);
  return virtual ? { bucket: virtual[1], key: path } : undefined;
}

/** The key under which an S3 object is looked up in an index of assets. */
export function s3ObjectKey(object: { readonly bucket: string; readonly key: string }): string {
  return `${object.bucket}\u0000${object.key}`;
}

/**
 * The allowed prefix that `url` is under, if any. Parts after the prefix may only be pseudo parameters, and
 * the rest of the URL must not climb out of the prefix (`..`, encoded characters, a query, whitespace or control
 * characters).
 */
export function allowedPrefixOf(url: string | PartialString, prefixes: readonly string[]): string | undefined {
  const text = canonicalUrl(url);
  if (text === undefined) return undefined;
  return prefixes.find((prefix) => {
    if (!text.startsWith(prefix)) return false;
    const rest = text.slice(prefix.length);
    // Whitespace and control characters too: a URL parser drops tabs and newlines, so `.<TAB>.` can become `..`.
    return !/[\\?#%\s\u0000-\u001f\u007f]/.test(rest) && !rest.split('/').some((segment) => segment === '..' || segment === '.');
  });
}

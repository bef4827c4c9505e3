import { Token } from 'aws-cdk-lib';
import { PropErrors, SCOPE_PATTERN } from './validation';

/** The service's limits on `AdvertisedScopeMapping`. */
const MAX_ENTRIES = 50;
const MAX_KEY_LENGTH = 255;

/**
 * Checks an advertised-scope mapping: every key must be one of the scopes the gateway validates
 * (`validatedScopes`, named by `scopesField`), and every value a scope to advertise. Skips tokens.
 */
export function validateAdvertisedScopeMapping(
  field: string,
  mapping: { [scope: string]: string } | undefined,
  validatedScopes: string[] | undefined,
  scopesField: string,
  errors: PropErrors,
): void {
  if (mapping === undefined || Token.isUnresolved(mapping)) {
    return;
  }
  const entries = Object.entries(mapping);
  if (entries.length === 0) {
    errors.add(field, 'is an empty map; the service rejects an empty mapping', `map at least one scope or omit ${field}`);
    return;
  }
  if (entries.length > MAX_ENTRIES) {
    errors.add(field, `has ${entries.length} entries; the service allows at most ${MAX_ENTRIES}`, 'map only the scopes whose advertised name differs');
  }
  if (validatedScopes === undefined) {
    errors.add(field, `maps scopes of ${scopesField}, but ${scopesField} is not set, so no scope is validated and nothing can be advertised`, `set ${scopesField} and map its scopes`);
    return;
  }
  const known = Token.isUnresolved(validatedScopes) || validatedScopes.some((s) => Token.isUnresolved(s)) ? undefined : validatedScopes;
  for (const [scope, advertised] of entries) {
    validateEntry(`${field}['${scope}']`, scope, advertised, known, scopesField, errors);
  }
}

function validateEntry(
  field: string,
  scope: string,
  advertised: string,
  known: string[] | undefined,
  scopesField: string,
  errors: PropErrors,
): void {
  if (!SCOPE_PATTERN.test(scope) || scope.length > MAX_KEY_LENGTH) {
    errors.add(
      field,
      `the key '${scope}' is not a scope the service accepts (1-255 printable ASCII characters except space, '"' and '\\')`,
      `use a scope of ${scopesField} as the key`,
    );
  } else if (known !== undefined && !known.includes(scope)) {
    errors.add(
      field,
      `the key '${scope}' is not in ${scopesField} (${known.map((s) => `'${s}'`).join(', ')}); the mapping only renames scopes the gateway validates`,
      `use one of ${scopesField} as the key, or add '${scope}' to ${scopesField}`,
    );
  }
  if (!Token.isUnresolved(advertised) && advertised.trim() === '') {
    errors.add(field, 'advertises an empty scope', 'give the scope clients should request from the identity provider, or remove the entry');
  }
}

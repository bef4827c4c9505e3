/**
 * A CloudFormation template as parsed from JSON or YAML, or rendered by CDK: the one template type of every
 * entry point. Its content is untrusted input, so every section is `unknown` until the engine narrows it.
 */
export interface CloudFormationTemplate {
  readonly Resources?: { readonly [logicalId: string]: unknown };
  readonly [section: string]: unknown;
}

/** A plain JSON object (not null, not a list). */
export function isRecord(value: unknown): value is { readonly [key: string]: unknown } {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A section of a template (`Parameters`, `Resources`, ...), or an empty one when it is absent or malformed. */
export function templateSection(template: unknown, name: string): { readonly [key: string]: unknown } {
  const section = isRecord(template) ? template[name] : undefined;
  return isRecord(section) ? section : {};
}

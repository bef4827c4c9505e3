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

/**
 * True when `value` nests mappings and lists more than `limit` levels deep. Walks a list rather than
 * recursing, so a template value of any depth is safe to test.
 */
export function nestedDeeperThan(value: unknown, limit: number): boolean {
  const pending: Array<{ readonly node: unknown; readonly depth: number }> = [{ node: value, depth: 0 }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    if (typeof next.node !== 'object' || next.node === null) continue;
    if (next.depth >= limit) return true;
    for (const child of Object.values(next.node)) pending.push({ node: child, depth: next.depth + 1 });
  }
  return false;
}

/** True when a key or string anywhere in `value` contains `text`. Walks a list, so any depth is safe. */
export function containsText(value: unknown, text: string): boolean {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const node = pending.pop();
    if (typeof node === 'string') {
      if (node.includes(text)) return true;
    } else if (typeof node === 'object' && node !== null) {
      for (const [key, child] of Object.entries(node)) {
        if (key.includes(text)) return true;
        pending.push(child);
      }
    }
  }
  return false;
}

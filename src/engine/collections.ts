/** The values in first-seen order, once each. */
export function distinct<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

/**
 * A small description language for the shapes of API structures, and the one function that checks a
 * value read from the API against a shape.
 *
 * Remediation copies a live gateway's configuration into CloudFormation L1 properties. The API and
 * aws-cdk-lib's L1 props use the same camelCase field names, so a value that conforms to the shape of
 * its L1 property can be copied as it is. Anything outside the shape (a field the L1 type does not
 * have, an unknown union member) is reported, never dropped: a silently dropped field would deploy a
 * replacement that behaves differently from the gateway it replaces.
 */
export type Shape =
  | { readonly kind: 'string' }
  | { readonly kind: 'number' }
  | { readonly kind: 'boolean' }
  /** A list of items of one shape. */
  | { readonly kind: 'list'; readonly item: Shape }
  /** A map whose keys are data (header names, schema property names), not field names. */
  | { readonly kind: 'map'; readonly value: Shape }
  /** A structure with known fields; `union` structures must set exactly one of them. */
  | { readonly kind: 'struct'; readonly fields: Readonly<Record<string, Shape>>; readonly required?: readonly string[]; readonly union?: boolean }
  /** A shape that contains itself (JSON schema definitions). */
  | { readonly kind: 'recursive'; readonly shape: () => Shape };

export const STRING: Shape = { kind: 'string' };
export const NUMBER: Shape = { kind: 'number' };
export const BOOLEAN: Shape = { kind: 'boolean' };
export const STRING_LIST: Shape = { kind: 'list', item: STRING };
export const STRING_MAP: Shape = { kind: 'map', value: STRING };

export function list(item: Shape): Shape {
  return { kind: 'list', item };
}

export function struct(fields: Record<string, Shape>, required: string[] = []): Shape {
  return { kind: 'struct', fields, required };
}

/** A structure of which exactly one field is set (a Smithy union; CloudFormation has no such constraint). */
export function union(fields: Record<string, Shape>): Shape {
  return { kind: 'struct', fields, union: true };
}

/** Why a value cannot be copied, and where it is. */
export interface ShapeProblem {
  /** Dotted path from the structure checked, e.g. `targetConfiguration.mcp.lambda.toolSchema`. */
  readonly path: string;
  readonly message: string;
}

/** Deeper than this, a value read from the API is refused rather than walked (JSON schemas nest, but not this far). */
export const MAX_DEPTH = 64;

/**
 * Checks `value` against `shape` and returns a copy that holds exactly the fields the shape knows, with
 * every problem found. `undefined` and `null` fields are absent (the AWS SDK leaves unset members
 * `undefined`). The SDK's marker for a union member it does not know (`$unknown`) is a problem.
 */
export function conform(value: unknown, shape: Shape, path: string, problems: ShapeProblem[], depth = 0): unknown {
  if (depth > MAX_DEPTH) {
    problems.push({ path, message: `nested more than ${MAX_DEPTH} levels deep` });
    return undefined;
  }
  switch (shape.kind) {
    case 'recursive':
      return conform(value, shape.shape(), path, problems, depth);
    case 'string':
      return typeof value === 'string' ? value : mismatch(value, 'a string', path, problems);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? value : mismatch(value, 'a number', path, problems);
    case 'boolean':
      return typeof value === 'boolean' ? value : mismatch(value, 'true or false', path, problems);
    case 'list':
      if (!Array.isArray(value)) {
        return mismatch(value, 'a list', path, problems);
      }
      return value.map((item, i) => conform(item, shape.item, `${path}[${i}]`, problems, depth + 1));
    case 'map': {
      if (!isRecord(value)) {
        return mismatch(value, 'a map', path, problems);
      }
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) {
        if (item !== undefined && item !== null) {
          out[key] = conform(item, shape.value, `${path}[${JSON.stringify(key)}]`, problems, depth + 1);
        }
      }
      return out;
    }
    case 'struct':
      return conformStruct(value, shape, path, problems, depth);
  }
}

function conformStruct(
  value: unknown,
  shape: Extract<Shape, { kind: 'struct' }>,
  path: string,
  problems: ShapeProblem[],
  depth: number,
): unknown {
  if (!isRecord(value)) {
    return mismatch(value, 'a structure', path, problems);
  }
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined || item === null) {
      continue;
    }
    const fieldPath = path === '' ? key : `${path}.${key}`;
    if (key === '$unknown') {
      const name = Array.isArray(item) && typeof item[0] === 'string' ? item[0] : '?';
      problems.push({ path: path === '' ? name : `${path}.${name}`, message: 'is a kind the AWS SDK in use does not know, so it cannot be copied' });
      continue;
    }
    const fieldShape = Object.prototype.hasOwnProperty.call(shape.fields, key) ? shape.fields[key] : undefined;
    if (!fieldShape) {
      problems.push({ path: fieldPath, message: 'has no CloudFormation property in aws-cdk-lib 2.269 (AWS::BedrockAgentCore), so it cannot be reproduced' });
      continue;
    }
    out[key] = conform(item, fieldShape, fieldPath, problems, depth + 1);
  }
  for (const key of shape.required ?? []) {
    // A field present with a wrong value is already reported.
    if (value[key] === undefined || value[key] === null) {
      problems.push({ path: path === '' ? key : `${path}.${key}`, message: 'is required by CloudFormation but missing from the API response' });
    }
  }
  if (shape.union) {
    const set = Object.keys(out);
    if (set.length > 1) {
      problems.push({ path, message: `sets ${set.join(' and ')}, but exactly one is allowed` });
    } else if (set.length === 0 && value.$unknown === undefined) {
      problems.push({ path, message: `sets none of ${Object.keys(shape.fields).join(', ')}` });
    }
  }
  return out;
}

function mismatch(value: unknown, expected: string, path: string, problems: ShapeProblem[]): undefined {
  problems.push({ path, message: `must be ${expected}, found ${describe(value)}` });
  return undefined;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'a structure' : `the ${typeof value} ${JSON.stringify(value)?.slice(0, 40)}`;
}

/** A plain JSON object (not a list, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

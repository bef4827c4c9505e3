// The engine's view of a CloudFormation value: what can be proven at synth time, and why the rest cannot.
// Intrinsic functions are evaluated as far as the template allows; everything else becomes an `Unknown`
// that carries the reason, so that a rule can fail closed with a message that says why.

/**
 * Where an unknown value comes from, when CloudFormation itself computes it: a pseudo parameter (the
 * account, region, partition) or a resource of the template (its `Ref` or an attribute). Such a value is
 * one identifier chosen by AWS, never a wildcard chosen by whoever deploys the template, unlike a
 * parameter, an import or a dynamic reference.
 */
export interface UnknownOrigin {
  /** The logical ID of the resource whose `Ref` or attribute this is. */
  readonly resource?: string;
  /** True for a pseudo parameter such as `AWS::AccountId` (no `:` or `/` in its value). */
  readonly pseudoParameter?: boolean;
}

/** A value that is only known when CloudFormation deploys the template. */
export class Unknown {
  public readonly kind = 'unknown' as const;
  /**
   * @param expression short source form, e.g. `Ref AuthType` or `Fn::ImportValue Shared`
   * @param reason why the value cannot be known at synth time
   * @param nonEmptyList true when the value is a list that is known to hold at least one item
   * @param origin set when CloudFormation computes the value (see `UnknownOrigin`)
   */
  constructor(
    public readonly expression: string,
    public readonly reason: string,
    public readonly nonEmptyList = false,
    public readonly origin: UnknownOrigin = {},
  ) {}

  /** True when CloudFormation computes the value: one concrete identifier, never a wildcard. */
  public get computed(): boolean {
    return this.origin.resource !== undefined || this.origin.pseudoParameter === true;
  }
}

/** A string of which some parts are known (e.g. `https://` + a token + `/.well-known/...`). */
export class PartialString {
  public readonly kind = 'partial' as const;
  constructor(public readonly parts: ReadonlyArray<string | Unknown>) {}

  /** The unknown parts, for messages. */
  public get unknowns(): Unknown[] {
    return this.parts.filter((p): p is Unknown => p instanceof Unknown);
  }
}

/** An evaluated value. `undefined` means absent (never set, deleted, or `AWS::NoValue`). */
export type Value =
  | string
  | number
  | boolean
  | null
  | undefined
  | Unknown
  | PartialString
  | Value[]
  | { [key: string]: Value };

export function isUnknown(v: Value): v is Unknown {
  return v instanceof Unknown;
}

export function isPartial(v: Value): v is PartialString {
  return v instanceof PartialString;
}

export function isPlainObject(v: Value): v is { [key: string]: Value } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Unknown) && !(v instanceof PartialString);
}

/** Short human-readable form of an evaluated value, for messages. */
export function describeValue(v: Value): string {
  if (v === undefined) return 'absent';
  if (v instanceof Unknown) return v.expression;
  if (v instanceof PartialString) {
    return v.parts.map((p) => (typeof p === 'string' ? p : `\${${p.expression}}`)).join('');
  }
  if (typeof v === 'string') return `'${v}'`;
  return JSON.stringify(v);
}

/** Why a value (or the unknown parts of a string) cannot be proven, as one sentence. */
export function unknownReason(v: Value): string {
  if (v instanceof Unknown) return `${v.expression}: ${v.reason}`;
  if (v instanceof PartialString) {
    return v.unknowns.map((u) => `${u.expression}: ${u.reason}`).join('; ');
  }
  return '';
}

/**
 * Splits a literal string on CloudFormation dynamic references (`{{resolve:...}}`), which are replaced
 * at deploy time.
 */
export function literalString(s: string): string | PartialString {
  const pattern = /\{\{resolve:[^}]*\}\}/g;
  if (!pattern.test(s)) return s;
  pattern.lastIndex = 0;
  const parts: Array<string | Unknown> = [];
  let last = 0;
  for (let m = pattern.exec(s); m; m = pattern.exec(s)) {
    if (m.index > last) parts.push(s.slice(last, m.index));
    parts.push(new Unknown(m[0], 'a dynamic reference is resolved by CloudFormation at deploy time'));
    last = m.index + m[0].length;
  }
  if (last < s.length) parts.push(s.slice(last));
  return new PartialString(parts);
}

/** Concatenates evaluated string pieces; the result is a string when every piece is known. */
export function concat(pieces: Value[], expression: string): string | PartialString | Unknown {
  const parts: Array<string | Unknown> = [];
  for (const piece of pieces) {
    if (typeof piece === 'string') parts.push(piece);
    else if (typeof piece === 'number' || typeof piece === 'boolean') parts.push(String(piece));
    else if (piece instanceof PartialString) parts.push(...piece.parts);
    else if (piece instanceof Unknown) parts.push(piece);
    else return new Unknown(expression, `a part of ${expression} is not a string (${describeValue(piece)})`);
  }
  const merged: Array<string | Unknown> = [];
  for (const p of parts) {
    const prev = merged[merged.length - 1];
    if (typeof p === 'string' && typeof prev === 'string') merged[merged.length - 1] = prev + p;
    else if (p !== '') merged.push(p);
  }
  if (merged.every((p) => typeof p === 'string')) return merged.join('');
  return new PartialString(merged);
}

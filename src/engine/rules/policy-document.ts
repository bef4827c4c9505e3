// Reading an IAM policy document out of a template value: a JSON string (as CDK renders it, often with
// Fn::Join around tokens), or an object. Parts only known at deploy time stay `Unknown`s inside the
// document, so a rule can tell a token in a principal ARN from a token that could be "*".
import { concat, describeValue, isPartial, isPlainObject, isUnknown, PartialString, Unknown, unknownReason, Value } from '../values';
import { field } from './rule';

/** The statements of a policy document, or why it cannot be read at synth time. */
export type PolicyDocument = { readonly kind: 'read'; readonly statements: readonly Value[] } | { readonly kind: 'unreadable'; readonly reason: string };

/** Longer policy text is not read (AWS caps resource policies far below this). */
export const MAX_POLICY_LENGTH = 100_000;
/** Deeper nesting is not read (a policy document is a few levels deep). */
export const MAX_POLICY_DEPTH = 32;

// Private-use characters stand in for the parts only known at deploy time while the JSON is parsed.
const OPEN = '\uE000';
const CLOSE = '\uE001';
const MARKER = /\uE000(\d+)\uE001/g;

class Unreadable extends Error {}

/**
 * Reads the evaluated `Policy` property of a resource policy. A policy it cannot read is returned as unreadable,
 * never thrown; any other error is a bug and is rethrown rather than passed off as an unreadable policy.
 */
export function readPolicyDocument(policy: Value): PolicyDocument {
  try {
    if (policy === undefined) return unreadable('Policy is missing');
    if (isUnknown(policy)) return unreadable(`${policy.expression}: ${policy.reason}`);
    if (typeof policy === 'string') return statementsOf(parseJson([policy]));
    if (isPartial(policy)) return statementsOf(parseJson(policy.parts));
    return statementsOf(policy);
  } catch (error) {
    if (error instanceof Unreadable) return unreadable(error.message);
    throw error;
  }
}

function unreadable(reason: string): PolicyDocument {
  return { kind: 'unreadable', reason };
}

/** Parses JSON text given as literal pieces and deploy-time parts; each part becomes an Unknown again. */
function parseJson(parts: ReadonlyArray<string | Unknown>): Value {
  const literal = parts.filter((p): p is string => typeof p === 'string');
  if (literal.reduce((n, p) => n + p.length, 0) > MAX_POLICY_LENGTH) throw new Unreadable(`the policy is longer than ${MAX_POLICY_LENGTH} characters`);
  if (literal.some((p) => p.includes(OPEN) || p.includes(CLOSE))) throw new Unreadable('the policy contains private-use characters the guard reserves');
  const text = parts.map((p, i) => (typeof p === 'string' ? p : `${OPEN}${i}${CLOSE}`)).join('');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const unknowns = parts.filter((p): p is Unknown => typeof p !== 'string');
    throw new Unreadable(
      unknowns.length > 0
        ? `its JSON is only complete at deploy time (${unknownReason(new PartialString(unknowns))})`
        : `it is not valid JSON (${(error as Error).message})`,
    );
  }
  return restore(parsed, parts, 0);
}

/** Turns parsed JSON into an evaluated value, putting each deploy-time part back where it stood. */
function restore(node: unknown, parts: ReadonlyArray<string | Unknown>, depth: number): Value {
  if (depth > MAX_POLICY_DEPTH) throw new Unreadable(`the policy is nested deeper than ${MAX_POLICY_DEPTH} levels`);
  if (typeof node === 'string') return restoreString(node, parts);
  if (Array.isArray(node)) return node.map((item) => restore(item, parts, depth + 1));
  if (node !== null && typeof node === 'object') {
    const out: { [key: string]: Value } = {};
    for (const [key, item] of Object.entries(node)) {
      if (key.includes(OPEN)) throw new Unreadable('a key of the policy is only known at deploy time');
      out[key] = restore(item, parts, depth + 1);
    }
    return out;
  }
  return node as Value;
}

function restoreString(text: string, parts: ReadonlyArray<string | Unknown>): Value {
  if (!text.includes(OPEN)) return text;
  const pieces: Value[] = [];
  let last = 0;
  for (const m of text.matchAll(MARKER)) {
    pieces.push(text.slice(last, m.index));
    pieces.push(parts[Number(m[1])]);
    last = m.index! + m[0].length;
  }
  pieces.push(text.slice(last));
  const nonEmpty = pieces.filter((p) => p !== '');
  // A string that is exactly one deploy-time part is that part, with its origin.
  if (nonEmpty.length === 1 && isUnknown(nonEmpty[0])) return nonEmpty[0];
  return concat(pieces, 'a string of the policy');
}

function statementsOf(document: Value): PolicyDocument {
  if (isUnknown(document) || isPartial(document)) return unreadable(unknownReason(document));
  if (!isPlainObject(document)) return unreadable(`it is not a JSON object (${describeValue(document)})`);
  const statement = field(document, 'Statement');
  if (statement === undefined) return { kind: 'read', statements: [] };
  if (isUnknown(statement) || isPartial(statement)) return unreadable(`its Statement is only known at deploy time (${unknownReason(statement)})`);
  return { kind: 'read', statements: Array.isArray(statement) ? statement : [statement] };
}

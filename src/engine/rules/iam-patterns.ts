// IAM pattern matching for AGW9, on values that may hold parts only known at deploy time: action
// wildcards, and whether a resource ARN can be a gateway's.
import { isPartial, isUnknown, Unknown, Value } from '../values';

/** Whether an IAM action pattern (`*` any run, `?` one character, case-insensitive) matches `action`. */
export function actionPatternMatches(pattern: string, action: string): boolean {
  return globRegExp([pattern]).test(action);
}

/**
 * Whether an entry of `Action` could match `action` once deployed. A part only known at deploy time could be
 * `*`, so it matches anything.
 */
export function mayMatchAction(value: Value, action: string): boolean {
  if (typeof value === 'string') return actionPatternMatches(value, action);
  if (isUnknown(value)) return true;
  if (isPartial(value)) return globRegExp(value.parts).test(action);
  return false;
}

/** Whether an entry of `NotAction` provably matches `action` (and so excludes it): only a literal can. */
export function surelyMatchesAction(value: Value, action: string): boolean {
  return typeof value === 'string' && actionPatternMatches(value, action);
}

function globRegExp(parts: ReadonlyArray<string | Unknown>): RegExp {
  const source = parts
    .map((p) => (typeof p === 'string' ? p.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') : '.*'))
    .join('');
  return new RegExp(`^${source}$`, 'is');
}

/** The longest ARN AWS issues. */
const MAX_ARN_LENGTH = 2048;

/** `arn:<partition>:bedrock-agentcore:<region>:<account>:gateway/<id>`. */
export const GATEWAY_ARN_PATTERN = /^arn:[^:]*:bedrock-agentcore:[^:]*:[^:]*:gateway\/.+$/s;

/** The gateway ARN pattern as a small automaton: literal characters, `[^:]*` fields, and a non-empty ID. */
type ArnNode = { readonly kind: 'char'; readonly ch: string } | { readonly kind: 'field' } | { readonly kind: 'id' } | { readonly kind: 'id-more' };
const GATEWAY_ARN_NODES: readonly ArnNode[] = [
  ...chars('arn:'),
  { kind: 'field' },
  ...chars(':bedrock-agentcore:'),
  { kind: 'field' },
  ...chars(':'),
  { kind: 'field' },
  ...chars(':gateway/'),
  { kind: 'id' },
  { kind: 'id-more' },
];
const ACCEPTING = GATEWAY_ARN_NODES.length - 1;
// One character of each kind the automaton tells apart: its literals, ':' and '/', and any other.
const REPRESENTATIVES = [...new Set([...'arn:bedrock-agentcore:gateway/', 'x'])];

function chars(text: string): ArnNode[] {
  return [...text].map((ch) => ({ kind: 'char' as const, ch }));
}

/**
 * Whether a resource ARN, literal or with parts only known at deploy time, can be a gateway ARN. A pseudo
 * parameter (partition, region, account) never holds `:` or `/`; any other unknown part can hold anything.
 * Exact: it searches the product of the value's pattern and the gateway ARN automaton.
 */
export function mayBeGatewayArn(value: string | { readonly parts: ReadonlyArray<string | Unknown> }): boolean {
  if (typeof value === 'string') return GATEWAY_ARN_PATTERN.test(value);
  type Item = { ch: string } | { any: boolean };
  const items: Item[] = value.parts.flatMap((p): Item[] => (typeof p === 'string' ? [...p].map((ch) => ({ ch })) : [{ any: !p.origin.pseudoParameter }]));
  // ARNs are at most 2048 characters; a longer value is not searched, and fails closed.
  if (items.length > MAX_ARN_LENGTH) return true;
  const seen = new Set<string>();
  const queue: Array<[number, number]> = [];
  const visit = (i: number, j: number) => {
    for (const state of closure(j)) {
      const key = `${i},${state}`;
      if (!seen.has(key)) {
        seen.add(key);
        queue.push([i, state]);
      }
    }
  };
  visit(0, 0);
  while (queue.length > 0) {
    const [i, j] = queue.shift()!;
    if (i === items.length) {
      if (j === ACCEPTING) return true;
      continue;
    }
    const item = items[i];
    if ('ch' in item) {
      for (const next of step(j, item.ch)) visit(i + 1, next);
      continue;
    }
    // An unknown part: it may end here, or take one more character of the kinds it can hold.
    visit(i + 1, j);
    for (const ch of REPRESENTATIVES) {
      if (!item.any && (ch === ':' || ch === '/')) continue;
      for (const next of step(j, ch)) visit(i, next);
    }
  }
  return false;
}

function closure(j: number): number[] {
  const states = [j];
  while (GATEWAY_ARN_NODES[states[states.length - 1]]?.kind === 'field') states.push(states[states.length - 1] + 1);
  return states;
}

function step(j: number, ch: string): number[] {
  const node = GATEWAY_ARN_NODES[j];
  switch (node?.kind) {
    case 'char':
      return node.ch === ch ? [j + 1] : [];
    case 'field':
      return ch === ':' ? [] : [j];
    case 'id':
      return [j + 1];
    case 'id-more':
      return [j];
    default:
      return [];
  }
}

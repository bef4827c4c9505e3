// JSON as CloudFormation reads it: a key that appears twice in one object is an error (cfn-lint reports it as
// E0000), never "the last one wins" as JSON.parse has it, because a verdict must not depend on which
// duplicate a parser keeps.
import { lineAndColumn } from './text-position';

/** A parsed value, or a problem that names the file and, when known, the line and column. */
export type JsonParse = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly problem: string };

/** Parses JSON text; `file` names it in messages. Never throws. */
export function parseStrictJson(source: string, file: string): JsonParse {
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch (error) {
    return { ok: false, problem: syntaxProblem(error, source, file) };
  }
  // Fast path: without duplicates, every key written in the text survives in the parsed value.
  const written = countWrittenKeys(source);
  if (written !== undefined && written === countParsedKeys(value)) {
    return { ok: true, value };
  }
  const duplicate = findDuplicateKey(source);
  if (duplicate) {
    const at = lineAndColumn(source, duplicate.offset);
    const first = lineAndColumn(source, duplicate.firstOffset);
    return {
      ok: false,
      problem:
        `${file}:${at.line}:${at.column}: invalid JSON: duplicate key ${JSON.stringify(duplicate.key)} (first at line ${first.line}, column ${first.column}); ` +
        'CloudFormation rejects a template with duplicate keys, and tools differ in which one they keep',
    };
  }
  return { ok: true, value };
}

function syntaxProblem(error: unknown, source: string, file: string): string {
  const message = error instanceof Error ? error.message : String(error);
  // "Unexpected end of JSON input" has no position: it is the end of the text.
  const position = /at position (\d+)/.exec(message) ?? (/end of JSON input/.test(message) ? [message, String(source.length)] : null);
  // Newer Node versions add "(line L column C)" themselves; compute it once, the same way everywhere.
  const reason = message.replace(/\s*\(line \d+ column \d+\)/, '').replace(/\s*in JSON at position \d+/, '');
  if (position) {
    const { line, column } = lineAndColumn(source, Number(position[1]));
    return `${file}:${line}:${column}: invalid JSON: ${reason}`;
  }
  return `${file}: invalid JSON: ${reason}`;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * How many keys the text of valid JSON writes, or undefined when this quick count cannot tell. One pass over
 * the colons: a key's colon follows its closing quote (counted) or white space (then the exact check decides).
 * A colon inside a string follows anything else, or (for a string that starts with a colon) its opening
 * quote, which is counted too: an overcount never hides a duplicate, it only sends the caller to the exact check.
 */
function countWrittenKeys(source: string): number | undefined {
  let count = 0;
  for (let colon = source.indexOf(':'); colon >= 0; colon = source.indexOf(':', colon + 1)) {
    const before = source.charCodeAt(colon - 1);
    if (before === QUOTE) {
      if (!isEscaped(source, colon - 1)) count++;
    } else if (before === 0x20 || before === 0x0a || before === 0x09 || before === 0x0d) {
      return undefined;
    }
  }
  return count;
}

/** How many keys the objects of a parsed JSON value hold (without recursion: the value may be deep). */
function countParsedKeys(value: unknown): number {
  let count = 0;
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next !== 'object' || next === null) {
      continue;
    }
    if (Array.isArray(next)) {
      for (const item of next) pending.push(item);
    } else {
      // for...in: JSON.parse makes only own properties; an inherited one only sends the caller to the exact check.
      for (const key in next) {
        count++;
        pending.push((next as Record<string, unknown>)[key]);
      }
    }
  }
  return count;
}

/** The first key written twice in one object of valid JSON text, with where both are. */
export function findDuplicateKey(source: string): { key: string; offset: number; firstOffset: number } | undefined {
  // One map of keys per open object, undefined per open array; no recursion, so any depth is fine.
  const open: Array<Map<string, number> | undefined> = [];
  const structure = /["{}[\]]/g;
  for (let match = structure.exec(source); match; match = structure.exec(source)) {
    const start = match.index;
    const c = source.charCodeAt(start);
    if (c !== QUOTE) {
      if (c === 0x7b) open.push(new Map());
      else if (c === 0x5b) open.push(undefined);
      else open.pop();
      continue;
    }
    let end = source.indexOf('"', start + 1);
    while (isEscaped(source, end)) end = source.indexOf('"', end + 1);
    structure.lastIndex = end + 1;
    const keys = open[open.length - 1];
    if (keys === undefined || !isFollowedByColon(source, end + 1)) {
      continue;
    }
    const raw = source.slice(start + 1, end);
    const key = raw.includes('\\') ? (JSON.parse(source.slice(start, end + 1)) as string) : raw;
    const firstOffset = keys.get(key);
    if (firstOffset !== undefined) {
      return { key, offset: start, firstOffset };
    }
    keys.set(key, start);
  }
  return undefined;
}

function isEscaped(source: string, quote: number): boolean {
  let backslashes = 0;
  for (let i = quote - 1; source.charCodeAt(i) === BACKSLASH; i--) backslashes++;
  return backslashes % 2 === 1;
}

function isFollowedByColon(source: string, from: number): boolean {
  let i = from;
  while (/[ \t\r\n]/.test(source.charAt(i))) i++;
  return source.charAt(i) === ':';
}

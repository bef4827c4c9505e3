// What the tools show a person. Templates, file names, cloud assemblies and API answers are untrusted: a
// control character in them (an escape sequence, a carriage return, a bidirectional override) must never
// reach a terminal raw, where it could recolour, hide or forge lines. Paths are shown one way everywhere.
import * as path from 'path';

/**
 * C0 controls, DEL, C1 controls, the line and paragraph separators, and the invisible bidirectional
 * formatting characters (which can make text display in another order than it reads).
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** The characters of CONTROL that `JSON.stringify` leaves as they are (it escapes C0 itself). */
const JSON_UNESCAPED_CONTROL = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const SHORT_ESCAPES: { readonly [c: string]: string } = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function unicodeEscape(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/**
 * `text` with every control character written as a visible escape (`\n`, `\t`, `\u001b`, `\u202e`), so that
 * one message is one line and nothing in it acts on the terminal. Printable text is left as it is, and
 * applying it twice changes nothing.
 */
export function printable(text: string): string {
  return text.replace(CONTROL, (c) => SHORT_ESCAPES[c] ?? unicodeEscape(c));
}

/**
 * `JSON.stringify(value, undefined, 2)` with the control characters that JSON allows raw inside strings
 * written as `\u` escapes too: still valid JSON that parses to the same value, and safe to print.
 */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, undefined, 2).replace(JSON_UNESCAPED_CONTROL, unicodeEscape);
}

/**
 * The one way a path is shown in messages and reports: relative to the working directory when it is inside
 * it, absolute otherwise (never `../..`), whether the user typed it relative or absolute.
 */
export function displayPath(file: string, cwd: string = process.cwd()): string {
  const absolute = path.resolve(cwd, file);
  const relative = path.relative(cwd, absolute);
  const outside = relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative);
  return relative === '' ? '.' : outside ? absolute : relative;
}

/**
 * The only ways a value read from the API enters a generated file. Values are data, never code: a
 * gateway description like `"); require('child_process')...` must stay a string in the generated
 * program, a command and a Markdown table.
 */

/**
 * A TypeScript expression for a JSON value: `JSON.stringify`, plus escapes for the two characters JSON
 * leaves raw but JavaScript source treats as line terminators (U+2028, U+2029), which could end a `//`
 * comment. Lines after the first are indented by `indent`.
 */
export function tsLiteral(value: unknown, indent = ''): string {
  const json = JSON.stringify(value, undefined, 2);
  if (json === undefined) {
    return 'undefined';
  }
  return escapeLineSeparators(json).replace(/\n/g, `\n${indent}`);
}

/** A value for a `// ...` comment: the JSON string form, which has no line break of any kind. */
export function tsComment(value: string): string {
  return escapeLineSeparators(JSON.stringify(value));
}

function escapeLineSeparators(text: string): string {
  return text.replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** A POSIX shell word: single-quoted, with single quotes closed, escaped and reopened. */
export function shellWord(value: string): string {
  return /^[A-Za-z0-9_./:=@,+-]+$/.test(value) ? value : `'${value.replace(/'/g, '\'\\\'\'')}'`;
}

/**
 * Inline Markdown code for text from the API. Identifiers (letters, digits, `-_.:/*@`) appear as they
 * are; anything else in its JSON string form, with backticks and table pipes escaped, so that it can
 * neither close the code span nor split a table row.
 */
export function mdCode(value: string): string {
  if (/^[A-Za-z0-9_.:/*@-]+$/.test(value)) {
    return `\`${value}\``;
  }
  const text = JSON.stringify(value).replace(/`/g, '\\u0060').replace(/\|/g, '\\u007c');
  return `\`${escapeLineSeparators(text)}\``;
}

/**
 * Plain-text layout for readable output: aligned columns and wrapped paragraphs. Both take untrusted text
 * (names and values from templates and API answers) and show its control characters as escapes.
 */
import { printable } from './display';

/** Rows under a header, each column as wide as its widest cell; the last column is not padded. */
export function table(header: string[], rawRows: string[][]): string[] {
  const rows = rawRows.map((r) => r.map(printable));
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  // Padding the last column too changes nothing: the line's trailing spaces are trimmed.
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

/** Wraps `text` at `width` columns; the first line starts with `first`, the others with `rest`. */
export function wrap(text: string, first: string, rest: string, width = 100): string[] {
  const words = printable(text).split(' ').filter((w) => w.length > 0);
  const lines: string[] = [];
  let current = first;
  let empty = true;
  for (const word of words) {
    if (!empty && current.length + 1 + word.length > width) {
      lines.push(current);
      current = rest + word;
    } else {
      current += (empty ? '' : ' ') + word;
    }
    empty = false;
  }
  lines.push(current);
  return lines;
}

/** `1 gateway`, `2 gateways`. */
export function plural(count: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : pluralNoun}`;
}

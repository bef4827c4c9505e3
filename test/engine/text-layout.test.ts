import { table, wrap } from '../../src/engine/text-layout';

describe('table', () => {
  test('GIVEN a cell with control characters WHEN laid out THEN it is escaped and the columns are aligned on what is shown', () => {
    const lines = table(
      ['NAME', 'VALUE'],
      [
        ['a\u001b[2Jb', 'x'],
        ['c', 'y\nz'],
      ],
    );
    expect(lines).toEqual(['NAME         VALUE', 'a\\u001b[2Jb  x', 'c            y\\nz']);
  });
});

describe('wrap', () => {
  test('GIVEN text with a newline and an escape sequence WHEN wrapped THEN they are escapes inside the words, not line breaks', () => {
    expect(wrap('first\nsecond \u001b[31mred', '  ', '    ', 20)).toEqual(['  first\\nsecond', '    \\u001b[31mred']);
  });

  test('GIVEN text longer than the width WHEN wrapped THEN lines break between words, never inside one', () => {
    expect(wrap('aaa bbb ccc dddddddddddddddddddd', '> ', '  ', 10)).toEqual(['> aaa bbb', '  ccc', '  dddddddddddddddddddd']);
  });
});

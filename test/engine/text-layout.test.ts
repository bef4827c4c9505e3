import { plural, table, wrap } from '../../src/engine/text-layout';

describe('table', () => {
  test('GIVEN rows of different widths WHEN laid out THEN each column is as wide as its widest cell, two spaces apart, the last one unpadded', () => {
    expect(table(['A', 'LONGER', 'LAST'], [['wide cell', 'x', 'end'], ['y', 'a much wider cell', '']])).toEqual([
      'A          LONGER             LAST',
      'wide cell  x                  end',
      'y          a much wider cell',
    ]);
  });

  test('GIVEN a row with fewer cells than the header WHEN laid out THEN the missing cells are empty', () => {
    expect(table(['A', 'B', 'C'], [['1']])).toEqual(['A  B  C', '1']);
  });

  test('GIVEN no rows WHEN laid out THEN only the header', () => {
    expect(table(['ONE', 'TWO'], [])).toEqual(['ONE  TWO']);
  });

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
  test('GIVEN a paragraph WHEN wrapped at 20 THEN no line is longer, words stay whole, the first and the other lines get their own prefix', () => {
    expect(wrap('the quick brown fox jumps over the lazy dog', '> ', '  ', 20)).toEqual(['> the quick brown', '  fox jumps over the', '  lazy dog']);
  });

  test('GIVEN a line that would be exactly the width WHEN wrapped THEN it stays on one line; one character more moves the word', () => {
    expect(wrap('aaaa bbbb', '', '', 9)).toEqual(['aaaa bbbb']);
    expect(wrap('aaaa bbbbb', '', '', 9)).toEqual(['aaaa', 'bbbbb']);
  });

  test('GIVEN runs of white space and a word longer than the width WHEN wrapped THEN spaces collapse and the long word gets its own line', () => {
    expect(wrap('  a    b  ', '-', '+', 100)).toEqual(['-a b']);
    expect(wrap('  a   \n\t b  ', '-', '+', 100)).toEqual(['-a \\n\\t b']);
    expect(wrap('a verylongword b', '', '', 5)).toEqual(['a', 'verylongword', 'b']);
  });

  test('GIVEN no words WHEN wrapped THEN one line with the first prefix', () => {
    expect(wrap('   ', '>>', '..')).toEqual(['>>']);
  });

  test('GIVEN the default width WHEN wrapped THEN lines end at 100 columns', () => {
    const lines = wrap('word '.repeat(60), '', '');
    expect(lines.map((l) => l.length)).toEqual([99, 99, 99]);
  });

  test('GIVEN text with a newline and an escape sequence WHEN wrapped THEN they are escapes inside the words, not line breaks', () => {
    expect(wrap('first\nsecond \u001b[31mred', '  ', '    ', 20)).toEqual(['  first\\nsecond', '    \\u001b[31mred']);
  });

  test('GIVEN text longer than the width WHEN wrapped THEN lines break between words, never inside one', () => {
    expect(wrap('aaa bbb ccc dddddddddddddddddddd', '> ', '  ', 10)).toEqual(['> aaa bbb', '  ccc', '  dddddddddddddddddddd']);
  });
});

describe('plural', () => {
  test.each([
    [0, 'gateway', undefined, '0 gateways'],
    [1, 'gateway', undefined, '1 gateway'],
    [2, 'gateway', undefined, '2 gateways'],
    [2, 'property', 'properties', '2 properties'],
    [1, 'property', 'properties', '1 property'],
  ])('GIVEN %i %s WHEN counted THEN %s', (count, noun, pluralNoun, text) => {
    expect(plural(count, noun, pluralNoun)).toBe(text);
  });
});

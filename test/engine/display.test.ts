import * as path from 'path';
import { displayPath, jsonText, printable } from '../../src/engine/display';

describe('printable', () => {
  test('GIVEN C0, DEL, C1, line separators and bidirectional controls WHEN made printable THEN each is a visible escape', () => {
    expect(printable('a\u0000b\u0007c\u001b[31md\u007fe\u009bf\u2028g\u202eh\u2066i\u200fj')).toBe(
      'a\\u0000b\\u0007c\\u001b[31md\\u007fe\\u009bf\\u2028g\\u202eh\\u2066i\\u200fj',
    );
  });

  test('GIVEN newlines, carriage returns and tabs WHEN made printable THEN they are short escapes and the text is one line', () => {
    expect(printable('one\r\ntwo\tthree\n')).toBe('one\\r\\ntwo\\tthree\\n');
  });

  test('GIVEN printable text, accents, emoji and non-Latin scripts WHEN made printable THEN nothing changes, and twice changes nothing', () => {
    const text = 'Prod/Api/Gateway — café 网关 🚪 {"a": [1]} \\u001b';
    expect(printable(text)).toBe(text);
    const once = printable('x\u001by');
    expect(printable(once)).toBe(once);
  });
});

describe('jsonText', () => {
  test('GIVEN strings with every kind of control character WHEN written as JSON THEN it parses back to the same value and holds none raw', () => {
    const value = { name: 'a\u0000\u001b[2J\u0085\u009b\u2028\u2029\u202e\u061cz', list: ['\n', '\t'], n: 1 };
    const text = jsonText(value);
    expect(JSON.parse(text)).toEqual(value);
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u2028\u2029\u202e]/);
    expect(text).toContain('\\u0085\\u009b\\u2028\\u2029\\u202e\\u061c');
  });

  test('GIVEN a plain value WHEN written THEN it is JSON.stringify with two spaces', () => {
    const value = { a: [1, { b: 'c' }] };
    expect(jsonText(value)).toBe(JSON.stringify(value, undefined, 2));
  });
});

describe('displayPath', () => {
  const cwd = path.join(path.sep, 'home', 'dev', 'app');

  test.each([
    ['cdk.out/manifest.json', 'cdk.out/manifest.json'],
    [path.join(cwd, 'cdk.out', 'manifest.json'), 'cdk.out/manifest.json'],
    ['./templates/../t.yaml', 't.yaml'],
    [cwd, '.'],
    ['..foo/t.yaml', '..foo/t.yaml'],
    ['../other/t.yaml', path.join(path.sep, 'home', 'dev', 'other', 't.yaml')],
    [path.join(path.sep, 'srv', 't.yaml'), path.join(path.sep, 'srv', 't.yaml')],
    ['..', path.join(path.sep, 'home', 'dev')],
  ])('GIVEN %s WHEN shown from the working directory THEN %s', (file, shown) => {
    expect(displayPath(file, cwd)).toBe(shown.split('/').join(path.sep));
  });
});

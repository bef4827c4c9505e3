import { findDuplicateKey, parseStrictJson } from '../../src/scan/strict-json';

function problem(text: string): string {
  const parsed = parseStrictJson(text, 't.json');
  if (parsed.ok) {
    throw new Error('expected a problem');
  }
  return parsed.problem;
}

describe('parseStrictJson', () => {
  test('GIVEN AuthorizerType NONE then AWS_IAM in one object WHEN parsed THEN it is an error naming the key and both places, never the last value', () => {
    // GIVEN
    const text = '{\n  "Resources": {\n    "Gw": {\n      "Properties": {\n        "AuthorizerType": "NONE",\n        "AuthorizerType": "AWS_IAM"\n      }\n    }\n  }\n}';

    // WHEN / THEN
    expect(problem(text)).toBe(
      't.json:6:9: invalid JSON: duplicate key "AuthorizerType" (first at line 5, column 9); ' +
        'CloudFormation rejects a template with duplicate keys, and tools differ in which one they keep',
    );
  });

  test.each([
    ['two resources with one logical ID', '{"Resources": {"Gw": {"Type": "A"}, "Gw": {"Type": "B"}}}', 'Gw'],
    ['the same key written with an escape', '{"Resources": {"A": 1, "\\u0041": 2}}', 'A'],
    ['white space before the colon (the quick count cannot tell)', '{"Resources" : {"A" : 1, "A" : 2}}', 'A'],
    ['a value that starts with a colon next to the duplicate', '{"Resources": {"A": ":80", "A": 2}}', 'A'],
    ['duplicates deep inside a list', '{"Resources": [[{"k": 1}], [{"x": {"A": 1, "A": 1}}]]}', 'A'],
    ['an escaped quote before a colon inside a value', '{"A": "say \\":\\" ok", "A": 1}', 'A'],
    ['__proto__ twice', '{"__proto__": 1, "__proto__": 2}', '__proto__'],
  ])('GIVEN %s WHEN parsed THEN the duplicate is found', (_name, text, key) => {
    expect(problem(text)).toContain(`duplicate key ${JSON.stringify(key)}`);
  });

  test.each([
    ['the same key in sibling objects', '{"A": {"k": 1}, "B": {"k": 2}}'],
    ['the same key at two depths', '{"k": {"k": {"k": 1}}}'],
    ['keys that differ only in case', '{"k": 1, "K": 2}'],
    ['a key that is also a value', '{"k": "k", "v": ["k", "k"]}'],
    ['strings full of quotes, colons and backslashes', '{"a": "\\\\", "b": "\\":", "c": ":", "d": "x\\\\\\":y"}'],
    ['white space before colons, no duplicates', '{"a" : 1, "b"\n: {"a" : 2}}'],
  ])('GIVEN %s WHEN parsed THEN it is valid and equals JSON.parse', (_name, text) => {
    expect(parseStrictJson(text, 't.json')).toEqual({ ok: true, value: JSON.parse(text) });
  });

  test('GIVEN broken JSON WHEN parsed THEN the syntax error names the file, line and column', () => {
    expect(problem('{\n  "a": 1,\n}')).toMatch(/^t\.json:3:1: invalid JSON: /);
    expect(problem('{"a": ')).toBe('t.json:1:7: invalid JSON: Unexpected end of JSON input');
  });

  test('GIVEN JSON nested 100,000 levels deep, with a duplicate at the bottom WHEN parsed THEN the check does not recurse and finds it', () => {
    const depth = 100_000;
    const text = '['.repeat(depth) + '{"A": 1, "A": 2}' + ']'.repeat(depth);

    expect(problem(text)).toBe(
      `t.json:1:${depth + 10}: invalid JSON: duplicate key "A" (first at line 1, column ${depth + 2}); ` +
        'CloudFormation rejects a template with duplicate keys, and tools differ in which one they keep',
    );
    expect(parseStrictJson('['.repeat(depth) + ']'.repeat(depth), 't.json').ok).toBe(true);
  });
});

describe('findDuplicateKey', () => {
  test('GIVEN valid JSON WHEN searched THEN the offsets of the repeated key and of its first use', () => {
    expect(findDuplicateKey('{"a": {"b": 1, "b": 2}}')).toEqual({ key: 'b', offset: 15, firstOffset: 7 });
    expect(findDuplicateKey('{"a": {"b": 1}, "c": {"b": 2}}')).toBeUndefined();
  });
});

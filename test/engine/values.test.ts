import {
  concat,
  describeValue,
  isPartial,
  isPlainObject,
  isUnknown,
  literalString,
  MAX_DESCRIBED_LENGTH,
  PartialString,
  Unknown,
  unknownReason,
} from '../../src/engine/values';

const DYNAMIC = 'a dynamic reference is resolved by CloudFormation at deploy time';

describe('literalString: dynamic references are only known at deploy time', () => {
  test('GIVEN a string without a dynamic reference WHEN read THEN it is that string', () => {
    expect(literalString('https://idp/{{x}}')).toBe('https://idp/{{x}}');
    expect(literalString('')).toBe('');
  });

  test.each([
    ['in the middle', 'https://{{resolve:ssm:host}}/path', ['https://', new Unknown('{{resolve:ssm:host}}', DYNAMIC), '/path']],
    ['at the start', '{{resolve:ssm:host}}/path', [new Unknown('{{resolve:ssm:host}}', DYNAMIC), '/path']],
    ['at the end', 'https://{{resolve:ssm:host}}', ['https://', new Unknown('{{resolve:ssm:host}}', DYNAMIC)]],
    ['alone', '{{resolve:secretsmanager:s}}', [new Unknown('{{resolve:secretsmanager:s}}', DYNAMIC)]],
    [
      'twice, side by side',
      'a{{resolve:ssm:x}}{{resolve:ssm:y}}b',
      ['a', new Unknown('{{resolve:ssm:x}}', DYNAMIC), new Unknown('{{resolve:ssm:y}}', DYNAMIC), 'b'],
    ],
  ])('GIVEN a dynamic reference %s WHEN read THEN the literal parts stay and the reference is unknown', (_name, text, parts) => {
    const value = literalString(text);

    expect(value).toEqual(new PartialString(parts as Array<string | Unknown>));
    expect(describeValue(value)).toBe(text.replace(/\{\{resolve:[^}]*\}\}/g, (m) => `\${${m}}`));
  });

  test('GIVEN the same pattern twice in a row WHEN read THEN a global pattern carries no state from one call to the next', () => {
    expect(literalString('x{{resolve:ssm:a}}')).toEqual(literalString('x{{resolve:ssm:a}}'));
  });
});

describe('concat', () => {
  test('GIVEN known pieces WHEN joined THEN a string, numbers and booleans as text', () => {
    expect(concat(['a', 1, true, ''], 'Fn::Join')).toBe('a1true');
  });

  test('GIVEN an unknown piece between literals WHEN joined THEN a partial string whose neighbouring literals merge', () => {
    const token = new Unknown('Ref X', 'r');
    const joined = concat(['https://', 'idp.', token, '/', new PartialString(['a', token]), '', 'z'], 'Fn::Join');

    expect(joined).toEqual(new PartialString(['https://idp.', token, '/a', token, 'z']));
    expect(unknownReason(joined)).toBe('Ref X: r; Ref X: r');
  });

  test.each([
    ['a list', ['a', ['b']], 'a part of Fn::Sub is not a string (["b"])'],
    ['an absent value', ['a', undefined], 'a part of Fn::Sub is not a string (absent)'],
    ['null', [null], 'a part of Fn::Sub is not a string (null)'],
    ['a mapping', [{ a: 1 }], 'a part of Fn::Sub is not a string ({"a":1})'],
  ])('GIVEN %s among the pieces WHEN joined THEN it cannot be a string', (_name, pieces, reason) => {
    expect(concat(pieces as never, 'Fn::Sub')).toEqual(new Unknown('Fn::Sub', reason));
  });
});

describe('kinds of values', () => {
  test.each([
    [{ a: 1 }, true],
    [{}, true],
    [[], false],
    [null, false],
    [undefined, false],
    ['s', false],
    [1, false],
    [new Unknown('Ref X', 'r'), false],
    [new PartialString(['a']), false],
  ])('GIVEN %j WHEN asked whether it is a plain object THEN %s', (value, expected) => {
    expect(isPlainObject(value as never)).toBe(expected);
  });

  test('GIVEN an unknown and a partial string WHEN asked THEN each is recognised, and nothing else is', () => {
    expect(isUnknown(new Unknown('e', 'r'))).toBe(true);
    expect(isUnknown({ kind: 'unknown', expression: 'e', reason: 'r' } as never)).toBe(false);
    expect(isPartial(new PartialString([]))).toBe(true);
    expect(isPartial('x')).toBe(false);
    expect(new Unknown('e', 'r').nonEmptyList).toBe(false);
  });
});

describe('describeValue and unknownReason', () => {
  test.each([
    [undefined, 'absent'],
    [new Unknown('Ref X', 'r'), 'Ref X'],
    ['NONE', "'NONE'"],
    [3, '3'],
    [null, 'null'],
    [['a', 1], '["a",1]'],
  ])('GIVEN %j WHEN described THEN %s', (value, text) => {
    expect(describeValue(value as never)).toBe(text);
  });

  test(`GIVEN a value whose text is longer than ${MAX_DESCRIBED_LENGTH} characters WHEN described THEN it is cut there, with an ellipsis`, () => {
    const exact = ['x'.repeat(MAX_DESCRIBED_LENGTH - 4)];
    const long = ['x'.repeat(MAX_DESCRIBED_LENGTH)];

    expect(describeValue(exact)).toBe(JSON.stringify(exact));
    expect(describeValue(exact)).toHaveLength(MAX_DESCRIBED_LENGTH);
    expect(describeValue(long)).toBe(`${JSON.stringify(long).slice(0, MAX_DESCRIBED_LENGTH - 3)}...`);
    expect(describeValue(long)).toHaveLength(MAX_DESCRIBED_LENGTH);
  });

  test('GIVEN values without unknown parts WHEN their reason is asked THEN there is none', () => {
    expect(unknownReason('x')).toBe('');
    expect(unknownReason(new PartialString(['a', 'b']))).toBe('');
    expect(unknownReason(new Unknown('Ref X', 'r'))).toBe('Ref X: r');
  });
});

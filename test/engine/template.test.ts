import { containsText, isRecord, nestedDeeperThan, templateSection } from '../../src/engine/template';

describe('templateSection', () => {
  test('GIVEN a template WHEN a section is asked THEN the section, or an empty one when it is absent or not a mapping', () => {
    expect(templateSection({ Parameters: { P: {} } }, 'Parameters')).toEqual({ P: {} });
    expect(templateSection({ Parameters: ['P'] }, 'Parameters')).toEqual({});
    expect(templateSection({}, 'Parameters')).toEqual({});
    expect(templateSection(['Parameters'], 'Parameters')).toEqual({});
    expect(templateSection(null, 'Parameters')).toEqual({});
  });

  test('GIVEN values WHEN asked whether they are records THEN only non-null, non-list objects are', () => {
    expect([{}, [], null, 'x', undefined].map(isRecord)).toEqual([true, false, false, false, false]);
  });
});

describe('nestedDeeperThan', () => {
  test.each([
    ['a scalar', 'x', 0, false],
    ['an empty mapping', {}, 0, true],
    ['an empty mapping', {}, 1, false],
    ['a mapping in a mapping', { a: {} }, 1, true],
    ['a scalar in a mapping', { a: 1 }, 1, false],
    ['lists in a list', [[['x']]], 3, false],
    ['lists in a list', [[['x']]], 2, true],
    ['a deep branch beside a shallow one', { a: 1, b: [[{}]] }, 4, false],
    ['a deep branch beside a shallow one', { a: 1, b: [[{}]] }, 3, true],
  ])('GIVEN %s (%j) WHEN tested against %i levels THEN %s', (_name, value, limit, deeper) => {
    expect(nestedDeeperThan(value, limit)).toBe(deeper);
  });

  test('GIVEN a value 100,000 levels deep WHEN tested THEN it answers without recursion', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(nestedDeeperThan(deep, 99_999)).toBe(true);
    expect(nestedDeeperThan(deep, 100_000)).toBe(false);
  });
});

describe('containsText', () => {
  test.each([
    ['in a string value', { a: ['x', 'has AWS::BedrockAgentCore::Gateway inside'] }, true],
    ['in a key', { 'AWS::BedrockAgentCore::Gateway': 1 }, true],
    ['nowhere', { a: 'AWS::BedrockAgentCore::GatewayTarget'.replace('Gateway', 'Gate') }, false],
    ['only in a number', { a: 1 }, false],
    ['a bare string', 'AWS::BedrockAgentCore::Gateway', true],
    ['null', null, false],
  ])('GIVEN the text %s WHEN searched THEN %s', (_name, value, found) => {
    expect(containsText(value, 'AWS::BedrockAgentCore::Gateway')).toBe(found);
  });
});

describe('walking values of any kind', () => {
  test('GIVEN null and text at the depth limit WHEN measured THEN they are leaves, not levels', () => {
    expect(nestedDeeperThan({ a: { b: null, c: 'text', d: 7 } }, 2)).toBe(false);
    expect(nestedDeeperThan({ a: { b: {} } }, 2)).toBe(true);
    expect(nestedDeeperThan(null, 0)).toBe(false);
  });

  test('GIVEN null and numbers in a value WHEN searched for text THEN they are skipped', () => {
    expect(containsText({ a: null, b: [7, null], c: true }, 'x')).toBe(false);
    expect(containsText({ a: null, b: [7, { Type: 'AWS::BedrockAgentCore::Gateway' }] }, 'BedrockAgentCore')).toBe(true);
  });
});

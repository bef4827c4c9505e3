import { explore, World } from '../../src/engine/choices';

describe('explore', () => {
  test('GIVEN independent choices WHEN explored THEN every combination is visited once', () => {
    const seen = explore((w) => `${w.choose('a', ['a0', 'a1'])}${w.choose('b', ['b0', 'b1', 'b2'])}`, 100);
    expect(seen.truncated).toBe(false);
    expect(seen.results.map((r) => r.value).sort()).toEqual(['00', '01', '02', '10', '11', '12']);
  });

  test('GIVEN the same key twice in one world WHEN explored THEN it gets the same answer', () => {
    const seen = explore((w) => [w.choose('a', ['x', 'y']), w.choose('a', ['x', 'y'])], 100);
    expect(seen.results.map((r) => r.value)).toEqual([
      [0, 0],
      [1, 1],
    ]);
  });

  test('GIVEN choices that depend on earlier ones WHEN explored THEN only reachable ones are visited', () => {
    const seen = explore((w) => (w.choose('a', ['a0', 'a1']) === 0 ? 'stop' : `go${w.choose('b', ['b0', 'b1'])}`), 100);
    expect(seen.results.map((r) => r.value)).toEqual(['stop', 'go0', 'go1']);
    expect(seen.results[1].decisions).toEqual([
      { key: 'a', label: 'a1' },
      { key: 'b', label: 'b0' },
    ]);
  });

  test('GIVEN more worlds than the limit WHEN explored THEN it stops and says so', () => {
    const seen = explore((w) => w.choose('a', ['1', '2', '3']), 2);
    expect(seen.truncated).toBe(true);
    expect(seen.results).toHaveLength(2);
  });
});

describe('World.choose', () => {
  test('GIVEN a choice without options WHEN asked THEN it is an internal error naming the choice', () => {
    expect(() => new World([]).choose('parameter:X', [])).toThrow('internal: choice parameter:X has no options');
  });
});


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


describe('explore: a world that takes another path', () => {
  test('GIVEN a function that meets another choice where an earlier world met one WHEN explored THEN the new choice starts from its first option', () => {
    // Evaluation is deterministic, so this only happens by mistake; the explorer then still sees every option of the new choice.
    let calls = 0;
    const seen = explore((w) => (++calls === 1 ? `a${w.choose('a', ['a0', 'a1'])}` : `b${w.choose('b', ['b0', 'b1', 'b2'])}`), 10);

    expect(seen.results.map((r) => r.value)).toEqual(['a0', 'b0', 'b1', 'b2']);
    expect(seen.choices).toEqual([
      { key: 'a', options: 2 },
      { key: 'b', options: 3 },
    ]);
  });
});

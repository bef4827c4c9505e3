import { evaluateOne, gatewayProperties, ruleIds, template } from './fixtures';
import { explore, World } from '../../src/engine/choices';
import { Evaluator, MAX_VALUE_DEPTH, shortExpression, TemplateScope } from '../../src/engine/intrinsics';
import { isUnknown, Unknown, Value } from '../../src/engine/values';

const EMPTY: TemplateScope = { parameters: {}, mappings: {}, conditions: {}, resources: {} };

function evaluate(node: unknown, scope: TemplateScope = EMPTY): Value {
  return new Evaluator(scope, new World([])).value(node);
}

/** `leaf` inside `levels` lists: [[...[leaf]...]]. */
function inLists(levels: number, leaf: unknown): unknown {
  let node = leaf;
  for (let i = 0; i < levels; i++) node = [node];
  return node;
}

/** The innermost item of nested lists. */
function innermost(value: Value): Value {
  let v = value;
  while (Array.isArray(v)) v = v[0];
  return v;
}

describe('Evaluator: every value is evaluated to a bounded depth', () => {
  test(`GIVEN a literal ${MAX_VALUE_DEPTH} levels deep WHEN evaluated THEN it is known; one level deeper it cannot be proven`, () => {
    // GIVEN: the outermost list is level 1, so the literal inside N lists is at level N + 1.
    const deepest = inLists(MAX_VALUE_DEPTH - 1, 'AWS_IAM');
    const tooDeep = inLists(MAX_VALUE_DEPTH, 'AWS_IAM');

    // WHEN / THEN
    expect(innermost(evaluate(deepest))).toBe('AWS_IAM');
    expect(innermost(evaluate(tooDeep))).toEqual(
      new Unknown("'AWS_IAM'", `it is nested more than ${MAX_VALUE_DEPTH} levels deep, deeper than the guard evaluates`),
    );
  });

  test('GIVEN values too deep to evaluate WHEN described THEN the message names the function or the kind of value, never its content', () => {
    const reason = `it is nested more than ${MAX_VALUE_DEPTH} levels deep, deeper than the guard evaluates`;
    const at = (leaf: unknown) => innermost(evaluate(inLists(MAX_VALUE_DEPTH, leaf)));

    expect(at({ 'Fn::If': ['C', 'a', 'b'] })).toEqual(new Unknown('Fn::If', reason));
    expect(at({ Ref: 'X' })).toEqual(new Unknown('Ref', reason));
    expect(at({ A: 1, B: 2 })).toEqual(new Unknown('a mapping', reason));
    expect(at({ 'Fn::If': 1, 'Other': 2 })).toEqual(new Unknown('a mapping', reason));
    expect(at(7)).toEqual(new Unknown('7', reason));
    expect(at(null)).toEqual(new Unknown('null', reason));
    // A list deeper still: its own kind, the same bound.
    expect(evaluate(inLists(MAX_VALUE_DEPTH + 5, 'x'))).toEqual(expect.anything());
  });

  test('GIVEN a value 100,000 levels deep WHEN evaluated THEN it ends without exhausting the stack, and the depth is free again afterwards', () => {
    const evaluator = new Evaluator(EMPTY, new World([]));

    expect(isUnknown(innermost(evaluator.value(inLists(100_000, 'x'))))).toBe(true);
    expect(evaluator.value(inLists(10, 'x'))).toEqual(inLists(10, 'x'));
  });

  test('GIVEN Fn::If nested past the bound around AuthorizerType WHEN the gateway is evaluated THEN it fails closed with AGW2, naming the bound', () => {
    let type: unknown = 'AWS_IAM';
    for (let i = 0; i < MAX_VALUE_DEPTH + 10; i++) type = { 'Fn::If': ['Always', type, 'AWS_IAM'] };

    const e = evaluateOne(template(gatewayProperties({ AuthorizerType: type }), { Conditions: { Always: { 'Fn::Equals': ['a', 'a'] } } }));

    expect(ruleIds(e)).toEqual(['AGW2']);
    expect(e.findings[0].message).toBe(
      `AuthorizerType cannot be proven at synth time: Fn::If: it is nested more than ${MAX_VALUE_DEPTH} levels deep, deeper than the guard evaluates.`,
    );
  });

  test('GIVEN a chain of conditions, each naming the next WHEN short THEN it is decided; WHEN longer than the bound THEN both outcomes are checked', () => {
    const chain = (length: number) => {
      const conditions: Record<string, unknown> = { [`C${length}`]: { 'Fn::Equals': ['a', 'a'] } };
      for (let i = 0; i < length; i++) conditions[`C${i}`] = { 'Fn::Not': [{ 'Fn::Not': [{ Condition: `C${i + 1}` }] }] };
      return template(gatewayProperties({ AuthorizerType: { 'Fn::If': ['C0', 'AWS_IAM', 'NONE'] }, AuthorizerConfiguration: undefined }), { Conditions: conditions });
    };

    expect(evaluateOne(chain(100)).verdict).toBe('COMPLIANT');
    const deep = evaluateOne(chain(MAX_VALUE_DEPTH));
    expect(deep.verdict).toBe('NON_COMPLIANT');
    expect(deep.authorization).toBe('AWS_IAM | NONE');
  });

  test('GIVEN condition operands nested past the bound WHEN decided THEN the condition is undecided (both outcomes), not an error', () => {
    const deepOperand = inLists(MAX_VALUE_DEPTH, 'a');
    const t = template(gatewayProperties({ AuthorizerType: { 'Fn::If': ['Deep', 'AWS_IAM', 'NONE'] }, AuthorizerConfiguration: undefined }), {
      Conditions: { Deep: { 'Fn::Equals': [deepOperand, deepOperand] } },
    });

    expect(evaluateOne(t).authorization).toBe('AWS_IAM | NONE');
  });

  test('GIVEN Fn::FindInMap keys that are deep WHEN evaluated THEN each key is its own choice, and the same shallow key is one choice', () => {
    const deepKey = () => {
      let key: unknown = { Ref: 'AWS::Region' };
      for (let i = 0; i < 25; i++) key = { 'Fn::If': ['Always', key, 'unused'] };
      return key;
    };
    const scope: TemplateScope = {
      ...EMPTY,
      conditions: { Always: true },
      mappings: { Types: { 'us-east-1': { T: 'AWS_IAM' }, 'eu-west-1': { T: 'NONE' } } },
    };
    const pair = (a: unknown, b: unknown) => [
      { 'Fn::FindInMap': ['Types', a, 'T'] },
      { 'Fn::FindInMap': ['Types', b, 'T'] },
    ];

    const same = explore((world) => new Evaluator(scope, world).value(pair({ Ref: 'AWS::Region' }, { Ref: 'AWS::Region' })), 16);
    const deep = explore((world) => new Evaluator(scope, world).value(pair(deepKey(), deepKey())), 16);

    // One shared choice: the two lookups always agree.
    expect(same.results.map((r) => r.value)).toEqual([
      ['AWS_IAM', 'AWS_IAM'],
      ['NONE', 'NONE'],
    ]);
    // Two deep keys (equal, but too deep to compare by text) are told apart by node: every combination is checked.
    expect(deep.results.map((r) => r.value)).toEqual([
      ['AWS_IAM', 'AWS_IAM'],
      ['AWS_IAM', 'NONE'],
      ['NONE', 'AWS_IAM'],
      ['NONE', 'NONE'],
    ]);
  });
});

describe('shortExpression', () => {
  test.each([
    ['Ref', 'Param', 'Ref Param'],
    ['Fn::GetAtt', ['Role', 'Arn'], 'Fn::GetAtt Role.Arn'],
    ['Fn::GetAtt', ['Role', { Ref: 'Attr' }], 'Fn::GetAtt'],
    ['Fn::GetAtt', [[[['deep']]]], 'Fn::GetAtt'],
    ['Fn::Join', ['a', 'b'], 'Fn::Join a, b'],
    ['Fn::FindInMap', ['Map', { Ref: 'AWS::Region' }, 'Key', { DefaultValue: 'x' }], 'Fn::FindInMap Map, (...), Key'],
    ['Fn::Sub', { x: 1 }, 'Fn::Sub'],
  ])('GIVEN %s %j WHEN shortened THEN %s', (fn, args, expected) => {
    expect(shortExpression(fn, args)).toBe(expected);
  });
});

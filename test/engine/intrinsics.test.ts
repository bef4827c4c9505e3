import { evaluateOne, gatewayProperties, ruleIds, template } from './fixtures';
import { explore, World } from '../../src/engine/choices';
import { Evaluator, MAX_VALUE_DEPTH, shortExpression, TemplateScope } from '../../src/engine/intrinsics';
import { isUnknown, PartialString, Unknown, Value } from '../../src/engine/values';

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

    // The search for macros stops first (at 64 levels) and fails closed, so the gateway never reaches the value bound.
    expect(ruleIds(e)).toEqual(['AGW2']);
    expect(e.findings[0].message).toMatch(/^Fn::Transform calls macro \? \(the structure is nested deeper than 64 levels, where the guard stops looking\), which rewrites Properties\.AuthorizerType\.Fn::If\[1\]/);
  });

  test('GIVEN Fn::If nested 100,000 levels deep WHEN read lazily THEN each Fn::If is a level: it ends as unknown at the bound without exhausting the stack', () => {
    let node: unknown = 'AWS_IAM';
    for (let i = 0; i < 100_000; i++) node = { 'Fn::If': ['Always', node, 'NONE'] };
    const evaluator = new Evaluator({ ...EMPTY, conditions: { Always: { 'Fn::Equals': ['a', 'a'] } } }, new World([]));

    expect(evaluator.lazy(node)).toEqual(new Unknown('Fn::If', `it is nested more than ${MAX_VALUE_DEPTH} levels deep, deeper than the guard evaluates`));
    expect(evaluator.lazy({ 'Fn::If': ['Always', 'AWS_IAM', 'NONE'] })).toBe('AWS_IAM');
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

/** Every value `node` takes, one per world of the choices it depends on, with the decisions of that world. */
function everyWorld(node: unknown, scope: Partial<TemplateScope> = {}): Array<[string[], Value]> {
  const full = { ...EMPTY, ...scope };
  return explore((world) => new Evaluator(full, world).value(node), 64).results.map((r) => [r.decisions.map((d) => d.label), r.value]);
}

describe('Evaluator: literals and structure', () => {
  test.each<[string, unknown, Value]>([
    ['absent', undefined, undefined],
    ['null', null, null],
    ['a number', 7, 7],
    ['a boolean', false, false],
    ['a string', 'AWS_IAM', 'AWS_IAM'],
    ['a list without AWS::NoValue items', ['a', { Ref: 'AWS::NoValue' }, 'b'], ['a', 'b']],
    ['a mapping without AWS::NoValue values', { A: 1, B: { Ref: 'AWS::NoValue' } }, { A: 1 }],
    ['a mapping with Ref and another key (no intrinsic)', { Ref: 'X', Other: 1 }, { Ref: 'X', Other: 1 }],
    ['a mapping whose one key only looks like a function', { Fnord: 'x' }, { Fnord: 'x' }],
  ])('GIVEN %s WHEN evaluated THEN it is kept as CloudFormation reads it', (_name, node, value) => {
    expect(evaluate(node)).toEqual(value);
  });

  test('GIVEN something JSON and YAML never produce WHEN evaluated THEN it cannot be proven', () => {
    expect(evaluate(BigInt(10))).toEqual(new Unknown('10', 'not a CloudFormation value'));
  });
});

describe('Evaluator: Ref and parameters', () => {
  const scope: Partial<TemplateScope> = {
    parameters: {
      Free: { Type: 'String' },
      Listed: { Type: 'String', AllowedValues: ['AWS_IAM', 'NONE'] },
      Numbers: { Type: 'Number', AllowedValues: [1, 2] },
      Empty: { Type: 'String', AllowedValues: [] },
      Odd: { Type: 'String', AllowedValues: [['AWS_IAM']] },
      Ssm: { Type: 'AWS::SSM::Parameter::Value<String>', AllowedValues: ['AWS_IAM'] },
      Ids: { Type: 'List<AWS::EC2::Subnet::Id>' },
      Csv: { Type: 'CommaDelimitedList', AllowedValues: ['a'] },
      Untyped: 'not a declaration',
    },
    resources: { Role: { Type: 'AWS::IAM::Role' } },
  };

  test.each<[string, unknown, Value]>([
    ['a pseudo parameter', { Ref: 'AWS::Region' }, new Unknown('Ref AWS::Region', 'a pseudo parameter is only known at deploy time', false, { pseudoParameter: true })],
    ['a resource', { Ref: 'Role' }, new Unknown('Ref Role', 'the Ref of resource Role is only known at deploy time', false, { resource: 'Role' })],
    ['a name the template does not have', { Ref: 'Nowhere' }, new Unknown('Ref Nowhere', 'Nowhere is neither a parameter nor a resource of this template')],
    ['a name that is not a string', { Ref: ['Free'] }, new Unknown('Ref', 'malformed Ref')],
    ['a parameter without AllowedValues', { Ref: 'Free' }, new Unknown('Ref Free', 'parameter Free has no AllowedValues, so any value can be passed at deploy time')],
    ['a parameter with empty AllowedValues', { Ref: 'Empty' }, new Unknown('Ref Empty', 'parameter Empty has no AllowedValues, so any value can be passed at deploy time')],
    ['a parameter with AllowedValues that are not scalars', { Ref: 'Odd' }, new Unknown('Ref Odd', 'parameter Odd has no AllowedValues, so any value can be passed at deploy time')],
    ['an SSM parameter', { Ref: 'Ssm' }, new Unknown('Ref Ssm', 'parameter Ssm is read from SSM Parameter Store at deploy time')],
    ['a List<> parameter', { Ref: 'Ids' }, new Unknown('Ref Ids', 'list parameter Ids is only known at deploy time')],
    ['a CommaDelimitedList parameter', { Ref: 'Csv' }, new Unknown('Ref Csv', 'list parameter Csv is only known at deploy time')],
    ['a parameter declared without a mapping (read as a String)', { Ref: 'Untyped' }, new Unknown('Ref Untyped', 'parameter Untyped has no AllowedValues, so any value can be passed at deploy time')],
  ])('GIVEN a Ref to %s WHEN evaluated THEN %j', (_name, node, value) => {
    expect(evaluate(node, { ...EMPTY, ...scope })).toEqual(value);
  });

  test('GIVEN parameters with AllowedValues WHEN evaluated THEN each allowed value is a world, as text', () => {
    expect(everyWorld({ Ref: 'Listed' }, scope)).toEqual([
      [["parameter Listed = 'AWS_IAM'"], 'AWS_IAM'],
      [["parameter Listed = 'NONE'"], 'NONE'],
    ]);
    expect(everyWorld({ Ref: 'Numbers' }, scope).map(([, v]) => v)).toEqual(['1', '2']);
  });
});

describe('Evaluator: conditions', () => {
  test.each<[string, unknown, string[]]>([
    ['true', true, ['yes']],
    ['false', false, ['no']],
    ["'true'", 'true', ['yes']],
    ["'false'", 'false', ['no']],
    ['another string', 'maybe', ['yes', 'no']],
    ['a number', 1, ['yes', 'no']],
    ['Fn::Not of true', { 'Fn::Not': [true] }, ['no']],
    ['Fn::Not of an undecided condition', { 'Fn::Not': ['maybe'] }, ['yes', 'no']],
    ['Fn::Not with two operands', { 'Fn::Not': [true, false] }, ['yes', 'no']],
    ['Fn::Not of a non-list', { 'Fn::Not': true }, ['yes', 'no']],
    ['Fn::And with a false operand beside an undecided one', { 'Fn::And': ['maybe', false] }, ['no']],
    ['Fn::And of true operands', { 'Fn::And': [true, 'true'] }, ['yes']],
    ['Fn::And with an undecided operand', { 'Fn::And': [true, 'maybe'] }, ['yes', 'no']],
    ['Fn::Or with a true operand beside an undecided one', { 'Fn::Or': ['maybe', true] }, ['yes']],
    ['Fn::Or of false operands', { 'Fn::Or': [false, 'false'] }, ['no']],
    ['Fn::Or of a non-list', { 'Fn::Or': true }, ['yes', 'no']],
    ['Fn::Equals of the same text', { 'Fn::Equals': ['1', 1] }, ['yes']],
    ['Fn::Equals of different text', { 'Fn::Equals': ['a', 'b'] }, ['no']],
    ['Fn::Equals with a list operand', { 'Fn::Equals': [['a'], 'a'] }, ['yes', 'no']],
    ['Fn::Equals with three operands', { 'Fn::Equals': ['a', 'a', 'a'] }, ['yes', 'no']],
    ['Fn::Equals of a non-list', { 'Fn::Equals': 'a' }, ['yes', 'no']],
    ['Condition naming a true condition', { Condition: 'Always' }, ['yes']],
    ['Condition with a name that is not a string', { Condition: ['Always'] }, ['yes', 'no']],
    ['a function conditions do not have', { 'Fn::Contains': [['a'], 'a'] }, ['yes', 'no']],
  ])('GIVEN the condition %s WHEN decided THEN the worlds are %j', (_name, expression, outcomes) => {
    const t = { Always: true, Tested: expression };

    expect(everyWorld({ 'Fn::If': ['Tested', 'yes', 'no'] }, { conditions: t }).map(([, v]) => v)).toEqual(outcomes);
  });

  test('GIVEN a condition that is not in the template, and one that names itself WHEN decided THEN both outcomes are checked, labelled', () => {
    expect(everyWorld({ 'Fn::If': ['Missing', 'yes', 'no'] })).toEqual([
      [['condition Missing is true'], 'yes'],
      [['condition Missing is false'], 'no'],
    ]);
    expect(everyWorld({ 'Fn::If': ['Loop', 'yes', 'no'] }, { conditions: { Loop: { Condition: 'Loop' } } }).map(([, v]) => v)).toEqual(['yes', 'no']);
  });

  test('GIVEN one condition used twice WHEN decided THEN it takes the same outcome in each world', () => {
    expect(everyWorld([{ 'Fn::If': ['C', 'a', 'b'] }, { 'Fn::If': ['C', 'a', 'b'] }], { conditions: { C: 'maybe' } }).map(([, v]) => v)).toEqual([
      ['a', 'a'],
      ['b', 'b'],
    ]);
  });

  test.each([
    ['not a list', { 'Fn::If': 'C' }, 'Fn::If C'],
    ['two operands', { 'Fn::If': ['C', 'a'] }, 'Fn::If C, a'],
    ['a condition name that is not a string', { 'Fn::If': [true, 'a', 'b'] }, 'Fn::If'],
  ])('GIVEN Fn::If with %s WHEN evaluated THEN it is malformed', (_name, node, expression) => {
    expect(evaluate(node)).toEqual(new Unknown(expression, 'malformed Fn::If'));
  });
});

describe('Evaluator: Fn::FindInMap', () => {
  const mappings = {
    Types: { prod: { Auth: 'AWS_IAM' }, dev: { Auth: 'NONE' } },
    Flat: { prod: 'not a level' },
    Numbers: { 1: { Auth: 'AWS_IAM' } },
    Empty: {},
  };
  const find = (...args: unknown[]) => ({ 'Fn::FindInMap': args });

  test.each<[string, unknown, Value]>([
    ['literal keys', find('Types', 'prod', 'Auth'), 'AWS_IAM'],
    ['a number as the key', find('Numbers', 1, 'Auth'), 'AWS_IAM'],
    ['a missing first key', find('Types', 'test', 'Auth'), new Unknown('Fn::FindInMap Types, test, Auth', "mapping Types has no key 'test'")],
    ['a missing second key', find('Types', 'prod', 'Other'), new Unknown('Fn::FindInMap Types, prod, Other', "mapping Types has no key 'Other'")],
    ['a missing key and a DefaultValue', find('Types', 'test', 'Auth', { DefaultValue: 'AWS_IAM' }), 'AWS_IAM'],
    ['a first level that is not a mapping', find('Flat', 'prod', 'Auth'), new Unknown('Fn::FindInMap Flat, prod, Auth', 'mapping Flat is malformed')],
    ['a mapping the template does not have', find('Nowhere', 'a', 'b'), new Unknown('Fn::FindInMap Nowhere, a, b', 'mapping Nowhere is not in the template')],
    ['a mapping name only known at deploy time', find({ Ref: 'AWS::Region' }, 'a', 'b'), new Unknown('Fn::FindInMap (...), a, b', 'its mapping name is only known at deploy time')],
    ['two arguments', find('Types', 'prod'), new Unknown('Fn::FindInMap Types, prod', 'malformed Fn::FindInMap')],
    ['an unknown key in an empty mapping', find('Empty', { Ref: 'AWS::Region' }, 'Auth'), new Unknown('Fn::FindInMap Empty, (...), Auth', 'mapping Empty is empty')],
  ])('GIVEN Fn::FindInMap with %s WHEN evaluated THEN %j', (_name, node, value) => {
    expect(evaluate(node, { ...EMPTY, mappings })).toEqual(value);
  });

  test('GIVEN a key only known at deploy time WHEN evaluated THEN every entry is a world, labelled by the key', () => {
    expect(everyWorld(find('Types', { Ref: 'Stage' }, 'Auth'), { mappings })).toEqual([
      [["Ref Stage = 'prod' in mapping Types"], 'AWS_IAM'],
      [["Ref Stage = 'dev' in mapping Types"], 'NONE'],
    ]);
  });

  test('GIVEN such a key and a DefaultValue WHEN evaluated THEN "no key matches" is a world too', () => {
    expect(everyWorld(find('Types', { Ref: 'Stage' }, 'Auth', { DefaultValue: 'CUSTOM_JWT' }), { mappings })).toEqual([
      [["Ref Stage = 'prod' in mapping Types"], 'AWS_IAM'],
      [["Ref Stage = 'dev' in mapping Types"], 'NONE'],
      [['Ref Stage matches no key of mapping Types'], 'CUSTOM_JWT'],
    ]);
  });

  test('GIVEN the second key only known at deploy time WHEN evaluated THEN its choice is separate from the first', () => {
    expect(everyWorld(find('Types', 'prod', { Ref: 'Attr' }), { mappings })).toEqual([[["Ref Attr = 'Auth' in mapping Types"], 'AWS_IAM']]);
  });
});

describe('Evaluator: strings and lists', () => {
  const scope = { ...EMPTY, parameters: { P: { Type: 'String' } } };
  const token = new Unknown('Ref P', 'parameter P has no AllowedValues, so any value can be passed at deploy time');

  test.each<[string, unknown, Value]>([
    ['Fn::Join of literals', { 'Fn::Join': ['-', ['a', 'b', 'c']] }, 'a-b-c'],
    ['Fn::Join with a token', { 'Fn::Join': ['', ['https://', { Ref: 'P' }, '/x']] }, new PartialString(['https://', token, '/x'])],
    ['Fn::Join with one operand', { 'Fn::Join': ['-'] }, new Unknown('Fn::Join -', 'malformed Fn::Join')],
    ['Fn::Join with a delimiter only known at deploy time', { 'Fn::Join': [{ Ref: 'P' }, ['a']] }, new Unknown('Fn::Join', 'its delimiter is not a literal string')],
    ['Fn::Join of a list only known at deploy time', { 'Fn::Join': ['', { Ref: 'P' }] }, new Unknown('Fn::Join', `the list it joins is not known: Ref P: ${token.reason}`)],
    ['Fn::Join of a partly known string', { 'Fn::Join': ['', { 'Fn::Sub': 'a${P}' }] }, new Unknown('Fn::Join', `the list it joins is not known: ${token.reason}`)],
    ['Fn::Join of a mapping', { 'Fn::Join': ['', { a: 1 }] }, new Unknown('Fn::Join', 'the list it joins is not known: it is {"a":1}')],
    ['Fn::Sub of a template', { 'Fn::Sub': 'https://${P}/x' }, new PartialString(['https://', token, '/x'])],
    ['Fn::Sub with variables', { 'Fn::Sub': ['${Scheme}://${Host}', { Scheme: 'https', Host: 'idp' }] }, 'https://idp'],
    ['Fn::Sub with a literal ${!...}', { 'Fn::Sub': 'a${!Literal}b' }, 'a${Literal}b'],
    ['Fn::Sub with an attribute', { 'Fn::Sub': 'arn:${Role.Arn}' }, new PartialString(['arn:', new Unknown('Fn::GetAtt Role.Arn', 'a resource attribute is only known at deploy time', false, { resource: 'Role' })])],
    ['Fn::Sub with a variable that is a list', { 'Fn::Sub': ['${L}', { L: ['a'] }] }, new Unknown('Fn::Sub', 'a part of Fn::Sub is not a string (["a"])')],
    ['Fn::Sub with three operands', { 'Fn::Sub': ['a', {}, 'b'] }, new Unknown('Fn::Sub', 'malformed Fn::Sub')],
    ['Fn::Sub with a template that is not a string', { 'Fn::Sub': [1, {}] }, new Unknown('Fn::Sub', 'malformed Fn::Sub')],
    ['Fn::Sub with variables that are not a mapping', { 'Fn::Sub': ['a', ['b']] }, new Unknown('Fn::Sub', 'malformed Fn::Sub')],
    ['Fn::Sub of a mapping', { 'Fn::Sub': { a: 1 } }, new Unknown('Fn::Sub', 'malformed Fn::Sub')],
    ['Fn::Select by number', { 'Fn::Select': [1, ['a', 'b']] }, 'b'],
    ['Fn::Select by text', { 'Fn::Select': ['0', ['a', 'b']] }, 'a'],
    ['Fn::Select past the end', { 'Fn::Select': [2, ['a', 'b']] }, new Unknown('Fn::Select', 'index 2 is out of range')],
    ['Fn::Select before the start', { 'Fn::Select': [-1, ['a']] }, new Unknown('Fn::Select', 'index -1 is out of range')],
    ['Fn::Select by a fraction', { 'Fn::Select': [0.5, ['a']] }, new Unknown('Fn::Select', 'its index or list is only known at deploy time')],
    ['Fn::Select by a token', { 'Fn::Select': [{ Ref: 'P' }, ['a']] }, new Unknown('Fn::Select', 'its index or list is only known at deploy time')],
    ['Fn::Select from a token', { 'Fn::Select': [0, { Ref: 'P' }] }, new Unknown('Fn::Select', 'its index or list is only known at deploy time')],
    ['Fn::Select with one operand', { 'Fn::Select': [0] }, new Unknown('Fn::Select', 'malformed Fn::Select')],
    ['Fn::Split of literals', { 'Fn::Split': [',', 'a,b'] }, ['a', 'b']],
    ['Fn::Split of a token', { 'Fn::Split': [',', { Ref: 'P' }] }, new Unknown('Fn::Split', 'the string it splits is only known at deploy time', true)],
    ['Fn::Split by a token', { 'Fn::Split': [{ Ref: 'P' }, 'a,b'] }, new Unknown('Fn::Split', 'the string it splits is only known at deploy time', true)],
    ['Fn::Split with one operand', { 'Fn::Split': [','] }, new Unknown('Fn::Split ,', 'malformed Fn::Split')],
    ['Fn::GetAtt', { 'Fn::GetAtt': ['Role', 'Arn'] }, new Unknown('Fn::GetAtt Role.Arn', 'a resource attribute is only known at deploy time', false, { resource: 'Role' })],
    [
      'Fn::ImportValue',
      { 'Fn::ImportValue': 'Shared' },
      new Unknown('Fn::ImportValue Shared', 'the value is exported by another stack and only known at deploy time; that stack can change it without this template changing'),
    ],
    ['a function the guard does not evaluate', { 'Fn::Base64': 'x' }, new Unknown('Fn::Base64 x', 'the guard does not evaluate Fn::Base64')],
  ])('GIVEN %s WHEN evaluated THEN %j', (_name, node, value) => {
    expect(evaluate(node, scope)).toEqual(value);
  });

  test('GIVEN Fn::Split of a token WHEN its list is judged THEN it is known to hold at least one item', () => {
    expect((evaluate({ 'Fn::Split': [',', { Ref: 'P' }] }, scope) as Unknown).nonEmptyList).toBe(true);
    expect(token.nonEmptyList).toBe(false);
  });
});


describe('Evaluator: pseudo parameters', () => {
  test.each(['AWS::AccountId', 'AWS::Partition', 'AWS::Region', 'AWS::StackId', 'AWS::StackName', 'AWS::URLSuffix'])(
    'GIVEN Ref %s WHEN evaluated THEN it is one identifier CloudFormation computes',
    (name) => {
      expect(evaluate({ Ref: name })).toEqual(new Unknown(`Ref ${name}`, 'a pseudo parameter is only known at deploy time', false, { pseudoParameter: true }));
    },
  );

  test('GIVEN Ref AWS::NotificationARNs WHEN evaluated THEN it is a pseudo parameter, but a list chosen at deploy time, not one computed identifier', () => {
    const value = evaluate({ Ref: 'AWS::NotificationARNs' }) as Unknown;

    expect(value).toEqual(new Unknown('Ref AWS::NotificationARNs', 'a pseudo parameter is only known at deploy time', false, { pseudoParameter: false }));
    expect(value.computed).toBe(false);
  });
});

describe('Evaluator: lazy reading decides only what is read', () => {
  // P has two allowed values and C cannot be decided: reading a key that depends on neither takes one world.
  const scope: TemplateScope = { ...EMPTY, parameters: { P: { Type: 'String', AllowedValues: ['a', 'b'] } }, conditions: { C: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] } } };
  const worldsReading = (node: unknown, read: (v: Value) => unknown) =>
    explore((world) => read(new Evaluator(scope, world).lazy(node)), 64).results.map((r) => [r.decisions.map((d) => d.label), r.value]);
  const key = (name: string) => (v: Value) => (v as { [k: string]: Value })[name];

  test('GIVEN a mapping WHEN one key is read THEN only that key is evaluated, and its value is as `value` gives it', () => {
    expect(worldsReading({ Unread: { Ref: 'P' }, Read: 'x' }, key('Read'))).toEqual([[[], 'x']]);
    expect(worldsReading({ Unread: 'x', Read: { Ref: 'P' } }, key('Read'))).toEqual([
      [["parameter P = 'a'"], 'a'],
      [["parameter P = 'b'"], 'b'],
    ]);
  });

  test('GIVEN Fn::If around mappings WHEN one key is read THEN the condition is decided, and the branch is read lazily too', () => {
    const node = { 'Fn::If': ['C', { Unread: { Ref: 'P' }, Read: 'then' }, { Unread: { Ref: 'P' }, Read: 'else' }] };

    expect(worldsReading(node, key('Read'))).toEqual([
      [['condition C is true'], 'then'],
      [['condition C is false'], 'else'],
    ]);
  });

  test('GIVEN Fn::If beside another key WHEN read lazily THEN it is a mapping with both keys (no function), as CloudFormation reads it', () => {
    const read = new Evaluator(scope, new World([])).lazy({ 'Fn::If': ['C', { A: 1 }, { A: 2 }], 'Other': 'x' }) as { [key: string]: Value };

    expect(Object.keys(read)).toEqual(['Fn::If', 'Other']);
    expect(read.Other).toBe('x');
  });

  test.each([
    ['not a list', { 'Fn::If': 'C' }, 'Fn::If C'],
    ['two operands', { 'Fn::If': ['C', { A: 1 }] }, 'Fn::If'],
    ['a condition name that is not a string', { 'Fn::If': [true, { A: 1 }, { A: 2 }] }, 'Fn::If'],
  ])('GIVEN a malformed Fn::If (%s) WHEN read lazily THEN it is malformed, as `value` says', (_name, node, expression) => {
    const evaluator = new Evaluator(scope, new World([]));

    expect(evaluator.lazy(node)).toEqual(new Unknown(expression, 'malformed Fn::If'));
  });

  test.each([MAX_VALUE_DEPTH - 1, MAX_VALUE_DEPTH, MAX_VALUE_DEPTH + 1])('GIVEN %i Fn::If nested WHEN read lazily THEN the depth bound is the one `value` has', (levels) => {
    let node: unknown = 'AWS_IAM';
    for (let i = 0; i < levels; i++) node = { 'Fn::If': ['Always', node, 'NONE'] };
    const always: TemplateScope = { ...EMPTY, conditions: { Always: true } };

    const lazily = new Evaluator(always, new World([])).lazy(node);

    expect(lazily).toEqual(new Evaluator(always, new World([])).value(node));
    expect(lazily).toEqual(
      levels < MAX_VALUE_DEPTH
        ? 'AWS_IAM'
        : new Unknown(levels === MAX_VALUE_DEPTH ? "'AWS_IAM'" : 'Fn::If', `it is nested more than ${MAX_VALUE_DEPTH} levels deep, deeper than the guard evaluates`),
    );
  });
});

describe('Evaluator: details that change a verdict', () => {
  test('GIVEN a mapping with a key that is AWS::NoValue WHEN evaluated THEN the key is absent, not present as undefined', () => {
    expect(Object.keys(evaluate({ AuthorizerConfiguration: { Ref: 'AWS::NoValue' }, AuthorizerType: 'AWS_IAM' }) as object)).toEqual(['AuthorizerType']);
  });

  test('GIVEN a condition decided near the top WHEN used again past the depth bound THEN it keeps the outcome it has in this world', () => {
    // The second Fn::If is evaluated at the last level there is; deciding C there would be one level too deep
    // (its branches are too deep to evaluate, but the branch taken is the one C took above).
    const ifC = { 'Fn::If': ['C', 'yes', 'no'] };
    const worlds = everyWorld([ifC, inLists(MAX_VALUE_DEPTH - 2, ifC)], { conditions: { C: { 'Fn::Equals': ['a', 'a'] } } });

    expect(worlds).toHaveLength(1);
    expect(innermost((worlds[0][1] as Value[])[1])).toEqual(new Unknown("'yes'", `it is nested more than ${MAX_VALUE_DEPTH} levels deep, deeper than the guard evaluates`));
  });

  test('GIVEN a macro in the Conditions section WHEN a condition is used THEN it is not decided from the template: both outcomes are checked', () => {
    const conditions = { 'Fn::Transform': { Name: 'RewriteConditions' }, 'Yes': true };

    expect(everyWorld({ 'Fn::If': ['Yes', 'yes', 'no'] }, { conditions })).toEqual([
      [['condition Yes is true'], 'yes'],
      [['condition Yes is false'], 'no'],
    ]);
  });

  test(`GIVEN Fn::Not nested ${MAX_VALUE_DEPTH - 2} and ${MAX_VALUE_DEPTH} deep WHEN decided THEN the first is decided, the second (past the bound) has both outcomes`, () => {
    const nots = (n: number) => {
      let node: unknown = true;
      for (let i = 0; i < n; i++) node = { 'Fn::Not': [node] };
      return node;
    };
    const outcomes = (n: number) => explore((world) => new Evaluator({ ...EMPTY, conditions: { Deep: nots(n) } }, world).condition('Deep'), 4).results.map((r) => r.value);

    expect(outcomes(MAX_VALUE_DEPTH - 2)).toEqual([true]);
    expect(outcomes(MAX_VALUE_DEPTH)).toEqual([true, false]);
  });

  test.each<[string, unknown, string[]]>([
    ['null', null, ['yes', 'no']],
    ['Fn::Equals of a boolean and its text', { 'Fn::Equals': [true, 'true'] }, ['yes']],
    ['Fn::Equals of two booleans that differ', { 'Fn::Equals': [true, false] }, ['no']],
  ])('GIVEN the condition %s WHEN decided THEN the worlds are %j', (_name, expression, outcomes) => {
    expect(everyWorld({ 'Fn::If': ['Tested', 'yes', 'no'] }, { conditions: { Tested: expression } }).map(([, v]) => v)).toEqual(outcomes);
  });

  test('GIVEN Fn::Select by a boolean or null WHEN evaluated THEN it is not an index (true is not 1, null is not 0)', () => {
    for (const index of [true, null]) {
      expect(evaluate({ 'Fn::Select': [index, ['NONE', 'AWS_IAM']] })).toEqual(new Unknown('Fn::Select', 'its index or list is only known at deploy time'));
    }
  });

  test('GIVEN AllowedValues of which one is not a scalar WHEN a Ref is evaluated THEN no value is taken from the list', () => {
    const scope = { ...EMPTY, parameters: { Mixed: { Type: 'String', AllowedValues: ['AWS_IAM', ['NONE']] } } };

    expect(evaluate({ Ref: 'Mixed' }, scope)).toEqual(new Unknown('Ref Mixed', 'parameter Mixed has no AllowedValues, so any value can be passed at deploy time'));
  });

  test('GIVEN boolean AllowedValues WHEN a Ref is evaluated THEN each is a world, as text', () => {
    expect(everyWorld({ Ref: 'Flag' }, { parameters: { Flag: { Type: 'String', AllowedValues: [true, false] } } }).map(([, v]) => v)).toEqual(['true', 'false']);
  });

  test('GIVEN a number as a FindInMap key WHEN evaluated THEN it is a literal key: one world, not one per entry', () => {
    const mappings = { Numbers: { 1: { Auth: 'AWS_IAM' }, 2: { Auth: 'NONE' } } };

    expect(everyWorld({ 'Fn::FindInMap': ['Numbers', 2, 'Auth'] }, { mappings })).toEqual([[[], 'NONE']]);
  });

  test('GIVEN a missing FindInMap key and options without DefaultValue WHEN evaluated THEN the key is missing (the options give no fallback)', () => {
    const mappings = { Types: { prod: { Auth: 'AWS_IAM' } } };

    expect(evaluate({ 'Fn::FindInMap': ['Types', 'test', 'Auth', { Other: 'AWS_IAM' }] }, { ...EMPTY, mappings })).toEqual(
      new Unknown('Fn::FindInMap Types, test, Auth', "mapping Types has no key 'test'"),
    );
  });

  test('GIVEN one deep FindInMap key node used twice WHEN evaluated THEN it is one choice, named by its order', () => {
    let deep: unknown = { Ref: 'AWS::Region' };
    for (let i = 0; i < 25; i++) deep = { 'Fn::If': ['Always', deep, 'unused'] };
    const scope: TemplateScope = { ...EMPTY, conditions: { Always: true }, mappings: { Types: { a: { T: 'AWS_IAM' }, b: { T: 'NONE' } } } };
    const find = { 'Fn::FindInMap': ['Types', deep, 'T'] };

    const exploration = explore((world) => new Evaluator(scope, world).value([find, find]), 16);

    expect(exploration.results.map((r) => r.value)).toEqual([
      ['AWS_IAM', 'AWS_IAM'],
      ['NONE', 'NONE'],
    ]);
    expect(exploration.choices).toEqual([{ key: 'mapping:Types:0:(deep key 1)', options: 2 }]);
  });

  test.each<[string, unknown, string | undefined]>([
    ['a literal logical ID', ['Role', 'Arn'], 'Role'],
    ['a logical ID that is not a string', [{ Ref: 'Name' }, 'Arn'], undefined],
    ['the dotted form', 'Role.Arn', 'Role'],
    ['a string without a dot', 'RoleArn', undefined],
    ['a number', 5, undefined],
  ])('GIVEN Fn::GetAtt with %s WHEN evaluated THEN the resource it names is %s', (_name, args, resource) => {
    expect((evaluate({ 'Fn::GetAtt': args }) as Unknown).origin.resource).toBe(resource);
  });

  test('GIVEN Fn::Join of a string with two unknown parts WHEN evaluated THEN both reasons are given, apart', () => {
    const scope = { ...EMPTY, parameters: { P: { Type: 'String' }, Q: { Type: 'String' } } };

    expect(evaluate({ 'Fn::Join': ['', { 'Fn::Sub': '${P}-${Q}' }] }, scope)).toEqual(
      new Unknown(
        'Fn::Join',
        'the list it joins is not known: parameter P has no AllowedValues, so any value can be passed at deploy time; parameter Q has no AllowedValues, so any value can be passed at deploy time',
      ),
    );
  });

  test('GIVEN a list or a one-key mapping too deep to evaluate WHEN described THEN it is named by its kind, not its key', () => {
    const reason = `it is nested more than ${MAX_VALUE_DEPTH} levels deep, deeper than the guard evaluates`;

    expect(innermost(evaluate(inLists(MAX_VALUE_DEPTH + 1, 'x')))).toEqual(new Unknown('a list', reason));
    expect(innermost(evaluate(inLists(MAX_VALUE_DEPTH, { AuthorizerType: 'NONE' })))).toEqual(new Unknown('a mapping', reason));
  });
});

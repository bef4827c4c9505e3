import { parseTemplate } from '../../src/scan/template-loader';
import { MAX_ALIAS_EXPANSION, MAX_YAML_DEPTH, parseYamlTemplate } from '../../src/scan/yaml-template';

function parsed(text: string): Record<string, any> {
  const result = parseTemplate(text, 't.yaml');
  if (!result.ok) {
    throw new Error(`expected a template, got: ${result.problem}`);
  }
  return result.template;
}

function problem(text: string): string {
  const result = parseTemplate(text, 't.yaml');
  if (result.ok) {
    throw new Error('expected a problem, got a template');
  }
  return result.problem;
}

/** Two gateways: Open is public; Deep is secure but carries a value nested `depth` levels deep (block style). */
function deepBlockTemplate(depth: number): string {
  const lines = [
    'Resources:',
    '  Open: {Type: AWS::BedrockAgentCore::Gateway, Properties: {AuthorizerType: NONE}}',
    '  Deep:',
    '    Type: AWS::BedrockAgentCore::Gateway',
    '    Properties:',
    '      AuthorizerType: AWS_IAM',
    '      Tags:',
  ];
  // Each level is a mapping one space deeper than the last.
  for (let i = 1; i <= depth; i++) lines.push(`${' '.repeat(7 + i)}k:`);
  lines.push(`${' '.repeat(8 + depth)}bottom`);
  return lines.join('\n') + '\n';
}

/** The number of nested mappings under `value.k.k...`. */
function depthOf(value: unknown): number {
  let depth = 0;
  for (let v = value; typeof v === 'object' && v !== null; v = (v as Record<string, unknown>).k) depth++;
  return depth;
}

describe('YAML aliases: expanded here, within a budget', () => {
  test('GIVEN a "billion laughs" file (9 levels of 9 aliases, 387 million values, under 700 bytes) WHEN parsed THEN it stops at the budget with a message at the alias', () => {
    // GIVEN
    const lines = ['a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (let i = 1; i < 10; i++) lines.push(`a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]`);
    lines.push('Resources:', '  Gw: {Type: AWS::BedrockAgentCore::Gateway, Properties: {AuthorizerType: NONE, Lol: *a9}}');
    const text = lines.join('\n') + '\n';
    expect(text.length).toBeLessThan(700);

    // WHEN / THEN: the budget, not a timeout, bounds the work; the message points at the alias in Resources.
    expect(problem(text)).toBe(
      `t.yaml:12:${lines[11].indexOf('*a9') + 1}: invalid YAML: its aliases expand to more than ${MAX_ALIAS_EXPANSION.toLocaleString('en-US')} values (aliases of aliases multiply); ` +
        'write the repeated parts out, or repeat them with fewer nested aliases',
    );
  });

  test('GIVEN an anchored block reused within the budget WHEN parsed THEN every alias is an equal, separate copy', () => {
    const template = parsed(
      'Shared: &auth {AuthorizerType: CUSTOM_JWT, AuthorizerConfiguration: {CustomJWTAuthorizer: {AllowedClients: [c1]}}}\n' +
        'Resources:\n  A: {Type: T, Properties: *auth}\n  B: {Type: T, Properties: *auth}\n',
    );

    expect(template.Resources.A.Properties).toEqual(template.Shared);
    expect(template.Resources.B.Properties).toEqual(template.Shared);
    expect(template.Resources.A.Properties).not.toBe(template.Resources.B.Properties);
  });

  test.each([
    ['an alias inside its own anchor (a list)', 'a: &a [*a]\nResources: {}\n', 't.yaml:1:8: invalid YAML: the alias *a refers to itself'],
    ['an alias inside its own anchor (a mapping)', 'a: &a {b: *a}\nResources: {}\n', 't.yaml:1:11: invalid YAML: the alias *a refers to itself'],
    ['an alias without an anchor', 'Resources: {x: *nope}\n', 't.yaml:1:16: invalid YAML: the alias *nope has no anchor'],
  ])('GIVEN %s WHEN parsed THEN %s', (_name, text, message) => {
    expect(problem(text)).toBe(message);
  });
});

describe('YAML keys: one key, one value', () => {
  test.each([
    ['a number and a string with the same text', 'Resources: {1: a, "1": b}\n', "t.yaml:1:19: invalid YAML: the key '1' appears twice in this mapping"],
    ['true and "true"', 'Resources: {true: a, "true": b}\n', "t.yaml:1:22: invalid YAML: the key 'true' appears twice in this mapping"],
    ['an alias to an existing key', 'k: &k Gw\nResources: {Gw: a, *k : b}\n', "t.yaml:2:20: invalid YAML: the key 'Gw' appears twice in this mapping"],
  ])('GIVEN %s WHEN parsed THEN they are one key written twice, an error', (_name, text, start) => {
    expect(problem(text)).toBe(`${start} (CloudFormation reads both as the same key, and tools differ in which one they keep)`);
  });

  test('GIVEN the same key twice WHEN parsed THEN the YAML library refuses it', () => {
    expect(problem('Resources:\n  Gw: {Type: A}\n  Gw: {Type: B}\n')).toBe('t.yaml:3:3: invalid YAML: Map keys must be unique');
  });

  test('GIVEN a mapping used as a key WHEN parsed THEN it is an error, not the text "[object Object]"', () => {
    expect(problem('Resources: {[a]: b}\n')).toBe('t.yaml:1:13: invalid YAML: a mapping key must be a plain value, not a mapping or a list');
  });

  test('GIVEN the key __proto__ WHEN parsed THEN it is an ordinary key, as JSON.parse makes it', () => {
    const template = parsed('Resources: {__proto__: {Type: AWS::BedrockAgentCore::Gateway}}\n');

    expect(Object.keys(template.Resources)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(template.Resources)).toBe(Object.prototype);
    expect(template.Resources).toEqual(JSON.parse('{"__proto__": {"Type": "AWS::BedrockAgentCore::Gateway"}}'));
  });

  test('GIVEN keys in some order WHEN parsed THEN they keep the order they are written in', () => {
    expect(Object.keys(parsed('Resources: {Z: 1, A: 2, M: 3}\n').Resources)).toEqual(['Z', 'A', 'M']);
  });
});

describe('YAML documents', () => {
  test('GIVEN two documents WHEN parsed THEN our message, at the second one', () => {
    expect(problem('Resources:\n  Gw: {Type: X}\n---\nResources:\n  Other: {Type: Y}\n')).toBe(
      't.yaml:3:1: invalid YAML: a second YAML document starts here; a CloudFormation template is one document, so split the documents into separate files',
    );
  });

  test('GIVEN one document with its start and end markers WHEN parsed THEN it is read', () => {
    expect(parsed('---\nResources: {Gw: {Type: X}}\n...\n').Resources).toEqual({ Gw: { Type: 'X' } });
  });
});

describe('YAML nesting: as deep as CloudFormation accepts, and no deeper than the scanner reads', () => {
  test('GIVEN 1,000 levels of block mappings WHEN parsed THEN every level is there (composed on a larger stack)', () => {
    const template = parsed(deepBlockTemplate(1000));

    expect(depthOf(template.Resources.Deep.Properties.Tags)).toBe(1000);
    expect(template.Resources.Open.Properties.AuthorizerType).toBe('NONE');
  });

  test('GIVEN 8,000 levels of flow lists, special numbers and an alias WHEN parsed THEN the value is intact', () => {
    const depth = 8000;
    const text = `Shared: &s {x: .inf, y: -.inf, z: .nan, n: 1}\nResources:\n  Deep: {Type: T, Properties: {V: ${'['.repeat(depth)}*s${']'.repeat(depth)}}}\n`;

    const template = parsed(text);

    let v: unknown = template.Resources.Deep.Properties.V;
    let levels = 0;
    while (Array.isArray(v)) {
      expect(v).toHaveLength(1);
      v = v[0];
      levels++;
    }
    expect(levels).toBe(depth);
    expect(v).toEqual({ x: Infinity, y: -Infinity, z: NaN, n: 1 });
  });

  test('GIVEN an error deep in a deeply nested file WHEN parsed THEN the message is the same as on the calling thread', () => {
    const deep = `Resources:\n  A: ${'['.repeat(500)}!Bogus x${']'.repeat(500)}\n`;

    expect(problem(deep)).toBe(
      't.yaml:2:506: unknown tag !Bogus: CloudFormation accepts only the short forms of its intrinsic functions (!Ref, !GetAtt, !Sub, !If, ...)',
    );
  });

  test('GIVEN more levels than the scanner reads WHEN parsed THEN it stops there with a message, before parsing the rest', () => {
    // Two million brackets: the parser would take minutes; the depth check stops after the first 10,001.
    const text = 'Resources:\n  X: ' + '['.repeat(2_000_000) + '\n';

    expect(problem(text)).toBe(
      `t.yaml:2:${MAX_YAML_DEPTH + 6}: invalid YAML: nested more than ${MAX_YAML_DEPTH} levels deep; CloudFormation accepts about 1,000 levels`,
    );
  });

  test('GIVEN a shallow document WHEN parsed THEN it is composed on the calling thread; a deeper one asks for a larger stack', () => {
    // The parser's depth counts the document and each open mapping and list: 6 here.
    expect(parseYamlTemplate('Resources: {A: [[[1]]]}\n', 't.yaml', 6).ok).toBe(true);
    expect(parseYamlTemplate('Resources: {A: [[[1]]]}\n', 't.yaml', 5)).toEqual({ ok: false, problem: 't.yaml: nested 6 levels deep', needsLargerStack: true });
  });
});

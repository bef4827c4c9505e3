import * as fs from 'fs';
import * as path from 'path';
import { tempDir } from './helpers';
import { evaluateTemplate } from '../../src/engine/evaluate';
import { loadTemplateFile, parseTemplate, parseTemplateText } from '../../src/scan/template-loader';
import { MAX_ALIAS_EXPANSION } from '../../src/scan/yaml-template';

function parsed(text: string, file = 'template.yaml'): Record<string, unknown> {
  const result = parseTemplate(text, file);
  if (!result.ok) {
    throw new Error(`expected a template, got: ${result.problem}`);
  }
  return result.template;
}

function problem(text: string, file = 'template.yaml'): string {
  const result = parseTemplate(text, file);
  if (result.ok) {
    throw new Error('expected a problem, got a template');
  }
  return result.problem;
}

describe('parseTemplate: YAML short forms', () => {
  test('GIVEN every intrinsic-function short form WHEN parsed THEN each becomes its JSON long form', () => {
    // GIVEN
    const yaml = [
      'Conditions:',
      '  IsProd: !Equals [!Ref Stage, prod]',
      '  NotProd: !Not [!Condition IsProd]',
      '  Both: !And [!Condition IsProd, !Or [!Condition IsProd, !Condition NotProd]]',
      'Resources:',
      '  Gw:',
      '    Type: AWS::BedrockAgentCore::Gateway',
      '    Properties:',
      '      AuthorizerType: !If [IsProd, CUSTOM_JWT, !Ref AWS::NoValue]',
      '      Name: !Sub "${AWS::StackName}-gw"',
      '      RoleArn: !GetAtt Role.Arn',
      '      Other: !GetAtt [Db, Endpoint.Address]',
      '      Nested: !GetAtt Db.Endpoint.Address',
      '      SubList: !Sub ["${X}-y", {X: !Ref Z}]',
      '      Mapped: !FindInMap [Map, !Ref AWS::Region, Key]',
      '      Joined: !Join ["", [a, !Ref B]]',
      '      First: !Select [0, !GetAZs ""]',
      '      AnyAz: !GetAZs',
      '      Parts: !Split [",", !ImportValue Shared]',
      '      Encoded: !Base64 text',
      '      Cidrs: !Cidr [10.0.0.0/16, 2, 8]',
      '      Json: !ToJsonString {a: 1}',
      '      Count: !Length [1, 2]',
      '      Macro: !Transform {Name: AWS::Include, Parameters: {Location: s3://b/k}}',
      '      Number: !Ref 123',
    ].join('\n');

    // WHEN
    const template = parsed(yaml);

    // THEN
    expect(template.Conditions).toEqual({
      IsProd: { 'Fn::Equals': [{ Ref: 'Stage' }, 'prod'] },
      NotProd: { 'Fn::Not': [{ Condition: 'IsProd' }] },
      Both: { 'Fn::And': [{ Condition: 'IsProd' }, { 'Fn::Or': [{ Condition: 'IsProd' }, { Condition: 'NotProd' }] }] },
    });
    expect((template.Resources as any).Gw.Properties).toEqual({
      AuthorizerType: { 'Fn::If': ['IsProd', 'CUSTOM_JWT', { Ref: 'AWS::NoValue' }] },
      Name: { 'Fn::Sub': '${AWS::StackName}-gw' },
      RoleArn: { 'Fn::GetAtt': ['Role', 'Arn'] },
      Other: { 'Fn::GetAtt': ['Db', 'Endpoint.Address'] },
      Nested: { 'Fn::GetAtt': ['Db', 'Endpoint.Address'] },
      SubList: { 'Fn::Sub': ['${X}-y', { X: { Ref: 'Z' } }] },
      Mapped: { 'Fn::FindInMap': ['Map', { Ref: 'AWS::Region' }, 'Key'] },
      Joined: { 'Fn::Join': ['', ['a', { Ref: 'B' }]] },
      First: { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] },
      AnyAz: { 'Fn::GetAZs': '' },
      Parts: { 'Fn::Split': [',', { 'Fn::ImportValue': 'Shared' }] },
      Encoded: { 'Fn::Base64': 'text' },
      Cidrs: { 'Fn::Cidr': ['10.0.0.0/16', 2, 8] },
      Json: { 'Fn::ToJsonString': { a: 1 } },
      Count: { 'Fn::Length': [1, 2] },
      Macro: { 'Fn::Transform': { Name: 'AWS::Include', Parameters: { Location: 's3://b/k' } } },
      Number: { Ref: '123' },
    });
  });

  test('GIVEN a SAM template WHEN parsed THEN Transform, Globals and serverless resources are kept as written', () => {
    const template = parsed(
      [
        'AWSTemplateFormatVersion: 2010-09-09',
        'Transform: AWS::Serverless-2016-10-31',
        'Globals:',
        '  Function: {Runtime: python3.12}',
        'Resources:',
        '  Fn:',
        '    Type: AWS::Serverless::Function',
        '    Properties: {Handler: app.handler, CodeUri: src/}',
        '  Gw:',
        '    Type: AWS::BedrockAgentCore::Gateway',
        '    Properties: {AuthorizerType: NONE, Name: gw, ProtocolType: MCP, RoleArn: !GetAtt Role.Arn}',
      ].join('\n'),
    );

    expect(template.AWSTemplateFormatVersion).toBe('2010-09-09');
    expect(template.Transform).toBe('AWS::Serverless-2016-10-31');
    expect((template.Resources as any).Gw.Properties.AuthorizerType).toBe('NONE');
  });

  test('GIVEN anchors and aliases and a byte-order mark WHEN parsed THEN aliases are expanded', () => {
    const template = parsed('\ufeffShared: &auth\n  AuthorizerType: AWS_IAM\nResources:\n  Gw:\n    Type: T\n    Properties: *auth\n');

    expect((template.Resources as any).Gw.Properties).toEqual({ AuthorizerType: 'AWS_IAM' });
  });

  test('GIVEN aliases that expand exponentially (billion laughs) WHEN parsed THEN it stops at the bound with a message that names the line', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(', ')}]`);
    lines.push('Resources: {Gw: {Type: T, Properties: *i}}');
    const result = parseTemplate(lines.join('\n'), 'bomb.yaml');
    expect(result).toEqual({ ok: false, problem: expect.stringMatching(new RegExp(`^bomb\\.yaml:\\d+:\\d+: invalid YAML: its aliases expand to more than ${MAX_ALIAS_EXPANSION.toLocaleString('en-US')} values`)) });
  });

  test('GIVEN template text without a file name WHEN parsed THEN JSON is read as JSON and the rest as YAML', () => {
    expect(parseTemplateText('{"Resources": {}}', 'body')).toEqual({ ok: true, template: { Resources: {} } });
    expect(parseTemplateText('Resources:\n  Gw: {Type: T}\n', 'body')).toEqual({ ok: true, template: { Resources: { Gw: { Type: 'T' } } } });
    expect(parseTemplateText('  ', 'body')).toEqual({ ok: false, problem: 'body: the template is empty', notATemplate: true });
  });

  test('GIVEN a JSON template WHEN parsed THEN it is read as JSON', () => {
    const template = parsed('{"Resources": {"Gw": {"Type": "AWS::BedrockAgentCore::Gateway"}}}', 'stack.template.json');

    expect(template.Resources).toEqual({ Gw: { Type: 'AWS::BedrockAgentCore::Gateway' } });
  });

  test('GIVEN a template with a template-level macro and no Resources (CDK writes one for a stack with only addTransform) WHEN parsed THEN it is a template, so the macro is judged', () => {
    expect(parseTemplateText('{"Transform": "TeamMacro"}', 'Top.template.json')).toEqual({ ok: true, template: { Transform: 'TeamMacro', Resources: {} } });
    expect(evaluateTemplate(parsed('{"Transform": "TeamMacro"}', 'Top.template.json')).map((e) => e.findings.map((f) => f.ruleId))).toEqual([['AGW10']]);
  });

  test('GIVEN a JSON template in a file without a .json extension WHEN parsed THEN the YAML parser reads it', () => {
    const template = parsed('{"Resources": {"Gw": {"Type": "X"}}}', 'stack.template');

    expect(template.Resources).toEqual({ Gw: { Type: 'X' } });
  });
});

describe('parseTemplate: malformed input', () => {
  test('GIVEN broken JSON WHEN parsed THEN the message names the file, line and column', () => {
    expect(problem('{\n  "Resources": {\n    "Gw" {}\n  }\n}', 'bad.json')).toMatch(/^bad\.json:3:10: invalid JSON: /);
  });

  test('GIVEN broken YAML WHEN parsed THEN the message names the file, line and column, without a code snippet', () => {
    const message = problem('Resources:\n  Gw: [1, 2\n  Other: x\n', 'bad.yaml');

    expect(message).toMatch(/^bad\.yaml:\d+:\d+: invalid YAML: .+/);
    expect(message).not.toContain('\n');
  });

  test('GIVEN a duplicate key WHEN parsed THEN it is an error, as in CloudFormation', () => {
    expect(problem('Resources:\n  Gw: {Type: A}\n  Gw: {Type: B}\n')).toBe('template.yaml:3:3: invalid YAML: Map keys must be unique');
  });

  test('GIVEN a tag CloudFormation does not know WHEN parsed THEN the message names the tag and its place', () => {
    expect(problem('Resources:\n  Gw:\n    Type: !Env GW_TYPE\n')).toBe(
      'template.yaml:3:11: unknown tag !Env: CloudFormation accepts only the short forms of its intrinsic functions (!Ref, !GetAtt, !Sub, !If, ...)',
    );
  });

  test('GIVEN a !GetAtt without an attribute WHEN parsed THEN the message shows the expected form', () => {
    expect(problem('Resources:\n  Gw:\n    Type: !GetAtt Role\n')).toBe("template.yaml:3:11: !GetAtt 'Role' must have the form LogicalId.AttributeName");
  });

  test('GIVEN an alias without anchor WHEN parsed THEN it is reported as invalid YAML', () => {
    expect(problem('Resources:\n  Gw: *nothing\n')).toMatch(/^template\.yaml:2:7: invalid YAML: /);
  });

  test.each([
    ['', 'template.yaml: the file is empty; expected a CloudFormation template (JSON or YAML)'],
    ['  \n\n', 'template.yaml: the file is empty; expected a CloudFormation template (JSON or YAML)'],
    ['- a\n- b\n', 'template.yaml: not a CloudFormation template: the top level is a list, expected a mapping with a Resources section'],
    ['just text\n', 'template.yaml: not a CloudFormation template: the top level is a string, expected a mapping with a Resources section'],
    ['Parameters: {}\n', 'template.yaml: not a CloudFormation template: it has no Resources section'],
    ['Resources: [a, b]\n', 'template.yaml: the Resources section must be a mapping of logical IDs to resources, found a list'],
    ['Resources:\n', 'template.yaml: the Resources section must be a mapping of logical IDs to resources, found null'],
  ])('GIVEN %j WHEN parsed THEN %s', (text, expected) => {
    expect(problem(text)).toBe(expected);
  });
});

describe('loadTemplateFile', () => {
  test('GIVEN a file that does not exist WHEN loaded THEN the message names it and says why', () => {
    const result = loadTemplateFile('/nonexistent/template.yaml');

    expect(result).toEqual({ ok: false, problem: '/nonexistent/template.yaml: cannot read the file (no such file or directory)' });
  });

  test('GIVEN a directory WHEN loaded as a file THEN the message says it is a directory', () => {
    const dir = tempDir();

    expect(loadTemplateFile(dir)).toEqual({ ok: false, problem: `${dir}: cannot read the file (it is a directory)` });
  });

  test('GIVEN a YAML file on disk WHEN loaded THEN it is parsed', () => {
    const file = path.join(tempDir(), 'stack.yml');
    fs.writeFileSync(file, 'Resources:\n  Gw:\n    Type: AWS::BedrockAgentCore::Gateway\n');

    const result = loadTemplateFile(file);

    expect(result.ok && result.template.Resources).toEqual({ Gw: { Type: 'AWS::BedrockAgentCore::Gateway' } });
  });
});

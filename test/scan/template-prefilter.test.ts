import * as fs from 'fs';
import * as path from 'path';
import { gatewayResource, tempDir, writeFiles } from './helpers';
import { evaluateTemplate } from '../../src/engine/evaluate';
import { readCloudAssembly } from '../../src/scan/cloud-assembly';
import { jsonTemplateMayMatter } from '../../src/scan/template-prefilter';

const QUEUE = { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'orders', VisibilityTimeout: 30 } };

/** Templates as JSON text, each with whether the prefilter must let it through. */
const CASES: Array<[string, string, boolean]> = [
  ['a gateway', JSON.stringify({ Resources: { Gw: gatewayResource('NONE') } }), true],
  ['a gateway whose type is written with a \\u escape', '{"Resources":{"Gw":{"Type":"AWS::Bedrock\\u0041gentCore::Gateway","Properties":{"AuthorizerType":"NONE"}}}}', true],
  ['a gateway in an Fn::ForEach block', JSON.stringify({ Resources: { 'Fn::ForEach::Gws': ['X', ['a'], { 'Gw${X}': gatewayResource('NONE') }] } }), true],
  // Every AgentCore type, not only gateways: resource policies (and whatever the engine judges next) are never skipped.
  ['a gateway resource policy', JSON.stringify({ Resources: { P: { Type: 'AWS::BedrockAgentCore::ResourcePolicy', Properties: { Policy: '{}' } } } }), true],
  ['a gateway target', JSON.stringify({ Resources: { T: { Type: 'AWS::BedrockAgentCore::GatewayTarget', Properties: {} } } }), true],
  ['a nested stack', JSON.stringify({ Resources: { Nested: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: 'nested.json' } } } }), true],
  ['a stack set', JSON.stringify({ Resources: { Set: { Type: 'AWS::CloudFormation::StackSet', Properties: { TemplateBody: '{}' } } } }), true],
  ['a SAM application', JSON.stringify({ Resources: { App: { Type: 'AWS::Serverless::Application', Properties: { Location: 'app.yaml' } } } }), true],
  ['a Service Catalog product', JSON.stringify({ Resources: { P: { Type: 'AWS::ServiceCatalog::CloudFormationProduct', Properties: {} } } }), true],
  ['a custom resource (SDK calls)', JSON.stringify({ Resources: { Call: { Type: 'Custom::AWS', Properties: { Create: '{}' } } } }), true],
  ['a transform', JSON.stringify({ Resources: { Q: { ...QUEUE, Properties: { 'Fn::Transform': { Name: 'Macro' } } } } }), true],
  ['an Fn::Transform in the Resources section', JSON.stringify({ Resources: { 'Fn::Transform': { Name: 'Macro' }, 'Q': QUEUE } }), true],
  [
    'an AWS::Include transform',
    JSON.stringify({ Resources: { 'Fn::Transform': { Name: 'AWS::Include', Parameters: { Location: 's3://bucket/gateways.yaml' } }, 'Q': QUEUE } }),
    true,
  ],
  ['a template-level transform', JSON.stringify({ Transform: 'TeamMacro', Resources: { Q: QUEUE } }), true],
  ['a CloudFormation custom resource', JSON.stringify({ Resources: { C: { Type: 'AWS::CloudFormation::CustomResource', Properties: { ServiceToken: 'arn' } } } }), true],
  ['only queues and topics', JSON.stringify({ Resources: { Q: QUEUE, T: { Type: 'AWS::SNS::Topic', Properties: { TopicName: 'Gateway events' } } } }), false],
  ['escapes other than \\u', '{"Resources":{"Q":{"Type":"AWS::SQS::Queue","Properties":{"QueueName":"a\\"b\\\\c\\/d\\n"}}}}', false],
];

describe('jsonTemplateMayMatter', () => {
  test.each(CASES)('GIVEN a template with %s WHEN tested THEN it is parsed only if it may matter', (_, text, expected) => {
    expect(jsonTemplateMayMatter(text)).toBe(expected);
  });

  test.each(CASES.filter(([, , mayMatter]) => !mayMatter))('GIVEN a template the prefilter skips (%s) WHEN the engine evaluates it anyway THEN there is nothing to judge', (_, text) => {
    expect(evaluateTemplate(JSON.parse(text))).toEqual([]);
  });

  test('GIVEN a \\u-escaped gateway type WHEN the engine evaluates it THEN it is a gateway: the escape is why any \\u is parsed', () => {
    const [, text] = CASES[1];
    expect(evaluateTemplate(JSON.parse(text)).map((e) => e.verdict)).toEqual(['NON_COMPLIANT']);
  });
});

describe('readCloudAssembly({ skipTemplatesThatCannotMatter })', () => {
  function assembly(): string {
    const dir = tempDir();
    writeFiles(dir, {
      'manifest.json': {
        version: '48.0.0',
        artifacts: {
          Gateways: { type: 'aws:cloudformation:stack', properties: { templateFile: 'Gateways.template.json' } },
          Queues: { type: 'aws:cloudformation:stack', properties: { templateFile: 'Queues.template.json' } },
          Broken: { type: 'aws:cloudformation:stack', properties: { templateFile: 'Broken.template.json' } },
        },
      },
      'Gateways.template.json': { Resources: { Gw: gatewayResource('AWS_IAM') } },
      'Queues.template.json': { Resources: { Q: QUEUE } },
      // Not valid JSON, and nothing in it could be a gateway.
      'Broken.template.json': '{"Resources": {"Q": {"Type": "AWS::SQS::Queue"',
    });
    return dir;
  }

  test('GIVEN stacks with and without gateways WHEN read with the option THEN only the templates that can matter are parsed', () => {
    const dir = assembly();
    const result = readCloudAssembly(dir, { skipTemplatesThatCannotMatter: true });
    expect(result.sources.map((s) => path.basename(s.file))).toEqual(['Gateways.template.json']);
    expect(result.problems).toEqual([]);
  });

  test('GIVEN the same assembly WHEN read as scan reads it THEN every template is parsed and the broken one is a problem', () => {
    const dir = assembly();
    const result = readCloudAssembly(dir);
    expect(result.sources.map((s) => path.basename(s.file))).toEqual(['Gateways.template.json', 'Queues.template.json']);
    expect(result.problems.map((p) => p.message)).toEqual([expect.stringMatching(/Broken\.template\.json:1:\d+: invalid JSON/)]);
  });

  test('GIVEN a gateway template that cannot be read WHEN read with the option THEN it is still a problem', () => {
    const dir = assembly();
    fs.rmSync(path.join(dir, 'Gateways.template.json'));
    const result = readCloudAssembly(dir, { skipTemplatesThatCannotMatter: true });
    expect(result.problems.map((p) => p.message)).toEqual([expect.stringMatching(/Gateways\.template\.json: cannot read the file \(no such file or directory\)/)]);
  });
});

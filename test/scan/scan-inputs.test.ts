import * as fs from 'fs';
import * as path from 'path';
import { synthLayeredApp } from './cdk-apps';
import { gatewayResource, tempDir, writeFiles } from './helpers';
import { collectScanInputs } from '../../src/scan/scan-inputs';

function names(dir: string, paths: string[]) {
  const inputs = collectScanInputs(paths);
  return {
    sources: inputs.sources.map((s) => ({
      name: s.displayName.startsWith(dir) ? path.relative(dir, s.displayName) : s.displayName,
      file: path.relative(dir, path.resolve(s.file)),
    })),
    problems: inputs.problems.map((p) => `${p.severity}: ${p.message.split(dir + '/').join('')}`),
    unreadable: inputs.unreadable.map((u) => `${path.relative(dir, u.location ?? '')} ${u.logicalId} at ${u.propertyPath}: ${u.reason}`),
    ignoredFiles: inputs.ignoredFiles,
  };
}

describe('collectScanInputs', () => {
  test('GIVEN a folder of templates, a cdk.out, noise and dependencies WHEN walked THEN templates and assemblies are read and the rest is set aside', () => {
    // GIVEN
    const dir = tempDir();
    writeFiles(dir, {
      'infra/app.yaml': `Resources:\n  Gw:\n${indent(JSON.stringify(gatewayResource('NONE')), 4)}\n`,
      'infra/sam/template.yml': 'Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn: {Type: AWS::Serverless::Function}\n',
      'infra/legacy.template': '{"Resources": {"Gw": {"Type": "AWS::BedrockAgentCore::Gateway"}}}',
      'tsconfig.json': '{ // comments are fine in tsconfig\n "compilerOptions": {} }',
      'package.json': { name: 'x', description: 'mentions Resources but is no template' },
      'node_modules/dep/template.yaml': 'Resources: {Gw: {Type: AWS::BedrockAgentCore::Gateway}}',
      '.github/workflows/ci.yml': 'on: push\njobs: {}\n',
      'README.md': 'Resources: not yaml we read',
    });
    synthLayeredApp(path.join(dir, 'cdk.out'));

    // WHEN
    const result = names(dir, [dir]);

    // THEN
    expect(result.problems).toEqual([]);
    expect(result.sources.map((s) => s.file)).toEqual([
      'cdk.out/assembly-Prod/assembly-Prod-Eu/ProdEuEdgeDCAA3516.template.json',
      'cdk.out/assembly-Prod/ProdServiceC810982D.template.json',
      'cdk.out/Top.template.json',
      'cdk.out/TopInnerB4E0D425.nested.template.json',
      'cdk.out/TopInnerDeeperF437A8DE.nested.template.json',
      'infra/app.yaml',
      'infra/legacy.template',
      'infra/sam/template.yml',
    ]);
    // Both set aside: tsconfig.json without parsing (no "Resources" in it), package.json after parsing.
    expect(result.ignoredFiles).toBe(2);
  });

  test('GIVEN a broken template inside a walked folder WHEN walked THEN it is an error and the other templates are still read', () => {
    const dir = tempDir();
    writeFiles(dir, {
      'a.yaml': 'Resources:\n  Gw: [unclosed\n',
      'b.yaml': 'Resources: {Gw: {Type: AWS::BedrockAgentCore::Gateway}}\n',
    });

    const result = names(dir, [dir]);

    expect(result.sources.map((s) => s.file)).toEqual(['b.yaml']);
    expect(result.problems).toEqual([expect.stringMatching(/^error: a\.yaml:\d+:\d+: invalid YAML: /)]);
  });

  test('GIVEN explicit paths that are missing, not templates, or the manifest of a cdk.out WHEN collected THEN each gets its own message and the valid ones are read', () => {
    const dir = tempDir();
    writeFiles(dir, {
      'notes.yaml': 'title: not a template\n',
      'ok.json': { Resources: { Gw: gatewayResource('AWS_IAM') } },
    });
    synthLayeredApp(path.join(dir, 'cdk.out'));

    const result = names(dir, [path.join(dir, 'missing.yaml'), path.join(dir, 'notes.yaml'), path.join(dir, 'ok.json'), path.join(dir, 'cdk.out', 'manifest.json')]);

    expect(result.problems).toEqual([
      'error: missing.yaml: cannot read it (no such file or directory)',
      'error: notes.yaml: not a CloudFormation template: it has no Resources section',
    ]);
    expect(result.sources.map((s) => s.file)).toEqual([
      'ok.json',
      'cdk.out/assembly-Prod/assembly-Prod-Eu/ProdEuEdgeDCAA3516.template.json',
      'cdk.out/assembly-Prod/ProdServiceC810982D.template.json',
      'cdk.out/Top.template.json',
      'cdk.out/TopInnerB4E0D425.nested.template.json',
      'cdk.out/TopInnerDeeperF437A8DE.nested.template.json',
    ]);
  });

  test('GIVEN the same folder twice and a file inside it WHEN collected THEN each template is read once', () => {
    const dir = tempDir();
    writeFiles(dir, { 'a.yaml': 'Resources: {Gw: {Type: AWS::BedrockAgentCore::Gateway}}\n' });

    const result = names(dir, [dir, dir, path.join(dir, 'a.yaml')]);

    expect(result.sources.map((s) => s.file)).toEqual(['a.yaml']);
  });

  test('GIVEN templates with local nested stacks and SAM applications (as `aws cloudformation package` takes) WHEN collected THEN the nested templates are followed; remote ones are findings', () => {
    const dir = tempDir();
    writeFiles(dir, {
      'root.yaml': [
        'Transform: AWS::Serverless-2016-10-31',
        'Resources:',
        '  Network: {Type: AWS::CloudFormation::Stack, Properties: {TemplateURL: ./stacks/network.yaml}}',
        '  Tools: {Type: AWS::Serverless::Application, Properties: {Location: stacks/tools.json}}',
        '  Shared: {Type: AWS::CloudFormation::Stack, Properties: {TemplateURL: "https://s3.amazonaws.com/bucket/shared.yaml"}}',
        '  FromSar: {Type: AWS::Serverless::Application, Properties: {Location: {ApplicationId: arn:aws:serverlessrepo:us-east-1:1:applications/x, SemanticVersion: 1.0.0}}}',
        '  Lost: {Type: AWS::CloudFormation::Stack, Properties: {TemplateURL: ./stacks/lost.yaml}}',
      ].join('\n'),
      'stacks/network.yaml': 'Resources:\n  Deeper: {Type: AWS::CloudFormation::Stack, Properties: {TemplateURL: deeper.yaml}}\n',
      'stacks/deeper.yaml': 'Resources: {Gw: {Type: AWS::BedrockAgentCore::Gateway}}\n',
      'stacks/tools.json': { Resources: { Gw: gatewayResource('NONE') } },
    });

    const result = names(dir, [path.join(dir, 'root.yaml')]);

    expect(result.sources).toEqual([
      { name: 'root.yaml', file: 'root.yaml' },
      { name: 'root.yaml/Network', file: 'stacks/network.yaml' },
      { name: 'root.yaml/Network/Deeper', file: 'stacks/deeper.yaml' },
      { name: 'root.yaml/Tools', file: 'stacks/tools.json' },
    ]);
    expect(result.problems).toEqual(['error: root.yaml: nested stack Lost points at stacks/lost.yaml, which does not exist']);
    // What cannot be read is no longer a warning: it is a finding (AGW10) that fails the scan.
    expect(result.unreadable).toEqual([
      "root.yaml Shared at Properties.TemplateURL: its TemplateURL 'https://s3.amazonaws.com/bucket/shared.yaml' is not a file of this app (not a local path, not one of its file assets)",
      'root.yaml FromSar at Properties.Location: its Location {"ApplicationId":"arn:aws:serverlessrepo:us-east-1:1:applications/x","SemanticVersion":"1.0.0"} ' +
        'is an application of the Serverless Application Repository, whose template is not part of this app',
    ]);
  });

  test('GIVEN a nested template that refers back to its parent WHEN collected THEN the cycle is read once', () => {
    const dir = tempDir();
    writeFiles(dir, {
      'a.yaml': 'Resources: {B: {Type: AWS::CloudFormation::Stack, Properties: {TemplateURL: b.yaml}}}\n',
      'b.yaml': 'Resources: {A: {Type: AWS::CloudFormation::Stack, Properties: {TemplateURL: a.yaml}}}\n',
    });

    const result = names(dir, [path.join(dir, 'a.yaml')]);

    expect(result.sources.map((s) => s.file)).toEqual(['a.yaml', 'b.yaml']);
    expect(result.problems).toEqual([]);
  });

  test('GIVEN an unreadable directory entry (a dangling symlink) WHEN walked THEN it is reported by name', () => {
    const dir = tempDir();
    fs.symlinkSync(path.join(dir, 'nowhere.yaml'), path.join(dir, 'dangling.yaml'));

    const result = names(dir, [dir]);

    expect(result.problems).toEqual(['error: dangling.yaml: cannot read the file (no such file or directory)']);
  });
});

function indent(json: string, spaces: number): string {
  return json
    .split('\n')
    .map((line) => ' '.repeat(spaces) + line)
    .join('\n');
}

import * as fs from 'fs';
import * as path from 'path';
import { synthLayeredApp } from './cdk-apps';
import { gatewayResource, tempDir, writeFiles } from './helpers';
import { isCloudAssembly, readCloudAssembly } from '../../src/scan/cloud-assembly';

function summary(dir: string) {
  const { sources, problems } = readCloudAssembly(dir);
  return {
    stacks: sources.map((s) => ({ name: s.displayName, file: path.relative(dir, path.resolve(s.file)), gateways: gatewayIds(s.template) })),
    problems: problems.map((p) => `${p.severity}: ${p.message}`),
  };
}

function gatewayIds(template: { Resources: Record<string, unknown> }): string[] {
  return Object.entries(template.Resources)
    .filter(([, r]) => (r as { Type?: string }).Type === 'AWS::BedrockAgentCore::Gateway')
    .map(([id]) => id);
}

// Stacks in manifest order: a Stage's nested assembly is listed before the top-level stacks.
function layered(innerName: unknown, deeperName: unknown) {
  return [
    { name: 'Prod/Eu/Edge', file: 'assembly-Prod/assembly-Prod-Eu/ProdEuEdgeDCAA3516.template.json', gateways: [expect.stringMatching(/^EdgeIam/)] },
    { name: 'Prod/Service', file: 'assembly-Prod/ProdServiceC810982D.template.json', gateways: [expect.stringMatching(/^StagedOpen/)] },
    { name: 'Top', file: 'Top.template.json', gateways: [expect.stringMatching(/^TopOpen/), expect.stringMatching(/^TopIam/)] },
    { name: innerName, file: 'TopInnerB4E0D425.nested.template.json', gateways: [expect.stringMatching(/^InnerOpen/)] },
    { name: deeperName, file: 'TopInnerDeeperF437A8DE.nested.template.json', gateways: [expect.stringMatching(/^DeeperJwt/)] },
  ];
}

describe('readCloudAssembly', () => {
  test('GIVEN an app with Stages, nested Stages and nested stacks (no asset metadata, as in-process synth) WHEN read THEN every template is found through the asset manifests', () => {
    // GIVEN
    const out = tempDir();
    synthLayeredApp(out);

    // WHEN
    const result = summary(out);

    // THEN
    expect(isCloudAssembly(out)).toBe(true);
    expect(result.problems).toEqual([]);
    // Without path metadata a nested stack is named by its parent and its logical ID.
    expect(result.stacks).toEqual(
      layered(
        expect.stringMatching(/^Top\/InnerNestedStackInnerNestedStackResource[0-9A-F]{8}$/),
        expect.stringMatching(/^Top\/InnerNestedStackInnerNestedStackResource[0-9A-F]{8}\/DeeperNestedStackDeeperNestedStackResource[0-9A-F]{8}$/),
      ),
    );
  });

  test('GIVEN the same app synthesized with asset and path metadata (as the CDK CLI does) WHEN read THEN the same templates are found through aws:asset:path and named by construct path', () => {
    const out = tempDir();
    synthLayeredApp(out, { 'aws:cdk:enable-asset-metadata': true, 'aws:cdk:enable-path-metadata': true });
    fs.rmSync(path.join(out, 'Top.assets.json'));

    const result = summary(out);

    expect(result.problems).toEqual([]);
    expect(result.stacks).toEqual(layered('Top/Inner', 'Top/Inner/Deeper'));
  });

  test('GIVEN nested templates that no parent leads to WHEN read THEN they are still read, named by their file', () => {
    const out = tempDir();
    synthLayeredApp(out);
    fs.rmSync(path.join(out, 'Top.assets.json'));

    const result = summary(out);

    expect(result.stacks.map((s) => s.name)).toEqual([
      'Prod/Eu/Edge',
      'Prod/Service',
      'Top',
      'TopInnerB4E0D425.nested.template.json',
      'TopInnerDeeperF437A8DE.nested.template.json',
    ]);
    expect(result.problems).toEqual([
      `warning: ${out}/manifest.json: 2 nested stack(s) (Top/${nestedIdOf(out, 'Top.template.json')}, ` +
        `TopInnerB4E0D425.nested.template.json/${nestedIdOf(out, 'TopInnerB4E0D425.nested.template.json')}) ` +
        'could not be matched to their template files, so the nested templates of this assembly were read by file name instead: ' +
        `${out}/TopInnerB4E0D425.nested.template.json, ${out}/TopInnerDeeperF437A8DE.nested.template.json`,
    ]);
  });

  test('GIVEN a manifest that is not JSON WHEN read THEN one error names the manifest and the fix', () => {
    const out = tempDir();
    writeFiles(out, { 'manifest.json': '{ "artifacts": ' });

    const { sources, problems } = readCloudAssembly(out);

    expect(sources).toEqual([]);
    expect(problems).toEqual([
      { severity: 'error', file: path.join(out, 'manifest.json'), message: expect.stringMatching(new RegExp(`^${escape(out)}/manifest\\.json: invalid JSON: .*; run \`cdk synth\` again$`)) },
    ]);
  });

  test('GIVEN a manifest without artifacts WHEN read THEN the message says what is missing', () => {
    const out = tempDir();
    writeFiles(out, { 'manifest.json': { version: '54.0.0' } });

    expect(readCloudAssembly(out).problems.map((p) => p.message)).toEqual([
      `${out}/manifest.json: not a CDK cloud assembly manifest: it has no "artifacts" section; run \`cdk synth\` again`,
    ]);
  });

  test('GIVEN a stack whose template file is gone and another whose template is broken WHEN read THEN both are reported and the healthy stack is still read', () => {
    const out = tempDir();
    writeFiles(out, {
      'manifest.json': {
        version: '54.0.0',
        artifacts: {
          Gone: { type: 'aws:cloudformation:stack', properties: { templateFile: 'Gone.template.json' } },
          Broken: { type: 'aws:cloudformation:stack', properties: { templateFile: 'Broken.template.json' } },
          NoFile: { type: 'aws:cloudformation:stack', properties: {} },
          Fine: { type: 'aws:cloudformation:stack', properties: { templateFile: 'Fine.template.json' }, displayName: 'Fine' },
          Stage: { type: 'cdk:cloud-assembly', properties: { directoryName: 'assembly-Stage' } },
        },
      },
      'Broken.template.json': '{"Resources": {',
      'Fine.template.json': { Resources: { Gw: gatewayResource('NONE') } },
    });

    const result = summary(out);

    expect(result.stacks).toEqual([{ name: 'Fine', file: 'Fine.template.json', gateways: ['Gw'] }]);
    expect(result.problems).toEqual([
      `error: ${out}/Gone.template.json: cannot read the file (no such file or directory) (stack Gone in ${out}/manifest.json)`,
      expect.stringMatching(new RegExp(`^error: ${escape(out)}/Broken\\.template\\.json:1:\\d+: invalid JSON: .* \\(stack Broken in ${escape(out)}/manifest\\.json\\)$`)),
      `error: ${out}/manifest.json: stack artifact NoFile has no properties.templateFile; run \`cdk synth\` again`,
      `error: ${out}/assembly-Stage: the nested cloud assembly Stage named in ${out}/manifest.json has no manifest.json; run \`cdk synth\` again`,
    ]);
  });

  test('GIVEN a nested stack whose template file is missing WHEN read THEN the error names the parent and the missing file', () => {
    const out = tempDir();
    writeFiles(out, {
      'manifest.json': { version: '54.0.0', artifacts: { Parent: { type: 'aws:cloudformation:stack', properties: { templateFile: 'Parent.template.json' } } } },
      'Parent.template.json': {
        Resources: {
          Child: {
            Type: 'AWS::CloudFormation::Stack',
            Metadata: { 'aws:asset:path': 'Child.nested.template.json' },
            Properties: { TemplateURL: `https://s3.amazonaws.com/cdk-hnb659fds-assets-111111111111-us-east-1/${'0'.repeat(64)}.json` },
          },
        },
      },
    });

    expect(summary(out).problems).toEqual([
      `error: ${out}/Parent.template.json: nested stack Child points at ${out}/Child.nested.template.json, which does not exist`,
    ]);
  });
});

/** The logical ID of the one nested stack resource in a template. */
function nestedIdOf(dir: string, file: string): string {
  const template = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf-8'));
  return Object.keys(template.Resources).find((id) => template.Resources[id].Type === 'AWS::CloudFormation::Stack')!;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

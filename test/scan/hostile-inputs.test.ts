// Hostile and malformed inputs, as a fuzzer or a malicious pull request would give them. Every fixture is
// small and made here; each case ends because of how the scanner reads (size limits, regular files only,
// budgets, depth bounds), not because a test times out.
import * as fs from 'fs';
import * as path from 'path';
import { gatewayResource, namedPipe, tempDir, writeFiles } from './helpers';
import { scanPaths, ScanResult } from '../../src/scan/scan';
import { runCli } from '../cli/run-cli';

type Row = [logicalId: string, verdict: string, ruleIds: string];

function rows(result: ScanResult): Row[] {
  return result.evaluations.map((e) => [e.logicalId, e.verdict, e.findings.map((f) => f.ruleId).join(',')]);
}

function messages(result: ScanResult, dir: string): string[] {
  return result.problems.map((p) => `${p.severity}: ${p.message.split(dir + path.sep).join('').split(fs.realpathSync(dir) + path.sep).join('')}`);
}

function nested(templateUrl: string): object {
  return { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: templateUrl } };
}

describe('plain templates: references are followed only to regular files inside what was given', () => {
  test('GIVEN a nested stack whose TemplateURL is /dev/zero WHEN scanned THEN it is refused at once and the stack fails closed (AGW10); allowing /dev does not make a device readable', () => {
    // GIVEN
    const dir = tempDir();
    writeFiles(dir, { 'root.json': { Resources: { Zero: nested('/dev/zero'), Open: gatewayResource('NONE') } } });

    // WHEN
    const result = scanPaths([path.join(dir, 'root.json')]);
    const allowed = scanPaths([path.join(dir, 'root.json')], { allowRead: ['/dev'] });

    // THEN
    expect(rows(result)).toEqual([
      ['Open', 'NON_COMPLIANT', 'AGW1'],
      ['Zero', 'NON_COMPLIANT', 'AGW10'],
    ]);
    expect(result.evaluations[1]).toMatchObject({
      authorization: 'unresolved: Stack Zero (TemplateURL)',
      templatePath: path.join(dir, 'root.json'),
      findings: [
        {
          propertyPath: 'Properties.TemplateURL',
          message: expect.stringMatching(/^Stack Zero \(TemplateURL\) cannot be read by the guard: its template \/dev\/zero was not read: it resolves to \/dev\/zero, outside the paths given to scan/),
        },
      ],
    });
    expect(messages(result, dir)).toEqual([
      'error: root.json: nested stack Zero points at /dev/zero, which was not read: it resolves to /dev/zero, outside the paths given to scan ' +
        '(and the folder of each file named); to follow references there, allow that folder with --allow-read <folder>',
    ]);
    expect(messages(allowed, dir)).toEqual([
      'error: root.json: nested stack Zero points at /dev/zero, which was not read: it is a character device, not a regular file; only regular files are read',
    ]);
  });

  test('GIVEN references out of the scanned folder (../, an absolute path, a symbolic link) WHEN scanned THEN none is read; --allow-read follows them', () => {
    const dir = tempDir();
    const shared = tempDir();
    writeFiles(shared, { 'shared.yaml': `Resources:\n  Hidden: ${JSON.stringify(gatewayResource('NONE'))}\n` });
    fs.mkdirSync(path.join(dir, 'infra'));
    fs.symlinkSync(path.join(shared, 'shared.yaml'), path.join(dir, 'infra', 'link.yaml'));
    const up = path.relative(path.join(dir, 'infra'), path.join(shared, 'shared.yaml'));
    writeFiles(dir, {
      'infra/root.yaml': [
        'Resources:',
        `  Up: {Type: AWS::CloudFormation::Stack, Properties: {TemplateURL: "${up}"}}`,
        `  Absolute: {Type: AWS::Serverless::Application, Properties: {Location: "${path.join(shared, 'shared.yaml')}"}}`,
        '  Link: {Type: AWS::CloudFormation::Stack, Properties: {TemplateURL: ./link.yaml}}',
        '  Passwd: {Type: AWS::CloudFormation::Stack, Properties: {TemplateURL: ../../../../../../../../etc/passwd}}',
      ].join('\n'),
    });

    const refused = scanPaths([path.join(dir, 'infra')]);
    const allowed = scanPaths([path.join(dir, 'infra')], { allowRead: [shared] });

    expect(rows(refused)).toEqual([
      ['Up', 'NON_COMPLIANT', 'AGW10'],
      ['Absolute', 'NON_COMPLIANT', 'AGW10'],
      ['Link', 'NON_COMPLIANT', 'AGW10'],
      ['Passwd', 'NON_COMPLIANT', 'AGW10'],
    ]);
    expect(refused.evaluations[3].findings[0].propertyPath).toBe('Properties.TemplateURL');
    expect(refused.evaluations[1].findings[0].propertyPath).toBe('Properties.Location');
    const outsideShared = 'outside the paths given to scan (and the folder of each file named); to follow references there, allow that folder with --allow-read <folder>';
    const real = fs.realpathSync(path.join(shared, 'shared.yaml'));
    expect(messages(refused, dir)).toEqual([
      // The walk meets the link itself, too.
      `error: infra/link.yaml: not read: it resolves to ${real}, ${outsideShared}`,
      `error: infra/root.yaml: nested stack Up points at ${real}, which was not read: it resolves to ${real}, ${outsideShared}`,
      `error: infra/root.yaml: nested stack Absolute points at ${real}, which was not read: it resolves to ${real}, ${outsideShared}`,
      `error: infra/root.yaml: nested stack Link points at infra/link.yaml, which was not read: it resolves to ${real}, ${outsideShared}`,
      `error: infra/root.yaml: nested stack Passwd points at /etc/passwd, which was not read: it resolves to /etc/passwd, ${outsideShared}`,
    ]);
    expect(refused.templates).toBe(1);
    // Allowed: the shared template is read once (the three references lead to one file) and its public gateway found.
    expect(rows(allowed)).toEqual([
      ['Hidden', 'NON_COMPLIANT', 'AGW1'],
      ['Passwd', 'NON_COMPLIANT', 'AGW10'],
    ]);
    expect(allowed.templates).toBe(2);
  });

  test('GIVEN a named pipe in a scanned folder and a template that points at it WHEN scanned THEN the walk skips the pipe with a warning and the reference fails closed', () => {
    const dir = tempDir();
    namedPipe(path.join(dir, 'pipe.yaml'));
    writeFiles(dir, {
      'open.json': { Resources: { Open: gatewayResource('NONE') } },
      'root.yaml': 'Resources:\n  ViaPipe: {Type: AWS::CloudFormation::Stack, Properties: {TemplateURL: ./pipe.yaml}}\n',
    });

    const result = scanPaths([dir]);

    expect(rows(result)).toEqual([
      ['Open', 'NON_COMPLIANT', 'AGW1'],
      ['ViaPipe', 'NON_COMPLIANT', 'AGW10'],
    ]);
    expect(messages(result, dir)).toEqual([
      'warning: pipe.yaml: skipped: it is a named pipe (FIFO), not a regular file; only regular files are read',
      'error: root.yaml: nested stack ViaPipe points at pipe.yaml, which was not read: it is a named pipe (FIFO), not a regular file; only regular files are read',
    ]);
  });

  test('GIVEN a named pipe named on the command line WHEN scanned THEN it is an error, not a skip', () => {
    const dir = tempDir();
    const pipe = namedPipe(path.join(dir, 'named.yaml'));

    expect(messages(scanPaths([pipe]), dir)).toEqual(['error: named.yaml: not read: it is a named pipe (FIFO), not a regular file; only regular files are read']);
  });

  test('GIVEN a symbolic link to a folder outside WHEN a folder is walked THEN the walk does not follow it out, and says so', () => {
    const dir = tempDir();
    const outside = tempDir();
    writeFiles(outside, { 'elsewhere.json': { Resources: { Elsewhere: gatewayResource('NONE') } } });
    fs.symlinkSync(outside, path.join(dir, 'linked'));

    const result = scanPaths([dir]);

    expect(result.evaluations).toEqual([]);
    expect(messages(result, dir)).toEqual([
      `error: linked: not read: it resolves to ${fs.realpathSync(outside)}, outside the paths given to scan (and the folder of each file named); ` +
        'to follow references there, allow that folder with --allow-read <folder>',
    ]);
  });

  test('GIVEN a template above the size limit WHEN scanned THEN it is refused before reading; a higher limit reads it', () => {
    const dir = tempDir();
    const padding = 'x'.repeat(1024 * 1024);
    writeFiles(dir, { 'big.json': { Description: padding, Resources: { Open: gatewayResource('NONE') } } });

    const refused = scanPaths([dir], { maxFileBytes: 1024 * 1024 });
    const read = scanPaths([dir], { maxFileBytes: 2 * 1024 * 1024 });

    expect(messages(refused, dir)).toEqual([
      'error: big.json: not read: it is 1 MB, more than the limit of 1 MB for one file (raise it with --max-file-size <MB>)',
    ]);
    expect(rows(read)).toEqual([['Open', 'NON_COMPLIANT', 'AGW1']]);
  });
});

describe('cloud assemblies: every reference must stay inside the assembly', () => {
  /** An assembly whose manifest and templates point outside it in every way a cloud assembly can. */
  function hostileAssembly(): { out: string; outside: string } {
    const root = tempDir();
    const out = path.join(root, 'cdk.out');
    const outside = path.join(root, 'outside');
    writeFiles(outside, {
      'manifest.json': { version: '54.0.0', artifacts: { Lure: { type: 'aws:cloudformation:stack', properties: { templateFile: 'Lure.template.json' } } } },
      'Lure.template.json': { Resources: { Lure: gatewayResource('NONE') } },
      'Nested.json': { Resources: { NestedLure: gatewayResource('NONE') } },
    });
    writeFiles(out, {
      'manifest.json': {
        version: '54.0.0',
        artifacts: {
          Passwd: { type: 'aws:cloudformation:stack', properties: { templateFile: '../../../../../../../../etc/passwd' } },
          Absolute: { type: 'aws:cloudformation:stack', properties: { templateFile: path.join(outside, 'Lure.template.json') } },
          Escape: { type: 'cdk:cloud-assembly', properties: { directoryName: '../outside' } },
          Linked: { type: 'aws:cloudformation:stack', properties: { templateFile: 'Linked.template.json' } },
          Parent: { type: 'aws:cloudformation:stack', properties: { templateFile: 'Parent.template.json' } },
          ParentAssets: { type: 'cdk:asset-manifest', properties: { file: 'Parent.assets.json' } },
          StrayAssets: { type: 'cdk:asset-manifest', properties: { file: '../outside/manifest.json' } },
        },
      },
      'Parent.template.json': {
        Resources: {
          Open: gatewayResource('NONE'),
          ByAssetPath: { Type: 'AWS::CloudFormation::Stack', Metadata: { 'aws:asset:path': '../outside/Nested.json' }, Properties: {} },
          ByObjectKey: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: { 'Fn::Join': ['', ['https://s3.amazonaws.com/bucket/', 'abc123.json']] } } },
        },
      },
      'Parent.assets.json': { version: '54.0.0', files: { abc123: { source: { path: '../outside/Nested.json' }, destinations: { d: { bucketName: 'b', objectKey: 'abc123.json' } } } } },
    });
    fs.symlinkSync(path.join(outside, 'Lure.template.json'), path.join(out, 'Linked.template.json'));
    return { out, outside };
  }

  test('GIVEN an assembly whose manifest, asset manifests and nested stacks point outside it WHEN scanned THEN nothing outside is read, each reference is refused by name, exit 2', async () => {
    // GIVEN
    const { out, outside } = hostileAssembly();
    const realOutside = fs.realpathSync(outside);

    // WHEN
    const run = await runCli(['scan', out, '--format', 'json']);

    // THEN
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout);
    expect(report.gateways.map((g: { logicalId: string; verdict: string; findings: Array<{ ruleId: string }> }) => [g.logicalId, g.verdict, g.findings.map((f) => f.ruleId).join(',')])).toEqual([
      ['Open', 'NON_COMPLIANT', 'AGW1'],
      // ByAssetPath has no TemplateURL, which CloudFormation requires: it cannot deploy, so it is no finding; its
      // aws:asset:path out of the assembly is still refused by name below.
      ['ByObjectKey', 'NON_COMPLIANT', 'AGW10'],
    ]);
    const manifest = `${out}/manifest.json`;
    const refusal = `outside the cloud assembly ${out}; it was refused: a cloud assembly only refers to files inside itself, so run \`cdk synth\` again`;
    expect(report.problems.map((p: { message: string }) => p.message)).toEqual([
      // The asset manifests are read first, to map TemplateURLs to files.
      `${manifest}: asset manifest StrayAssets names file "../outside/manifest.json", which resolves to ${realOutside}/manifest.json, ${refusal}`,
      `${manifest}: stack Passwd names templateFile "../../../../../../../../etc/passwd", which resolves to /etc/passwd, ${refusal}`,
      // As in the CDK, a template file is joined to the assembly directory, so an absolute path stays inside it.
      `${out}${outside}/Lure.template.json: cannot read the file (no such file or directory) (stack Absolute in ${manifest})`,
      `${manifest}: nested assembly Escape names directoryName "../outside", which resolves to ${realOutside}, ${refusal}`,
      `${manifest}: stack Linked names templateFile "Linked.template.json", which resolves to ${realOutside}/Lure.template.json, ${refusal}`,
    ]);
    // The asset whose source leaves the assembly is never mapped: ByObjectKey's URL is no file of the app and fails closed.
    expect(report.gateways[1].findings[0].message).toMatch(/is not a file of this app \(not a local path, not one of its file assets\)/);
    // Only Parent.template.json was read: no template outside, not even through the symbolic link.
    expect(report.templates).toBe(1);
  });

  test('GIVEN an asset manifest that is a symbolic link out of the assembly WHEN a nested stack needs it THEN it is refused when read, and the nested stack fails closed', () => {
    const root = tempDir();
    const out = path.join(root, 'cdk.out');
    writeFiles(root, {
      'outside/Stray.assets.json': { files: { k: { source: { path: 'Nested.json' }, destinations: { d: { objectKey: 'k.json' } } } } },
    });
    writeFiles(out, {
      'manifest.json': {
        version: '54.0.0',
        artifacts: {
          'Parent': { type: 'aws:cloudformation:stack', properties: { templateFile: 'Parent.template.json' }, dependencies: ['Parent.assets'] },
          'Parent.assets': { type: 'cdk:asset-manifest', properties: { file: 'Parent.assets.json' } },
        },
      },
      'Parent.template.json': { Resources: { Child: nested('https://s3.amazonaws.com/bucket/k.json') } },
      'Nested.json': { Resources: { Inner: gatewayResource('NONE') } },
    });
    fs.symlinkSync(path.join(root, 'outside', 'Stray.assets.json'), path.join(out, 'Parent.assets.json'));

    const result = scanPaths([out]);

    // The refused asset manifest maps nothing, so the nested stack's remote TemplateURL fails closed (AGW10).
    expect(rows(result)).toEqual([['Child', 'NON_COMPLIANT', 'AGW10']]);
    expect(messages(result, out)).toEqual([
      `error: manifest.json: an asset manifest names file "Parent.assets.json", which resolves to ${fs.realpathSync(root)}/outside/Stray.assets.json, ` +
        `outside the cloud assembly ${out}; it was refused: a cloud assembly only refers to files inside itself, so run \`cdk synth\` again`,
    ]);
  });

  test('GIVEN a stack whose asset manifest maps its nested stack WHEN scanned THEN the nested template is found through it, and an unrelated broken asset manifest is never read', () => {
    const out = path.join(tempDir(), 'cdk.out');
    writeFiles(out, {
      'manifest.json': {
        version: '54.0.0',
        artifacts: {
          'Other': { type: 'aws:cloudformation:stack', properties: { templateFile: 'Other.template.json' }, dependencies: ['Other.assets'] },
          'Other.assets': { type: 'cdk:asset-manifest', properties: { file: 'Other.assets.json' } },
          'Parent': { type: 'aws:cloudformation:stack', properties: { templateFile: 'Parent.template.json' }, dependencies: ['Parent.assets'] },
          'Parent.assets': { type: 'cdk:asset-manifest', properties: { file: 'Parent.assets.json' } },
        },
      },
      'Other.template.json': { Resources: { Iam: gatewayResource('AWS_IAM') } },
      'Other.assets.json': '{"files": {"a": 1, "a": 2}}',
      'Parent.template.json': { Resources: { Child: nested('https://s3.amazonaws.com/bucket/k.json') } },
      'Parent.assets.json': { files: { k: { source: { path: 'Child.json' }, destinations: { d: { bucketName: 'bucket', objectKey: 'k.json' } } } } },
      'Child.json': { Resources: { Inner: gatewayResource('NONE') } },
    });

    const result = scanPaths([out]);

    expect(rows(result)).toEqual([
      ['Iam', 'COMPLIANT', ''],
      ['Inner', 'NON_COMPLIANT', 'AGW1'],
    ]);
    expect(result.problems).toEqual([]);
  });
});

describe('no finding lost: one pathological gateway never hides another', () => {
  test('GIVEN a JSON template where one gateway nests its AuthorizerType 8,000 levels deep WHEN scanned THEN it fails closed (AGW2) and the public gateway beside it is still reported (AGW1)', () => {
    const dir = tempDir();
    const depth = 8000;
    const deep = '{"Fn::If": ["Always", '.repeat(depth) + '"AWS_IAM"' + ', "NONE"]}'.repeat(depth);
    writeFiles(dir, {
      'deep.json':
        '{"Conditions": {"Always": {"Fn::Equals": ["a", "a"]}}, "Resources": {' +
        `"Deep": {"Type": "AWS::BedrockAgentCore::Gateway", "Properties": {"AuthorizerType": ${deep}}},` +
        `"Open": ${JSON.stringify(gatewayResource('NONE'))}}}`,
    });

    const result = scanPaths([dir]);

    expect(result.problems).toEqual([]);
    expect(rows(result)).toEqual([
      ['Deep', 'NON_COMPLIANT', 'AGW2'],
      ['Open', 'NON_COMPLIANT', 'AGW1'],
    ]);
    // The search for macros stops at 64 levels and fails closed before the value bound (1,000) is reached.
    expect(result.evaluations[0].findings[0].message).toMatch(
      /^Fn::Transform calls macro \? \(the structure is nested deeper than 64 levels, where the guard stops looking\), which rewrites Properties\.AuthorizerType\.Fn::If/,
    );
  });

  test('GIVEN a YAML template with a value nested 5,000 levels deep in one gateway WHEN scanned THEN both gateways get their verdict', () => {
    const dir = tempDir();
    writeFiles(dir, {
      'deep.yaml': [
        'Resources:',
        `  Deep: {Type: AWS::BedrockAgentCore::Gateway, Properties: {AuthorizerType: AWS_IAM, Tags: ${'['.repeat(5000)}${']'.repeat(5000)}}}`,
        '  Open: {Type: AWS::BedrockAgentCore::Gateway, Properties: {AuthorizerType: NONE}}',
      ].join('\n'),
    });

    const result = scanPaths([dir]);

    expect(result.problems).toEqual([]);
    // A structure deeper than the macro search (64 levels) could hide a macro: it fails closed, with its own verdict.
    expect(rows(result)).toEqual([
      ['Deep', 'NON_COMPLIANT', 'AGW2'],
      ['Open', 'NON_COMPLIANT', 'AGW1'],
    ]);
    expect(result.evaluations[0].findings[0].message).toMatch(/nested deeper than 64 levels, where the guard stops looking\), which rewrites Properties\.Tags\[0\]/);
  });
});

describe('fail closed on ambiguity', () => {
  test('GIVEN AuthorizerType NONE then AWS_IAM in one JSON object WHEN scanned THEN it is never judged compliant: the file is an error, exit 2', async () => {
    const dir = tempDir();
    fs.writeFileSync(
      path.join(dir, 'dup.json'),
      '{"Resources": {"Gw": {"Type": "AWS::BedrockAgentCore::Gateway", "Properties": {"AuthorizerType": "NONE", "AuthorizerType": "AWS_IAM"}}}}',
    );

    const run = await runCli(['scan', dir]);

    expect(run.code).toBe(2);
    expect(run.stdout).not.toContain('COMPLIANT ');
    expect(run.stdout).toContain(`error   ${dir}/dup.json:1:106: invalid JSON: duplicate key "AuthorizerType" (first at line 1, column 80)`);
  });
});

describe('--output is checked before any work', () => {
  test.each([
    ['/proc/guard-test/report.json', 'it is under /proc, a kernel interface, not a place for files'],
    ['/proc/self/status', 'it is under /proc, a kernel interface, not a place for files'],
    ['/sys/kernel/report.json', 'it is under /sys, a kernel interface, not a place for files'],
    ['/dev/null', 'it is a character device, not a regular file'],
  ])('GIVEN --output %s WHEN scan runs THEN exit 2 at once with "%s", and nothing is scanned', async (output, reason) => {
    // A path that does not exist: had the scan started, it would report it too.
    const run = await runCli(['scan', '/nonexistent-input', '--output', output]);

    expect(run).toEqual({ code: 2, stdout: '', stderr: `agentcore-gateway-guard: cannot write the report to ${output}: ${reason}\n` });
  });

  test('GIVEN --output at a named pipe or a folder WHEN scan runs THEN exit 2 at once, naming what it is', async () => {
    const dir = tempDir();
    const pipe = namedPipe(path.join(dir, 'report.pipe'));

    expect((await runCli(['scan', dir, '--output', pipe])).stderr).toBe(
      `agentcore-gateway-guard: cannot write the report to ${pipe}: it is a named pipe (FIFO), not a regular file\n`,
    );
    expect((await runCli(['scan', dir, '--output', dir])).stderr).toBe(`agentcore-gateway-guard: cannot write the report to ${dir}: it is a directory, not a regular file\n`);
  });

  test('GIVEN --output in folders that do not exist yet WHEN scan runs THEN they are created and the report written', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'iam.json': { Resources: { Iam: gatewayResource('AWS_IAM') } } });
    const file = path.join(dir, 'a', 'b', 'c', 'report.json');

    const run = await runCli(['scan', path.join(dir, 'iam.json'), '--format', 'json', '--output', file]);

    expect(run.code).toBe(0);
    expect(JSON.parse(fs.readFileSync(file, 'utf-8')).summary).toEqual({ gateways: 1, compliant: 1, nonCompliant: 0, exempt: 0 });
  });
});

describe('scan options that bound reading', () => {
  test('GIVEN --allow-read and --max-file-size WHEN scan runs THEN they reach the scan', async () => {
    const dir = tempDir();
    const shared = tempDir();
    writeFiles(shared, { 'nested.json': { Resources: { Hidden: gatewayResource('NONE') } } });
    writeFiles(dir, { 'root.json': { Description: 'x'.repeat(2 * 1024 * 1024), Resources: { N: nested(path.join(shared, 'nested.json')) } } });

    const refused = await runCli(['scan', dir]);
    const allowed = await runCli(['scan', dir, '--allow-read', shared]);
    const tooLarge = await runCli(['scan', dir, '--allow-read', shared, '--max-file-size', '1']);

    expect(refused.code).toBe(2);
    expect(refused.stdout).toContain('NON_COMPLIANT  AGW10');
    expect(allowed.code).toBe(1);
    expect(allowed.stdout).toContain('NON_COMPLIANT  AGW1   NONE           Hidden');
    expect(tooLarge.code).toBe(2);
    expect(tooLarge.stdout).toContain(`error   ${dir}/root.json: not read: it is 2 MB, more than the limit of 1 MB for one file`);
  });

  test.each([
    [['scan', '.', '--max-file-size', '0'], "--max-file-size '0' must be a number of megabytes above 0 and at most 1024"],
    [['scan', '.', '--max-file-size', 'lots'], "--max-file-size 'lots' must be a number of megabytes above 0 and at most 1024"],
    [['scan', '.', '--max-file-size', '2048'], "--max-file-size '2048' must be a number of megabytes above 0 and at most 1024"],
    [['audit', '--allow-read', '.'], '--allow-read is an option of scan, not of audit'],
  ])('GIVEN %j WHEN run THEN exit 2 with "%s"', async (argv, message) => {
    const run = await runCli(argv);

    expect(run).toEqual({ code: 2, stdout: '', stderr: `agentcore-gateway-guard: ${message}\nRun 'agentcore-gateway-guard --help' for usage.\n` });
  });

  test('GIVEN --allow-read of something that is not a folder WHEN scan runs THEN exit 2 naming it', async () => {
    const run = await runCli(['scan', '.', '--allow-read', '/nonexistent-folder']);

    expect(run).toEqual({ code: 2, stdout: '', stderr: "agentcore-gateway-guard: --allow-read '/nonexistent-folder' is not a folder\n" });
  });
});

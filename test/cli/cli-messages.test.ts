// What a person reads from the CLI: no raw control bytes from files, file names, templates or API answers;
// paths shown one way; fix texts in the words of the command that prints them.
import '@microsoft/jest-sarif';
import * as fs from 'fs';
import * as path from 'path';
import { runCli } from './run-cli';
import { fakeAwsEnv, useEnv } from '../audit/aws-env';
import { startMockControlPlane } from '../audit/mock-control-plane';
import { gatewayResource, tempDir, writeFiles } from '../scan/helpers';

/** Control characters that must never reach a terminal raw (newlines are the output's own). */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

const ESC_NAME = 'evil\u001b[2Jname';
const FORGED_NAME = 'forged\n  error   everything.json: fake problem';

/** Bytes that decode to NUL, escape sequences, C1 controls and invalid UTF-8: what an image or archive holds. */
function binaryBytes(): Buffer {
  const bytes = Buffer.alloc(512);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 37 + 11) % 256;
  return Buffer.concat([Buffer.from([0x00, 0x1b, 0x5b, 0x32, 0x4a, 0x9b, 0x07]), bytes, Buffer.from('Resources\u001b[31m')]);
}

describe('control characters never reach the terminal raw', () => {
  test('GIVEN a binary file named like a template WHEN scanned (table and JSON) THEN it is named as binary, none of its bytes are echoed', async () => {
    // GIVEN
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'image.json'), binaryBytes());
    fs.writeFileSync(path.join(dir, 'archive.yaml'), binaryBytes());

    // WHEN
    const table = await runCli(['scan', path.join(dir, 'image.json'), path.join(dir, 'archive.yaml')]);
    const json = await runCli(['scan', '--format', 'json', path.join(dir, 'image.json')]);

    // THEN
    expect(table.code).toBe(2);
    expect(table.stdout).not.toMatch(RAW_CONTROL);
    expect(table.stdout).toContain(`\n  error   ${dir}/image.json: not a text file (it holds binary data); expected a CloudFormation template (JSON or YAML)\n`);
    expect(table.stdout).toContain(`\n  error   ${dir}/archive.yaml: not a text file (it holds binary data);`);
    expect(table.stdout).not.toMatch(/\\u00(00|1b|9b)|\ufffd|\[2J/);
    expect(json.stderr).not.toMatch(RAW_CONTROL);
    expect(JSON.parse(json.stdout).problems).toEqual([
      { severity: 'error', file: `${dir}/image.json`, message: `${dir}/image.json: not a text file (it holds binary data); expected a CloudFormation template (JSON or YAML)` },
    ]);
  });

  test('GIVEN a binary file in a folder WHEN the folder is scanned THEN it is set aside as not a template', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'image.json'), binaryBytes());
    writeFiles(dir, { 'open.json': { Resources: { Open: gatewayResource('NONE') } } });

    const run = await runCli(['scan', dir]);

    expect(run.code).toBe(1);
    expect(run.stdout.split('\n')[0]).toBe('Scanned 1 template: 1 gateway, 1 non-compliant, 0 compliant, 0 exempt. 1 file in the folders scanned is not a template.');
    expect(run.stdout).not.toMatch(RAW_CONTROL);
  });

  test('GIVEN control characters in file names and template values WHEN scanned as a table THEN each is an escape, every line is one line of the report', async () => {
    // GIVEN: an escape sequence in a folder's file name, a forged line in another, and control characters in
    // the authorizer type, the construct path, the logical ID and the exemption reason.
    const dir = tempDir();
    writeFiles(dir, {
      [`${ESC_NAME}.json`]: {
        Resources: {
          'Gw\u001b[31m': {
            ...gatewayResource('NO\u001b[31mNE\u0007\u202e'),
            Metadata: { 'aws:cdk:path': 'Prod/\u009b2JApi/Gw', 'cdk-secure-agentcore-gateway:exemption': { reason: 'Public demo\r\n  [AGW0] forged finding line' } },
          },
        },
      },
      [`${FORGED_NAME}.json`]: '{"Resources": ',
    });

    // WHEN (with exemptions allowed, so that the reason is shown)
    const run = await runCli(['scan', '--allow-exemptions', dir]);

    // THEN
    expect(run.code).toBe(2);
    expect(run.stdout).not.toMatch(RAW_CONTROL);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain(`${dir}/evil\\u001b[2Jname.json`);
    expect(run.stdout).toContain("AuthorizerType 'NO\\u001b[31mNE\\u0007\\u202e' is not one the guard knows");
    // (A long temporary folder can wrap the where line: read it unwrapped.)
    expect(run.stdout.replace(/\s+/g, ' ')).toContain(`where: Prod/\\u009b2JApi/Gw (${dir}/evil\\u001b[2Jname.json, logical ID Gw\\u001b[31m) at`);
    expect(run.stdout).toContain('\n    exempt: Public demo\\r\\n [AGW0] forged finding line\n');
    // The forged name stays inside its problem's line: no line of the report starts with the forged text.
    expect(run.stdout.split('\n').filter((l) => l.startsWith('  error'))).toEqual([
      `  error   ${dir}/forged\\n  error   everything.json: fake problem.json:1:15: invalid JSON: Unexpected end of JSON input`,
    ]);
    expect(run.stdout.split('\n').filter((l) => /^ {2}\[AGW/.test(l))).toEqual(['  [AGW3] Authorizer type unknown to the guard']);
  });

  test('GIVEN the same inputs WHEN scanned as JSON and SARIF THEN valid JSON that keeps the values exactly, and nothing raw on the terminal', async () => {
    const dir = tempDir();
    const authorizerType = 'NO\u001b[31mNE\u0085\u2028\u202e';
    writeFiles(dir, {
      [`${ESC_NAME}.json`]: { Resources: { Gw: gatewayResource(authorizerType) } },
      [`${FORGED_NAME}.json`]: '{"Resources": ',
    });

    const json = await runCli(['scan', '--format', 'json', dir]);
    const sarif = await runCli(['scan', '--format', 'sarif', dir]);

    for (const run of [json, sarif]) {
      expect(run.stdout).not.toMatch(RAW_CONTROL);
      expect(run.stderr).not.toMatch(RAW_CONTROL);
    }
    const report = JSON.parse(json.stdout);
    expect(report.gateways[0]).toMatchObject({ authorization: authorizerType, templatePath: `${dir}/${ESC_NAME}.json` });
    expect(report.problems[0].file).toBe(`${dir}/${FORGED_NAME}.json`);
    // On standard error, one line per problem.
    expect(json.stderr.split('\n')).toEqual([
      `agentcore-gateway-guard: error: ${dir}/forged\\n  error   everything.json: fake problem.json:1:15: invalid JSON: Unexpected end of JSON input`,
      '',
    ]);
    const log = JSON.parse(sarif.stdout);
    expect(log).toBeValidSarifLog();
    // A file name with control characters is still a valid URI reference, percent-encoded.
    expect(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe(`${dir}/evil%1B%5B2Jname.json`);
    expect(log.runs[0].invocations[0].toolExecutionNotifications[0].locations[0].physicalLocation.artifactLocation.uri).toBe(
      `${dir}/forged%0A%20%20error%20%20%20everything.json%3A%20fake%20problem.json`,
    );
  });

  test('GIVEN a gateway whose name from the API holds control characters WHEN audited (table and JSON) THEN the table shows escapes and the JSON the exact name', async () => {
    const restoreEnv = useEnv(fakeAwsEnv());
    const name = 'public\u001b[2J\ngw';
    const mock = await startMockControlPlane({ regions: { 'us-east-1': [{ gatewayId: 'public-gw-a1b2c3d4e5', name, authorizerType: 'NONE' }] } });
    try {
      const table = await runCli(['audit', '--endpoint-url', mock.endpoint, '--region', 'us-east-1']);
      const json = await runCli(['audit', '--endpoint-url', mock.endpoint, '--region', 'us-east-1', '--format', 'json']);

      expect(table.code).toBe(1);
      expect(table.stdout).not.toMatch(RAW_CONTROL);
      expect(table.stdout).toContain('public\\u001b[2J\\ngw (public-gw-a1b2c3d4e5)');
      expect(json.stdout).not.toMatch(RAW_CONTROL);
      expect(JSON.parse(json.stdout).gateways[0].name).toBe(name);
    } finally {
      await mock.close();
      restoreEnv();
    }
  });
});

describe('paths are shown one way: relative inside the working directory, absolute outside it', () => {
  let cwd: string;
  beforeEach(() => {
    cwd = process.cwd();
  });
  afterEach(() => {
    process.chdir(cwd);
  });

  test('GIVEN files inside and outside the working directory, typed relative and absolute WHEN scanned THEN every message follows the rule', async () => {
    // GIVEN: work/ is the working directory; ../other is outside it.
    const root = fs.realpathSync(tempDir());
    writeFiles(root, {
      'work/inside/bad.json': '{"Resources": ',
      'other/bad.json': '{"Resources": ',
    });
    process.chdir(path.join(root, 'work'));

    // WHEN
    const run = await runCli([
      'scan',
      'inside/bad.json',
      path.join(root, 'work', 'inside', 'missing.json'),
      '../other/bad.json',
      '../other/missing.json',
      '--format',
      'json',
      '--output',
      '../reports/scan.json',
    ]);

    // THEN
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')).toEqual([
      'agentcore-gateway-guard: error: inside/bad.json:1:15: invalid JSON: Unexpected end of JSON input',
      'agentcore-gateway-guard: error: inside/missing.json: cannot read it (no such file or directory)',
      `agentcore-gateway-guard: error: ${root}/other/bad.json:1:15: invalid JSON: Unexpected end of JSON input`,
      `agentcore-gateway-guard: error: ${root}/other/missing.json: cannot read it (no such file or directory)`,
      `agentcore-gateway-guard: report written to ${root}/reports/scan.json (exit code 2)`,
      '',
    ]);
    const report = JSON.parse(fs.readFileSync(path.join(root, 'reports', 'scan.json'), 'utf-8'));
    expect(report.problems.map((p: { file: string }) => p.file)).toEqual(['inside/bad.json', 'inside/missing.json', `${root}/other/bad.json`, `${root}/other/missing.json`]);
  });

  test('GIVEN a report file inside the working directory, typed absolute WHEN written THEN it is shown relative', async () => {
    const root = fs.realpathSync(tempDir());
    writeFiles(root, { 'open.json': { Resources: { Open: gatewayResource('NONE') } } });
    process.chdir(root);

    const run = await runCli(['scan', 'open.json', '--output', path.join(root, 'out', 'report.txt')]);

    expect(run.code).toBe(1);
    expect(run.stderr).toBe('agentcore-gateway-guard: report written to out/report.txt (exit code 1)\n');
    expect(fs.readFileSync(path.join(root, 'out', 'report.txt'), 'utf-8')).toContain('NON_COMPLIANT  AGW1   NONE           Open     open.json');
  });
});

describe('fix texts in the words of the entry point', () => {
  const EXEMPT_DEMO = {
    Resources: {
      Demo: { ...gatewayResource('NONE'), Metadata: { 'cdk-secure-agentcore-gateway:exemption': { reason: 'Public MCP demo server, protected by request interceptors' } } },
    },
  };

  test('GIVEN a refused exemption WHEN scanned as a table, JSON and SARIF THEN AGW7 says --allow-exemptions, the flag of scan', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'demo.json': EXEMPT_DEMO });

    const table = await runCli(['scan', dir]);
    const json = JSON.parse((await runCli(['scan', '--format', 'json', dir])).stdout);
    const sarif = JSON.parse((await runCli(['scan', '--format', 'sarif', dir])).stdout);

    const tableFix = table.stdout.slice(table.stdout.indexOf('  AGW7  ')).replace(/\s+/g, ' ');
    expect(tableFix).toMatch(/^ AGW7 Exemption not accepted Why: .* Fix: Secure the gateway \(see the other findings\), or scan with --allow-exemptions /);
    const jsonFix = json.rules.find((r: { id: string }) => r.id === 'AGW7').fix;
    const sarifFix = sarif.runs[0].tool.driver.rules.find((r: { id: string }) => r.id === 'AGW7').help.text;
    for (const fix of [jsonFix, sarifFix]) {
      expect(fix).toMatch(/^Secure the gateway \(see the other findings\), or scan with --allow-exemptions /);
    }
  });

  test('GIVEN a public gateway WHEN audited as JSON and SARIF THEN the rules carry the live fix (API calls), not the CDK one', async () => {
    const restoreEnv = useEnv(fakeAwsEnv());
    const mock = await startMockControlPlane({ regions: { 'us-east-1': [{ gatewayId: 'public-gw-a1b2c3d4e5', name: 'public-gw', authorizerType: 'NONE' }] } });
    try {
      const json = JSON.parse((await runCli(['audit', '--endpoint-url', mock.endpoint, '--region', 'us-east-1', '--format', 'json'])).stdout);
      const sarif = JSON.parse((await runCli(['audit', '--endpoint-url', mock.endpoint, '--region', 'us-east-1', '--format', 'sarif'])).stdout);

      const fixes = [
        json.rules.find((r: { id: string }) => r.id === 'AGW1').fix,
        sarif.runs[0].tool.driver.rules.find((r: { id: string }) => r.id === 'AGW1').help.text,
        json.rules.find((r: { id: string }) => r.id === 'AGW7').fix,
      ];
      expect(fixes[0]).toMatch(/^Recreate the gateway: the authorizer type of an existing gateway cannot be changed in place\./);
      expect(fixes[1]).toBe(fixes[0]);
      expect(fixes[2]).toBe('Secure the gateway (see the other findings): the live audit honours no exemption.');
      expect(fixes.join(' ')).not.toMatch(/SecureAgentCoreGateway|allowExemptions|--allow-exemptions/);
    } finally {
      await mock.close();
      restoreEnv();
    }
  });
});

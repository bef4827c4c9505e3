// The CLI as a user gets it: the package is built (jsii), packed with `npm pack`, installed into a fresh
// consumer project, the consumer is cloned again with `npm ci`, and `npx agentcore-gateway-guard` runs
// from there. Everything stays offline: the tarball bundles its YAML parser, and aws-cdk-lib/constructs
// (the consumer's own CDK dependencies) are linked from this repository's node_modules.
import { spawnSync, SpawnSyncOptions } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { GUARD_RULES_FILE_NAME } from '../../src/hook/guard-rules';
import { gatewayScpJson } from '../../src/organization/scp';
import { cfnGuardValidate } from '../hook/cfn-guard';
import { synthLayeredApp } from '../scan/cdk-apps';
import { gatewayResource, tempDir } from '../scan/helpers';
import { SHIPPED_GUARD_RULES } from '../support/guard-rules-file';

const ROOT = path.join(__dirname, '..', '..');
const PACKAGE_NAME = 'cdk-secure-agentcore-gateway';

function run(command: string, args: string[], options: SpawnSyncOptions = {}) {
  const result = spawnSync(command, args, { encoding: 'utf-8', timeout: 300_000, ...options });
  return { status: result.status, stdout: String(result.stdout ?? ''), stderr: String(result.stderr ?? ''), error: result.error };
}

function mustRun(command: string, args: string[], options: SpawnSyncOptions = {}) {
  const result = run(command, args, options);
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}\n${result.error ?? ''}`);
  }
  return result;
}

/** Newest modification time of the files under `dir`. */
function newest(dir: string): number {
  let max = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    max = Math.max(max, entry.isDirectory() ? newest(full) : fs.statSync(full).mtimeMs);
  }
  return max;
}

/** lib/ as `npx projen compile` makes it; built here when missing or older than src/ (CI starts from a clean clone). */
function ensureCompiled(): void {
  const cli = path.join(ROOT, 'lib', 'cli', 'main.js');
  if (fs.existsSync(cli) && fs.statSync(cli).mtimeMs >= newest(path.join(ROOT, 'src'))) {
    return;
  }
  mustRun(path.join(ROOT, 'node_modules', '.bin', 'jsii'), ['--silence-warnings=reserved-word'], { cwd: ROOT });
}

// npm's own environment from an outer `npm test` would leak into the nested npm commands.
const NPM_ENV: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));

describe('the packaged CLI in a consumer project', () => {
  let consumer: string;
  let tarball: string;

  beforeAll(() => {
    ensureCompiled();
    const packDir = tempDir('guard-pack-');
    const packed = mustRun('npm', ['pack', '--json', '--pack-destination', packDir], { cwd: ROOT, env: NPM_ENV });
    tarball = path.join(packDir, JSON.parse(packed.stdout)[0].filename);

    consumer = tempDir('guard-consumer-');
    fs.writeFileSync(
      path.join(consumer, 'package.json'),
      JSON.stringify(
        {
          name: 'consumer-cdk-app',
          private: true,
          devDependencies: {
            [PACKAGE_NAME]: `file:${tarball}`,
            'aws-cdk-lib': `file:${path.join(ROOT, 'node_modules', 'aws-cdk-lib')}`,
            'constructs': `file:${path.join(ROOT, 'node_modules', 'constructs')}`,
          },
        },
        undefined,
        2,
      ),
    );
    // The consumer's own npm settings. install-links copies the file: dependencies as a registry install
    // would; linked, npm 11 fails to place the peer dependencies ("Cannot read properties of null
    // (reading 'matches')").
    fs.writeFileSync(path.join(consumer, '.npmrc'), 'offline=true\naudit=false\nfund=false\ninstall-links=true\n');
    const npmOptions = { cwd: consumer, env: NPM_ENV };
    // The project that installed the package...
    mustRun('npm', ['install', '--ignore-scripts'], npmOptions);
    // ...and a fresh clone of it: only package.json and package-lock.json, then `npm ci`.
    fs.rmSync(path.join(consumer, 'node_modules'), { recursive: true, force: true });
    mustRun('npm', ['ci', '--ignore-scripts'], npmOptions);
    synthLayeredApp(path.join(consumer, 'cdk.out'), { 'aws:cdk:enable-path-metadata': true, 'aws:cdk:enable-asset-metadata': true });
  });

  function npx(args: string[], env: NodeJS.ProcessEnv = {}) {
    return run('npx', ['agentcore-gateway-guard', ...args], { cwd: consumer, env: { ...NPM_ENV, ...env } });
  }

  /**
   * Node options under which loading aws-cdk-lib or constructs throws: Terraform and console users have
   * neither, so the policy commands must not need them.
   */
  function withoutCdk(): NodeJS.ProcessEnv {
    const blocker = path.join(tempDir('guard-no-cdk-'), 'block-cdk.js');
    fs.writeFileSync(
      blocker,
      [
        "const Module = require('module');",
        'const resolve = Module._resolveFilename;',
        'Module._resolveFilename = function (request, ...rest) {',
        "  if (/^(aws-cdk-lib|constructs)(\\/|$)/.test(request)) throw new Error('blocked: ' + request);",
        '  return resolve.call(this, request, ...rest);',
        '};',
      ].join('\n'),
    );
    return { NODE_OPTIONS: `--require ${blocker}` };
  }

  test('GIVEN the published tarball WHEN inspected THEN it has the bin, the compiled CLI and its bundled YAML parser, and no AWS SDK dependency', () => {
    const listing = mustRun('tar', ['-tzf', tarball]).stdout.split('\n');
    expect(listing).toEqual(
      expect.arrayContaining([
        'package/lib/cli/main.js',
        'package/lib/engine/evaluate.js',
        'package/node_modules/yaml/package.json',
        `package/rules/${GUARD_RULES_FILE_NAME}`,
      ]),
    );
    // The construct reads it from <package>/rules/, and users run cfn-guard on it from node_modules.
    expect(mustRun('tar', ['-xOzf', tarball, `package/rules/${GUARD_RULES_FILE_NAME}`]).stdout).toBe(fs.readFileSync(SHIPPED_GUARD_RULES, 'utf-8'));
    expect(listing.some((f) => f.startsWith('package/src/') || f.startsWith('package/test/'))).toBe(false);
    const manifest = JSON.parse(mustRun('tar', ['-xOzf', tarball, 'package/package.json']).stdout);
    expect(manifest.bin).toEqual({ 'agentcore-gateway-guard': 'lib/cli/main.js' });
    expect(manifest.bundledDependencies).toEqual(['yaml']);
    expect(Object.keys(manifest.dependencies)).toEqual(['yaml']);
    expect(JSON.stringify(manifest.peerDependencies ?? {})).not.toContain('@aws-sdk');
  });

  test('GIVEN a fresh `npm ci` WHEN `npx agentcore-gateway-guard scan cdk.out` THEN exit 1 and the findings of every stack, Stage and nested stack', () => {
    const result = npx(['scan', 'cdk.out']);

    expect(result.stderr).toBe('');
    expect(result.status).toBe(1);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe('Scanned 5 templates: 6 gateways, 3 non-compliant, 3 compliant, 0 exempt.');
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^NON_COMPLIANT {2}AGW1 {3}NONE +Prod\/Service\/StagedOpen +cdk\.out\/assembly-Prod\/ProdServiceC810982D\.template\.json$/),
        expect.stringMatching(/^NON_COMPLIANT {2}AGW1 {3}NONE +Top\/TopOpen +cdk\.out\/Top\.template\.json$/),
        expect.stringMatching(/^NON_COMPLIANT {2}AGW1 {3}NONE +Top\/Inner\/InnerOpen +cdk\.out\/TopInnerB4E0D425\.nested\.template\.json$/),
        '  [AGW1] Gateway has no inbound authorization (AuthorizerType NONE)',
        '    where:  Top/Inner/InnerOpen (Top/Inner, logical ID InnerOpen) at Properties.AuthorizerType',
      ]),
    );
  });

  test('GIVEN a malformed template WHEN scanned by the installed bin THEN exit 2 with a message that names the file, and no stack trace', () => {
    fs.writeFileSync(path.join(consumer, 'broken.template.json'), '{ "Resources": { "Gw": ');

    const result = npx(['scan', 'broken.template.json', 'cdk.out', '--format', 'json']);

    expect(result.status).toBe(2);
    expect(result.stderr).toBe('agentcore-gateway-guard: error: broken.template.json:1:24: invalid JSON: Unexpected end of JSON input\n');
    expect(JSON.parse(result.stdout).summary.nonCompliant).toBe(3);
  });

  test('GIVEN a consumer without the AWS SDK WHEN `audit` runs THEN exit 2 with the package to install, and `scan` never needed it', () => {
    expect(fs.existsSync(path.join(consumer, 'node_modules', '@aws-sdk', 'client-bedrock-agentcore-control'))).toBe(false);

    const result = npx(['audit', '--region', 'us-east-1']);

    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'agentcore-gateway-guard: `audit` needs the AWS SDK package @aws-sdk/client-bedrock-agentcore-control, which is not installed. ' +
        'Install it next to this package: npm install --save-dev @aws-sdk/client-bedrock-agentcore-control@^3\n',
    );
  });

  test('GIVEN the installed bin WHEN asked for help and a bad option THEN exit 0 and 2', () => {
    expect(npx(['--help'])).toMatchObject({ status: 0, stdout: expect.stringMatching(/^Usage:\n/) });
    expect(npx(['scan'])).toMatchObject({ status: 2, stderr: expect.stringContaining('scan needs at least one path') });
  });

  test('GIVEN a consumer without CDK WHEN `npx agentcore-gateway-guard policy scp` THEN exit 0 and the service control policy', () => {
    const blocked = npx(['--version'], withoutCdk());
    expect(blocked.status).toBe(0);
    const proof = run('node', ['-e', "require('aws-cdk-lib')"], { cwd: consumer, env: { ...NPM_ENV, ...withoutCdk() } });
    expect(proof.stderr).toContain('blocked: aws-cdk-lib');

    const result = npx(['policy', 'scp', '--break-glass-principal', 'arn:aws:iam::*:role/BreakGlass'], withoutCdk());

    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`${gatewayScpJson({ breakGlassPrincipalArns: ['arn:aws:iam::*:role/BreakGlass'] })}\n`);
    expect(npx(['policy', 'scp', '--allow-discovery-url', 'http://idp.example.com/*'], withoutCdk())).toMatchObject({
      status: 2,
      stdout: '',
      stderr: expect.stringContaining("--allow-discovery-url 'http://idp.example.com/*' must be https://<host>/<path>"),
    });
  });

  test('GIVEN a consumer without CDK WHEN `npx agentcore-gateway-guard policy guard-rules` THEN the installed rule file, which the real cfn-guard applies', () => {
    const result = npx(['policy', 'guard-rules', '--output', 'gateway.guard'], withoutCdk());

    expect(result.status).toBe(0);
    expect(result.stdout).toBe('');
    const printed = fs.readFileSync(path.join(consumer, 'gateway.guard'), 'utf-8');
    expect(printed).toBe(fs.readFileSync(path.join(consumer, 'node_modules', PACKAGE_NAME, 'rules', GUARD_RULES_FILE_NAME), 'utf-8'));

    const data = tempDir('guard-policy-data-');
    fs.writeFileSync(path.join(data, 'open.json'), JSON.stringify({ Resources: { Open: gatewayResource('NONE') } }));
    fs.writeFileSync(path.join(data, 'iam.json'), JSON.stringify({ Resources: { Iam: gatewayResource('AWS_IAM') } }));
    const verdicts = cfnGuardValidate(path.join(consumer, 'gateway.guard'), [data]);
    expect(verdicts.get(path.join(data, 'open.json'))).toMatchObject({ status: 'FAIL', ruleIds: ['AGW1'] });
    expect(verdicts.get(path.join(data, 'iam.json'))).toMatchObject({ status: 'PASS', ruleIds: [] });
  });
});

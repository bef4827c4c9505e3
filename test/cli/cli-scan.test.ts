import '@microsoft/jest-sarif';
import * as fs from 'fs';
import * as path from 'path';
import { runCli } from './run-cli';
import { synthLayeredApp } from '../scan/cdk-apps';
import { gatewayResource, tempDir, writeFiles } from '../scan/helpers';

const SECURE_JWT = {
  AuthorizerConfiguration: {
    CustomJWTAuthorizer: {
      DiscoveryUrl: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_abc/.well-known/openid-configuration',
      AllowedClients: ['c1'],
    },
  },
};

describe('agentcore-gateway-guard scan', () => {
  test('GIVEN compliant templates WHEN scanned THEN exit 0 and a table of the gateways', async () => {
    // GIVEN
    const dir = tempDir();
    writeFiles(dir, {
      'iam.json': { Resources: { Iam: gatewayResource('AWS_IAM') } },
      'jwt.yaml': `Resources:\n  Jwt: ${JSON.stringify(gatewayResource('CUSTOM_JWT', SECURE_JWT))}\n`,
    });

    // WHEN
    const run = await runCli(['scan', dir]);

    // THEN
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout.split('\n')).toEqual([
      'Scanned 2 templates: 2 gateways, 0 non-compliant, 2 compliant, 0 exempt.',
      '',
      'VERDICT    RULES  AUTHORIZATION            GATEWAY  TEMPLATE',
      `COMPLIANT  -      AWS_IAM                  Iam      ${dir}/iam.json`,
      `COMPLIANT  -      CUSTOM_JWT (clients: 1)  Jwt      ${dir}/jwt.yaml`,
      '',
    ]);
  });

  test('GIVEN a YAML template with a public gateway behind a condition WHEN scanned THEN exit 1 with the rule, where, why and fix', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'sam.yaml': [
        'Transform: AWS::Serverless-2016-10-31',
        'Parameters:',
        '  Stage: {Type: String, AllowedValues: [dev, prod]}',
        'Conditions:',
        '  IsDev: !Equals [!Ref Stage, dev]',
        'Resources:',
        '  Tools:',
        '    Type: AWS::BedrockAgentCore::Gateway',
        '    Properties:',
        '      Name: !Sub "${AWS::StackName}-tools"',
        '      ProtocolType: MCP',
        '      RoleArn: !GetAtt Role.Arn',
        '      AuthorizerType: !If [IsDev, NONE, AWS_IAM]',
      ].join('\n'),
    });

    const run = await runCli(['scan', path.join(dir, 'sam.yaml')]);

    expect(run.code).toBe(1);
    expect(run.stdout).toContain('NON_COMPLIANT  AGW1   NONE | AWS_IAM  Tools');
    expect(run.stdout).toContain('\nFindings:\n  [AGW1] Gateway has no inbound authorization (AuthorizerType NONE)\n    where:  Tools (');
    expect(run.stdout).toContain("\n    what:   When parameter Stage = 'dev': AuthorizerType is NONE.\n");
    // A long temporary folder can make the where line wrap: read it unwrapped.
    expect(run.stdout.replace(/\n +/g, ' ')).toContain(`where:  Tools (${dir}/sam.yaml, logical ID Tools) at Properties.AuthorizerType`);
    expect(run.stdout).toMatch(/Why: A gateway with AuthorizerType NONE is a public endpoint/);
    expect(run.stdout).toMatch(/Fix: Use SecureAgentCoreGateway/);
  });

  test('GIVEN a malformed template next to an insecure one WHEN scanned THEN the other is still checked, the problem names the file, and exit 2', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'broken.yaml': 'Resources:\n  Gw: {Type: AWS::BedrockAgentCore::Gateway\n',
      'open.json': { Resources: { Open: gatewayResource('NONE') } },
    });

    const run = await runCli(['scan', path.join(dir, 'broken.yaml'), path.join(dir, 'open.json'), path.join(dir, 'missing.json')]);

    expect(run.code).toBe(2);
    expect(run.stdout).toContain('NON_COMPLIANT  AGW1   NONE           Open');
    expect(run.stdout).toMatch(new RegExp(`\\nProblems:\\n  error   ${dir}/broken\\.yaml:3:1: invalid YAML: .+\\n  error   ${dir}/missing\\.json: cannot read it \\(no such file or directory\\)\\n$`));
    expect(run.stdout).not.toMatch(/\n\s+at /);
    expect(run.stderr).toBe('');
  });

  test('GIVEN --format json WHEN scanned THEN one JSON document with the guard report, the problems and the exit code; problems also on stderr', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'open.json': { Resources: { Open: gatewayResource('NONE') } },
      'bad.json': '{"Resources": ',
    });

    const run = await runCli(['scan', '--format', 'json', dir]);

    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({
      format: 'cdk-secure-agentcore-gateway/guard-report@1',
      tool: { name: 'agentcore-gateway-guard' },
      command: 'scan',
      templates: 1,
      summary: { gateways: 1, compliant: 0, nonCompliant: 1, exempt: 0 },
      gateways: [
        {
          location: `${dir}/open.json`,
          templatePath: `${dir}/open.json`,
          logicalId: 'Open',
          authorization: 'NONE',
          verdict: 'NON_COMPLIANT',
          findings: [{ ruleId: 'AGW1', propertyPath: 'Properties.AuthorizerType', message: 'AuthorizerType is NONE.' }],
        },
      ],
      problems: [{ severity: 'error', file: `${dir}/bad.json`, message: `${dir}/bad.json:1:15: invalid JSON: Unexpected end of JSON input` }],
      exitCode: 2,
    });
    expect(run.stderr).toBe(`agentcore-gateway-guard: error: ${dir}/bad.json:1:15: invalid JSON: Unexpected end of JSON input\n`);
  });

  test('GIVEN --format sarif WHEN scanned THEN a valid SARIF 2.1.0 log with one result per finding and the problems as notifications', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'open.json': { Resources: { Open: gatewayResource('NONE'), Weak: gatewayResource('CUSTOM_JWT', { AuthorizerConfiguration: { CustomJWTAuthorizer: { DiscoveryUrl: 'http://x/.well-known/openid-configuration' } } }) } },
      'empty.yaml': '',
    });

    const run = await runCli(['scan', '--format=sarif', path.join(dir, 'open.json'), path.join(dir, 'empty.yaml')]);

    expect(run.code).toBe(2);
    const sarif = JSON.parse(run.stdout);
    expect(sarif).toBeValidSarifLog();
    const [sarifRun] = sarif.runs;
    expect(sarifRun.tool.driver.name).toBe('agentcore-gateway-guard');
    expect(sarifRun.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(['AGW1', 'AGW2', 'AGW3', 'AGW4', 'AGW5', 'AGW6', 'AGW7', 'AGW8', 'AGW9', 'AGW10']);
    expect(sarifRun.results.map((r: { ruleId: string }) => r.ruleId)).toEqual(['AGW1', 'AGW5', 'AGW6']);
    expect(sarifRun.results[0].locations[0].physicalLocation.artifactLocation.uri).toBe(`${dir}/open.json`);
    expect(sarifRun.invocations).toEqual([
      {
        executionSuccessful: false,
        toolExecutionNotifications: [
          {
            level: 'error',
            message: { text: `${dir}/empty.yaml: the file is empty; expected a CloudFormation template (JSON or YAML)` },
            locations: [{ physicalLocation: { artifactLocation: { uri: `${dir}/empty.yaml` } } }],
          },
        ],
      },
    ]);
  });

  test('GIVEN a clean scan in SARIF WHEN scanned THEN the log is valid, has no results and says the run succeeded', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'iam.json': { Resources: { Iam: gatewayResource('AWS_IAM') } } });

    const run = await runCli(['scan', '--format', 'sarif', dir]);

    expect(run.code).toBe(0);
    const sarif = JSON.parse(run.stdout);
    expect(sarif).toBeValidSarifLog();
    expect(sarif.runs[0].results).toEqual([]);
    expect(sarif.runs[0].invocations[0].executionSuccessful).toBe(true);
  });

  test('GIVEN a cdk.out with Stages and nested stacks WHEN scanned THEN the gateways of every level are judged', async () => {
    const out = path.join(tempDir(), 'cdk.out');
    synthLayeredApp(out, { 'aws:cdk:enable-path-metadata': true, 'aws:cdk:enable-asset-metadata': true });

    const run = await runCli(['scan', out, '--format', 'json']);

    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    const gateways = report.gateways as Array<{ constructPath: string; location: string; verdict: string }>;
    expect(gateways.map((g) => [g.constructPath, g.location, g.verdict])).toEqual([
      ['Prod/Eu/Edge/EdgeIam', 'Prod/Eu/Edge', 'COMPLIANT'],
      ['Prod/Service/StagedOpen', 'Prod/Service', 'NON_COMPLIANT'],
      ['Top/TopOpen', 'Top', 'NON_COMPLIANT'],
      ['Top/TopIam', 'Top', 'COMPLIANT'],
      ['Top/Inner/InnerOpen', 'Top/Inner', 'NON_COMPLIANT'],
      ['Top/Inner/Deeper/DeeperJwt', 'Top/Inner/Deeper', 'COMPLIANT'],
    ]);
  });

  test('GIVEN an exempted public gateway WHEN scanned without and with --allow-exemptions THEN AGW7 fails it, then it is EXEMPT (as the guard)', async () => {
    const dir = tempDir();
    const exempt = { Metadata: { 'cdk-secure-agentcore-gateway:exemption': { reason: 'Public MCP demo server, protected by request interceptors' } } };
    writeFiles(dir, { 'demo.json': { Resources: { Demo: { ...gatewayResource('NONE'), ...exempt } } } });

    const strict = await runCli(['scan', dir]);
    const lenient = await runCli(['scan', dir, '--allow-exemptions']);

    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain('NON_COMPLIANT  AGW1,AGW7');
    expect(strict.stdout).toContain('allowExemptions is not set');
    expect(lenient.code).toBe(0);
    expect(lenient.stdout).toContain('EXEMPT   AGW1   NONE           Demo');
    expect(lenient.stdout).toContain('\n    exempt: Public MCP demo server, protected by request interceptors\n');
  });

  test('GIVEN a type AgentCore may add later WHEN scanned without and with --allow-authorizer-type THEN AGW3 fails it, then it passes', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'a.json': { Resources: { Gw: gatewayResource('FUTURE_TYPE') } } });

    expect((await runCli(['scan', dir])).code).toBe(1);
    expect((await runCli(['scan', dir, '--allow-authorizer-type', 'FUTURE_TYPE'])).code).toBe(0);
  });

  describe('AUTHENTICATE_ONLY (AGW8)', () => {
    const ENGINE = 'arn:aws:bedrock-agentcore:us-east-1:111111111111:policy-engine/orders-abc123';
    const authenticateOnly = (mode?: string) =>
      gatewayResource('AUTHENTICATE_ONLY', {
        AuthorizerConfiguration: { CustomJWTAuthorizer: { DiscoveryUrl: SECURE_JWT.AuthorizerConfiguration.CustomJWTAuthorizer.DiscoveryUrl } },
        ...(mode ? { PolicyEngineConfiguration: { Arn: ENGINE, Mode: mode } } : {}),
      });

    test('GIVEN AUTHENTICATE_ONLY behind an enforcing policy engine WHEN scanned without the flag THEN AGW8 fails it with the flag as the fix; with the flag THEN it passes', async () => {
      const dir = tempDir();
      writeFiles(dir, { 'a.json': { Resources: { Gw: authenticateOnly('ENFORCE') } } });

      const strict = await runCli(['scan', dir]);
      const lenient = await runCli(['scan', dir, '--allow-authenticate-only-with-enforced-policy-engine']);

      expect(strict.code).toBe(1);
      expect(strict.stdout).toContain('NON_COMPLIANT  AGW8   AUTHENTICATE_ONLY (policy engine: ENFORCE)');
      expect(strict.stdout.replace(/\s+/g, ' ')).toContain('scan with --allow-authenticate-only-with-enforced-policy-engine');
      expect(lenient.code).toBe(0);
      expect(lenient.stdout).toContain('COMPLIANT  -      AUTHENTICATE_ONLY (policy engine: ENFORCE)');
    });

    test.each([
      ['LOG_ONLY', 'its policy engine is in LOG_ONLY mode'],
      [undefined, 'no policy engine is attached'],
    ])('GIVEN AUTHENTICATE_ONLY with policy engine mode %s WHEN scanned with the flag THEN AGW8 still fails it', async (mode, message) => {
      const dir = tempDir();
      writeFiles(dir, { 'a.json': { Resources: { Gw: authenticateOnly(mode) } } });

      const run = await runCli(['scan', dir, '--allow-authenticate-only-with-enforced-policy-engine', '--format', 'json']);

      expect(run.code).toBe(1);
      expect(JSON.parse(run.stdout).gateways[0].findings).toEqual([expect.objectContaining({ ruleId: 'AGW8', message: expect.stringContaining(message) })]);
    });
  });

  describe('resource policies (AGW9)', () => {
    const policy = (principal: unknown, condition?: object) => ({
      Type: 'AWS::BedrockAgentCore::ResourcePolicy',
      Properties: {
        ResourceArn: { 'Fn::GetAtt': ['Gw', 'GatewayArn'] },
        Policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: principal, Action: 'bedrock-agentcore:InvokeGateway', ...(condition ? { Condition: condition } : {}) }] }),
      },
    });

    test('GIVEN a public resource policy on a gateway WHEN scanned THEN exit 1 with AGW9 as its own row naming the gateway; narrowed THEN exit 0', async () => {
      const dir = tempDir();
      writeFiles(dir, {
        'open.json': { Resources: { Gw: gatewayResource('AWS_IAM'), GwPolicy: policy({ AWS: '*' }) } },
        'narrowed.json': { Resources: { Gw: gatewayResource('AWS_IAM'), GwPolicy: policy({ AWS: '*' }, { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } }) } },
      });

      const open = await runCli(['scan', path.join(dir, 'open.json')]);
      const narrowed = await runCli(['scan', path.join(dir, 'narrowed.json')]);

      expect(open.code).toBe(1);
      const lines = open.stdout.split('\n');
      expect(lines[0]).toBe('Scanned 1 template: 1 gateway, 1 resource policy, 1 non-compliant, 1 compliant, 0 exempt.');
      expect(lines).toContain(`NON_COMPLIANT  AGW9   resource policy on gateway Gw  GwPolicy  ${dir}/open.json`);
      expect(open.stdout.replace(/\s+/g, ' ')).toContain(
        `[AGW9] Gateway resource policy lets any AWS account invoke the gateway where: GwPolicy (${dir}/open.json, logical ID GwPolicy) ` +
          'at Properties.Policy.Statement[0] what: The resource policy on gateway Gw lets any AWS account invoke it',
      );
      expect(narrowed.code).toBe(0);
      expect(narrowed.stdout.split('\n')[0]).toBe('Scanned 1 template: 1 gateway, 1 resource policy, 0 non-compliant, 2 compliant, 0 exempt.');
    });

    test('GIVEN the integration test snapshot of an IAM gateway granted to another account (SecureAgentCoreGateway.grantInvoke) WHEN scanned THEN its resource policy passes AGW9', async () => {
      const snapshot = path.join(__dirname, '..', 'integ.iam-cross-account-waf.ts.snapshot', 'AgwIntegIamCrossAccountWaf.template.json');

      const run = await runCli(['scan', snapshot, '--format', 'json']);

      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout).gateways).toEqual([
        expect.objectContaining({ logicalId: 'GatewayIamGateway9801B9BD', verdict: 'COMPLIANT' }),
        expect.objectContaining({
          resourceType: 'AWS::BedrockAgentCore::ResourcePolicy',
          constructPath: 'AgwIntegIamCrossAccountWaf/Gateway/ResourcePolicy/Resource',
          authorization: 'resource policy on gateway GatewayIamGateway9801B9BD',
          verdict: 'COMPLIANT',
        }),
      ]);
    });
  });

  test('GIVEN --output WHEN scanned THEN the report goes to the file (folders created) and stdout stays empty', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'open.json': { Resources: { Open: gatewayResource('NONE') } } });
    const file = path.join(dir, 'reports', 'deep', 'scan.sarif');

    const run = await runCli(['scan', dir, '--format', 'sarif', '--output', file]);

    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`agentcore-gateway-guard: report written to ${file} (exit code 1)\n`);
    expect(JSON.parse(fs.readFileSync(file, 'utf-8')).runs[0].results).toHaveLength(1);
  });

  test('GIVEN an --output that cannot be written WHEN scanned THEN exit 2 naming the file', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'iam.json': { Resources: { Iam: gatewayResource('AWS_IAM') } }, 'taken': 'a file, not a folder' });

    const run = await runCli(['scan', dir, '--output', path.join(dir, 'taken', 'report.txt')]);

    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`^agentcore-gateway-guard: cannot write the report to ${dir}/taken/report\\.txt: `));
  });
});

describe('agentcore-gateway-guard usage', () => {
  test.each([
    [[], 'no command given: use scan, audit, remediate or policy'],
    [['lint'], "unknown command 'lint': use scan, audit, remediate or policy"],
    [['--format', 'json', 'scan'], 'put the command (scan, audit, remediate or policy) before the option --format'],
    [['scan'], 'scan needs at least one path: a template file, a folder of templates, or a cdk.out folder'],
    [['scan', '.', '--format', 'xml'], "unknown format 'xml': use table, json, sarif"],
    [['scan', '.', '--format'], '--format needs a value'],
    [['scan', '.', '--region', 'us-east-1'], '--region is an option of audit and remediate, not of scan'],
    [['scan', '.', '--bogus'], 'unknown option --bogus for scan'],
    [['scan', '.', '--allow-exemptions=yes'], '--allow-exemptions takes no value'],
    [['scan', '.', '--allow-authorizer-type', 'NONE'], '--allow-authorizer-type NONE is refused: a gateway without authorization is never compliant'],
    [['scan', '.', '--allow-authorizer-type', 'jwt'], "--allow-authorizer-type 'jwt' is not an authorizer type (upper case with underscores, like CUSTOM_JWT)"],
    [
      ['scan', '.', '--allow-authorizer-type', 'AUTHENTICATE_ONLY'],
      '--allow-authorizer-type AUTHENTICATE_ONLY is refused: it would pass AUTHENTICATE_ONLY gateways without the policy engine that authorizes their calls; ' +
        'use --allow-authenticate-only-with-enforced-policy-engine (rule AGW8)',
    ],
    [['scan', '.', '--allow-authenticate-only-with-enforced-policy-engine=yes'], '--allow-authenticate-only-with-enforced-policy-engine takes no value'],
    [['audit', '--allow-exemptions'], '--allow-exemptions is an option of scan, not of audit'],
    [['audit', 'cdk.out'], 'audit takes no paths (got cdk.out); name regions with --region'],
    [['audit', '--region', 'useast1'], "'useast1' is not a region name (like us-east-1)"],
    [['audit', '--region', 'us-east-1', '--all-regions'], 'use either --region or --all-regions, not both'],
    [['audit', '--max-attempts', '0', '--region', 'us-east-1'], "--max-attempts '0' must be a whole number from 1 to 20"],
    [['audit', '--endpoint-url', 'localhost:4566', '--region', 'us-east-1'], "--endpoint-url 'localhost:4566' is not an http(s) URL"],
  ])('GIVEN %j WHEN run THEN exit 2 with "%s"', async (argv, message) => {
    const run = await runCli(argv);

    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`agentcore-gateway-guard: ${message}\nRun 'agentcore-gateway-guard --help' for usage.\n`);
  });

  test('GIVEN --help WHEN run THEN exit 0 and the usage names both commands and the exit codes', async () => {
    for (const argv of [['--help'], ['help'], ['scan', '--help'], ['audit', '-h']]) {
      const run = await runCli(argv);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^Usage:\n {2}agentcore-gateway-guard scan <path>\.\.\. \[options\]\n {2}agentcore-gateway-guard audit /);
      expect(run.stdout).toContain('1  at least one gateway is non-compliant');
    }
  });

  test('GIVEN --version WHEN run THEN the package version is printed', async () => {
    const run = await runCli(['--version']);

    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf-8')).version}\n`);
  });
});

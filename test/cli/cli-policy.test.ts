// `agentcore-gateway-guard policy`: the SCP and the Guard rule file for Terraform and console users, the
// same text the constructs deploy.
import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { runCli } from './run-cli';
import { DenyUnauthorizedGatewaysPolicy, GatewayAuthorizationGuardHook } from '../../src';
import { gatewayAuthorizationGuardRules } from '../../src/hook/guard-rules';
import { gatewayScpJson } from '../../src/organization/scp';
import { tempDir } from '../scan/helpers';
import { SHIPPED_GUARD_RULES } from '../support/guard-rules-file';

const ENV = { account: '111111111111', region: 'eu-west-1' };
const COGNITO = 'https://cognito-idp.eu-west-1.amazonaws.com/*';
const OKTA = 'https://example.okta.com/oauth2/*/.well-known/openid-configuration';
const BREAK_GLASS = 'arn:aws:iam::*:role/BreakGlass';

describe('agentcore-gateway-guard policy scp', () => {
  test('GIVEN no options WHEN run THEN exit 0 and the default policy, minified, on one line', async () => {
    // WHEN
    const run = await runCli(['policy', 'scp']);

    // THEN
    expect(run).toEqual({ code: 0, stdout: `${gatewayScpJson()}\n`, stderr: '' });
    const policy = JSON.parse(run.stdout);
    expect(policy.Statement).toHaveLength(1);
    expect(policy.Statement[0].Condition).toEqual({ StringNotEquals: { 'bedrock-agentcore:GatewayAuthorizerType': ['AWS_IAM', 'CUSTOM_JWT'] } });
    expect(run.stdout.trimEnd()).toHaveLength(296);
  });

  test('GIVEN every option WHEN run THEN exactly the document DenyUnauthorizedGatewaysPolicy deploys for the same options', async () => {
    // GIVEN
    const stack = new Stack(new App(), 'Organization', { env: ENV });
    const construct = new DenyUnauthorizedGatewaysPolicy(stack, 'Scp', {
      additionalAllowedAuthorizerTypes: ['FUTURE_TYPE'],
      allowedDiscoveryUrls: [COGNITO, OKTA],
      breakGlassPrincipalArns: [BREAK_GLASS],
      targetIds: ['r-abcd'],
    });

    // WHEN
    const run = await runCli([
      'policy', 'scp',
      '--allow-discovery-url', COGNITO,
      '--allow-authorizer-type', 'FUTURE_TYPE',
      `--allow-discovery-url=${OKTA}`,
      '--break-glass-principal', BREAK_GLASS,
    ]);

    // THEN
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(`${construct.policyDocument}\n`);
    const [authorizer, identityProvider] = JSON.parse(run.stdout).Statement;
    expect(authorizer.Condition.StringNotEquals['bedrock-agentcore:GatewayAuthorizerType']).toEqual(['AWS_IAM', 'CUSTOM_JWT', 'FUTURE_TYPE']);
    expect(identityProvider.Condition.StringNotLike['bedrock-agentcore:DiscoveryUrl']).toEqual([COGNITO, OKTA]);
    expect(identityProvider.Condition.ArnNotLike['aws:PrincipalArn']).toEqual([BREAK_GLASS]);
  });

  test('GIVEN --output WHEN run THEN the policy is written to the file, and only a note goes to the terminal', async () => {
    const file = path.join(tempDir(), 'policies', 'deny-public-gateways.json');

    const run = await runCli(['policy', 'scp', '--output', file]);

    expect(run).toEqual({ code: 0, stdout: '', stderr: `agentcore-gateway-guard: policy written to ${file} (exit code 0)\n` });
    expect(fs.readFileSync(file, 'utf-8')).toBe(`${gatewayScpJson()}\n`);
  });
});

describe('agentcore-gateway-guard policy guard-rules', () => {
  test('GIVEN no options WHEN run THEN exit 0 and exactly the rule file the package ships', async () => {
    const run = await runCli(['policy', 'guard-rules']);

    expect(run).toEqual({ code: 0, stdout: fs.readFileSync(SHIPPED_GUARD_RULES, 'utf-8'), stderr: '' });
  });

  test('GIVEN --allow-authorizer-type WHEN run THEN the variant GatewayAuthorizationGuardHook deploys for the same type', async () => {
    // GIVEN
    const app = new App();
    const hook = new GatewayAuthorizationGuardHook(new Stack(app, 'Hooks', { env: ENV }), 'Hook', { additionalAllowedAuthorizerTypes: ['FUTURE_TYPE'] });
    const deployed = fs.readFileSync(path.join(app.synth().directory, hook.rulesAsset.assetPath), 'utf-8');

    // WHEN
    const run = await runCli(['policy', 'guard-rules', '--allow-authorizer-type', 'FUTURE_TYPE']);

    // THEN
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(deployed);
    expect(run.stdout).toBe(gatewayAuthorizationGuardRules({ additionalAllowedAuthorizerTypes: ['FUTURE_TYPE'] }));
    expect(run.stdout).toContain("let agw_allowed_authorizer_types = ['AWS_IAM', 'CUSTOM_JWT', 'FUTURE_TYPE']\n");
  });

  test('GIVEN --allow-authenticate-only-with-enforced-policy-engine WHEN run THEN the generator\'s AGW8 variant, not the shipped file', async () => {
    const run = await runCli(['policy', 'guard-rules', '--allow-authenticate-only-with-enforced-policy-engine', '--allow-authorizer-type', 'FUTURE_TYPE']);

    expect(run).toEqual({
      code: 0,
      stdout: gatewayAuthorizationGuardRules({ additionalAllowedAuthorizerTypes: ['FUTURE_TYPE'], allowAuthenticateOnlyWithEnforcedPolicyEngine: true }),
      stderr: '',
    });
    expect(run.stdout).not.toBe(gatewayAuthorizationGuardRules({ additionalAllowedAuthorizerTypes: ['FUTURE_TYPE'] }));
    expect((await runCli(['policy', 'guard-rules', '--allow-authenticate-only-with-enforced-policy-engine'])).stdout).toBe(
      gatewayAuthorizationGuardRules({ allowAuthenticateOnlyWithEnforcedPolicyEngine: true }),
    );
  });
});

describe('agentcore-gateway-guard policy usage', () => {
  const tooMany = Array.from({ length: 60 }, (_, i) => ['--allow-discovery-url', `https://idp-${i}.login.example.com/tenant/*/.well-known/openid-configuration`]).flat();

  test.each([
    [['policy'], 'policy needs a policy name: scp or guard-rules'],
    [['policy', 'rcp'], "unknown policy 'rcp': use scp or guard-rules"],
    [['policy', '--allow-authorizer-type', 'X'], "unknown policy '--allow-authorizer-type': use scp or guard-rules"],
    [['policy', 'scp', 'extra.json'], 'policy scp takes no arguments (got extra.json)'],
    [['policy', 'scp', '--format', 'json'], '--format is an option of scan and audit, not of policy scp'],
    [['policy', 'scp', '--region', 'us-east-1'], '--region is an option of audit and remediate, not of policy scp'],
    [['policy', 'guard-rules', '--allow-discovery-url', COGNITO], '--allow-discovery-url is an option of policy scp, not of policy guard-rules'],
    [['policy', 'guard-rules', '--break-glass-principal', BREAK_GLASS], '--break-glass-principal is an option of policy scp, not of policy guard-rules'],
    [['scan', '.', '--allow-discovery-url', COGNITO], '--allow-discovery-url is an option of policy scp, not of scan'],
    [['policy', 'scp', '--allow-discovery-url'], '--allow-discovery-url needs a value'],
    [['policy', 'scp', '--bogus'], 'unknown option --bogus for policy scp'],
    [['policy', 'scp', '--allow-authorizer-type', 'NONE'], '--allow-authorizer-type NONE is refused: a gateway without authorization is never compliant'],
    [['policy', 'guard-rules', '--allow-authorizer-type', 'none'], '--allow-authorizer-type NONE is refused: a gateway without authorization is never compliant'],
    [['policy', 'guard-rules', '--allow-authorizer-type', "AWS_IAM'] or true"], "--allow-authorizer-type 'AWS_IAM'] or true' is not an authorizer type (upper case with underscores, like CUSTOM_JWT)"],
    [
      ['policy', 'scp', '--allow-authorizer-type', 'AUTHENTICATE_ONLY'],
      '--allow-authorizer-type AUTHENTICATE_ONLY is refused: the policy would pass AUTHENTICATE_ONLY gateways without checking the ' +
        'policy engine that authorizes their calls (rule AGW8); without it the policy refuses them',
    ],
    [
      ['policy', 'scp', '--allow-authenticate-only-with-enforced-policy-engine'],
      '--allow-authenticate-only-with-enforced-policy-engine is an option of scan, audit, remediate and policy guard-rules, not of policy scp',
    ],
    [
      ['policy', 'scp', '--allow-discovery-url', 'https://*.example.com/*'],
      "--allow-discovery-url 'https://*.example.com/*' must be https://<host>/<path> with a literal host: IAM's * and ? also match '/' and '.', " +
        "so a wildcard in the host would let any host through. Fix: write the host out, e.g. 'https://cognito-idp.eu-west-1.amazonaws.com/*'",
    ],
    [
      ['policy', 'scp', '--allow-discovery-url', 'https://idp.example.com/oauth2/token'],
      "--allow-discovery-url 'https://idp.example.com/oauth2/token' matches no discovery URL (the service requires them to end with " +
        '/.well-known/openid-configuration). Fix: end the pattern with that suffix or with *',
    ],
    [
      ['policy', 'scp', '--break-glass-principal', 'arn:aws:iam::*:role/*'],
      "--break-glass-principal 'arn:aws:iam::*:role/*' would exempt every role, which switches the policy off. Fix: name the break-glass role",
    ],
    [
      ['policy', 'scp', '--break-glass-principal', 'arn:aws:sts::111111111111:assumed-role/BreakGlass/alice'],
      "--break-glass-principal 'arn:aws:sts::111111111111:assumed-role/BreakGlass/alice' is not an IAM role or user ARN " +
        "(arn:<partition>:iam::<account>:role/<name>; an assumed-role session is matched by its role's ARN). " +
        "Fix: give the ARN of the break-glass role, e.g. 'arn:aws:iam::*:role/BreakGlass'",
    ],
  ])('GIVEN %j WHEN run THEN exit 2 with "%s"', async (argv, message) => {
    const run = await runCli(argv);

    expect(run).toEqual({ code: 2, stdout: '', stderr: `agentcore-gateway-guard: ${message}\nRun 'agentcore-gateway-guard --help' for usage.\n` });
  });

  test('GIVEN so many discovery-URL patterns that the SCP exceeds 5,120 characters WHEN run THEN exit 2 naming the size and the fix, and no policy', async () => {
    const run = await runCli(['policy', 'scp', ...tooMany]);

    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      /^agentcore-gateway-guard: the policy would be \d{4} characters; AWS Organizations accepts at most 5120 in a service control policy\. Fix: list fewer discovery-URL patterns or break-glass principals/,
    );
  });

  test('GIVEN --help in any position WHEN run THEN exit 0 and the usage names both policies and their options', async () => {
    for (const argv of [['policy', '--help'], ['policy', 'scp', '--help'], ['policy', 'guard-rules', '-h'], ['help', 'policy'], ['--help']]) {
      const run = await runCli(argv);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('\n  agentcore-gateway-guard policy scp [--allow-discovery-url <pattern>]... [--break-glass-principal <arn>]... [options]\n');
      expect(run.stdout).toContain('\n  agentcore-gateway-guard policy guard-rules [options]\n');
      expect(run.stdout).toMatch(/\n {2}--allow-discovery-url <pattern> /);
      expect(run.stdout).toMatch(/\n {2}--break-glass-principal <arn> /);
    }
  });
});

describe('the README', () => {
  /** The `policy` command lines of the README's "Without CDK" example, with continuation lines joined. */
  function readmePolicyCommands(): string[][] {
    const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf-8');
    const section = readme.slice(readme.indexOf('### Without CDK'));
    const block = /```sh\n([\s\S]*?)```/.exec(section)![1].replace(/\\\n\s*/g, '');
    return block
      .split('\n')
      .filter((line) => line.startsWith('npx agentcore-gateway-guard policy '))
      .map((line) => [...line.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]).slice(2));
  }

  test('GIVEN the policy commands the README shows WHEN run THEN each exits 0 and writes its policy', async () => {
    const commands = readmePolicyCommands();
    expect(commands.map((argv) => argv.slice(0, 2))).toEqual([['policy', 'scp'], ['policy', 'guard-rules']]);
    const dir = tempDir();
    for (const argv of commands) {
      const output = argv.indexOf('--output');
      const file = path.join(dir, argv[output + 1]);
      const run = await runCli([...argv.slice(0, output + 1), file, ...argv.slice(output + 2)]);
      expect(run).toEqual({ code: 0, stdout: '', stderr: `agentcore-gateway-guard: policy written to ${file} (exit code 0)\n` });
    }
    const scp = JSON.parse(fs.readFileSync(path.join(dir, 'deny-unauthorized-gateways.json'), 'utf-8'));
    expect(scp.Statement.map((s: { Sid: string }) => s.Sid)).toEqual(['DenyGatewaysWithoutAllowedAuthorizer', 'DenyGatewaysWithUnapprovedIdentityProvider']);
    expect(fs.readFileSync(path.join(dir, 'agentcore-gateway-authorization.guard'), 'utf-8')).toBe(fs.readFileSync(SHIPPED_GUARD_RULES, 'utf-8'));
  });
});

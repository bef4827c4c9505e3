// Runs cfn-lint on what the construct synthesizes (*.cli.test.ts: not repeated by `test:latest`).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { basename, join } from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { DenyUnauthorizedGatewaysPolicy } from '../../src';
import { cfnLint } from '../support/cfn-lint';

describe('DenyUnauthorizedGatewaysPolicy and cfn-lint', () => {
  test('GIVEN every variant of the construct WHEN cfn-lint checks the templates THEN it reports nothing (and does flag a broken copy)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'agw-scp-lint-'));
    const variants: Record<string, (stack: Stack) => void> = {
      'defaults': (stack) => new DenyUnauthorizedGatewaysPolicy(stack, 'NoPublicGateways', { targetIds: ['r-abcd'] }),
      'every-option': (stack) =>
        new DenyUnauthorizedGatewaysPolicy(stack, 'NoPublicGateways', {
          policyName: 'agentcore-gateways',
          description: 'No public gateways.',
          targetIds: ['ou-ab12-cdefgh34', '222222222222'],
          additionalAllowedAuthorizerTypes: ['FUTURE_TYPE'],
          allowedDiscoveryUrls: ['https://cognito-idp.eu-west-1.amazonaws.com/*', 'https://login.example.com/.well-known/openid-configuration'],
          breakGlassPrincipalArns: ['arn:aws:iam::*:role/BreakGlass'],
        }),
    };
    const files = Object.entries(variants).map(([name, build]) => {
      const stack = new Stack(new App(), `Scp-${name}`, { env: { account: '111111111111', region: 'us-east-1' } });
      build(stack);
      const file = join(dir, `${name}.template.json`);
      writeFileSync(file, JSON.stringify(Template.fromStack(stack).toJSON(), undefined, 2));
      return file;
    });
    const broken = JSON.parse(readFileSync(files[0], 'utf8'));
    const id = Object.keys(broken.Resources).find((k) => broken.Resources[k].Type === 'AWS::Organizations::Policy')!;
    broken.Resources[id].Properties.Type = 'SERVICE_CONTROL';
    const brokenFile = join(dir, 'broken.template.json');
    writeFileSync(brokenFile, JSON.stringify(broken, undefined, 2));

    const reports = cfnLint([...files, brokenFile]).map((m) => `${basename(m.Filename)}:${m.Rule.Id}:${m.Message}`);
    rmSync(dir, { recursive: true, force: true });

    expect(reports).toEqual([expect.stringMatching(/^broken\.template\.json:E3030:'SERVICE_CONTROL' is not one of /)]);
  });
});

import { readFileSync } from 'fs';
import { join } from 'path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { GatewayAuthorization, SecureAgentCoreGateway } from '../../src';

/** Runs cdk-nag v3 (a validation plugin) and returns the AwsSolutions rule ids it reports. */
function nagFindings(configure: (stack: Stack) => void): string[] {
  const app = new App();
  const stack = new Stack(app, 'Agents', { env: { account: '111111111111', region: 'us-east-1' } });
  configure(stack);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  try {
    app.synth();
    return [];
  } catch (e) {
    const message = (e as Error).message;
    const ids = [...new Set([...message.matchAll(/AwsSolutions::AwsSolutions-([A-Z]+\d+)/g)].map((m) => m[1]))].sort();
    if (ids.length === 0) {
      throw e; // not a cdk-nag report: a real failure
    }
    return ids;
  }
}

const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');

describe('cdk-nag AwsSolutionsChecks', () => {
  test('GIVEN a default SecureAgentCoreGateway THEN the only finding is COG8, explained in the README', () => {
    const findings = nagFindings((stack) => new SecureAgentCoreGateway(stack, 'Gateway'));
    expect(findings).toEqual(['COG8']);
  });

  test('GIVEN stored client credentials THEN the extra findings are SMG4 and IAM4 from aws-cdk-lib\'s custom resource, explained in the README', () => {
    const findings = nagFindings((stack) => {
      const gw = new SecureAgentCoreGateway(stack, 'Gateway');
      gw.addClient('Agent', { storeSecret: true });
    });
    expect(findings).toEqual(['COG8', 'IAM4', 'SMG4']);
  });

  test('GIVEN AWS_IAM or custom JWT gateways THEN cdk-nag reports nothing', () => {
    expect(nagFindings((stack) => {
      new SecureAgentCoreGateway(stack, 'Iam', { authorization: GatewayAuthorization.awsIam() });
      new SecureAgentCoreGateway(stack, 'Oidc', {
        authorization: GatewayAuthorization.customJwt({ discoveryUrl: 'https://id.example.com/.well-known/openid-configuration', allowedClients: ['abc'] }),
      });
    })).toEqual([]);
  });

  test.each(['COG8', 'IAM4', 'SMG4'])('README explains AwsSolutions-%s', (id) => {
    expect(readme).toMatch(new RegExp(`\\| \`AwsSolutions-${id}\` \\|[^\\n]{40,}`));
  });
});

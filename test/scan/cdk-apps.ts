import { App, NestedStack, Stack, Stage, aws_bedrockagentcore as agentcore } from 'aws-cdk-lib';
import { Construct } from 'constructs';

const ENV = { account: '111111111111', region: 'us-east-1' };

/** An L1 gateway: the lowest common shape every tool must understand. */
export function cfnGateway(scope: Construct, id: string, authorizerType: string): agentcore.CfnGateway {
  return new agentcore.CfnGateway(scope, id, {
    name: id.toLowerCase(),
    protocolType: 'MCP',
    roleArn: 'arn:aws:iam::111111111111:role/gateway',
    authorizerType,
    authorizerConfiguration:
      authorizerType === 'CUSTOM_JWT'
        ? {
          customJwtAuthorizer: {
            discoveryUrl: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_abc/.well-known/openid-configuration',
            allowedClients: ['client'],
            allowedScopes: ['gateway/read'],
          },
        }
        : undefined,
  });
}

/**
 * An app with gateways everywhere a tool can miss them: a top-level stack, a nested stack inside it,
 * a nested stack inside that one, a Stage, and a Stage inside a Stage.
 */
export function synthLayeredApp(outdir: string, context: Record<string, unknown> = {}): { stackNames: string[] } {
  const app = new App({ outdir, context });

  const top = new Stack(app, 'Top', { env: ENV });
  cfnGateway(top, 'TopOpen', 'NONE');
  cfnGateway(top, 'TopIam', 'AWS_IAM');
  const nested = new NestedStack(top, 'Inner');
  cfnGateway(nested, 'InnerOpen', 'NONE');
  const deeper = new NestedStack(nested, 'Deeper');
  cfnGateway(deeper, 'DeeperJwt', 'CUSTOM_JWT');

  const stage = new Stage(app, 'Prod', { env: ENV });
  const staged = new Stack(stage, 'Service');
  cfnGateway(staged, 'StagedOpen', 'NONE');
  const inner = new Stage(stage, 'Eu', { env: { ...ENV, region: 'eu-west-1' } });
  const innerStack = new Stack(inner, 'Edge');
  cfnGateway(innerStack, 'EdgeIam', 'AWS_IAM');

  app.synth();
  return { stackNames: ['Top', 'Prod/Service', 'Prod/Eu/Edge'] };
}

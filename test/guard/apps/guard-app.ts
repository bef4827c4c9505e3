// A small CDK app for the guard's CLI tests: `GUARD_SCENARIO` picks what it contains. Run by the real CDK
// CLI (see require-gateway-authorization.cli.test.ts), never imported by jest.
import { App, Aspects, CfnParameter, NestedStack, Stack, Stage, Validations } from 'aws-cdk-lib';
import { CfnGateway, CfnResourcePolicy, Gateway, GatewayAuthorizer } from 'aws-cdk-lib/aws-bedrockagentcore';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as pipelines from 'aws-cdk-lib/pipelines';
import { Construct } from 'constructs';
import { GatewayAuthorization, GatewayAuthorizationExemption, RequireGatewayAuthorization, SecureAgentCoreGateway } from '../../../src';

const ENV = { account: '111111111111', region: 'eu-west-1' };
const DISCOVERY_URL = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc/.well-known/openid-configuration';
const scenario = process.env.GUARD_SCENARIO ?? 'secure';

function gateway(scope: Construct, id: string, secure: boolean): CfnGateway {
  return new CfnGateway(scope, id, {
    name: id.toLowerCase(),
    protocolType: 'MCP',
    roleArn: 'arn:aws:iam::111111111111:role/gateway',
    authorizerType: secure ? 'CUSTOM_JWT' : 'NONE',
    authorizerConfiguration: secure ? { customJwtAuthorizer: { discoveryUrl: DISCOVERY_URL, allowedClients: ['client'] } } : undefined,
  });
}

class ApiStage extends Stage {
  constructor(scope: Construct, id: string, secure: boolean) {
    super(scope, id, { env: ENV });
    const api = new Stack(this, 'Api');
    new Gateway(api, 'Gateway', {
      gatewayName: 'api',
      authorizerConfiguration: secure ? GatewayAuthorizer.usingAwsIam() : GatewayAuthorizer.withNoAuth(),
    });
    gateway(new NestedStack(api, 'Tools'), 'ToolsGateway', secure);
  }
}

const app = new App();
// The platform team's one line, added before any team code.
if (scenario !== 'plugin-baseline') {
  Aspects.of(app).add(
    new RequireGatewayAuthorization({ allowExemptions: scenario === 'exempt', allowAuthenticateOnlyWithEnforcedPolicyEngine: scenario === 'surface' }),
  );
}

switch (scenario) {
  case 'top-level':
    gateway(new Stack(app, 'Top', { env: ENV }), 'Open', false);
    break;
  case 'stage-only': {
    // No top-level stack at all: every stack lives in a Stage or a nested Stage.
    const prod = new ApiStage(app, 'Prod', false);
    new ApiStage(prod, 'Canary', true);
    break;
  }
  case 'pipeline': {
    const pipeline = new pipelines.CodePipeline(new Stack(app, 'Pipeline', { env: ENV }), 'Pipeline', {
      synth: new pipelines.ShellStep('Synth', { input: pipelines.CodePipelineSource.gitHub('org/repo', 'main'), commands: ['npx cdk synth'] }),
    });
    pipeline.addStage(new ApiStage(app, 'Prod', false));
    break;
  }
  case 'secure': {
    const top = new Stack(app, 'Top', { env: ENV });
    gateway(top, 'Jwt', true);
    const auth = new CfnParameter(top, 'AuthType', { allowedValues: ['CUSTOM_JWT'] });
    gateway(top, 'Parameterized', true).authorizerType = auth.valueAsString;
    const pipeline = new pipelines.CodePipeline(new Stack(app, 'Pipeline', { env: ENV }), 'Pipeline', {
      synth: new pipelines.ShellStep('Synth', { input: pipelines.CodePipelineSource.gitHub('org/repo', 'main'), commands: ['npx cdk synth'] }),
    });
    pipeline.addStage(new ApiStage(app, 'Prod', true));
    new ApiStage(app, 'Dev', true);
    break;
  }
  case 'exempt': {
    const demo = gateway(new Stack(app, 'Demo', { env: ENV }), 'PublicDemo', false);
    GatewayAuthorizationExemption.exempt(demo, { reason: 'Public MCP demo server, protected by request interceptors' });
    break;
  }
  case 'surface': {
    // AUTHENTICATE_ONLY behind policy engines (AGW8) and gateway resource policies (AGW9).
    const top = new Stack(app, 'Top', { env: ENV });
    for (const mode of ['ENFORCE', 'LOG_ONLY']) {
      const authn = gateway(top, `AuthnOnly${mode.replace('_', '')}`, true);
      authn.authorizerType = 'AUTHENTICATE_ONLY';
      authn.authorizerConfiguration = { customJwtAuthorizer: { discoveryUrl: DISCOVERY_URL } };
      authn.policyEngineConfiguration = { arn: 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:policy-engine/orders-abc123', mode };
    }
    const partnered = new SecureAgentCoreGateway(top, 'Partnered', { authorization: GatewayAuthorization.awsIam() });
    partnered.grantInvoke(iam.Role.fromRoleArn(top, 'Partner', 'arn:aws:iam::222222222222:role/partner-agent'));
    const shared = new Stack(app, 'Shared', { env: ENV });
    const iamGateway = gateway(shared, 'Shared', true);
    iamGateway.authorizerType = 'AWS_IAM';
    iamGateway.authorizerConfiguration = undefined;
    new CfnResourcePolicy(shared, 'SharedPolicy', {
      resourceArn: iamGateway.attrGatewayArn,
      policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'bedrock-agentcore:InvokeGateway' }] }),
    });
    break;
  }
  case 'plugin-baseline': {
    // What the guard replaces: a validation plugin with a fatal violation in a nested Stage.
    const prod = new Stage(app, 'Prod', { env: ENV });
    gateway(new Stack(prod, 'Api'), 'Open', false);
    Validations.of(app).addPlugins({
      name: 'baseline',
      validate: (context) => ({
        success: false,
        violations: [
          {
            ruleName: 'NO_PUBLIC_GATEWAY',
            description: 'public gateway',
            severity: 'fatal',
            violatingResources: context.templatePaths.map((templatePath) => ({ resourceLogicalId: 'Open', templatePath, locations: [] })),
          },
        ],
      }),
    });
    break;
  }
  default:
    throw new Error(`unknown GUARD_SCENARIO ${scenario}`);
}

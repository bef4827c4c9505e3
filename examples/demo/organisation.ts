// The example organisation the demo synthesizes: a platform base that applies the guard to the whole App,
// team stacks that build AgentCore gateways, and a CDK Pipelines pipeline that deploys a stage with one.
// secure-app.ts and insecure-app.ts are the two CDK apps built from these pieces.
import { App, CfnOutput, DefaultStackSynthesizer, Environment, Stack, StackProps, Stage, StageProps } from 'aws-cdk-lib';
import * as agentcore from 'aws-cdk-lib/aws-bedrockagentcore';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as pipelines from 'aws-cdk-lib/pipelines';
import { Construct } from 'constructs';
// A real project imports 'cdk-secure-agentcore-gateway'; the demo runs against this checkout's source.
import { GatewayAuthorization, RequireGatewayAuthorization, SecureAgentCoreGateway } from '../../src';

export const DEMO_ENV: Environment = { account: '111111111111', region: 'us-east-1' };

/** The platform team's base: every app of the organisation starts here, so every app is guarded. */
export function createPlatformApp(outdir?: string): App {
  const app = new App({ outdir });
  RequireGatewayAuthorization.applyTo(app);
  return app;
}

/** Publishes what an agent needs to call a gateway (read back by the demo runner for its summary). */
function publish(gateway: SecureAgentCoreGateway): void {
  const scope = gateway.node.scope as Construct;
  const id = gateway.node.id;
  new CfnOutput(scope, `${id}Mode`, { value: gateway.authorizationMode });
  new CfnOutput(scope, `${id}Url`, { value: gateway.gatewayUrl });
  if (gateway.tokenEndpointUrl && gateway.oauthScopes) {
    new CfnOutput(scope, `${id}TokenEndpoint`, { value: gateway.tokenEndpointUrl });
    new CfnOutput(scope, `${id}Scopes`, { value: gateway.oauthScopes.join(' ') });
  }
}

function ordersTool(scope: Construct): { lambdaFunction: lambda.IFunction; toolSchema: agentcore.ToolSchema } {
  return {
    lambdaFunction: new lambda.Function(scope, 'LookupOrder', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async (e) => ({ order: e.id, status: "shipped" });'),
    }),
    toolSchema: agentcore.ToolSchema.fromInline([{
      name: 'lookup_order',
      description: 'Looks up an order by id',
      inputSchema: {
        type: agentcore.SchemaDefinitionType.OBJECT,
        properties: { id: { type: agentcore.SchemaDefinitionType.STRING } },
        required: ['id'],
      },
    }]),
  };
}

/** Orders team: the default Cognito machine-to-machine gateway with a Lambda target and one client per agent. */
export class OrdersAgentsStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const gateway = new SecureAgentCoreGateway(this, 'Gateway');
    gateway.addLambdaTarget('Orders', ordersTool(this));
    gateway.addClient('SupportAgent', { storeSecret: true });
    publish(gateway);
  }
}

/** Inventory team: an AWS_IAM gateway; the agent's role is granted InvokeGateway on it. */
export class InventoryAgentsStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const gateway = new SecureAgentCoreGateway(this, 'Gateway', { authorization: GatewayAuthorization.awsIam() });
    gateway.addLambdaTarget('Orders', ordersTool(this));
    const agentRole = new iam.Role(this, 'AgentRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    gateway.grantInvoke(agentRole);
    publish(gateway);
  }
}

/** Partner team: trusts the organisation's existing OpenID Connect provider (here a Cognito pool it owns). */
export class PartnerAgentsStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const idp = new cognito.UserPool(this, 'ExistingIdp');
    const partnerApp = idp.addClient('PartnerApp', { generateSecret: true, oAuth: { flows: { clientCredentials: true } } });
    const gateway = new SecureAgentCoreGateway(this, 'Gateway', {
      authorization: GatewayAuthorization.customJwt({
        discoveryUrl: `https://cognito-idp.${this.region}.${this.urlSuffix}/${idp.userPoolId}/.well-known/openid-configuration`,
        allowedClients: [partnerApp.userPoolClientId],
      }),
    });
    gateway.addLambdaTarget('Orders', ordersTool(this));
    publish(gateway);
  }
}

/** What the pipeline deploys: a stage with the support team's gateway. */
export class SupportToolsStage extends Stage {
  /** The gateway, for variants that change it after construction. */
  public readonly gateway: SecureAgentCoreGateway;

  constructor(scope: Construct, id: string, props?: StageProps) {
    super(scope, id, props);
    const stack = new Stack(this, 'SupportTools', {
      // The organisation deploys to the commercial partition. Naming it keeps the role ARN in the pipeline's
      // CloudFormation action configuration a plain string: cfn-lint 1.51 reports CDK's partition-agnostic
      // Fn::Join there as error E3703, although CloudFormation accepts it.
      synthesizer: new DefaultStackSynthesizer({
        cloudFormationExecutionRole: 'arn:aws:iam::${AWS::AccountId}:role/cdk-${Qualifier}-cfn-exec-role-${AWS::AccountId}-${AWS::Region}',
      }),
    });
    this.gateway = new SecureAgentCoreGateway(stack, 'Gateway');
    this.gateway.addLambdaTarget('Orders', ordersTool(stack));
    publish(this.gateway);
  }
}

/** The delivery pipeline (CDK Pipelines), deploying `stage`. */
export function addPipeline(app: App, stage: Stage): void {
  const pipeline = new pipelines.CodePipeline(new Stack(app, 'DeliveryPipeline', { env: DEMO_ENV }), 'Pipeline', {
    pipelineType: codepipeline.PipelineType.V2,
    synth: new pipelines.ShellStep('Synth', {
      input: pipelines.CodePipelineSource.connection('example-org/agents', 'main', {
        connectionArn: 'arn:aws:codeconnections:us-east-1:111111111111:connection/00000000-0000-0000-0000-000000000000',
      }),
      commands: ['npm ci', 'npx cdk synth'],
    }),
  });
  pipeline.addStage(stage);
}

/** The teams every variant of the organisation has. */
export function addTeams(app: App): void {
  new OrdersAgentsStack(app, 'OrdersAgents', { env: DEMO_ENV });
  new InventoryAgentsStack(app, 'InventoryAgents', { env: DEMO_ENV });
  new PartnerAgentsStack(app, 'PartnerAgents', { env: DEMO_ENV });
}

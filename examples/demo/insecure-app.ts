// The same organisation with two insecure gateways; the platform's guard must block `cdk synth`:
//   - a team that used aws-cdk-lib's `GatewayAuthorizer.withNoAuth()` (a public endpoint);
//   - the pipeline's stage, where someone used an escape hatch to set `AuthorizerType: NONE` on a
//     SecureAgentCoreGateway. The stage is synthesized by `pipeline.addStage()`, where App Aspects never reach.
import { Stack } from 'aws-cdk-lib';
import * as agentcore from 'aws-cdk-lib/aws-bedrockagentcore';
import { addPipeline, addTeams, createPlatformApp, DEMO_ENV, SupportToolsStage } from './organisation';

const app = createPlatformApp();
addTeams(app);

const scratchpad = new Stack(app, 'ScratchpadAgents', { env: DEMO_ENV });
new agentcore.Gateway(scratchpad, 'Gateway', { authorizerConfiguration: agentcore.GatewayAuthorizer.withNoAuth() });

const prod = new SupportToolsStage(app, 'Prod', { env: DEMO_ENV });
const cfnGateway = prod.gateway.gateway.node.defaultChild as agentcore.CfnGateway;
cfnGateway.addPropertyOverride('AuthorizerType', 'NONE');
cfnGateway.addPropertyDeletionOverride('AuthorizerConfiguration');
addPipeline(app, prod);

app.synth();

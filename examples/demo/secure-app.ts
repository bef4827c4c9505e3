// The organisation as it should be: every gateway has inbound authorization. `cdk synth` succeeds.
import { addPipeline, addTeams, createPlatformApp, DEMO_ENV, SupportToolsStage } from './organisation';

const app = createPlatformApp();
addTeams(app);
addPipeline(app, new SupportToolsStage(app, 'Prod', { env: DEMO_ENV }));
app.synth();

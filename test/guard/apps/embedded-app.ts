// The scenarios of embedded-scenarios.ts as an app the real CDK CLI runs (see embedded-classes.cli.test.ts):
// EMBEDDED_SCENARIO picks the scenario, EMBEDDED_SECURE=1 its secure twin, EMBEDDED_GUARD=off leaves the
// guard out (to write the assembly that `scan` then reads).
import { App, Stack } from 'aws-cdk-lib';
import { addScenario, guardProps, Scenario, SCENARIOS } from './embedded-scenarios';
import { RequireGatewayAuthorization } from '../../../src';

const scenario = process.env.EMBEDDED_SCENARIO as Scenario;
if (!SCENARIOS.includes(scenario)) throw new Error(`unknown EMBEDDED_SCENARIO ${scenario}`);
const secure = process.env.EMBEDDED_SECURE === '1';

const app = new App();
if (process.env.EMBEDDED_GUARD !== 'off') RequireGatewayAuthorization.applyTo(app, guardProps(scenario, secure));
addScenario(new Stack(app, 'Top', { env: { account: '111111111111', region: 'eu-west-1' } }), scenario, secure);

// A CDK app for the written-assembly CLI tests: `GUARD_SCENARIO` picks a way around the guard that a
// careless team or an insider with a few lines of code might try. Run by the real CDK CLI (see
// written-assembly.cli.test.ts), never imported by jest.
import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { RequireGatewayAuthorization } from '../../../src';
import { cfnGateway, ENV, publicGateway } from '../app-fixtures';
import { BYPASSES } from '../bypass-fixtures';

const scenario = process.env.GUARD_SCENARIO ?? '';

// The platform team's lines, before any team code.
const app = new App();
RequireGatewayAuthorization.applyTo(app);

// Team code from here on.
function team(): void {
  if (scenario === 'all-bypasses-secure') {
    for (const add of Object.values(BYPASSES)) add(app, true);
    return;
  }
  if (BYPASSES[scenario]) {
    BYPASSES[scenario](app, false);
    return;
  }
  switch (scenario) {
    case 'skip-validation':
    case 'skip-validation-secure': {
      // To get past an unrelated validation error, the team synthesizes without validation.
      const s = new Stack(app, 'Api', { env: ENV });
      if (scenario === 'skip-validation') publicGateway(s, 'Open');
      else cfnGateway(s, 'Secure');
      app.synth({ skipValidation: true });
      return;
    }
    case 'two-apps':
    case 'two-apps-secure-team':
    case 'two-apps-both-guarded':
    case 'team-app-own-outdir': {
      cfnGateway(new Stack(app, 'Platform', { env: ENV }), 'Secure');
      // The team's own App: under the CLI it synthesizes into the same cdk.out, after the platform's.
      const teamApp = new App(scenario === 'team-app-own-outdir' ? { outdir: fs.mkdtempSync(path.join(process.env.CDK_OUTDIR!, '..', 'team-')) } : {});
      if (scenario === 'two-apps-both-guarded') RequireGatewayAuthorization.applyTo(teamApp);
      const teamStack = new Stack(teamApp, 'Team', { env: ENV });
      if (scenario === 'two-apps') publicGateway(teamStack, 'Open');
      else cfnGateway(teamStack, 'Secure');
      // Make sure the team's App writes last, as it does when it is created after the platform's App.
      app.synth();
      teamApp.synth();
      return;
    }
    case 'swallow-error': {
      publicGateway(new Stack(app, 'Api', { env: ENV }), 'Open');
      try {
        app.synth();
      } catch {
        // "It is only a warning."
      }
      return;
    }
    case 'reset-exit-code': {
      publicGateway(new Stack(app, 'Api', { env: ENV }), 'Open');
      process.on('exit', () => {
        process.exitCode = 0;
      });
      return;
    }
    case 'exit-zero-on-error': {
      publicGateway(new Stack(app, 'Api', { env: ENV }), 'Open');
      process.on('uncaughtException', () => process.exit(0));
      return;
    }
    case 'forget-toolkit': {
      // With `-c @aws-cdk/core:failSynthOnValidationErrors=false --ignore-errors` on the command line, the
      // guard would only annotate if it believed no CDK toolkit runs the app.
      delete process.env.CDK_CLI_VERSION;
      delete process.env.CDK_CLI_ASM_VERSION;
      process.env.NODE_ENV = 'test';
      publicGateway(new Stack(app, 'Api', { env: ENV }), 'Open');
      return;
    }
    case 'exit-before-synth': {
      // The App never synthesizes: the CLI reads whatever cdk.out already holds.
      cfnGateway(new Stack(app, 'Api', { env: ENV }), 'Secure');
      process.prependOnceListener('beforeExit', () => process.exit(0));
      return;
    }
    case 'rewrite-after-synth': {
      cfnGateway(new Stack(app, 'Api', { env: ENV }), 'Secure');
      const assembly = app.synth();
      const file = path.join(assembly.directory, 'Api.template.json');
      fs.writeFileSync(file, fs.readFileSync(file, 'utf-8').replace('"CUSTOM_JWT"', '"NONE"'));
      return;
    }
    case 'second-manifest': {
      cfnGateway(new Stack(app, 'Api', { env: ENV }), 'Secure');
      const assembly = app.synth();
      // Another assembly's stack added to the manifest after the guard judged it.
      const manifestFile = path.join(assembly.directory, 'manifest.json');
      const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf-8'));
      const template = { Resources: { Open: { Type: 'AWS::BedrockAgentCore::Gateway', Properties: { Name: 'open', ProtocolType: 'MCP', RoleArn: 'arn:aws:iam::111111111111:role/gateway', AuthorizerType: 'NONE' } } } };
      fs.writeFileSync(path.join(assembly.directory, 'Extra.template.json'), JSON.stringify(template));
      manifest.artifacts.Extra = { type: 'aws:cloudformation:stack', environment: 'aws://111111111111/eu-west-1', properties: { templateFile: 'Extra.template.json' } };
      fs.writeFileSync(manifestFile, JSON.stringify(manifest));
      return;
    }
    default:
      throw new Error(`unknown GUARD_SCENARIO ${scenario}`);
  }
}

team();

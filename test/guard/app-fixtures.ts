// Small CDK apps for the guard's in-process tests.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, AppProps, Aspects, CfnResource, Stack } from 'aws-cdk-lib';
import { CfnGateway, CfnGatewayProps } from 'aws-cdk-lib/aws-bedrockagentcore';
import { Construct } from 'constructs';
import { RequireGatewayAuthorization, RequireGatewayAuthorizationProps } from '../../src/guard';
import { DISCOVERY_URL } from '../engine/fixtures';

// aws-cdk-lib's own CloudFormation schema validation only prints warnings and takes most of the synth
// time; the guard does not depend on it.
process.env.CDK_VALIDATION = 'false';

export const ENV = { account: '111111111111', region: 'eu-west-1' };
export const ROLE_ARN = 'arn:aws:iam::111111111111:role/gateway';

/** An App with the guard applied the way a platform team does it. */
export function guardedApp(props: RequireGatewayAuthorizationProps = {}, appProps: AppProps = {}): App {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'guard-test-')), ...appProps });
  Aspects.of(app).add(new RequireGatewayAuthorization(props));
  return app;
}

export function stack(scope: Construct, id = 'Stack'): Stack {
  return new Stack(scope, id, { env: ENV });
}

export const SECURE_JWT_CONFIGURATION = {
  customJwtAuthorizer: { discoveryUrl: DISCOVERY_URL, allowedClients: ['client-a'], allowedScopes: ['gateway/invoke'] },
};

export function cfnGateway(scope: Construct, id: string, props: Partial<CfnGatewayProps> = {}): CfnGateway {
  return new CfnGateway(scope, id, {
    name: id.toLowerCase(),
    protocolType: 'MCP',
    roleArn: ROLE_ARN,
    authorizerType: 'CUSTOM_JWT',
    authorizerConfiguration: SECURE_JWT_CONFIGURATION,
    ...props,
  });
}

export function publicGateway(scope: Construct, id: string): CfnGateway {
  return cfnGateway(scope, id, { authorizerType: 'NONE', authorizerConfiguration: undefined });
}

export function genericGateway(scope: Construct, id: string, properties: any): CfnResource {
  return new CfnResource(scope, id, {
    type: 'AWS::BedrockAgentCore::Gateway',
    properties: { Name: id.toLowerCase(), ProtocolType: 'MCP', RoleArn: ROLE_ARN, ...properties },
  });
}

/** Synthesizes and returns the guard's error message; fails the test if synthesis succeeds. */
export function synthError(app: App): string {
  try {
    app.synth();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected synthesis to fail, but it succeeded');
}

/** The lines of the guard's error that name a finding, e.g. `[AGW1] Stack/Gw (Stack, ...`. */
export function findingLines(message: string): string[] {
  return message
    .split('\n')
    .map((l) => l.trim().replace(/^\[[^\]]*\] (?=\[AGW)/, ''))
    .filter((l) => /^\[AGW\d+\]/.test(l));
}

/** `[rule, constructPath]` of every finding in the guard's error. */
export function failures(app: App): Array<[string, string]> {
  return findingLines(synthError(app)).map((l) => {
    const m = /^\[(AGW\d+)\] (\S+) /.exec(l)!;
    return [m[1], m[2]];
  });
}

/** Synthesizes (must succeed) and returns the guard's JSON report. */
export function synthReport(app: App): any {
  const assembly = app.synth();
  return JSON.parse(fs.readFileSync(path.join(assembly.directory, 'agentcore-gateway-authorization.json'), 'utf-8'));
}

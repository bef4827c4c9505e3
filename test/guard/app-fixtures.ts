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

/**
 * `[rule, constructPath]` of every finding in `message`: each finding is an `[AGWn] <title>` line with a
 * `where: <path> (...)` line under it.
 */
export function findingsIn(message: string): Array<[string, string]> {
  const lines = message.split('\n').map((l) => l.trim());
  return lines.flatMap((line, i): Array<[string, string]> => {
    const rule = /^\[(AGW\d+)\] /.exec(line);
    if (!rule) return [];
    const where = /^where: +(\S+) /.exec(lines[i + 1] ?? '');
    if (!where) throw new Error(`finding without a where line in:\n${message}`);
    return [[rule[1], where[1]]];
  });
}

/**
 * Each finding in `message` as one line, its wrapping undone: `[AGW1] Stack/Gw (Stack, logical ID Gw) at
 * Properties.AuthorizerType: <what> Fix: <fix>`, so that a test can match where and what together.
 */
export function flatFindings(message: string): string[] {
  const indentOf = (line: string) => line.length - line.trimStart().length;
  const flat: string[] = [];
  let current: { rule: string; indent: number; fields: { [label: string]: string }; last?: string } | undefined;
  const close = () => {
    if (current) flat.push(`[${current.rule}] ${current.fields.where}: ${current.fields.what}${current.fields.fix ? ` Fix: ${current.fields.fix}` : ''}`);
    current = undefined;
  };
  for (const line of message.split('\n')) {
    const rule = /^\[(AGW\d+)\] /.exec(line.trim());
    const field = /^(where|what|fix): +(.*)$/.exec(line.trim());
    if (rule) {
      close();
      current = { rule: rule[1], indent: indentOf(line), fields: {} };
    } else if (current && indentOf(line) > current.indent && field) {
      current.fields[field[1]] = field[2];
      current.last = field[1];
    } else if (current && current.last && indentOf(line) > current.indent + 2) {
      current.fields[current.last] += ` ${line.trim()}`;
    } else {
      close();
    }
  }
  close();
  return flat;
}

/** The guard's error for `app`, each finding on one line (see `flatFindings`). */
export function findingText(app: App): string {
  return flatFindings(synthError(app)).join('\n');
}

/** `[rule, constructPath]` of every finding in the guard's error. */
export function failures(app: App): Array<[string, string]> {
  return findingsIn(synthError(app));
}

/** Synthesizes (must succeed) and returns the guard's JSON report. */
export function synthReport(app: App): any {
  const assembly = app.synth();
  return JSON.parse(fs.readFileSync(path.join(assembly.directory, 'agentcore-gateway-authorization.json'), 'utf-8'));
}

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const created: string[] = [];

/** A fresh temporary directory, removed after the test file's tests have run. */
export function tempDir(prefix = 'agentcore-guard-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  created.push(dir);
  return dir;
}

/** Writes `files` (relative path to content; objects are written as JSON) under `dir`. */
export function writeFiles(dir: string, files: Record<string, string | object>): void {
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, undefined, 2));
  }
}

/** A minimal CloudFormation gateway resource with the given authorizer type. */
export function gatewayResource(authorizerType: unknown, extra: Record<string, unknown> = {}): object {
  return {
    Type: 'AWS::BedrockAgentCore::Gateway',
    Properties: {
      Name: 'gw',
      ProtocolType: 'MCP',
      RoleArn: 'arn:aws:iam::111111111111:role/gw',
      AuthorizerType: authorizerType,
      ...extra,
    },
  };
}

afterAll(() => {
  for (const dir of created.splice(0)) {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

import { ChildProcess, execFileSync, spawn } from 'child_process';
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

const writers: ChildProcess[] = [];

/**
 * A named pipe at `file`. So that the test ends even if the code under test regressed to a blocking read,
 * a separate process keeps trying, for a few seconds, to open the pipe for writing without blocking; if a
 * reader ever holds it open, it writes a line that is no template and closes, which ends that read (and the
 * test then fails on what was read). A correct scanner never opens the pipe, and the process gives up.
 */
export function namedPipe(file: string): string {
  execFileSync('mkfifo', [file]);
  const writer = spawn(
    process.execPath,
    [
      '-e',
      `const fs = require('fs');
      const deadline = Date.now() + 10000;
      const attempt = () => {
        try {
          const fd = fs.openSync(process.argv[1], fs.constants.O_WRONLY | fs.constants.O_NONBLOCK);
          fs.writeSync(fd, 'a reader opened this pipe\\n');
          fs.closeSync(fd);
        } catch {
          if (Date.now() < deadline) setTimeout(attempt, 100);
        }
      };
      attempt();`,
      file,
    ],
    { stdio: 'ignore' },
  );
  writers.push(writer);
  return file;
}

afterAll(() => {
  for (const writer of writers.splice(0)) {
    writer.kill();
  }
});

import { main } from '../../src/cli/main';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in-process, as `agentcore-gateway-guard <argv>`, capturing what it prints. */
export async function runCli(argv: string[], options: { sdkModule?: string } = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    env: process.env,
    sdkModule: options.sdkModule,
  });
  return { code, stdout, stderr };
}

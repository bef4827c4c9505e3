/**
 * The CLI's only contact with the terminal: everything it prints goes through a `CliIo`, so tests run
 * the whole command in-process and library code never writes to the console.
 */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The AWS SDK package `audit` loads; tests name a missing one. */
  readonly sdkModule?: string;
}

/** The real terminal of the running process. */
export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
  };
}

#!/usr/bin/env node
import * as fs from 'fs';
import { Command, parseArgs, PROGRAM, USAGE, UsageError } from './args';
import { CliIo, processIo } from './cli-io';
import { auditExitCode, EXIT_ERROR, scanExitCode } from './exit-codes';
import { outputFileProblem, writeOutputFile } from './output-file';
import { runAudit } from '../audit/audit';
import { renderAudit } from '../audit/audit-report';
import { loadSdk, sdkControlPlaneFactory, SdkUnavailableError } from '../audit/control-plane';
import { AGENTCORE_GATEWAY_REGIONS } from '../audit/regions';
import { DEFAULT_RETRY_POLICY } from '../audit/retry';
import { packageVersion } from '../engine/package-version';
import { scanPaths } from '../scan/scan';
import { renderScan } from '../scan/scan-report';

/** Runs `agentcore-gateway-guard` with `argv` (the arguments after the program name); resolves to the exit code. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let command: Command;
  try {
    command = parseArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`${PROGRAM}: ${error.message}\nRun '${PROGRAM} --help' for usage.\n`);
      return EXIT_ERROR;
    }
    throw error;
  }

  try {
    // Checked before any work: a report that cannot be written must not cost a whole scan or audit first.
    const output = 'common' in command ? command.common.output : undefined;
    const outputProblem = output !== undefined ? outputFileProblem(output) : undefined;
    if (outputProblem) {
      io.stderr(`${PROGRAM}: ${outputProblem}\n`);
      return EXIT_ERROR;
    }
    switch (command.kind) {
      case 'help':
        io.stdout(USAGE);
        return 0;
      case 'version':
        io.stdout(`${version()}\n`);
        return 0;
      case 'scan':
        return runScan(command, io);
      case 'audit':
        return await runAuditCommand(command, io);
    }
  } catch (error) {
    if (error instanceof SdkUnavailableError || error instanceof UsageError) {
      io.stderr(`${PROGRAM}: ${error.message}\n`);
      return EXIT_ERROR;
    }
    const message = error instanceof Error ? error.message : String(error);
    const trace = io.env.AGENTCORE_GUARD_DEBUG && error instanceof Error ? `\n${error.stack}` : '';
    io.stderr(`${PROGRAM}: internal error: ${message}. Please report it (set AGENTCORE_GUARD_DEBUG=1 to see where it happened).${trace}\n`);
    return EXIT_ERROR;
  }
}

function runScan(command: Extract<Command, { kind: 'scan' }>, io: CliIo): number {
  for (const folder of command.allowRead) {
    if (!isFolder(folder)) {
      throw new UsageError(`--allow-read '${folder}' is not a folder`);
    }
  }
  const result = scanPaths(command.paths, {
    additionalAllowedAuthorizerTypes: command.common.additionalAllowedAuthorizerTypes,
    allowExemptions: command.allowExemptions,
    allowRead: command.allowRead,
    maxFileBytes: command.maxFileBytes,
  });
  const code = scanExitCode(result);
  const report = renderScan(result, command.common.format, { toolName: PROGRAM, toolVersion: version(), source: command.paths.join(' '), entryPoint: 'scan' }, code);
  if (command.common.format !== 'table' || command.common.output) {
    // The report goes to a machine or a file: still tell the person at the terminal what went wrong.
    for (const problem of result.problems) {
      io.stderr(`${PROGRAM}: ${problem.severity}: ${problem.message}\n`);
    }
  }
  return emit(report, command.common.output, io, code);
}

async function runAuditCommand(command: Extract<Command, { kind: 'audit' }>, io: CliIo): Promise<number> {
  const sdk = loadSdk(io.sdkModule);
  const regions = command.regions === 'all' ? [...AGENTCORE_GATEWAY_REGIONS] : command.regions ?? [await configuredRegion(sdk, command.profile)];
  const result = await runAudit({
    regions,
    controlPlane: sdkControlPlaneFactory({ profile: command.profile, endpointUrl: command.endpointUrl }, sdk),
    retry: { ...DEFAULT_RETRY_POLICY, maxAttempts: command.maxAttempts },
    tolerateDisabledOptInRegions: command.regions === 'all',
    additionalAllowedAuthorizerTypes: command.common.additionalAllowedAuthorizerTypes,
  });
  const code = auditExitCode(result);
  const report = renderAudit(
    result,
    command.common.format,
    {
      toolName: PROGRAM,
      toolVersion: version(),
      entryPoint: 'live',
      source: `AWS account${command.profile ? ` (profile ${command.profile})` : ''}, ${regions.length === 1 ? `region ${regions[0]}` : `${regions.length} regions`}`,
    },
    code,
  );
  if (command.common.format !== 'table' || command.common.output) {
    for (const region of result.regions.filter((r) => r.outcome === 'failed')) {
      io.stderr(`${PROGRAM}: error: ${region.region}: ${region.error}\n`);
    }
    for (const gateway of result.gateways.filter((g) => g.error !== undefined)) {
      io.stderr(`${PROGRAM}: error: ${gateway.region} gateway ${gateway.gatewayId}: ${gateway.error}\n`);
    }
  }
  return emit(report, command.common.output, io, code);
}

/** The region the SDK would use (AWS_REGION, or the profile's region), or a usage error that says how to name one. */
async function configuredRegion(sdk: ReturnType<typeof loadSdk>, profile: string | undefined): Promise<string> {
  try {
    const client = new sdk.BedrockAgentCoreControlClient({ profile });
    const region = await client.config.region();
    client.destroy();
    if (region) {
      return region;
    }
  } catch {
    // fall through to the usage error
  }
  throw new UsageError(
    `no region to audit: pass --region <region> or --all-regions, or configure one (AWS_REGION, or region in the ${profile ? `profile ${profile}` : 'default profile'})`,
  );
}

function emit(report: string, output: string | undefined, io: CliIo, code: number): number {
  if (!output) {
    io.stdout(report);
    return code;
  }
  try {
    writeOutputFile(output, report);
  } catch (error) {
    io.stderr(`${PROGRAM}: cannot write the report to ${output}: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_ERROR;
  }
  io.stderr(`${PROGRAM}: report written to ${output} (exit code ${code})\n`);
  return code;
}

function isFolder(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

/** The version of this package, as `--version` and the reports show it. */
function version(): string {
  return packageVersion() ?? 'unknown';
}

if (require.main === module) {
  void main(process.argv.slice(2), processIo()).then((code) => {
    process.exitCode = code;
  });
}

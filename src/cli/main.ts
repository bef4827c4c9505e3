#!/usr/bin/env node
import * as fs from 'fs';
import { Command, parseArgs, PROGRAM, USAGE, UsageError } from './args';
import { CliIo, processIo } from './cli-io';
import { auditExitCode, EXIT_CLEAN, EXIT_ERROR, remediateExitCode, scanExitCode } from './exit-codes';
import { outputFileProblem, writeOutputFile } from './output-file';
import { runAudit } from '../audit/audit';
import { renderAudit } from '../audit/audit-report';
import { loadSdk, sdkControlPlaneFactory, SdkUnavailableError } from '../audit/control-plane';
import { AGENTCORE_GATEWAY_REGIONS } from '../audit/regions';
import { DEFAULT_RETRY_POLICY } from '../audit/retry';
import { displayPath, printable } from '../engine/display';
import { packageVersion } from '../engine/package-version';
import { gatewayAuthorizationGuardRules } from '../hook/guard-rules';
import { gatewayScpJson } from '../organization/scp';
import { scanPaths } from '../scan/scan';
import { renderScan } from '../scan/scan-report';

/** Runs `agentcore-gateway-guard` with `argv` (the arguments after the program name); resolves to the exit code. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let command: Command;
  try {
    command = parseArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      say(io, error.message, `Run '${PROGRAM} --help' for usage.`);
      return EXIT_ERROR;
    }
    throw error;
  }

  try {
    // Checked before any work: a report that cannot be written must not cost a whole scan or audit first.
    const output = 'common' in command ? command.common.output : undefined;
    const outputProblem = output !== undefined ? outputFileProblem(output) : undefined;
    if (outputProblem) {
      say(io, outputProblem);
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
      case 'remediate':
        return await runRemediateCommand(command, io);
      case 'policy':
        return runPolicy(command, io);
    }
  } catch (error) {
    if (error instanceof SdkUnavailableError || error instanceof UsageError) {
      say(io, error.message);
      return EXIT_ERROR;
    }
    const message = error instanceof Error ? error.message : String(error);
    const trace = io.env.AGENTCORE_GUARD_DEBUG && error instanceof Error ? (error.stack ?? '').split('\n') : [];
    say(io, `internal error: ${message}. Please report it (set AGENTCORE_GUARD_DEBUG=1 to see where it happened).`, ...trace);
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
    allowAuthenticateOnlyWithEnforcedPolicyEngine: command.common.allowAuthenticateOnlyWithEnforcedPolicyEngine,
    allowExemptions: command.allowExemptions,
    allowRead: command.allowRead,
    maxFileBytes: command.maxFileBytes,
    allowedTemplateUrlPrefixes: command.allowedTemplateUrlPrefixes,
  });
  const code = scanExitCode(result);
  const report = renderScan(result, command.common.format, { toolName: PROGRAM, toolVersion: version(), source: command.paths.join(' '), entryPoint: 'scan' }, code);
  if (command.common.format !== 'table' || command.common.output) {
    // The report goes to a machine or a file: still tell the person at the terminal what went wrong.
    for (const problem of result.problems) {
      say(io, `${problem.severity}: ${problem.message}`);
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
    allowAuthenticateOnlyWithEnforcedPolicyEngine: command.common.allowAuthenticateOnlyWithEnforcedPolicyEngine,
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
      say(io, `error: ${region.region}: ${region.error}`);
    }
    for (const gateway of result.gateways.filter((g) => g.error !== undefined)) {
      say(io, `error: ${gateway.region} gateway ${gateway.gatewayId}: ${gateway.error}`);
    }
    for (const gateway of result.gateways.filter((g) => g.resourcePolicy?.error !== undefined)) {
      say(io, `error: ${gateway.region} gateway ${gateway.gatewayId}: ${gateway.resourcePolicy?.error}`);
    }
  }
  return emit(report, command.common.output, io, code);
}

async function runRemediateCommand(command: Extract<Command, { kind: 'remediate' }>, io: CliIo): Promise<number> {
  // Loaded only for remediate: it validates with the L3's rules, which need aws-cdk-lib, and the other
  // commands (policy for Terraform and console users above all) must run in a project without CDK.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { runRemediate } = require('../remediate/command') as typeof import('../remediate/command');
  const result = await runRemediate(command.options, { sdkModule: io.sdkModule });
  // Names, IDs and messages in these come from API answers and templates: every line through `printable`.
  io.stdout(result.report.split('\n').map(printable).join('\n'));
  for (const warning of result.warnings) {
    say(io, `warning: ${warning}`);
  }
  for (const error of result.errors) {
    const [first, ...more] = error.split('\n');
    say(io, first, ...more);
  }
  return remediateExitCode(result);
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

/**
 * Prints a policy for the layers after synth, from the same pure functions the constructs deploy: the
 * options were judged while parsing, so an invalid one never gets here.
 */
function runPolicy(command: Extract<Command, { kind: 'policy' }>, io: CliIo): number {
  const text =
    command.policy === 'scp'
      ? `${gatewayScpJson({
        additionalAllowedAuthorizerTypes: command.additionalAllowedAuthorizerTypes,
        allowedDiscoveryUrls: command.allowedDiscoveryUrls,
        breakGlassPrincipalArns: command.breakGlassPrincipalArns,
      })}\n`
      : gatewayAuthorizationGuardRules({
        additionalAllowedAuthorizerTypes: command.additionalAllowedAuthorizerTypes,
        allowAuthenticateOnlyWithEnforcedPolicyEngine: command.allowAuthenticateOnlyWithEnforcedPolicyEngine,
      });
  return emit(text, command.output, io, EXIT_CLEAN, 'policy');
}

function emit(report: string, output: string | undefined, io: CliIo, code: number, what: 'report' | 'policy' = 'report'): number {
  if (!output) {
    io.stdout(report);
    return code;
  }
  try {
    writeOutputFile(output, report);
  } catch (error) {
    say(io, `cannot write the ${what} to ${displayPath(output)}: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT_ERROR;
  }
  say(io, `${what} written to ${displayPath(output)} (exit code ${code})`);
  return code;
}

function isFolder(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

/**
 * One message to standard error, after the program's name, then `moreLines`. Every line goes through
 * `printable`, so a control character (a newline included) from a file name, a template or an API answer
 * never reaches the terminal raw nor starts a line of its own.
 */
function say(io: CliIo, message: string, ...moreLines: string[]): void {
  io.stderr([`${PROGRAM}: ${message}`, ...moreLines].map(printable).join('\n') + '\n');
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

import * as util from 'util';
import { isRegionName } from '../audit/regions';
import { DEFAULT_RETRY_POLICY } from '../audit/retry';
import { authorizerTypeProblems } from '../engine/guard-options';
import { OUTPUT_FORMATS, OutputFormat } from '../engine/report-sections';

export const PROGRAM = 'agentcore-gateway-guard';

/** Options that `scan` and `audit` share. */
export interface CommonOptions {
  readonly format: OutputFormat;
  /** Write the report to this file instead of standard output. */
  readonly output?: string;
  readonly additionalAllowedAuthorizerTypes: string[];
}

export type Command =
  | { readonly kind: 'help'; readonly topic?: 'scan' | 'audit' }
  | { readonly kind: 'version' }
  | {
    readonly kind: 'scan';
    readonly paths: string[];
    readonly allowExemptions: boolean;
    /** Folders that references in plain templates may lead into, beyond the paths given. */
    readonly allowRead: string[];
    /** The largest file read, in bytes; undefined for the default. */
    readonly maxFileBytes?: number;
    readonly common: CommonOptions;
  }
  | {
    readonly kind: 'audit';
    /** Regions named with --region, or 'all' for --all-regions, or undefined for the configured region. */
    readonly regions: string[] | 'all' | undefined;
    readonly profile?: string;
    readonly endpointUrl?: string;
    readonly maxAttempts: number;
    readonly common: CommonOptions;
  };

/** A command line that cannot be run: exit code 2 with this message. */
export class UsageError extends Error {}

export const USAGE = `Usage:
  ${PROGRAM} scan <path>... [options]
  ${PROGRAM} audit [--region <region>]... [--all-regions] [options]

Checks Amazon Bedrock AgentCore gateways for inbound authorization with the rules of the
RequireGatewayAuthorization guard (AGW1-AGW7; AGW10 for a referenced template scan cannot read).

Commands:
  scan    CloudFormation templates (JSON or YAML, SAM included), folders of them, and CDK cloud
          assemblies (cdk.out, with nested Stages and nested stacks)
  audit   the gateways deployed in an AWS account, read with the AgentCore control-plane API
          (needs the npm package @aws-sdk/client-bedrock-agentcore-control)

Options:
  --format <table|json|sarif>     report format (default: table); sarif is SARIF 2.1.0
  --output <file>                 write the report to a file instead of standard output
  --allow-authorizer-type <type>  also accept this authorizer type (repeatable), e.g. AUTHENTICATE_ONLY
  -h, --help                      show this help
  --version                       show the version

scan options:
  --allow-exemptions              honour exemptions declared in template metadata, as
                                  RequireGatewayAuthorization's allowExemptions does
  --allow-read <folder>           also follow template references (nested stacks) into this
                                  folder (repeatable); by default only the paths given, and
                                  the folder of each file given, are read
  --max-file-size <MB>            the largest file read (default 50); larger ones are refused

audit options:
  --region <region>               a region to audit (repeatable, or comma-separated)
  --all-regions                   every commercial region where AgentCore Gateway is available
  --profile <name>                a profile of the shared AWS config files
  --endpoint-url <url>            a custom AgentCore control-plane endpoint (a VPC endpoint),
                                  used for every region audited
  --max-attempts <n>              attempts per API call when throttled or failing (default ${DEFAULT_RETRY_POLICY.maxAttempts})
  Without --region or --all-regions, audit uses the configured region (AWS_REGION or the profile).

Exit codes:
  0  every gateway checked is compliant (or exempt)
  1  at least one gateway is non-compliant
  2  usage error, or something could not be checked (a malformed template, a region that
     failed); the findings that were made are still reported
`;

/** The options being collected for one command line. */
interface ParseState {
  readonly command: 'scan' | 'audit';
  format: OutputFormat;
  output?: string;
  readonly allowedTypes: string[];
  allowExemptions: boolean;
  readonly allowRead: string[];
  maxFileBytes?: number;
  readonly regions: string[];
  allRegions: boolean;
  profile?: string;
  endpointUrl?: string;
  maxAttempts: number;
}

/** One option of the command line: its form, the command it belongs to, and what it sets. */
interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  /** The one command that accepts it; both when left out. */
  readonly command?: 'scan' | 'audit';
  /** Checks the value and records it; throws a UsageError naming the option. */
  readonly apply: (state: ParseState, value: string, rawName: string) => void;
}

/** Every option but `--help`, which `parseArgs` answers before any other. */
const OPTIONS: { readonly [name: string]: OptionSpec } = {
  'format': { type: 'string', apply: (state, value) => (state.format = outputFormat(value)) },
  'output': { type: 'string', short: 'o', apply: (state, value) => (state.output = value) },
  'allow-authorizer-type': { type: 'string', apply: (state, value) => state.allowedTypes.push(authorizerType(value)) },
  'allow-exemptions': { type: 'boolean', command: 'scan', apply: (state) => (state.allowExemptions = true) },
  'allow-read': { type: 'string', command: 'scan', apply: (state, value) => state.allowRead.push(value) },
  'max-file-size': { type: 'string', command: 'scan', apply: (state, value) => (state.maxFileBytes = maxFileBytes(value)) },
  'region': { type: 'string', command: 'audit', apply: (state, value) => addRegions(state.regions, value) },
  'all-regions': { type: 'boolean', command: 'audit', apply: (state) => (state.allRegions = true) },
  'profile': { type: 'string', command: 'audit', apply: (state, value) => (state.profile = value) },
  'endpoint-url': { type: 'string', command: 'audit', apply: (state, value) => (state.endpointUrl = endpointUrl(value)) },
  'max-attempts': { type: 'string', command: 'audit', apply: (state, value) => (state.maxAttempts = maxAttempts(value)) },
};

/** Parses the arguments after the program name. */
export function parseArgs(argv: readonly string[]): Command {
  const [first, ...rest] = argv;
  if (first === undefined) {
    throw new UsageError('no command given: use scan or audit');
  }
  if (first === '-h' || first === '--help' || first === 'help') {
    const topic = rest[0];
    return { kind: 'help', topic: topic === 'scan' || topic === 'audit' ? topic : undefined };
  }
  if (first === '--version' || first === '-v') {
    return { kind: 'version' };
  }
  if (first !== 'scan' && first !== 'audit') {
    throw new UsageError(first.startsWith('-') ? `put the command (scan or audit) before the option ${first}` : `unknown command '${first}': use scan or audit`);
  }
  const state: ParseState = {
    command: first,
    format: 'table',
    allowedTypes: [],
    allowExemptions: false,
    allowRead: [],
    regions: [],
    allRegions: false,
    maxAttempts: DEFAULT_RETRY_POLICY.maxAttempts,
  };
  const positional: string[] = [];
  for (const token of tokenize(rest)) {
    if (token.kind === 'positional') {
      positional.push(token.value);
    } else if (token.kind === 'option') {
      if (token.name === 'help') {
        return { kind: 'help', topic: first };
      }
      applyOption(state, token);
    }
  }
  return first === 'scan' ? scanCommand(state, positional) : auditCommand(state, positional);
}

type Token =
  | { readonly kind: 'positional'; readonly value: string }
  | { readonly kind: 'option'; readonly name: string; readonly rawName: string; readonly value?: string; readonly inlineValue?: boolean }
  | { readonly kind: 'option-terminator' };

/** Node's own parser splits the arguments; the options table above judges them, in order. */
function tokenize(args: string[]): Token[] {
  const options: { [name: string]: { type: 'string' | 'boolean'; short?: string } } = { help: { type: 'boolean', short: 'h' } };
  for (const [name, spec] of Object.entries(OPTIONS)) {
    options[name] = spec.short ? { type: spec.type, short: spec.short } : { type: spec.type };
  }
  return util.parseArgs({ args, options, strict: false, allowPositionals: true, tokens: true }).tokens as Token[];
}

function applyOption(state: ParseState, token: Extract<Token, { kind: 'option' }>): void {
  const spec = OPTIONS[token.name];
  if (!spec) {
    throw new UsageError(`unknown option ${token.rawName} for ${state.command}`);
  }
  if (spec.command && spec.command !== state.command) {
    throw new UsageError(`${token.rawName} is an option of ${spec.command}, not of ${state.command}`);
  }
  if (spec.type === 'boolean') {
    if (token.inlineValue) {
      throw new UsageError(`${token.rawName} takes no value`);
    }
    spec.apply(state, '', token.rawName);
    return;
  }
  // A following option (`--format --output x`) is not a value.
  if (token.value === undefined || (!token.inlineValue && token.value.startsWith('--') && token.value.length > 2)) {
    throw new UsageError(`${token.rawName} needs a value`);
  }
  spec.apply(state, token.value, token.rawName);
}

function outputFormat(value: string): OutputFormat {
  if (!OUTPUT_FORMATS.includes(value as OutputFormat)) {
    throw new UsageError(`unknown format '${value}': use ${OUTPUT_FORMATS.join(', ')}`);
  }
  return value as OutputFormat;
}

/** The guard's one validator decides; the wording is the command line's. */
function authorizerType(value: string): string {
  const type = value.trim();
  const [problem] = authorizerTypeProblems([type]);
  if (problem?.kind === 'none') {
    throw new UsageError('--allow-authorizer-type NONE is refused: a gateway without authorization is never compliant');
  }
  if (problem) {
    throw new UsageError(`--allow-authorizer-type '${type}' is not an authorizer type (upper case, like AUTHENTICATE_ONLY)`);
  }
  return type;
}

function addRegions(regions: string[], value: string): void {
  for (const region of value.split(',').map((r) => r.trim()).filter((r) => r !== '')) {
    if (!isRegionName(region)) {
      throw new UsageError(`'${region}' is not a region name (like us-east-1)`);
    }
    if (!regions.includes(region)) {
      regions.push(region);
    }
  }
}

function endpointUrl(value: string): string {
  if (!/^https?:\/\/[^\s]+$/.test(value)) {
    throw new UsageError(`--endpoint-url '${value}' is not an http(s) URL`);
  }
  return value;
}

function maxAttempts(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 20) {
    throw new UsageError(`--max-attempts '${value}' must be a whole number from 1 to 20`);
  }
  return n;
}

/** The largest --max-file-size: a template this large is already far beyond what CloudFormation accepts. */
const MAX_FILE_SIZE_MB = 1024;

function maxFileBytes(value: string): number {
  const mb = Number(value);
  if (value.trim() === '' || !Number.isFinite(mb) || mb <= 0 || mb > MAX_FILE_SIZE_MB) {
    throw new UsageError(`--max-file-size '${value}' must be a number of megabytes above 0 and at most ${MAX_FILE_SIZE_MB}`);
  }
  return Math.floor(mb * 1024 * 1024);
}

function common(state: ParseState): CommonOptions {
  return { format: state.format, output: state.output, additionalAllowedAuthorizerTypes: state.allowedTypes };
}

function scanCommand(state: ParseState, positional: string[]): Command {
  if (positional.length === 0) {
    throw new UsageError('scan needs at least one path: a template file, a folder of templates, or a cdk.out folder');
  }
  return {
    kind: 'scan',
    paths: positional,
    allowExemptions: state.allowExemptions,
    allowRead: state.allowRead,
    maxFileBytes: state.maxFileBytes,
    common: common(state),
  };
}

function auditCommand(state: ParseState, positional: string[]): Command {
  if (positional.length > 0) {
    throw new UsageError(`audit takes no paths (got ${positional.join(' ')}); name regions with --region`);
  }
  if (state.allRegions && state.regions.length > 0) {
    throw new UsageError('use either --region or --all-regions, not both');
  }
  const regions = state.allRegions ? 'all' : state.regions.length > 0 ? state.regions : undefined;
  return { kind: 'audit', regions, profile: state.profile, endpointUrl: state.endpointUrl, maxAttempts: state.maxAttempts, common: common(state) };
}

import { isRegionName } from '../audit/regions';
import { DEFAULT_RETRY_POLICY } from '../audit/retry';
import { authorizerTypeProblems, templateUrlPrefixProblems } from '../engine/guard-options';
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
    /** URL prefixes of vetted templates (--allow-template-url-prefix). */
    readonly allowedTemplateUrlPrefixes: string[];
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
RequireGatewayAuthorization guard (AGW1-AGW10).

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
  --allow-template-url-prefix <prefix>
                                  templates under this URL prefix are vetted elsewhere: a nested
                                  stack, StackSet or product that points there is no finding
                                  (repeatable; https://host/folder/, ending with /)

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

/** Parses the arguments after the program name. */
export function parseArgs(argv: readonly string[]): Command {
  const args = [...argv];
  if (args.length === 0) {
    throw new UsageError('no command given: use scan or audit');
  }
  const first = args[0];
  if (first === '-h' || first === '--help' || first === 'help') {
    const topic = args[1];
    return { kind: 'help', topic: topic === 'scan' || topic === 'audit' ? topic : undefined };
  }
  if (first === '--version' || first === '-v') {
    return { kind: 'version' };
  }
  if (first !== 'scan' && first !== 'audit') {
    throw new UsageError(first.startsWith('-') ? `put the command (scan or audit) before the option ${first}` : `unknown command '${first}': use scan or audit`);
  }
  const command = first;
  const positional: string[] = [];
  const regions: string[] = [];
  const allowedTypes: string[] = [];
  let format: OutputFormat = 'table';
  let output: string | undefined;
  let allRegions = false;
  let allowExemptions = false;
  const allowedPrefixes: string[] = [];
  let profile: string | undefined;
  let endpointUrl: string | undefined;
  let maxAttempts = DEFAULT_RETRY_POLICY.maxAttempts;

  const rest = args.slice(1);
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === '--') {
      positional.push(...rest.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    const value = (): string => {
      if (inline !== undefined) {
        return inline;
      }
      const next = rest[i + 1];
      if (next === undefined || (next.startsWith('--') && next.length > 2)) {
        throw new UsageError(`${name} needs a value`);
      }
      i++;
      return next;
    };
    const noValue = () => {
      if (inline !== undefined) {
        throw new UsageError(`${name} takes no value`);
      }
    };
    const only = (which: 'scan' | 'audit') => {
      if (command !== which) {
        throw new UsageError(`${name} is an option of ${which}, not of ${command}`);
      }
    };

    switch (name) {
      case '-h':
      case '--help':
        return { kind: 'help', topic: command };
      case '--format': {
        const f = value();
        if (!OUTPUT_FORMATS.includes(f as OutputFormat)) {
          throw new UsageError(`unknown format '${f}': use ${OUTPUT_FORMATS.join(', ')}`);
        }
        format = f as OutputFormat;
        break;
      }
      case '--output':
      case '-o':
        output = value();
        break;
      case '--allow-authorizer-type': {
        const type = value().trim();
        const [problem] = authorizerTypeProblems([type]);
        if (problem?.kind === 'none') {
          throw new UsageError('--allow-authorizer-type NONE is refused: a gateway without authorization is never compliant');
        }
        if (problem) {
          throw new UsageError(`--allow-authorizer-type '${type}' is not an authorizer type (upper case, like AUTHENTICATE_ONLY)`);
        }
        allowedTypes.push(type);
        break;
      }
      case '--allow-exemptions':
        only('scan');
        noValue();
        allowExemptions = true;
        break;
      case '--allow-template-url-prefix': {
        only('scan');
        const prefix = value().trim();
        const [problem] = templateUrlPrefixProblems([prefix]);
        if (problem) {
          throw new UsageError(`--allow-template-url-prefix ${problem.problem}: ${problem.fix}`);
        }
        allowedPrefixes.push(prefix);
        break;
      }
      case '--region':
        only('audit');
        for (const region of value().split(',').map((r) => r.trim()).filter((r) => r !== '')) {
          if (!isRegionName(region)) {
            throw new UsageError(`'${region}' is not a region name (like us-east-1)`);
          }
          if (!regions.includes(region)) {
            regions.push(region);
          }
        }
        break;
      case '--all-regions':
        only('audit');
        noValue();
        allRegions = true;
        break;
      case '--profile':
        only('audit');
        profile = value();
        break;
      case '--endpoint-url': {
        only('audit');
        const url = value();
        if (!/^https?:\/\/[^\s]+$/.test(url)) {
          throw new UsageError(`--endpoint-url '${url}' is not an http(s) URL`);
        }
        endpointUrl = url;
        break;
      }
      case '--max-attempts': {
        only('audit');
        const raw = value();
        const n = Number(raw);
        if (!Number.isInteger(n) || n < 1 || n > 20) {
          throw new UsageError(`--max-attempts '${raw}' must be a whole number from 1 to 20`);
        }
        maxAttempts = n;
        break;
      }
      default:
        throw new UsageError(`unknown option ${name} for ${command}`);
    }
  }

  const common: CommonOptions = { format, output, additionalAllowedAuthorizerTypes: allowedTypes };
  if (command === 'scan') {
    if (positional.length === 0) {
      throw new UsageError('scan needs at least one path: a template file, a folder of templates, or a cdk.out folder');
    }
    return { kind: 'scan', paths: positional, allowExemptions, allowedTemplateUrlPrefixes: allowedPrefixes, common };
  }
  if (positional.length > 0) {
    throw new UsageError(`audit takes no paths (got ${positional.join(' ')}); name regions with --region`);
  }
  if (allRegions && regions.length > 0) {
    throw new UsageError('use either --region or --all-regions, not both');
  }
  return { kind: 'audit', regions: allRegions ? 'all' : regions.length > 0 ? regions : undefined, profile, endpointUrl, maxAttempts, common };
}

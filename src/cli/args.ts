import * as util from 'util';
import { isRegionName } from '../audit/regions';
import { DEFAULT_RETRY_POLICY } from '../audit/retry';
import { authorizerTypeProblems, templateUrlPrefixProblems } from '../engine/guard-options';
import { OUTPUT_FORMATS, OutputFormat } from '../engine/report-sections';
import { breakGlassPrincipalProblem, discoveryUrlPatternProblem, OptionProblem, scpSizeProblem } from '../organization/scp';
import type { AuthorizationChoice } from '../remediate/authorization-choice';
import { AUTHORIZATION_KINDS } from '../remediate/authorization-kinds';
import type { RemediateCommandOptions } from '../remediate/command';

export const PROGRAM = 'agentcore-gateway-guard';

/** Options that `scan` and `audit` share. */
export interface CommonOptions {
  readonly format: OutputFormat;
  /** Write the report to this file instead of standard output. */
  readonly output?: string;
  readonly additionalAllowedAuthorizerTypes: string[];
  readonly allowAuthenticateOnlyWithEnforcedPolicyEngine: boolean;
}

/** The words a command line starts with; `policy` is followed by the name of a policy. */
export const COMMANDS = ['scan', 'audit', 'remediate', 'policy'] as const;
export type CommandWord = (typeof COMMANDS)[number];

/** The policies `policy` prints for the layers after synth. */
export type PolicyName = 'scp' | 'guard-rules';
const POLICY_NAMES: readonly PolicyName[] = ['scp', 'guard-rules'];

/** The commands of the CLI, the ones an option can belong to: each policy is a command of its own. */
export type CommandName = Exclude<CommandWord, 'policy'> | `policy ${PolicyName}`;

export type Command =
  | { readonly kind: 'help'; readonly topic?: CommandWord }
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
  }
  | {
    readonly kind: 'policy';
    readonly policy: PolicyName;
    /** Write the policy to this file instead of standard output. */
    readonly output?: string;
    readonly additionalAllowedAuthorizerTypes: string[];
    /** `policy guard-rules` only: the rule file accepts AUTHENTICATE_ONLY behind an enforcing policy engine (AGW8). */
    readonly allowAuthenticateOnlyWithEnforcedPolicyEngine?: boolean;
    /** `policy scp` only: the discovery-URL patterns JWT gateways may use; undefined for any. */
    readonly allowedDiscoveryUrls?: string[];
    /** `policy scp` only: the principals exempt from the policy; undefined for nobody. */
    readonly breakGlassPrincipalArns?: string[];
  }
  | { readonly kind: 'remediate'; readonly options: RemediateCommandOptions };

/** A command line that cannot be run: exit code 2 with this message. */
export class UsageError extends Error {}

export const USAGE = `Usage:
  ${PROGRAM} scan <path>... [options]
  ${PROGRAM} audit [--region <region>]... [--all-regions] [options]
  ${PROGRAM} remediate --gateway <id or ARN> [--region <region>] [options]
  ${PROGRAM} remediate --template <file> --authorization <iam|jwt> [options]
  ${PROGRAM} policy scp [--allow-discovery-url <pattern>]... [--break-glass-principal <arn>]... [options]
  ${PROGRAM} policy guard-rules [options]

Checks Amazon Bedrock AgentCore gateways for inbound authorization with the rules of the
RequireGatewayAuthorization guard (AGW1-AGW10), writes the secure replacement of one that fails, and
writes the same rules as policies that stop public gateways whatever tool makes them (Terraform, the
console, SDKs, raw CloudFormation).

Commands:
  scan                CloudFormation templates (JSON or YAML, SAM included), folders of them, and CDK
                      cloud assemblies (cdk.out, with nested Stages and nested stacks)
  audit               the gateways deployed in an AWS account, read with the AgentCore control-plane API
                      (needs the npm package @aws-sdk/client-bedrock-agentcore-control)
  remediate           the authorizer type of a gateway cannot change, so write its secure replacement, to
                      deploy next to it: for a deployed gateway a CDK app (every target re-created) with a
                      cut-over runbook; for a template the corrected template and a cut-over one. Never
                      deletes anything
  policy scp          prints the service control policy (JSON, minified as AWS Organizations stores it)
                      that denies CreateGateway and UpdateGateway without an allowed authorizer type,
                      as DenyUnauthorizedGatewaysPolicy deploys it
  policy guard-rules  prints the CloudFormation Guard rule file, for cfn-guard in CI or a Guard hook,
                      as GatewayAuthorizationGuardHook deploys it

Options:
  --allow-authorizer-type <type>  also accept this authorizer type (repeatable): a type added to
                                  AgentCore after this version (not NONE, not AUTHENTICATE_ONLY)
  --allow-authenticate-only-with-enforced-policy-engine
                                  accept AUTHENTICATE_ONLY gateways whose policy engine is in ENFORCE
                                  mode (rule AGW8), as the guard's option of the same name (scan,
                                  audit, remediate and policy guard-rules; policy scp refuses
                                  AUTHENTICATE_ONLY outright)
  -h, --help                      show this help
  --version                       show the version

scan, audit and policy options:
  --output <file>                 write the report or the policy to a file instead of standard output
                                  (remediate writes to --out)

scan and audit options:
  --format <table|json|sarif>     report format (default: table); sarif is SARIF 2.1.0

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

remediate options:
  --gateway <id|arn>              the deployed gateway to replace (an ARN names its region); with
                                  --template, the logical ID of a gateway to replace (repeatable;
                                  default: every one that needs it)
  --template <file>               a CloudFormation template (JSON or YAML) instead of a deployed gateway
  --region <region>               the gateway's region (needed with an ID)
  --profile, --endpoint-url, --max-attempts   as for audit
  --authorization <kind>          the replacement's authorization: cognito-m2m (default; a new Cognito
                                  user pool for machine-to-machine clients), iam (SigV4 callers), or
                                  jwt (an existing OpenID Connect provider). --template: iam or jwt
  --discovery-url <url>           jwt: the provider's .well-known/openid-configuration URL
  --allowed-clients <id,...>      jwt: the client IDs the gateway accepts (client_id claim)
  --allowed-audience <aud,...>    jwt: the audiences it accepts (aud claim)
  --allowed-scopes <scope,...>    jwt: the scopes it accepts (scope claim); jwt needs at least one of
                                  clients, audience or scopes
  --gateway-name <name>           the replacement's name (default: <old name>-secure)
  --out <path>                    where to write: the app's folder, empty or new (default: ./<new name>);
                                  with --template the corrected template (default: <file>.secure.<ext>),
                                  the cut-over one next to it. remediate never overwrites a file
  --skip-unsupported              write the app without the targets and settings it cannot reproduce
                                  (listed in its output and README) instead of stopping

policy scp options:
  --allow-discovery-url <pattern> let JWT gateways use only discovery URLs that match one of these
                                  IAM StringLike patterns (repeatable); the host must be literal,
                                  e.g. https://cognito-idp.eu-west-1.amazonaws.com/*
  --break-glass-principal <arn>   exempt this IAM role or user (aws:PrincipalArn, wildcards allowed;
                                  repeatable), e.g. arn:aws:iam::*:role/BreakGlass

Exit codes:
  0  every gateway checked is compliant (or exempt); remediate: written, or nothing to do;
     policy: the policy was written
  1  at least one gateway is non-compliant
  2  usage error, or something could not be checked (a malformed template, a region that
     failed); the findings that were made are still reported. remediate: nothing was written
     (the gateway cannot be read or reproduced faithfully, or needs an in-place fix instead)
`;

/** The options being collected for one command line. */
interface ParseState {
  readonly command: CommandName;
  format: OutputFormat;
  output?: string;
  readonly allowedTypes: string[];
  allowExemptions: boolean;
  allowAuthenticateOnly: boolean;
  /** scan: every --allow-template-url-prefix, in order. */
  readonly allowedPrefixes: string[];
  readonly regions: string[];
  allRegions: boolean;
  profile?: string;
  endpointUrl?: string;
  maxAttempts: number;
  /** remediate: every --gateway, in order. */
  readonly gateways: string[];
  template?: string;
  authorization?: AuthorizationChoice['kind'];
  discoveryUrl?: string;
  allowedClients?: string[];
  allowedAudience?: string[];
  allowedScopes?: string[];
  gatewayName?: string;
  out?: string;
  skipUnsupported: boolean;
  /** policy scp: the discovery-URL patterns and break-glass principals, each once. */
  readonly discoveryUrls: string[];
  readonly breakGlassPrincipals: string[];
  /** The options given, as typed, for the checks that need the whole command line. */
  readonly given: string[];
}

/** One option of the command line: its form, the command it belongs to, and what it sets. */
interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  /** The commands that accept it; every one when left out. */
  readonly commands?: readonly CommandName[];
  /** Checks the value and records it; throws a UsageError naming the option. */
  readonly apply: (state: ParseState, value: string, rawName: string) => void;
}

/** Every option but `--help`, which `parseArgs` answers before any other. */
const OPTIONS: { readonly [name: string]: OptionSpec } = {
  'format': { type: 'string', commands: ['scan', 'audit'], apply: (state, value) => (state.format = outputFormat(value)) },
  'output': {
    type: 'string',
    short: 'o',
    commands: ['scan', 'audit', 'policy scp', 'policy guard-rules'],
    apply: (state, value) => (state.output = value),
  },
  'allow-authorizer-type': { type: 'string', apply: (state, value) => state.allowedTypes.push(authorizerType(value, state.command)) },
  'allow-exemptions': { type: 'boolean', commands: ['scan'], apply: (state) => (state.allowExemptions = true) },
  'allow-authenticate-only-with-enforced-policy-engine': {
    type: 'boolean',
    commands: ['scan', 'audit', 'remediate', 'policy guard-rules'],
    apply: (state) => (state.allowAuthenticateOnly = true),
  },
  'allow-template-url-prefix': { type: 'string', commands: ['scan'], apply: (state, value) => state.allowedPrefixes.push(templateUrlPrefix(value)) },
  'region': { type: 'string', commands: ['audit', 'remediate'], apply: (state, value) => addRegions(state.regions, value) },
  'all-regions': { type: 'boolean', commands: ['audit'], apply: (state) => (state.allRegions = true) },
  'profile': { type: 'string', commands: ['audit', 'remediate'], apply: (state, value) => (state.profile = value) },
  'endpoint-url': { type: 'string', commands: ['audit', 'remediate'], apply: (state, value) => (state.endpointUrl = endpointUrl(value)) },
  'max-attempts': { type: 'string', commands: ['audit', 'remediate'], apply: (state, value) => (state.maxAttempts = maxAttempts(value)) },
  'gateway': { type: 'string', commands: ['remediate'], apply: (state, value) => state.gateways.push(value) },
  'template': { type: 'string', commands: ['remediate'], apply: (state, value, name) => (state.template = once(state.template, value, name)) },
  'authorization': { type: 'string', commands: ['remediate'], apply: (state, value, name) => (state.authorization = authorizationKind(state.authorization, value, name)) },
  'discovery-url': { type: 'string', commands: ['remediate'], apply: (state, value, name) => (state.discoveryUrl = once(state.discoveryUrl, value, name)) },
  'allowed-clients': { type: 'string', commands: ['remediate'], apply: (state, value) => (state.allowedClients = [...(state.allowedClients ?? []), ...list(value)]) },
  'allowed-audience': { type: 'string', commands: ['remediate'], apply: (state, value) => (state.allowedAudience = [...(state.allowedAudience ?? []), ...list(value)]) },
  'allowed-scopes': { type: 'string', commands: ['remediate'], apply: (state, value) => (state.allowedScopes = [...(state.allowedScopes ?? []), ...list(value)]) },
  'gateway-name': { type: 'string', commands: ['remediate'], apply: (state, value, name) => (state.gatewayName = once(state.gatewayName, value, name)) },
  'out': { type: 'string', commands: ['remediate'], apply: (state, value, name) => (state.out = once(state.out, value, name)) },
  'skip-unsupported': { type: 'boolean', commands: ['remediate'], apply: (state) => (state.skipUnsupported = true) },
  'allow-discovery-url': {
    type: 'string',
    commands: ['policy scp'],
    apply: (state, value, rawName) => addOnce(state.discoveryUrls, policyValue(rawName, value, discoveryUrlPatternProblem)),
  },
  'break-glass-principal': {
    type: 'string',
    commands: ['policy scp'],
    apply: (state, value, rawName) => addOnce(state.breakGlassPrincipals, policyValue(rawName, value, breakGlassPrincipalProblem)),
  },
};

/** Parses the arguments after the program name. */
export function parseArgs(argv: readonly string[]): Command {
  const [first, ...rest] = argv;
  if (first === undefined) {
    throw new UsageError(`no command given: use ${COMMAND_LIST}`);
  }
  if (first === '-h' || first === '--help' || first === 'help') {
    const topic = rest[0];
    return { kind: 'help', topic: isCommandWord(topic) ? topic : undefined };
  }
  if (first === '--version' || first === '-v') {
    return { kind: 'version' };
  }
  if (!isCommandWord(first)) {
    throw new UsageError(first.startsWith('-') ? `put the command (${COMMAND_LIST}) before the option ${first}` : `unknown command '${first}': use ${COMMAND_LIST}`);
  }
  if (first === 'policy') {
    const [policy, ...options] = rest;
    if (policy === '-h' || policy === '--help') {
      return { kind: 'help', topic: 'policy' };
    }
    if (!POLICY_NAMES.includes(policy as PolicyName)) {
      throw new UsageError(policy === undefined ? 'policy needs a policy name: scp or guard-rules' : `unknown policy '${policy}': use scp or guard-rules`);
    }
    return parseCommand(first, `policy ${policy as PolicyName}`, options);
  }
  return parseCommand(first, first, rest);
}

const COMMAND_LIST = wordList(COMMANDS, 'or');

function isCommandWord(value: string | undefined): value is CommandWord {
  return (COMMANDS as readonly string[]).includes(value ?? '');
}

/** `a`, `a and b`, `a, b and c`. */
function wordList(words: readonly string[], conjunction: 'and' | 'or'): string {
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} ${conjunction} ${words[words.length - 1]}`;
}

/** The commands an option belongs to, as its usage error names them: both policies together are `policy`. */
function commandList(commands: readonly CommandName[]): string {
  const bothPolicies = POLICY_NAMES.every((policy) => commands.includes(`policy ${policy}`));
  const words = bothPolicies ? [...commands.filter((c) => !c.startsWith('policy ')), 'policy'] : commands;
  return wordList(words, 'and');
}

function parseCommand(word: CommandWord, command: CommandName, rest: string[]): Command {
  const state: ParseState = {
    command,
    format: 'table',
    allowedTypes: [],
    allowExemptions: false,
    allowAuthenticateOnly: false,
    allowedPrefixes: [],
    regions: [],
    allRegions: false,
    maxAttempts: DEFAULT_RETRY_POLICY.maxAttempts,
    gateways: [],
    skipUnsupported: false,
    discoveryUrls: [],
    breakGlassPrincipals: [],
    given: [],
  };
  const positional: string[] = [];
  for (const token of tokenize(rest)) {
    if (token.kind === 'positional') {
      positional.push(token.value);
    } else if (token.kind === 'option') {
      if (token.name === 'help') {
        return { kind: 'help', topic: word };
      }
      applyOption(state, token);
    }
  }
  switch (command) {
    case 'scan':
      return scanCommand(state, positional);
    case 'audit':
      return auditCommand(state, positional);
    case 'remediate':
      return remediateCommand(state, positional);
    case 'policy scp':
    case 'policy guard-rules':
      return policyCommand(state, positional);
  }
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
  if (spec.commands && !spec.commands.includes(state.command)) {
    const hint = token.name === 'output' && state.command === 'remediate' ? ' (remediate writes to --out)' : '';
    throw new UsageError(`${token.rawName} is an option of ${commandList(spec.commands)}, not of ${state.command}${hint}`);
  }
  state.given.push(`--${token.name}`);
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
function authorizerType(value: string, command: CommandName): string {
  const type = value.trim();
  const [problem] = authorizerTypeProblems([type]);
  if (problem?.kind === 'none') {
    throw new UsageError('--allow-authorizer-type NONE is refused: a gateway without authorization is never compliant');
  }
  if (problem?.kind === 'authenticate-only' && command.startsWith('policy ')) {
    throw new UsageError(
      '--allow-authorizer-type AUTHENTICATE_ONLY is refused: the policy would pass AUTHENTICATE_ONLY gateways without checking the ' +
        'policy engine that authorizes their calls (rule AGW8); without it the policy refuses them',
    );
  }
  if (problem?.kind === 'authenticate-only') {
    throw new UsageError(
      '--allow-authorizer-type AUTHENTICATE_ONLY is refused: it would pass AUTHENTICATE_ONLY gateways without the policy engine that ' +
        'authorizes their calls; use --allow-authenticate-only-with-enforced-policy-engine (rule AGW8)',
    );
  }
  if (problem) {
    throw new UsageError(`--allow-authorizer-type '${type}' is not an authorizer type (upper case with underscores, like CUSTOM_JWT)`);
  }
  return type;
}

/** A value of a `policy scp` option, judged by the policy's own validator; the wording is the command line's. */
function policyValue(rawName: string, value: string, problemOf: (value: string) => OptionProblem | undefined): string {
  const problem = problemOf(value);
  if (problem) {
    throw new UsageError(`${rawName} '${value}' ${problem.rule}. Fix: ${problem.fix}`);
  }
  return value;
}

function addOnce(values: string[], value: string): void {
  if (!values.includes(value)) {
    values.push(value);
  }
}

/** The guard's one validator decides, as for the allowedTemplateUrlPrefixes prop. */
function templateUrlPrefix(value: string): string {
  const prefix = value.trim();
  const [problem] = templateUrlPrefixProblems([prefix]);
  if (problem) {
    throw new UsageError(`--allow-template-url-prefix ${problem.problem}: ${problem.fix}`);
  }
  return prefix;
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

function common(state: ParseState): CommonOptions {
  return {
    format: state.format,
    output: state.output,
    additionalAllowedAuthorizerTypes: state.allowedTypes,
    allowAuthenticateOnlyWithEnforcedPolicyEngine: state.allowAuthenticateOnly,
  };
}

function scanCommand(state: ParseState, positional: string[]): Command {
  if (positional.length === 0) {
    throw new UsageError('scan needs at least one path: a template file, a folder of templates, or a cdk.out folder');
  }
  return {
    kind: 'scan',
    paths: positional,
    allowExemptions: state.allowExemptions,
    allowedTemplateUrlPrefixes: state.allowedPrefixes,
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

function policyCommand(state: ParseState, positional: string[]): Command {
  const policy: PolicyName = state.command === 'policy scp' ? 'scp' : 'guard-rules';
  if (positional.length > 0) {
    throw new UsageError(`${state.command} takes no arguments (got ${positional.join(' ')})`);
  }
  const command: Extract<Command, { kind: 'policy' }> = {
    kind: 'policy',
    policy,
    output: state.output,
    additionalAllowedAuthorizerTypes: state.allowedTypes,
    allowAuthenticateOnlyWithEnforcedPolicyEngine: state.allowAuthenticateOnly,
    allowedDiscoveryUrls: state.discoveryUrls.length > 0 ? state.discoveryUrls : undefined,
    breakGlassPrincipalArns: state.breakGlassPrincipals.length > 0 ? state.breakGlassPrincipals : undefined,
  };
  const tooLarge = policy === 'scp' ? scpSizeProblem(command) : undefined;
  if (tooLarge) {
    throw new UsageError(`${tooLarge.rule}. Fix: ${tooLarge.fix}`);
  }
  return command;
}

/** A value that may be given once: a second one is a contradiction, not an override. */
function once(current: string | undefined, value: string, name: string): string {
  if (current !== undefined && current !== value) {
    throw new UsageError(`${name} is given twice ('${current}' and '${value}'); give it once`);
  }
  return value;
}

function authorizationKind(current: string | undefined, value: string, name: string): AuthorizationChoice['kind'] {
  const kind = AUTHORIZATION_KINDS.find((k) => k === value.trim());
  if (kind === undefined) {
    throw new UsageError(`unknown authorization '${value}': use ${AUTHORIZATION_KINDS.join(', ')}`);
  }
  return once(current, kind, name) as AuthorizationChoice['kind'];
}

/** A comma-separated list; an empty item is kept so that the value's own check can name it. */
function list(value: string): string[] {
  return value.split(',').map((item) => item.trim());
}

/** --authorization and the options of the kind it names; the values are `validateAuthorizationChoice`'s to judge. */
function authorizationChoice(state: ParseState): AuthorizationChoice {
  const kind = state.authorization ?? 'cognito-m2m';
  const jwtOptions = JWT_ONLY.filter((option) => state.given.includes(option));
  if (kind !== 'jwt') {
    if (jwtOptions.length > 0) {
      throw new UsageError(`${jwtOptions.join(', ')} ${jwtOptions.length === 1 ? 'configures' : 'configure'} --authorization jwt, not ${kind}`);
    }
    return { kind };
  }
  if (state.discoveryUrl === undefined) {
    throw new UsageError('--authorization jwt needs --discovery-url <the provider\'s .well-known/openid-configuration URL>');
  }
  return {
    kind,
    discoveryUrl: state.discoveryUrl,
    allowedClients: state.allowedClients,
    allowedAudience: state.allowedAudience,
    allowedScopes: state.allowedScopes,
  };
}

/** The options of remediate that read a deployed gateway, and those that shape the JWT authorizer. */
const LIVE_ONLY = ['--region', '--profile', '--endpoint-url', '--max-attempts', '--gateway-name', '--skip-unsupported'];
const JWT_ONLY = ['--discovery-url', '--allowed-clients', '--allowed-audience', '--allowed-scopes'];

/**
 * The combinations of remediate's options. The values themselves (an ARN, a region that contradicts it,
 * the JWT settings) are judged by `runRemediate`, which is also called without a command line.
 */
function remediateCommand(state: ParseState, positional: string[]): Command {
  if (positional.length > 0) {
    throw new UsageError(`remediate takes no paths (got ${positional.join(' ')}); name the gateway with --gateway or the template with --template`);
  }
  const template = state.template;
  if (template === undefined && state.gateways.length === 0) {
    throw new UsageError('remediate needs --gateway <id or ARN> (a deployed gateway) or --template <file>');
  }
  if (template !== undefined) {
    const live = LIVE_ONLY.filter((option) => state.given.includes(option));
    if (live.length > 0) {
      throw new UsageError(`${live.join(', ')} ${live.length === 1 ? 'is' : 'are'} for a deployed gateway, not for --template (which reads only the file)`);
    }
  } else if (state.gateways.length > 1) {
    throw new UsageError(`remediate replaces one deployed gateway at a time (got --gateway ${state.gateways.join(', ')}); run it once for each`);
  }
  if (state.regions.length > 1) {
    throw new UsageError(`remediate reads one gateway in one region (got --region ${state.regions.join(',')})`);
  }
  const authorization = authorizationChoice(state);
  const options: RemediateCommandOptions = {
    authorization,
    additionalAllowedAuthorizerTypes: state.allowedTypes,
    allowAuthenticateOnlyWithEnforcedPolicyEngine: state.allowAuthenticateOnly,
    out: state.out,
    ...(template !== undefined
      ? { template, logicalIds: state.gateways.length > 0 ? state.gateways : undefined }
      : {
        gateway: state.gateways[0],
        region: state.regions[0],
        profile: state.profile,
        endpointUrl: state.endpointUrl,
        maxAttempts: state.maxAttempts,
        gatewayName: state.gatewayName,
        skipUnsupported: state.skipUnsupported,
      }),
  };
  return { kind: 'remediate', options };
}

import * as fs from 'fs';
import * as path from 'path';
import { stringify as toYaml } from 'yaml';
import { AuthorizationChoice, validateAuthorizationChoice } from './authorization-choice';
import { planReplacement, ReplacementPlan, SourceIdentity } from './plan';
import { formatProblem, Problem } from './problems';
import { readSourceGateway, RemediationError } from './read-source';
import { renderReplacementApp } from './render-app';
import { remediateTemplate, TemplateReplacement } from './template-remediation';
import { loadSdk, RemediationControlPlaneFactory, SdkUnavailableError, sdkControlPlaneFactory } from '../audit/control-plane';
import { isRegionName } from '../audit/regions';
import { DEFAULT_RETRY_POLICY, RetryPolicy } from '../audit/retry';
import { packageVersion } from '../engine/package-version';
import { describeFsError, loadTemplateFile } from '../scan/template-loader';

/*
 * `agentcore-gateway-guard remediate`: what the command does once its flags are parsed (src/cli/args.ts
 * holds the flags and their help text). It returns what happened as a status and messages; the CLI
 * prints them and maps the status to an exit code, so this module never imports the CLI.
 */

/** Parsed options of `remediate` (see the flag list above). */
export interface RemediateCommandOptions {
  /** Live mode: the gateway ID or ARN. */
  readonly gateway?: string;
  /** Template mode: the template file. */
  readonly template?: string;
  /** Template mode: the logical IDs of the gateways to replace. */
  readonly logicalIds?: readonly string[];
  readonly region?: string;
  readonly profile?: string;
  readonly endpointUrl?: string;
  readonly maxAttempts?: number;
  readonly authorization: AuthorizationChoice;
  readonly gatewayName?: string;
  /** A directory (live mode) or a file (template mode). */
  readonly out?: string;
  readonly skipUnsupported?: boolean;
  readonly additionalAllowedAuthorizerTypes?: string[];
  /** Accept AUTHENTICATE_ONLY behind a policy engine in ENFORCE mode (AGW8) when judging, as scan and audit do. */
  readonly allowAuthenticateOnlyWithEnforcedPolicyEngine?: boolean;
}

/**
 * How a run ended: `written` (the app or the templates), `nothing-to-do` (already secure), `refused` (the
 * gateway cannot be reproduced faithfully, or needs an in-place fix rather than a replacement), `failed`
 * (bad input, a read or a write that failed).
 */
export type RemediateStatus = 'written' | 'nothing-to-do' | 'refused' | 'failed';

/** What the command did, for the CLI to print. */
export interface RemediateResult {
  readonly status: RemediateStatus;
  /** What was done (or that nothing needs doing), for standard output. */
  readonly report: string;
  /** Why it was refused or failed: one message each, maybe several lines, without the program name. */
  readonly errors: readonly string[];
  /** Worth telling, but did not stop the run. */
  readonly warnings: readonly string[];
  /** Files written, relative to the working directory as the user named them. */
  readonly written: readonly string[];
}

/** What the command needs from its surroundings; tests replace them. */
export interface RemediateDependencies {
  /** The control plane; default: the AWS SDK's, loaded from `sdkModule`. */
  readonly controlPlane?: RemediationControlPlaneFactory;
  readonly sdkModule?: string;
  /** The version range of cdk-secure-agentcore-gateway in the generated package.json. */
  readonly libraryVersion?: string;
  readonly retry?: RetryPolicy;
  /** Where relative paths start. Default: the process's working directory. */
  readonly cwd?: string;
}

const GATEWAY_ARN = /^arn:aws[a-z-]*:bedrock-agentcore:([a-z0-9-]+):\d{12}:gateway\/([0-9a-zA-Z][0-9a-zA-Z-]*)$/;

/** Runs `remediate`; never throws for bad input, a failed read or an unwritable path (status `failed`). */
export async function runRemediate(options: RemediateCommandOptions, deps: RemediateDependencies = {}): Promise<RemediateResult> {
  try {
    const problems = validateAuthorizationChoice(options.authorization);
    if (problems.length > 0) {
      throw new RemediationError(`invalid authorization options:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    }
    if ((options.gateway === undefined) === (options.template === undefined)) {
      throw new RemediationError('remediate needs either --gateway <id or ARN> (a deployed gateway) or --template <file>');
    }
    return options.template !== undefined ? runTemplate(options, options.template, deps) : await runLive(options, options.gateway!, deps);
  } catch (error) {
    if (error instanceof RemediationError || error instanceof SdkUnavailableError) {
      return { status: 'failed', report: '', errors: [error.message], warnings: [], written: [] };
    }
    throw error;
  }
}

async function runLive(options: RemediateCommandOptions, gateway: string, deps: RemediateDependencies): Promise<RemediateResult> {
  const { gatewayId, region } = gatewayAndRegion(gateway, options.region);
  const factory =
    deps.controlPlane ?? sdkControlPlaneFactory({ profile: options.profile, endpointUrl: options.endpointUrl }, loadSdk(deps.sdkModule, 'remediate'));
  const retry = deps.retry ?? { ...DEFAULT_RETRY_POLICY, maxAttempts: options.maxAttempts ?? DEFAULT_RETRY_POLICY.maxAttempts };
  const source = await readSourceGateway(factory(region), gatewayId, region, retry);
  const outcome = planReplacement(source, {
    authorization: options.authorization,
    gatewayName: options.gatewayName,
    skipUnsupported: options.skipUnsupported,
    additionalAllowedAuthorizerTypes: options.additionalAllowedAuthorizerTypes,
    allowAuthenticateOnlyWithEnforcedPolicyEngine: options.allowAuthenticateOnlyWithEnforcedPolicyEngine,
  });
  switch (outcome.kind) {
    case 'nothing-to-do':
      return done(`${describeSource(outcome.source)} passes every rule (${outcome.evaluation.authorization}). Nothing to do.\n`);
    case 'fix-in-place':
      return refused(
        `${describeSource(outcome.source)} needs no replacement: its findings are fixed in place with update-gateway.\n` +
          outcome.source.findings.map((f) => `  [${f.ruleId}] ${f.message}\n    Fix: ${f.fix}`).join('\n'),
      );
    case 'unsupported':
      return refused(
        `cannot reproduce ${describeSource(outcome.source)} faithfully, so nothing was written:\n` +
          outcome.problems.map((p) => `  - ${formatProblem(p)}\n`).join('') +
          'Rerun with --skip-unsupported to write the app without them (its README lists them), or re-create them by hand afterwards.',
      );
    case 'replace':
      return writeApp(outcome.plan, options.out, deps);
  }
}

function gatewayAndRegion(gateway: string, region: string | undefined): { gatewayId: string; region: string } {
  const arn = GATEWAY_ARN.exec(gateway);
  if (region !== undefined && !isRegionName(region)) {
    throw new RemediationError(`'${region}' is not a region name (like us-east-1)`);
  }
  if (arn) {
    if (region !== undefined && region !== arn[1]) {
      throw new RemediationError(`--region ${region} contradicts the gateway ARN, which is in ${arn[1]}`);
    }
    return { gatewayId: arn[2], region: arn[1] };
  }
  if (gateway.startsWith('arn:')) {
    throw new RemediationError(`--gateway ${JSON.stringify(gateway)} is not a gateway ARN (arn:aws:bedrock-agentcore:<region>:<account>:gateway/<id>)`);
  }
  if (!/^[0-9a-zA-Z][0-9a-zA-Z-]{0,127}$/.test(gateway)) {
    throw new RemediationError(`--gateway ${JSON.stringify(gateway)} is neither a gateway ID nor a gateway ARN`);
  }
  if (region === undefined) {
    throw new RemediationError(`--gateway ${gateway} is an ID: name its region with --region, or pass the gateway ARN`);
  }
  return { gatewayId: gateway, region };
}

function writeApp(plan: ReplacementPlan, out: string | undefined, deps: RemediateDependencies): RemediateResult {
  const dir = out ?? plan.newName;
  const files = renderReplacementApp(plan, { libraryVersion: deps.libraryVersion ?? defaultLibraryVersion() });
  const absolute = path.resolve(deps.cwd ?? process.cwd(), dir);
  assertEmptyOrAbsent(absolute, dir);
  const written: string[] = [];
  try {
    for (const [name, content] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(absolute, name)), { recursive: true });
      fs.writeFileSync(path.join(absolute, name), content);
      written.push(path.join(dir, name));
    }
  } catch (error) {
    throw new RemediationError(`cannot write the app to ${dir}: ${describeFsError(error)}`);
  }
  return { status: 'written', report: summarizeApp(plan, dir), errors: [], warnings: plan.warnings, written };
}

function assertEmptyOrAbsent(absolute: string, shown: string): void {
  let entries: string[];
  try {
    entries = fs.readdirSync(absolute);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return;
    throw new RemediationError(`cannot use ${shown} for the app: ${describeFsError(error)}`);
  }
  if (entries.length > 0) {
    throw new RemediationError(`${shown} is not empty; choose another --out or empty it (remediate never overwrites files)`);
  }
}

function summarizeApp(plan: ReplacementPlan, dir: string): string {
  const s = plan.source;
  const kinds = new Map<string, number>();
  plan.targets.forEach((t) => kinds.set(t.kind, (kinds.get(t.kind) ?? 0) + 1));
  const kindText = [...kinds].map(([k, n]) => `${k} ${n}`).join(', ');
  const settings = Object.keys(plan.gateway.settings).join(', ') || 'none';
  const hatches = plan.gateway.escapeHatches.map((h) => h.property).join(', ');
  const lines = [
    `${describeSource(s)}: ${s.findings.map((f) => f.ruleId).join(', ')}.`,
    `Wrote the CDK app of its secure replacement ${JSON.stringify(plan.newName)} (${plan.authorization.kind}) to ${dir}/:`,
    '  README.md                          the cut-over runbook: deploy, credentials, switch, watch traffic, delete',
    '  bin/app.ts                         the App, with RequireGatewayAuthorization applied',
    '  lib/replacement-gateway-stack.ts   SecureAgentCoreGateway, escape hatches, targets, outputs',
    '  lib/source-targets.ts              every target\'s configuration, field by field',
    '  package.json cdk.json tsconfig.json .gitignore',
    `Reproduced: ${plan.targets.length} of ${plan.sourceTargetIds.length} target(s)${kindText ? ` (${kindText})` : ''}; gateway settings: ${settings}.`,
  ];
  if (hatches) lines.push(`Through the L1 escape hatch: ${hatches}.`);
  if (plan.skipped.length > 0) {
    lines.push('NOT reproduced (--skip-unsupported), listed in the README:', ...plan.skipped.map((p) => `  - ${formatProblem(p)}`));
  }
  lines.push(`Next: cd ${dir} && npm install && npx cdk deploy, then follow README.md.`);
  return `${lines.join('\n')}\n`;
}

function describeSource(s: SourceIdentity): string {
  return `Gateway ${s.gatewayId} (${JSON.stringify(s.name)}) in ${s.region}, authorizer type ${JSON.stringify(s.authorizerType)}`;
}

function runTemplate(options: RemediateCommandOptions, file: string, deps: RemediateDependencies): RemediateResult {
  if (options.gateway !== undefined || options.region !== undefined || options.gatewayName !== undefined) {
    throw new RemediationError('--template takes logical IDs (--gateway in template mode), not a region or gateway name');
  }
  const cwd = deps.cwd ?? process.cwd();
  const loaded = loadTemplateFile(path.resolve(cwd, file));
  if (!loaded.ok) {
    throw new RemediationError(loaded.problem);
  }
  const outcome = remediateTemplate(loaded.template, {
    authorization: options.authorization,
    logicalIds: options.logicalIds,
    additionalAllowedAuthorizerTypes: options.additionalAllowedAuthorizerTypes,
    allowAuthenticateOnlyWithEnforcedPolicyEngine: options.allowAuthenticateOnlyWithEnforcedPolicyEngine,
  });
  if (outcome.kind === 'nothing-to-do') {
    return done(`${file}: ${outcome.evaluations.length} gateway(s), every one passes the rules. Nothing to do.\n`);
  }
  if (outcome.kind === 'fix-in-place') {
    return refused(
      `${file}: no gateway needs a replacement; fix these in place:\n` +
        outcome.evaluations.flatMap((e) => e.findings.map((f) => `  ${e.logicalId} [${f.ruleId}] ${f.message}\n    Fix: ${f.fix}`)).join('\n'),
    );
  }
  const ext = path.extname(file);
  const out = options.out ?? path.join(path.dirname(file), `${path.basename(file, ext)}.secure${ext || '.yaml'}`);
  const outExt = path.extname(out);
  const cutoverOut = path.join(path.dirname(out), `${path.basename(out, outExt)}.cutover${outExt}`);
  for (const target of [out, cutoverOut]) {
    if (fs.existsSync(path.resolve(cwd, target))) {
      throw new RemediationError(`${target} exists; choose another --out or remove it (remediate never overwrites files)`);
    }
  }
  // The format the loader read it in: JSON for .json, YAML (long-form intrinsics) for everything else.
  const render = (doc: unknown) => (ext.toLowerCase() === '.json' ? `${JSON.stringify(doc, undefined, 2)}\n` : toYaml(doc, { lineWidth: 0 }));
  const written: string[] = [];
  try {
    for (const [target, doc] of [[cutoverOut, outcome.cutover], [out, outcome.corrected]] as const) {
      fs.mkdirSync(path.dirname(path.resolve(cwd, target)), { recursive: true });
      fs.writeFileSync(path.resolve(cwd, target), render(doc));
      written.push(target);
    }
  } catch (error) {
    throw new RemediationError(`cannot write ${written.length === 0 ? cutoverOut : out}: ${describeFsError(error)}`);
  }
  return { status: 'written', report: summarizeTemplate(file, cutoverOut, out, outcome.replacements), errors: [], warnings: [], written };
}

function summarizeTemplate(file: string, cutover: string, corrected: string, replacements: readonly TemplateReplacement[]): string {
  const lines = [`${file}: each insecure gateway gets a secure copy under a new logical ID and name (the chosen authorization, every other property kept):`];
  for (const r of replacements) {
    lines.push(`  ${r.sourceLogicalId} [${r.evaluation.findings.map((f) => f.ruleId).join(', ')}] -> ${r.replacementLogicalId}`);
    for (const [from, to] of r.targets) lines.push(`    target ${from} -> ${to}`);
  }
  lines.push(
    `Wrote ${cutover}: step 1, the old gateways and their secure copies side by side (new URLs in outputs ${replacements.map((r) => r.outputId).join(', ')}).`,
    `Wrote ${corrected}: step 2, the corrected template: the copies only, every reference moved to them.`,
    'Cut-over without an outage: deploy step 1 (the old gateways keep serving), give callers credentials for the new',
    'authorization and move them to the new URLs, watch each old gateway\'s Invocations metric (namespace',
    'AWS/Bedrock-AgentCore, dimensions Operation=InvokeGateway, Protocol=MCP, Resource=<old gateway ARN>) fall to zero,',
    'then deploy step 2, which deletes the old gateways and their targets.',
  );
  return `${lines.join('\n')}\n`;
}

function done(report: string): RemediateResult {
  return { status: 'nothing-to-do', report, errors: [], warnings: [], written: [] };
}

function refused(error: string): RemediateResult {
  return { status: 'refused', report: '', errors: [error], warnings: [], written: [] };
}

/** The version of this package as a range for the generated app (`latest` for an unreleased build). */
function defaultLibraryVersion(): string {
  const version = packageVersion();
  return version !== undefined && version !== '0.0.0' ? `^${version}` : 'latest';
}

export type { AuthorizationChoice, Problem };

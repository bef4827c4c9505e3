// Reports of an evaluation run: a JSON report for people and scripts, SARIF 2.1.0 for code-scanning
// tools, and the text of each finding that a person reads. Pure functions over evaluations.
import { displayPath, printable } from './display';
import { GatewayEvaluation, GatewayVerdict, GuardFinding } from './evaluate';
import { ALL_RULES, EntryPoint, fixFor } from './rules';
import { plural, wrap } from './text-layout';

/** Where and by what a report was produced. */
export interface ReportMeta {
  /** Name of the producing tool. Default `cdk-secure-agentcore-gateway`. */
  readonly toolName?: string;
  /** Version of the producing tool. */
  readonly toolVersion?: string;
  /** What was checked, e.g. `cdk synth` or a folder. */
  readonly source?: string;
  /** ISO timestamp. Left out by default so that reports of the same input are identical. */
  readonly generatedAt?: string;
  /** Who reads the report, which decides the wording of each rule's fix. Default `cdk`. */
  readonly entryPoint?: EntryPoint;
}

export const JSON_REPORT_FORMAT = 'cdk-secure-agentcore-gateway/guard-report@1';
const DEFAULT_TOOL = 'cdk-secure-agentcore-gateway';
const INFORMATION_URI = 'https://github.com/cdk-secure-agentcore-gateway/cdk-secure-agentcore-gateway#guard';

/** Where a gateway is, as one string: `Prod/Api/Gateway/Resource (Prod/Api, logical ID GatewayX)`. */
export function describeWhere(evaluation: GatewayEvaluation): string {
  const context = [evaluation.location, `logical ID ${evaluation.logicalId}`].filter((x) => x !== undefined);
  const subject = evaluation.constructPath ?? evaluation.logicalId;
  return `${subject} (${context.join(', ')})`;
}

/** Where the finding-text lines wrap, and how far the lines under a finding's headline are indented. */
const TEXT_WIDTH = 100;
const FIELD_INDENT = '  ';

/** What `formatFindingLines` puts under a finding's headline besides where and what. */
export interface FindingLineOptions {
  /** The fix to show: the finding's own fix (the default), another text (e.g. a reference to an earlier one), or none. */
  readonly fix?: string | false;
  /** Put before every line. Default none. */
  readonly indent?: string;
}

/**
 * One finding as short lines a person reads, each wrapped at 100 columns:
 *
 *     [AGW1] Gateway has no inbound authorization (AuthorizerType NONE)
 *       where: Prod/Api/Gateway/Resource (Prod/Api, logical ID Gateway) at Properties.AuthorizerType
 *       what:  AuthorizerType is NONE.
 *       fix:   Use SecureAgentCoreGateway, or give the aws-cdk-lib Gateway an authorizer with ...
 *
 * The why stays in the reports (JSON `rules`, SARIF rule descriptions), so the lines say what to do.
 * Control characters from the template are shown as escapes.
 */
export function formatFindingLines(evaluation: GatewayEvaluation, finding: GuardFinding, options: FindingLineOptions = {}): string[] {
  const indent = options.indent ?? '';
  const fix = options.fix === undefined ? finding.fix : options.fix;
  const field = (label: string, text: string) => findingField(label, text, indent);
  const title = ALL_RULES.find((r) => r.id === finding.ruleId)?.title;
  return [
    ...wrap(`[${finding.ruleId}]${title ? ` ${title}` : ''}`, indent, `${indent}${FIELD_INDENT}`, TEXT_WIDTH),
    ...field('where:', `${describeWhere(evaluation)} at ${finding.propertyPath}`),
    ...field('what:', finding.message),
    ...(fix === false ? [] : field('fix:', fix)),
  ];
}

/** The width of a label (`where:`, `what:`, `fix:`, `exempt:`) under a finding's headline, with its space. */
const LABEL_WIDTH = 8;

/** One labelled field under a finding's headline (`  where: ...`), wrapped with its text aligned. */
export function findingField(label: string, text: string, indent = ''): string[] {
  return wrap(text, `${indent}${FIELD_INDENT}${label.padEnd(LABEL_WIDTH)}`, `${indent}${FIELD_INDENT}${' '.repeat(LABEL_WIDTH)}`, TEXT_WIDTH);
}

/** One finding as text (the lines of `formatFindingLines`): an error annotation, or one entry of a list. */
export function formatFinding(evaluation: GatewayEvaluation, finding: GuardFinding): string {
  return formatFindingLines(evaluation, finding).join('\n');
}

/** `formatFinding` of every finding of the gateways that fail (not the exempt ones). */
export function formatViolations(evaluations: readonly GatewayEvaluation[]): string[] {
  return evaluations.filter((e) => e.verdict === 'NON_COMPLIANT').flatMap((e) => e.findings.map((f) => formatFinding(e, f)));
}

/** What a blocked synthesis reports to the person who ran it. */
export interface BlockedSynthesis {
  /** The gateways and gateway resource policies that fail (their findings are listed in this order). */
  readonly failing: readonly GatewayEvaluation[];
  /** Templates the guard could not check, one sentence each. */
  readonly problems?: readonly string[];
  /** The JSON report file (the SARIF file is next to it); shown with `displayPath`. */
  readonly reportFile: string;
  /** Put before the headline, e.g. `RequireGatewayAuthorization`, when nothing else names the guard. */
  readonly label?: string;
}

/**
 * The error that fails synthesis: a headline, every finding of every failing gateway in short lines (a fix
 * that an earlier finding already gave is referred to, not repeated), the problems, and once, where the
 * report is, all indented under the headline. Lines after the first start with two more spaces, as CDK
 * indents the errors it lists, so that the text reads the same in CDK's list and as an error of its own.
 */
export function formatBlockedSynthesis(blocked: BlockedSynthesis): string {
  const headline = `${blockedHeadline(blocked.failing)}:`;
  const lines = [printable(blocked.label ? `${blocked.label}: ${headline}` : headline)];
  const fixGivenBy = new Map<string, string>();
  for (const evaluation of blocked.failing) {
    for (const finding of evaluation.findings) {
      const first = fixGivenBy.get(finding.fix);
      lines.push(...formatFindingLines(evaluation, finding, { indent: FIELD_INDENT, fix: first === undefined ? finding.fix : `as for ${first} above.` }));
      if (first === undefined) fixGivenBy.set(finding.fix, `${finding.ruleId} at ${evaluation.constructPath ?? evaluation.logicalId}`);
    }
  }
  for (const problem of blocked.problems ?? []) lines.push(...wrap(problem, FIELD_INDENT, FIELD_INDENT.repeat(2), TEXT_WIDTH));
  // The path on a line of its own, never broken, so that it can be copied.
  lines.push(`${FIELD_INDENT}Why each rule matters, and every gateway checked, in the report:`, printable(`${FIELD_INDENT.repeat(2)}${displayPath(blocked.reportFile)} (and SARIF next to it)`));
  return lines.join('\n  ');
}

/**
 * What fails, counted: `2 AgentCore gateways would deploy without enforced inbound authorization`, and/or
 * `1 gateway resource policy would let any AWS account invoke a gateway` (AGW9), joined with `; `.
 */
function blockedHeadline(failing: readonly GatewayEvaluation[]): string {
  const policies = failing.filter((e) => e.resourceType !== undefined).length;
  const gateways = failing.length - policies;
  const parts = [
    gateways > 0 ? `${plural(gateways, 'AgentCore gateway')} would deploy without enforced inbound authorization` : '',
    policies > 0 ? `${plural(policies, 'gateway resource policy', 'gateway resource policies')} would let any AWS account invoke a gateway` : '',
  ].filter((part) => part !== '');
  return parts.length > 0 ? parts.join('; ') : 'some AgentCore gateways cannot be checked';
}

/** Counts of the resources checked, and of their verdicts (gateways and resource policies together). */
export interface ReportSummary {
  readonly gateways: number;
  /** Resource policies attached to gateways (AGW9); left out when there are none. */
  readonly resourcePolicies?: number;
  readonly compliant: number;
  readonly nonCompliant: number;
  readonly exempt: number;
}

/** One gateway in the JSON report (absent keys are left out of the file). */
export interface ReportedGateway {
  /** Set for a resource that is not a gateway: `AWS::BedrockAgentCore::ResourcePolicy` (AGW9). */
  readonly resourceType?: string;
  readonly constructPath?: string;
  readonly location?: string;
  readonly templatePath?: string;
  readonly logicalId: string;
  readonly authorization: string;
  readonly verdict: GatewayVerdict;
  readonly exemptionReason?: string;
  readonly findings: ReadonlyArray<{ readonly ruleId: string; readonly propertyPath: string; readonly message: string }>;
}

/** The JSON report file, for programs that read it (format `cdk-secure-agentcore-gateway/guard-report@1`). */
export interface GuardJsonReport {
  readonly format: string;
  readonly tool: { readonly name: string; readonly version?: string };
  readonly source?: string;
  readonly generatedAt?: string;
  readonly summary: ReportSummary;
  readonly rules: ReadonlyArray<{ readonly id: string; readonly title: string; readonly why: string; readonly fix: string }>;
  readonly gateways: ReportedGateway[];
}

export function summarize(evaluations: readonly GatewayEvaluation[]): ReportSummary {
  const policies = evaluations.filter((e) => e.resourceType !== undefined).length;
  return {
    gateways: evaluations.length - policies,
    resourcePolicies: policies > 0 ? policies : undefined,
    compliant: evaluations.filter((e) => e.verdict === 'COMPLIANT').length,
    nonCompliant: evaluations.filter((e) => e.verdict === 'NON_COMPLIANT').length,
    exempt: evaluations.filter((e) => e.verdict === 'EXEMPT').length,
  };
}

/** `2 gateways`, or `2 gateways, 1 resource policy` when gateway resource policies were checked too. */
export function checkedCounts(summary: ReportSummary): string {
  const gateways = plural(summary.gateways, 'gateway');
  const policies = summary.resourcePolicies ?? 0;
  return policies > 0 ? `${gateways}, ${plural(policies, 'resource policy', 'resource policies')}` : gateways;
}

/** The JSON report: every gateway checked, where it is, its authorization and the verdict. */
export function toJsonReport(evaluations: readonly GatewayEvaluation[], meta: ReportMeta = {}): GuardJsonReport {
  return {
    format: JSON_REPORT_FORMAT,
    tool: { name: meta.toolName ?? DEFAULT_TOOL, version: meta.toolVersion },
    source: meta.source,
    generatedAt: meta.generatedAt,
    summary: summarize(evaluations),
    rules: ALL_RULES.map((r) => ({ id: r.id, title: r.title, why: r.why, fix: fixFor(r, meta.entryPoint ?? 'cdk') })),
    gateways: evaluations.map(reportedGateway),
  };
}

/** One gateway as the JSON report lists it. */
export function reportedGateway(e: GatewayEvaluation): ReportedGateway {
  return {
    resourceType: e.resourceType,
    constructPath: e.constructPath,
    location: e.location,
    templatePath: e.templatePath,
    logicalId: e.logicalId,
    authorization: e.authorization,
    verdict: e.verdict,
    exemptionReason: e.exemptionReason,
    findings: e.findings.map((f) => ({ ruleId: f.ruleId, propertyPath: f.propertyPath, message: f.message })),
  };
}

/** One SARIF result: one finding of one gateway. */
export function sarifResult(e: GatewayEvaluation, f: GuardFinding) {
  return {
    ruleId: f.ruleId,
    ruleIndex: ALL_RULES.findIndex((r) => r.id === f.ruleId),
    level: 'error',
    message: { text: `${describeWhere(e)}: ${f.message}` },
    locations: [
      {
        ...(e.templatePath ? { physicalLocation: { artifactLocation: { uri: toUri(e.templatePath) } } } : {}),
        logicalLocations: [
          {
            name: e.logicalId,
            fullyQualifiedName: e.constructPath ?? [e.location, e.logicalId].filter(Boolean).join('/'),
            kind: 'resource',
          },
        ],
        message: { text: f.propertyPath },
      },
    ],
    partialFingerprints: { gatewayFinding: `${e.location ?? ''}/${e.logicalId}/${f.ruleId}/${f.propertyPath}` },
    properties: { authorization: e.authorization, verdict: e.verdict, propertyPath: f.propertyPath },
    ...(e.verdict === 'EXEMPT' ? { suppressions: [{ kind: 'inSource', status: 'accepted', justification: e.exemptionReason }] } : {}),
  };
}

/**
 * SARIF 2.1.0 (https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html): one result per finding,
 * level `error`; findings of an exempt gateway carry an accepted in-source suppression with its reason.
 */
export function toSarif(evaluations: readonly GatewayEvaluation[], meta: ReportMeta = {}) {
  return sarifLog(
    evaluations.flatMap((e) => e.findings.map((f) => sarifResult(e, f))),
    evaluations,
    meta,
  );
}

/** A SARIF 2.1.0 log around `results` (made with `sarifResult`), with every rule and the summary of `evaluations`. */
export function sarifLog<R>(results: R[], evaluations: readonly GatewayEvaluation[], meta: ReportMeta = {}) {
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: meta.toolName ?? DEFAULT_TOOL,
            ...(meta.toolVersion ? { version: meta.toolVersion } : {}),
            informationUri: INFORMATION_URI,
            rules: ALL_RULES.map((r) => ({
              id: r.id,
              name: r.title.replace(/[^A-Za-z0-9]+/g, ' ').trim().split(' ').map((w) => w[0].toUpperCase() + w.slice(1)).join(''),
              shortDescription: { text: r.title },
              fullDescription: { text: r.why },
              help: { text: fixFor(r, meta.entryPoint ?? 'cdk') },
              helpUri: `${INFORMATION_URI}-rules`,
              defaultConfiguration: { level: 'error' },
              properties: { 'tags': ['security', 'aws-cdk', 'bedrock-agentcore'], 'security-severity': '8.0' },
            })),
          },
        },
        ...(meta.generatedAt ? { invocations: [{ executionSuccessful: true, endTimeUtc: meta.generatedAt }] } : {}),
        results,
        properties: { summary: summarize(evaluations), source: meta.source },
      },
    ],
  };
}

/**
 * A file path as a SARIF URI reference: forward slashes, and every segment percent-encoded, so that a file
 * name with spaces, `#`, `?` or control characters still gives a valid URI that names that file.
 */
export function toUri(p: string): string {
  return p
    .split(/[\\/]/)
    .map((segment) => encodeURIComponent(segment).replace(/%40/g, '@'))
    .join('/');
}

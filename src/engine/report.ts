// Reports of an evaluation run: a JSON report for people and scripts, SARIF 2.1.0 for code-scanning
// tools, and the one line per finding that the command line prints. Pure functions over evaluations.
import { GatewayEvaluation, GatewayVerdict, GuardFinding } from './evaluate';
import { ALL_RULES, EntryPoint, fixFor } from './rules';

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

/** One line per finding: rule, where, what, why and fix. */
export function formatFinding(evaluation: GatewayEvaluation, finding: GuardFinding): string {
  return `[${finding.ruleId}] ${describeWhere(evaluation)} at ${finding.propertyPath}: ${finding.message} Why: ${finding.why} Fix: ${finding.fix}`;
}

/** Every line `formatFinding` gives for the gateways that fail (not the exempt ones). */
export function formatViolations(evaluations: readonly GatewayEvaluation[]): string[] {
  return evaluations.filter((e) => e.verdict === 'NON_COMPLIANT').flatMap((e) => e.findings.map((f) => formatFinding(e, f)));
}

/** Counts of gateways by verdict. */
export interface ReportSummary {
  readonly gateways: number;
  readonly compliant: number;
  readonly nonCompliant: number;
  readonly exempt: number;
}

/** One gateway in the JSON report (absent keys are left out of the file). */
export interface ReportedGateway {
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
  return {
    gateways: evaluations.length,
    compliant: evaluations.filter((e) => e.verdict === 'COMPLIANT').length,
    nonCompliant: evaluations.filter((e) => e.verdict === 'NON_COMPLIANT').length,
    exempt: evaluations.filter((e) => e.verdict === 'EXEMPT').length,
  };
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

/** A file path as a SARIF URI (forward slashes). */
export function toUri(p: string): string {
  return p.split('\\').join('/');
}

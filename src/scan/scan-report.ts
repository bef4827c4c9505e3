import { ScanResult } from './scan';
import { InputProblem } from './template-source';
import { distinct } from '../engine/collections';
import { GatewayEvaluation } from '../engine/evaluate';
import { describeWhere, ReportMeta, summarize, toJsonReport, toSarif, toUri } from '../engine/report';
import { OutputFormat, rulesSection, withNotifications } from '../engine/report-sections';
import { plural, table, wrap } from '../engine/text-layout';

/** The scan report in the chosen format; `exitCode` is the one the caller exits with, recorded in JSON. */
export function renderScan(result: ScanResult, format: OutputFormat, meta: ReportMeta, exitCode: number): string {
  switch (format) {
    case 'json':
      return JSON.stringify(scanJson(result, meta, exitCode), undefined, 2) + '\n';
    case 'sarif':
      return JSON.stringify(scanSarif(result, meta), undefined, 2) + '\n';
    default:
      return scanTable(result).join('\n') + '\n';
  }
}

function scanJson(result: ScanResult, meta: ReportMeta, exitCode: number) {
  return {
    ...toJsonReport(result.evaluations, meta),
    command: 'scan',
    templates: result.templates,
    ignoredFiles: result.ignoredFiles,
    problems: result.problems,
    exitCode,
  };
}

function scanSarif(result: ScanResult, meta: ReportMeta) {
  return withNotifications(
    toSarif(result.evaluations, meta),
    result.problems.map((p) => ({
      level: p.severity,
      message: { text: p.message },
      locations: [{ physicalLocation: { artifactLocation: { uri: toUri(p.file) } } }],
    })),
  );
}

function scanTable(result: ScanResult): string[] {
  const counts = summarize(result.evaluations);
  const lines: string[] = [
    `Scanned ${plural(result.templates, 'template')}: ${plural(counts.gateways, 'gateway')}, ` +
      `${counts.nonCompliant} non-compliant, ${counts.compliant} compliant, ${counts.exempt} exempt.` +
      (result.ignoredFiles > 0
        ? ` ${plural(result.ignoredFiles, 'file')} in the folders scanned ${result.ignoredFiles === 1 ? 'is not a template' : 'are not templates'}.`
        : ''),
  ];
  if (result.evaluations.length > 0) {
    lines.push(
      '',
      ...table(
        ['VERDICT', 'RULES', 'AUTHORIZATION', 'GATEWAY', 'TEMPLATE'],
        result.evaluations.map((e) => [
          e.verdict,
          e.findings.length > 0 ? distinct(e.findings.map((f) => f.ruleId)).join(',') : '-',
          e.authorization,
          e.constructPath ?? e.logicalId,
          e.templatePath ?? e.location ?? '',
        ]),
      ),
    );
  }
  lines.push(...findingsSection(result.evaluations), ...rulesSection(result.evaluations, 'scan'), ...problemsSection(result.problems));
  return lines;
}

/** Each finding of each non-compliant or exempt gateway: where, what. */
export function findingsSection(evaluations: readonly GatewayEvaluation[]): string[] {
  const failing = evaluations.filter((e) => e.verdict !== 'COMPLIANT');
  if (failing.length === 0) {
    return [];
  }
  const lines = ['', 'Findings:'];
  for (const e of failing) {
    for (const f of e.findings) {
      lines.push(`  [${f.ruleId}] ${describeWhere(e)} at ${f.propertyPath}`);
      lines.push(...wrap(f.message, '         ', '         '));
    }
    if (e.verdict === 'EXEMPT') {
      lines.push(...wrap(`Exempt: ${e.exemptionReason ?? ''}`, '         ', '         '));
    }
  }
  return lines;
}

/** Inputs that could not be read or followed. */
export function problemsSection(problems: readonly InputProblem[]): string[] {
  if (problems.length === 0) {
    return [];
  }
  return ['', 'Problems:', ...problems.map((p) => `  ${p.severity.padEnd(7)} ${p.message}`)];
}

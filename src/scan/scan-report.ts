import { ScanResult } from './scan';
import { InputProblem } from './template-source';
import { distinct } from '../engine/collections';
import { jsonText, printable } from '../engine/display';
import { GatewayEvaluation } from '../engine/evaluate';
import { checkedCounts, findingField, formatFindingLines, ReportMeta, summarize, toJsonReport, toSarif, toUri } from '../engine/report';
import { OutputFormat, rulesSection, withNotifications } from '../engine/report-sections';
import { plural, table } from '../engine/text-layout';

/** The scan report in the chosen format; `exitCode` is the one the caller exits with, recorded in JSON. */
export function renderScan(result: ScanResult, format: OutputFormat, meta: ReportMeta, exitCode: number): string {
  switch (format) {
    case 'json':
      return jsonText(scanJson(result, meta, exitCode)) + '\n';
    case 'sarif':
      return jsonText(scanSarif(result, meta)) + '\n';
    default:
      // Every line once more through `printable`: no control character of a template reaches the terminal.
      return scanTable(result).map(printable).join('\n') + '\n';
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
    `Scanned ${plural(result.templates, 'template')}: ${checkedCounts(counts)}, ` +
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

/**
 * Each finding of each non-compliant or exempt gateway, laid out as the guard lays it out (rule and title,
 * where, what); the fix and the why follow once per rule in the Rules section.
 */
export function findingsSection(evaluations: readonly GatewayEvaluation[]): string[] {
  const failing = evaluations.filter((e) => e.verdict !== 'COMPLIANT');
  if (failing.length === 0) {
    return [];
  }
  const lines = ['', 'Findings:'];
  for (const e of failing) {
    for (const f of e.findings) {
      lines.push(...formatFindingLines(e, f, { fix: false, indent: '  ' }));
    }
    if (e.verdict === 'EXEMPT') {
      lines.push(...findingField('exempt:', e.exemptionReason ?? '', '  '));
    }
  }
  return lines;
}

/** Inputs that could not be read or followed. */
export function problemsSection(problems: readonly InputProblem[]): string[] {
  if (problems.length === 0) {
    return [];
  }
  return ['', 'Problems:', ...problems.map((p) => printable(`  ${p.severity.padEnd(7)} ${p.message}`))];
}

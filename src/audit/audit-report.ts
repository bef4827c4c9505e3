import { AuditedGateway, AuditResult, RegionReport } from './audit';
import { distinct } from '../engine/collections';
import { jsonText, printable } from '../engine/display';
import { GatewayEvaluation } from '../engine/evaluate';
import { reportedGateway, ReportMeta, sarifLog, sarifResult, summarize, toJsonReport } from '../engine/report';
import { OutputFormat, rulesSection, withNotifications } from '../engine/report-sections';
import { plural, table, wrap } from '../engine/text-layout';

/** Gateways that were read and judged, in report order, with their evaluations. */
function judged(result: AuditResult): Array<AuditedGateway & { evaluation: GatewayEvaluation }> {
  return result.gateways.filter((g): g is AuditedGateway & { evaluation: GatewayEvaluation } => g.evaluation !== undefined);
}

/** The audit report in the chosen format; `exitCode` is the one the caller exits with, recorded in JSON. */
export function renderAudit(result: AuditResult, format: OutputFormat, meta: ReportMeta, exitCode: number): string {
  switch (format) {
    case 'json':
      return jsonText(auditJson(result, meta, exitCode)) + '\n';
    case 'sarif':
      return jsonText(auditSarif(result, meta)) + '\n';
    default:
      // Names, messages and errors come from API answers: every line once more through `printable`.
      return auditTable(result).map(printable).join('\n') + '\n';
  }
}

function auditJson(result: AuditResult, meta: ReportMeta, exitCode: number) {
  const gateways = judged(result);
  const base = toJsonReport(
    gateways.map((g) => g.evaluation),
    meta,
  );
  return {
    ...base,
    command: 'audit',
    regions: result.regions,
    // Built from each gateway itself, so a finding can never be attached to another gateway.
    gateways: gateways.map((g) => {
      const entry = reportedGateway(g.evaluation);
      return {
        region: g.region,
        gatewayId: g.gatewayId,
        name: g.name,
        arn: g.arn,
        url: g.url,
        status: g.status,
        authorization: entry.authorization,
        verdict: entry.verdict,
        findings: entry.findings,
        remediation: g.remediation,
        targets: g.targets,
        warnings: g.warnings,
      };
    }),
    uncheckedGateways: result.gateways
      .filter((g) => g.evaluation === undefined)
      .map((g) => ({ region: g.region, gatewayId: g.gatewayId, name: g.name, authorizerType: g.authorizerType, error: g.error })),
    exitCode,
  };
}

function auditSarif(result: AuditResult, meta: ReportMeta) {
  const gateways = judged(result);
  // One result per finding, made from the gateway it belongs to: where a live gateway is (region and ARN,
  // not a template's logical ID) and how to fix it.
  const results = gateways.flatMap((g) =>
    g.evaluation.findings.map((finding) => {
      const r = sarifResult(g.evaluation, finding);
      const where = `${g.region} gateway ${g.name ?? g.gatewayId} (${g.arn ?? g.gatewayId})`;
      return {
        ...r,
        message: { text: `${where}: ${finding.message}` },
        locations: [
          {
            logicalLocations: [{ name: g.gatewayId, fullyQualifiedName: g.arn ?? `${g.region}/${g.gatewayId}`, kind: 'resource' }],
            message: { text: finding.propertyPath },
          },
        ],
        partialFingerprints: { gatewayFinding: `${g.arn ?? `${g.region}/${g.gatewayId}`}/${finding.ruleId}/${finding.propertyPath}` },
        properties: { ...r.properties, region: g.region, gatewayId: g.gatewayId, remediation: g.remediation, targets: g.targets },
      };
    }),
  );
  const notifications = [
    ...result.regions
      .filter((r) => r.outcome !== 'audited')
      .map((r) => ({ level: r.outcome === 'failed' ? 'error' : 'note', message: { text: `${r.region}: ${r.outcome}: ${r.error ?? ''}` } })),
    ...result.gateways
      .filter((g) => g.error !== undefined)
      .map((g) => ({ level: 'error', message: { text: `${g.region} gateway ${g.gatewayId}: ${g.error}` } })),
    ...result.gateways.flatMap((g) => g.warnings.map((w) => ({ level: 'warning', message: { text: `${g.region} gateway ${g.gatewayId}: ${w}` } }))),
  ];
  return withNotifications(
    sarifLog(
      results,
      gateways.map((g) => g.evaluation),
      meta,
    ),
    notifications,
  );
}

function auditTable(result: AuditResult): string[] {
  const gateways = judged(result);
  const counts = summarize(gateways.map((g) => g.evaluation));
  const failed = result.regions.filter((r) => r.outcome === 'failed');
  const unchecked = result.gateways.filter((g) => g.error !== undefined);
  const lines: string[] = [
    `Audited ${plural(result.regions.length, 'region')}: ${plural(counts.gateways, 'gateway')}, ` +
      `${counts.nonCompliant} non-compliant, ${counts.compliant} compliant` +
      (failed.length > 0 ? `; ${plural(failed.length, 'region')} could not be audited` : '') +
      (unchecked.length > 0 ? `; ${plural(unchecked.length, 'gateway')} could not be checked` : '') +
      '.',
  ];
  if (result.gateways.length > 0) {
    lines.push(
      '',
      ...table(
        ['REGION', 'VERDICT', 'RULES', 'AUTHORIZATION', 'GATEWAY'],
        result.gateways.map((g) => [
          g.region,
          g.evaluation?.verdict ?? 'NOT_CHECKED',
          g.evaluation && g.evaluation.findings.length > 0 ? distinct(g.evaluation.findings.map((f) => f.ruleId)).join(',') : '-',
          g.evaluation?.authorization ?? g.authorizerType ?? '?',
          `${g.name ?? '?'} (${g.gatewayId})`,
        ]),
      ),
    );
  }
  const failing = gateways.filter((g) => g.evaluation.verdict === 'NON_COMPLIANT');
  if (failing.length > 0) {
    lines.push('', 'Findings:');
    for (const g of failing) {
      lines.push(`  ${g.region} ${g.name ?? g.gatewayId} (${g.arn ?? g.gatewayId})`);
      for (const f of g.evaluation.findings) {
        lines.push(...wrap(`[${f.ruleId}] ${f.propertyPath}: ${f.message}`, '    ', '      '));
      }
      lines.push(...wrap(`Remediation: ${g.remediation}`, '    ', '      '));
      for (const w of g.warnings) {
        lines.push(...wrap(`Warning: ${w}`, '    ', '      '));
      }
    }
  }
  lines.push(...rulesSection(gateways.map((g) => g.evaluation), undefined));
  lines.push('', 'Regions:', ...table(['REGION', 'OUTCOME', 'DETAILS'], result.regions.map(regionRow)).map((l) => `  ${l}`));
  if (unchecked.length > 0) {
    lines.push('', 'Not checked:', ...unchecked.map((g) => `  ${g.region} ${g.name ?? '?'} (${g.gatewayId}): ${g.error}`));
  }
  return lines;
}

function regionRow(r: RegionReport): string[] {
  const retries = [
    r.throttledRetries > 0 ? `${plural(r.throttledRetries, 'throttled call')} retried` : '',
    r.transientRetries > 0 ? `${plural(r.transientRetries, 'failed call')} retried` : '',
  ].filter((x) => x !== '');
  const details = r.outcome === 'audited' ? [plural(r.gateways, 'gateway'), ...retries].join(', ') : [r.error ?? '', ...retries].filter((x) => x).join('; ');
  return [r.region, r.outcome === 'failed' ? 'FAILED' : r.outcome, details];
}

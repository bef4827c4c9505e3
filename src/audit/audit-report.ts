import { AuditedGateway, AuditResult, RegionReport } from './audit';
import { distinct } from '../engine/collections';
import { jsonText, printable } from '../engine/display';
import { GatewayEvaluation } from '../engine/evaluate';
import { checkedCounts, reportedGateway, ReportMeta, sarifLog, sarifResult, summarize, toJsonReport } from '../engine/report';
import { OutputFormat, rulesSection, withNotifications } from '../engine/report-sections';
import { plural, table, wrap } from '../engine/text-layout';

/** Gateways that were read and judged, in report order, with their evaluations. */
function judged(result: AuditResult): Array<AuditedGateway & { evaluation: GatewayEvaluation }> {
  return result.gateways.filter((g): g is AuditedGateway & { evaluation: GatewayEvaluation } => g.evaluation !== undefined);
}

/** Every evaluation of the audit: each gateway's, then each judged resource policy's (AGW9). */
function allEvaluations(result: AuditResult): GatewayEvaluation[] {
  const gateways = judged(result).map((g) => g.evaluation);
  const policies = result.gateways.flatMap((g) => (g.resourcePolicy?.evaluation ? [g.resourcePolicy.evaluation] : []));
  return [...gateways, ...policies];
}

/** Gateways whose resource policy could not be read. */
function uncheckedPolicies(result: AuditResult): AuditedGateway[] {
  return result.gateways.filter((g) => g.resourcePolicy?.error !== undefined);
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
  const base = toJsonReport(allEvaluations(result), meta);
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
        resourcePolicy: reportedPolicy(g),
      };
    }),
    uncheckedGateways: result.gateways
      .filter((g) => g.evaluation === undefined)
      .map((g) => ({ region: g.region, gatewayId: g.gatewayId, name: g.name, authorizerType: g.authorizerType, error: g.error })),
    uncheckedResourcePolicies: uncheckedPolicies(result).map((g) => ({
      region: g.region,
      gatewayId: g.gatewayId,
      name: g.name,
      error: g.resourcePolicy?.error,
    })),
    exitCode,
  };
}

/** The resource policy of a gateway as the JSON report lists it; left out when it has none. */
function reportedPolicy(g: AuditedGateway) {
  const policy = g.resourcePolicy;
  if (policy === undefined) return undefined;
  if (policy.evaluation === undefined) return { error: policy.error };
  const entry = reportedGateway(policy.evaluation);
  return { authorization: entry.authorization, verdict: entry.verdict, findings: entry.findings, remediation: policy.remediation };
}

/** Each judged evaluation with the gateway it belongs to: the gateway's own, then its resource policy's. */
function judgedPairs(result: AuditResult): Array<{ g: AuditedGateway; evaluation: GatewayEvaluation; remediation?: string; policy: boolean }> {
  return result.gateways.flatMap((g) => {
    const policy = g.resourcePolicy;
    return [
      ...(g.evaluation ? [{ g, evaluation: g.evaluation, remediation: g.remediation, policy: false }] : []),
      ...(policy?.evaluation ? [{ g, evaluation: policy.evaluation, remediation: policy.remediation, policy: true }] : []),
    ];
  });
}

function auditSarif(result: AuditResult, meta: ReportMeta) {
  // One result per finding, made from the gateway it belongs to: where a live gateway is (region and ARN,
  // not a template's logical ID) and how to fix it.
  const results = judgedPairs(result).flatMap(({ g, evaluation, remediation, policy }) =>
    evaluation.findings.map((finding) => {
      const r = sarifResult(evaluation, finding);
      const where = `${g.region} gateway ${g.name ?? g.gatewayId} (${g.arn ?? g.gatewayId})${policy ? ' resource policy' : ''}`;
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
        properties: { ...r.properties, region: g.region, gatewayId: g.gatewayId, remediation, targets: policy ? undefined : g.targets },
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
    ...uncheckedPolicies(result).map((g) => ({ level: 'error', message: { text: `${g.region} gateway ${g.gatewayId}: ${g.resourcePolicy?.error}` } })),
    ...result.gateways.flatMap((g) => g.warnings.map((w) => ({ level: 'warning', message: { text: `${g.region} gateway ${g.gatewayId}: ${w}` } }))),
  ];
  return withNotifications(sarifLog(results, allEvaluations(result), meta), notifications);
}

function auditTable(result: AuditResult): string[] {
  const counts = summarize(allEvaluations(result));
  const failed = result.regions.filter((r) => r.outcome === 'failed');
  const unchecked = result.gateways.filter((g) => g.error !== undefined);
  const uncheckedPolicy = uncheckedPolicies(result);
  const lines: string[] = [
    `Audited ${plural(result.regions.length, 'region')}: ${checkedCounts(counts)}, ` +
      `${counts.nonCompliant} non-compliant, ${counts.compliant} compliant` +
      (failed.length > 0 ? `; ${plural(failed.length, 'region')} could not be audited` : '') +
      (unchecked.length > 0 ? `; ${plural(unchecked.length, 'gateway')} could not be checked` : '') +
      (uncheckedPolicy.length > 0 ? `; ${plural(uncheckedPolicy.length, 'resource policy', 'resource policies')} could not be read` : '') +
      '.',
  ];
  if (result.gateways.length > 0) {
    lines.push('', ...table(['REGION', 'VERDICT', 'RULES', 'AUTHORIZATION', 'GATEWAY'], result.gateways.flatMap(gatewayRows)));
  }
  lines.push(...findingsLines(result));
  lines.push(...rulesSection(allEvaluations(result), undefined));
  lines.push('', 'Regions:', ...table(['REGION', 'OUTCOME', 'DETAILS'], result.regions.map(regionRow)).map((l) => `  ${l}`));
  if (unchecked.length > 0 || uncheckedPolicy.length > 0) {
    lines.push(
      '',
      'Not checked:',
      ...unchecked.map((g) => `  ${g.region} ${g.name ?? '?'} (${g.gatewayId}): ${g.error}`),
      ...uncheckedPolicy.map((g) => `  ${g.region} ${g.name ?? '?'} (${g.gatewayId}) resource policy: ${g.resourcePolicy?.error}`),
    );
  }
  return lines;
}

/** A gateway's row, and its resource policy's row when it has one. */
function gatewayRows(g: AuditedGateway): string[][] {
  const rules = (e: GatewayEvaluation | undefined) => (e && e.findings.length > 0 ? distinct(e.findings.map((f) => f.ruleId)).join(',') : '-');
  const rows = [[g.region, g.evaluation?.verdict ?? 'NOT_CHECKED', rules(g.evaluation), g.evaluation?.authorization ?? g.authorizerType ?? '?', `${g.name ?? '?'} (${g.gatewayId})`]];
  const policy = g.resourcePolicy;
  if (policy) {
    const e = policy.evaluation;
    rows.push([g.region, e?.verdict ?? 'NOT_CHECKED', rules(e), e?.authorization ?? 'resource policy (not read)', `${g.name ?? '?'} (${g.gatewayId}) resource policy`]);
  }
  return rows;
}

/** Each gateway with a finding (its own or its resource policy's): where, what, and how to fix it. */
function findingsLines(result: AuditResult): string[] {
  const failing = result.gateways.filter((g) => g.evaluation?.verdict === 'NON_COMPLIANT' || g.resourcePolicy?.evaluation?.verdict === 'NON_COMPLIANT');
  if (failing.length === 0) return [];
  const lines = ['', 'Findings:'];
  for (const g of failing) {
    lines.push(`  ${g.region} ${g.name ?? g.gatewayId} (${g.arn ?? g.gatewayId})`);
    for (const [evaluation, remediation] of [
      [g.evaluation, g.remediation],
      [g.resourcePolicy?.evaluation, g.resourcePolicy?.remediation],
    ] as const) {
      if (evaluation?.verdict !== 'NON_COMPLIANT') continue;
      for (const f of evaluation.findings) {
        lines.push(...wrap(`[${f.ruleId}] ${f.propertyPath}: ${f.message}`, '    ', '      '));
      }
      lines.push(...wrap(`Remediation: ${remediation}`, '    ', '      '));
    }
    for (const w of g.warnings) {
      lines.push(...wrap(`Warning: ${w}`, '    ', '      '));
    }
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

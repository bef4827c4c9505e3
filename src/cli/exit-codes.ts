import type { AuditResult } from '../audit/audit';
import type { RemediateResult } from '../remediate/command';
import type { ScanResult } from '../scan/scan';

/** Exit codes of `agentcore-gateway-guard`. */
export const EXIT_CLEAN = 0;
/** At least one gateway is non-compliant. */
export const EXIT_FINDINGS = 1;
/**
 * Usage error, or input that could not be read (a malformed template, a region that could not be
 * audited). It wins over EXIT_FINDINGS: a run that did not check everything is neither clean nor complete,
 * and the findings it did make are still reported.
 */
export const EXIT_ERROR = 2;

export function exitCode(hasErrors: boolean, hasFindings: boolean): number {
  return hasErrors ? EXIT_ERROR : hasFindings ? EXIT_FINDINGS : EXIT_CLEAN;
}

/** The exit code of a scan: 2 when an input could not be read, else 1 when a gateway fails, else 0. */
export function scanExitCode(result: ScanResult): number {
  return exitCode(
    result.problems.some((p) => p.severity === 'error'),
    result.evaluations.some((e) => e.verdict === 'NON_COMPLIANT'),
  );
}

/**
 * The exit code of an audit: 2 when a region, a gateway or a gateway's resource policy could not be checked,
 * else 1 for findings (a gateway's or its resource policy's), else 0.
 */
export function auditExitCode(result: AuditResult): number {
  return exitCode(
    result.regions.some((r) => r.outcome === 'failed') || result.gateways.some((g) => g.error !== undefined || g.resourcePolicy?.error !== undefined),
    result.gateways.some((g) => g.evaluation?.verdict === 'NON_COMPLIANT' || g.resourcePolicy?.evaluation?.verdict === 'NON_COMPLIANT'),
  );
}

/** The exit code of remediate: 0 when it wrote the replacement or there is nothing to do, else 2 (nothing was written). */
export function remediateExitCode(result: RemediateResult): number {
  return result.status === 'written' || result.status === 'nothing-to-do' ? EXIT_CLEAN : EXIT_ERROR;
}

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

import { GatewayEvaluation } from './evaluate';
import { ALL_RULES, EntryPoint, fixFor } from './rules';
import { wrap } from './text-layout';

/** The report formats of the CLI. */
export type OutputFormat = 'table' | 'json' | 'sarif';

export const OUTPUT_FORMATS: readonly OutputFormat[] = ['table', 'json', 'sarif'];

/** Adds the run's problems to a SARIF log as tool execution notifications. */
export function withNotifications<T extends { runs: object[] }>(sarif: T, notifications: Array<{ level: string; [key: string]: unknown }>): T {
  const [run, ...others] = sarif.runs;
  const invocation = {
    executionSuccessful: !notifications.some((n) => n.level === 'error'),
    toolExecutionNotifications: notifications,
  };
  return { ...sarif, runs: [{ ...run, invocations: [invocation] }, ...others] };
}

/**
 * Why each failed rule matters and, when `fixFrom` names who reads it, how to fix it, once per rule. (The
 * live audit prints one fix per gateway instead.)
 */
export function rulesSection(evaluations: readonly GatewayEvaluation[], fixFrom: EntryPoint | undefined): string[] {
  const failed = new Set(evaluations.filter((e) => e.verdict === 'NON_COMPLIANT').flatMap((e) => e.findings.map((f) => f.ruleId)));
  if (failed.size === 0) {
    return [];
  }
  const lines = ['', 'Rules:'];
  for (const rule of ALL_RULES.filter((r) => failed.has(r.id))) {
    lines.push(`  ${rule.id}  ${rule.title}`);
    lines.push(...wrap(`Why: ${rule.why}`, '        ', '             '));
    if (fixFrom) {
      lines.push(...wrap(`Fix: ${fixFor(rule, fixFrom)}`, '        ', '             '));
    }
  }
  return lines;
}

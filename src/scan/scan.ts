import { collectScanInputs } from './scan-inputs';
import { InputProblem } from './template-source';
import { evaluateTemplate, evaluateUnreadableReference, GatewayEvaluation } from '../engine/evaluate';

/** The guard options that `scan` exposes, with the guard's defaults. */
export interface ScanOptions {
  /** Authorizer types accepted beyond CUSTOM_JWT and AWS_IAM. */
  readonly additionalAllowedAuthorizerTypes?: string[];
  /** Honour exemptions declared in template metadata. Default false, as in the guard. */
  readonly allowExemptions?: boolean;
  /** Accept AUTHENTICATE_ONLY behind a policy engine in ENFORCE mode (AGW8). Default false, as in the guard. */
  readonly allowAuthenticateOnlyWithEnforcedPolicyEngine?: boolean;
  /** URL prefixes of vetted templates: a reference to one that cannot be read is not a finding. */
  readonly allowedTemplateUrlPrefixes?: string[];
}

export interface ScanResult {
  readonly evaluations: GatewayEvaluation[];
  readonly problems: InputProblem[];
  /** Templates read and evaluated. */
  readonly templates: number;
  /** Files a directory walk set aside because they are not templates. */
  readonly ignoredFiles: number;
}

/**
 * Evaluates every gateway in the templates and cloud assemblies under `paths` with the guard's engine,
 * so the rules, IDs and messages are the guard's. Unreadable inputs become problems; the rest is checked.
 */
export function scanPaths(paths: readonly string[], options: ScanOptions = {}): ScanResult {
  const inputs = collectScanInputs(paths);
  const problems = [...inputs.problems];
  const evaluations: GatewayEvaluation[] = [];
  const guard = {
    entryPoint: 'scan' as const,
    additionalAllowedAuthorizerTypes: options.additionalAllowedAuthorizerTypes,
    allowExemptions: options.allowExemptions ?? false,
    allowAuthenticateOnlyWithEnforcedPolicyEngine: options.allowAuthenticateOnlyWithEnforcedPolicyEngine ?? false,
    allowedTemplateUrlPrefixes: options.allowedTemplateUrlPrefixes,
  };
  for (const source of inputs.sources) {
    try {
      evaluations.push(...evaluateTemplate(source.template, { ...guard, location: source.displayName, templatePath: source.file }));
    } catch (error) {
      // The engine is pure and total by design; if it ever throws, name the template and keep going.
      problems.push({
        severity: 'error',
        file: source.file,
        message: `${source.file}: the guard engine could not evaluate this template (${error instanceof Error ? error.message : String(error)}); please report it`,
      });
    }
  }
  for (const reference of inputs.unreadable) {
    const evaluation = evaluateUnreadableReference(reference, guard);
    if (evaluation) evaluations.push(evaluation);
  }
  return { evaluations, problems, templates: inputs.sources.length, ignoredFiles: inputs.ignoredFiles };
}

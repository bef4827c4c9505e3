import { collectScanInputs } from './scan-inputs';
import { InputProblem } from './template-source';
import { evaluateTemplate, GatewayEvaluation } from '../engine/evaluate';

/** The guard options that `scan` exposes, with the guard's defaults. */
export interface ScanOptions {
  /** Authorizer types accepted beyond CUSTOM_JWT and AWS_IAM. */
  readonly additionalAllowedAuthorizerTypes?: string[];
  /** Honour exemptions declared in template metadata. Default false, as in the guard. */
  readonly allowExemptions?: boolean;
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
  for (const source of inputs.sources) {
    try {
      evaluations.push(
        ...evaluateTemplate(source.template, {
          location: source.displayName,
          templatePath: source.file,
          entryPoint: 'scan',
          additionalAllowedAuthorizerTypes: options.additionalAllowedAuthorizerTypes,
          allowExemptions: options.allowExemptions ?? false,
        }),
      );
    } catch (error) {
      // The engine is pure and total by design; if it ever throws, name the template and keep going.
      problems.push({
        severity: 'error',
        file: source.file,
        message: `${source.file}: the guard engine could not evaluate this template (${error instanceof Error ? error.message : String(error)}); please report it`,
      });
    }
  }
  return { evaluations, problems, templates: inputs.sources.length, ignoredFiles: inputs.ignoredFiles };
}

// The last check of a process run by the CDK CLI, when it exits: the CLI deploys the cloud assembly it
// finds in its output directory (CDK_OUTDIR) once the app has exited, whoever wrote it. A second `new App()`
// in the same program synthesizes into the same directory, and the App that synthesizes last wins; code can
// also write into the directory after `synth()`. So before the process ends, the guard reads that directory
// once more: if a guarded App wrote its manifest, that App's guards judge the files as they are now;
// otherwise the assembly is judged with the strictest policy applied in the process, and the run fails if
// a guarded App had synthesized there (its manifest was replaced). A process that is about to exit with
// success although a guard rejected an assembly fails too. Failures are printed to stderr and end the
// process with exit code 1.
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { App, Stage } from 'aws-cdk-lib';
import { GuardProcess, strictestPolicy } from './guard-process';
import { ReportedEvaluation, reportFiles, writeReports } from './reports';
import { GUARD_LABEL, readWrittenAssembly, withdrawAssembly } from './written-assembly';
import { displayPath, printable } from '../engine/display';
import { evaluateTemplate, evaluateUnreadableReference } from '../engine/evaluate';
import { formatBlockedSynthesis } from '../engine/report';
import { MANIFEST_FILE } from '../scan/cloud-assembly';

/** Default base name of the report files (RequireGatewayAuthorization.DEFAULT_REPORT_FILE_NAME). */
const DEFAULT_REPORT_FILE_NAME = 'agentcore-gateway-authorization';

/** What the check needs from the synthesis gate. */
export interface GuardedApps {
  /** Whether a guard was applied anywhere in the App's tree. */
  readonly isGuarded: (root: Stage) => boolean;
  /** Judges again what the App's guards judged, as it is on disk now; the error messages, if any. */
  readonly rejudge: (root: Stage) => string[];
}

/**
 * Records that `stage`, an App, wrote the toolkit's output directory with `assembly` (only under the CDK
 * CLI). A `synth()` that returns an assembly already recorded wrote nothing, so it is not recorded again:
 * the manifest on disk may have been changed since by someone else.
 */
export function recordToolkitSynthesis(stage: Stage, assembly: object, state: GuardProcess): void {
  const outdir = state.start.toolkitOutdir;
  if (!outdir || !App.isApp(stage) || path.resolve(stage.outdir) !== outdir) return;
  if (state.toolkitSyntheses.some((s) => s.root === stage && s.assembly === assembly)) return;
  const manifestHash = hashOfManifest(outdir);
  if (manifestHash !== undefined) state.toolkitSyntheses.push({ root: stage, assembly, manifestHash });
}

/** The SHA-256 of the manifest in `dir`, or undefined when there is none. */
export function hashOfManifest(dir: string): string | undefined {
  let content: Buffer;
  try {
    content = fs.readFileSync(path.join(dir, MANIFEST_FILE));
  } catch {
    return undefined;
  }
  return crypto.createHash('sha256').update(content).digest('hex');
}

/**
 * Checks the toolkit's output directory as it is now. Returns the lines to print when the run must fail,
 * an empty list when it passes. Also rewrites the report files that describe that directory.
 */
export function checkToolkitOutput(state: GuardProcess, apps: GuardedApps): string[] {
  const outdir = state.start.toolkitOutdir;
  if (!outdir) return [];
  // The process is about to succeed although a guard rejected an assembly: code in the app caught the
  // error or turned it into `process.exit(0)`.
  if (state.rejected.size > 0) {
    return [...state.rejected.values(), `${GUARD_LABEL}: the process was about to exit with success after the errors above; it fails.`];
  }
  const manifestHash = hashOfManifest(outdir);
  // No manifest: the CLI has nothing to deploy and fails by itself.
  if (manifestHash === undefined) return [];
  const writer = [...state.toolkitSyntheses].reverse().find((s) => s.manifestHash === manifestHash);
  if (writer && apps.isGuarded(writer.root)) return apps.rejudge(writer.root);

  // Not written by a guarded App of this process: judge it all with the strictest policy.
  const policy = strictestPolicy(state.policies, DEFAULT_REPORT_FILE_NAME);
  const { sources, problems, unreadable: references } = readWrittenAssembly(outdir);
  const options = {
    allowExemptions: policy.allowExemptions,
    allowAuthenticateOnlyWithEnforcedPolicyEngine: policy.allowAuthenticateOnlyWithEnforcedPolicyEngine,
    additionalAllowedAuthorizerTypes: [...policy.additionalAllowedAuthorizerTypes],
    allowedTemplateUrlPrefixes: [...policy.allowedTemplateUrlPrefixes],
  };
  const judged: ReportedEvaluation[] = sources.flatMap((source) => {
    const templateFile = path.resolve(source.file);
    const templatePath = path.relative(outdir, templateFile);
    // A template reached through another resource is named by its chain; a stack's by its name and file.
    const location = source.reachedFrom ? source.displayName : `${source.displayName}, template ${templatePath}`;
    return evaluateTemplate(source.template, { ...options, location, templatePath }).map((evaluation) => ({
      evaluation: { ...evaluation, constructPath: undefined },
      templateFile,
    }));
  });
  // References to templates that cannot be read are findings (AGW10) unless every guard allows their URL prefix.
  for (const reference of references) {
    const templateFile = path.resolve(reference.templatePath ?? outdir);
    const templatePath = path.relative(outdir, templateFile);
    const evaluation = evaluateUnreadableReference(reference, { ...options, location: reference.location ?? templatePath, templatePath });
    if (evaluation) judged.push({ evaluation: { ...evaluation, constructPath: undefined, templatePath }, templateFile });
  }
  const report = reportFiles(outdir, policy.reportFileName).json;
  writeReports(outdir, policy.reportFileName, 'cdk synth (CDK CLI output directory)', judged);

  const lines: string[] = [];
  const replaced = state.toolkitSyntheses.some((s) => apps.isGuarded(s.root));
  if (replaced) {
    const by = writer ? 'an App of this program that has no RequireGatewayAuthorization' : 'no App of this program in this run';
    lines.push(
      printable(
        `${GUARD_LABEL}: ${displayPath(path.join(outdir, MANIFEST_FILE))} is not the cloud assembly the guard judged: it was written by ${by}, ` +
          'after the guarded App synthesized into the same directory, and the CDK CLI deploys only the manifest written last. ' +
          'Fix: create every stack in the App the guard is applied to (one App per program), or apply the guard to every App.',
      ),
    );
  }
  const failing = judged.filter((j) => j.evaluation.verdict === 'NON_COMPLIANT').map((j) => j.evaluation);
  const unreadable = problems.filter((p) => p.severity === 'error');
  if (failing.length > 0 || unreadable.length > 0) {
    lines.push(
      formatBlockedSynthesis({
        failing,
        problems: unreadable.map((p) => `[${GUARD_LABEL}] ${p.message}; the gateways of this template cannot be checked, so the run fails closed.`),
        reportFile: report,
        // What no guard judged is named as such in the headline.
        label: `${GUARD_LABEL} (the cloud assembly in ${displayPath(outdir)}, which no guard judged, with the strictest policy applied in this program)`,
      }),
    );
  }
  return lines;
}

/**
 * The `exit` listener: checks the output directory unless the process already fails. On failure it removes
 * the manifest (nothing is left to deploy), prints the reasons and ends the process with exit code 1 at
 * once, so that no later exit listener can turn the failure into a success.
 */
export function checkToolkitOutputOnExit(code: number, state: GuardProcess, apps: GuardedApps): void {
  if (code !== 0 || Number(process.exitCode ?? 0) !== 0) return;
  let lines: string[];
  try {
    lines = checkToolkitOutput(state, apps);
  } catch (e) {
    lines = [printable(`${GUARD_LABEL}: cannot check ${displayPath(state.start.toolkitOutdir ?? '.')} before exit (${(e as Error).message}); failing closed.`)];
  }
  if (lines.length === 0) return;
  if (state.start.toolkitOutdir) withdrawAssembly(state.start.toolkitOutdir);
  process.stderr.write(`${lines.join('\n')}\n`);
  process.exit(1);
}

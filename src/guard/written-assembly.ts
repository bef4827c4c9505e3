// The guard's final verdict: the cloud assembly an App or Stage wrote, read from disk the way
// `agentcore-gateway-guard scan cdk.out` reads it (so the two always agree), after every stack synthesizer,
// synthesis hook and nested Stage has run. Whatever rendered a gateway, the written template is what
// deploys; the construct tree only supplies construct paths and the guard's scopes.
import * as fs from 'fs';
import * as path from 'path';
import { Stack, Stage } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { ConstructIndex } from './construct-index';
import { Application, applicationsOverlapping, GatewayOrigin, isWithin, Judged, judgeTemplate } from './judging';
import { ReportedEvaluation } from './reports';
import { formatBlockedSynthesis, formatFinding } from '../engine/report';
import { MANIFEST_FILE, readCloudAssembly } from '../scan/cloud-assembly';
import { InputProblem, TemplateSource } from '../scan/template-source';

/** A gateway judged in a written template. */
export interface WrittenGateway extends Judged {
  /** Absolute path of the template file. */
  readonly templateFile: string;
}

/** What the guard found in a written assembly. */
export interface WrittenJudgment {
  /** Every gateway the guard's applications cover, in construct-tree order. */
  readonly gateways: WrittenGateway[];
  /** Templates that could not be read: their gateways cannot be judged, so the verdict fails closed. */
  readonly problems: string[];
}

/** Reads the assembly in `outdir`, parsing only the templates that can hold something to judge. */
export function readWrittenAssembly(outdir: string): { sources: TemplateSource[]; problems: InputProblem[] } {
  return readCloudAssembly(outdir, { skipTemplatesThatCannotMatter: true });
}

/**
 * Judges the assembly `root` wrote (its nested Stages' assemblies included) for `applications`. `index`
 * is the construct index made earlier in the same synthesis, if any; it is rebuilt once when a template
 * belongs to a stack it does not know (a stack made during synthesis).
 */
export function judgeWrittenAssembly(root: Stage, applications: readonly Application[], index?: ConstructIndex): WrittenJudgment {
  const { sources, problems } = readWrittenAssembly(root.outdir);
  let constructs = index ?? ConstructIndex.of(root);
  let rebuilt = index === undefined;
  const stackOf = (file: string): Stack | undefined => {
    let stack = constructs.stackOfTemplate(file);
    if (!stack && !rebuilt) {
      constructs = ConstructIndex.of(root);
      rebuilt = true;
      stack = constructs.stackOfTemplate(file);
    }
    return stack;
  };

  const found: Array<{ readonly gateway: WrittenGateway; readonly stack?: Stack; readonly source: number }> = [];
  sources.forEach((source, sourceIndex) => {
    const templateFile = path.resolve(source.file);
    const stack = stackOf(templateFile);
    const owner: IConstruct = stack ?? constructs.stageOfDirectory(path.dirname(templateFile)) ?? root;
    const covering = applicationsOverlapping(applications, owner);
    if (covering.length === 0) return;
    const templatePath = path.relative(root.outdir, templateFile);
    const stackName = stack?.node.path ?? source.displayName;
    const originOf = (logicalId: string): GatewayOrigin => {
      const construct = stack ? constructs.elementWithLogicalId(stack, logicalId) : undefined;
      // A gateway that only the written template has is named by its stack, template file and logical ID.
      return { construct, anchor: construct ?? owner, location: construct ? stackName : `${stackName}, template ${templatePath}` };
    };
    for (const judged of judgeTemplate(source.template, { applications: covering, templatePath, location: stackName, originOf })) {
      found.push({ gateway: { ...judged, templateFile }, stack, source: sourceIndex });
    }
  });
  // In construct-tree order (the manifest lists nested Stages first), by the index as it is at the end.
  found.sort((a, b) => constructs.order(a.stack) - constructs.order(b.stack) || a.source - b.source);

  const unreadable = problems
    .filter((p) => p.severity === 'error')
    .filter((p) => {
      const stack = stackOf(path.resolve(p.file));
      return applicationsOverlapping(applications, stack ?? root).length > 0;
    })
    .map((p) => {
      const stack = stackOf(path.resolve(p.file));
      const what = stack ? `${stack.node.path}: ${p.message}; the gateways of this stack` : `${p.message}; the gateways of this template`;
      return `[RequireGatewayAuthorization] ${what} cannot be checked, so synthesis fails closed.`;
    });
  return { gateways: found.map((f) => f.gateway), problems: unreadable };
}

/**
 * Removes the manifest of an assembly the guard rejected, so that no tool can deploy it (`cdk deploy --app
 * cdk.out`, or the CLI itself when code in the app turns the failed exit code into a success). The
 * templates and the report stay for inspection.
 */
export function withdrawAssembly(outdir: string): void {
  fs.rmSync(path.join(outdir, MANIFEST_FILE), { force: true });
}

/** The gateways of a judgment, as the report lists them. */
export function reported(judgment: WrittenJudgment): ReportedEvaluation[] {
  return judgment.gateways.map((g) => ({ evaluation: g.evaluation, templateFile: g.templateFile }));
}

/**
 * The error that fails synthesis, or `undefined` when the assembly passes. `annotatedOnly` is the mode in
 * which a caller handles validation failures itself: gateways whose every finding is already an error
 * annotation of its construct in a top-level stack then do not fail synthesis; anything else still does.
 */
export function verdictError(root: Stage, judgment: WrittenJudgment, reportFile: string, annotatedOnly: boolean): string | undefined {
  const failing = judgment.gateways.filter((g) => g.evaluation.verdict === 'NON_COMPLIANT');
  if (failing.length === 0 && judgment.problems.length === 0) return undefined;
  if (annotatedOnly && judgment.problems.length === 0 && failing.every((g) => annotatedInTopLevelStack(root, g))) return undefined;
  // Thrown as an error of its own (not a construct validation), so the label names the guard.
  return formatBlockedSynthesis({ failing: failing.map((g) => g.evaluation), problems: judgment.problems, reportFile, label: GUARD_LABEL });
}

/** What names the guard at the start of its errors. */
export const GUARD_LABEL = 'RequireGatewayAuthorization';

/** Whether every finding of `gateway` is an error annotation on its construct, in a stack of `root` itself. */
function annotatedInTopLevelStack(root: Stage, gateway: WrittenGateway): boolean {
  const construct = gateway.construct;
  if (!construct || !isWithin(construct, root) || Stage.of(construct) !== root) return false;
  return gateway.evaluation.findings.every((f) => {
    const message = formatFinding(gateway.evaluation, f);
    return construct.node.metadata.some((m) => m.type === 'aws:cdk:error' && m.data === message);
  });
}

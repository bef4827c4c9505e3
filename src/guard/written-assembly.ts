// The guard's final verdict: the cloud assembly an App or Stage wrote, read from disk the way
// `agentcore-gateway-guard scan cdk.out` reads it (so the two always agree), after every stack synthesizer,
// synthesis hook and nested Stage has run. Whatever rendered a gateway, the written template is what
// deploys; the construct tree only supplies construct paths and the guard's scopes.
import * as fs from 'fs';
import * as path from 'path';
import { Stack, Stage } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { ConstructIndex } from './construct-index';
import { Application, applicationsOverlapping, GatewayOrigin, isWithin, Judged, judgeTemplate, judgeUnreadableReference } from './judging';
import { ReportedEvaluation } from './reports';
import { formatBlockedSynthesis, formatFinding } from '../engine/report';
import { CloudAssemblyContents, MANIFEST_FILE, readCloudAssembly } from '../scan/cloud-assembly';

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
export function readWrittenAssembly(outdir: string): CloudAssemblyContents {
  return readCloudAssembly(outdir, { skipTemplatesThatCannotMatter: true });
}

/**
 * Judges the assembly `root` wrote (its nested Stages' assemblies included) for `applications`. `index`
 * is the construct index made earlier in the same synthesis, if any; it is rebuilt once when a template
 * belongs to a stack it does not know (a stack made during synthesis).
 */
export function judgeWrittenAssembly(root: Stage, applications: readonly Application[], index?: ConstructIndex): WrittenJudgment {
  const { sources, problems, unreadable: references } = readWrittenAssembly(root.outdir);
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

  const ownerOf = (templateFile: string, stack: Stack | undefined): IConstruct =>
    stack ?? constructs.stageOfDirectory(path.dirname(templateFile)) ?? root;

  const found: Array<{ readonly gateway: WrittenGateway; readonly stack?: Stack; readonly source: number }> = [];
  sources.forEach((source, sourceIndex) => {
    const templateFile = path.resolve(source.file);
    const templatePath = path.relative(root.outdir, templateFile);
    const own = stackOf(templateFile);
    const from = source.reachedFrom;
    // A template deployed through a resource (a StackSet body or asset, a Service Catalog product, an SDK
    // call, a CfnStack's asset) is not a stack of the tree: the referring resource's construct decides which
    // guards cover it, and the walk's chain names where it is. A CDK nested stack is a stack of its own.
    if (from && (!own || path.resolve(from.file) === templateFile)) {
      const top = stackOf(path.resolve(from.file));
      const referring = top ? constructs.elementWithLogicalId(top, from.logicalId) : undefined;
      const anchor: IConstruct = referring ?? ownerOf(path.resolve(from.file), top);
      const covering = applicationsOverlapping(applications, anchor);
      if (covering.length === 0) return;
      const originOf = (): GatewayOrigin => ({ anchor, location: source.displayName });
      for (const judged of judgeTemplate(source.template, { applications: covering, templatePath, location: source.displayName, originOf })) {
        found.push({ gateway: { ...judged, templateFile }, stack: top, source: sourceIndex });
      }
      return;
    }
    const stack = own;
    const owner = ownerOf(templateFile, stack);
    const covering = applicationsOverlapping(applications, owner);
    if (covering.length === 0) return;
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
  // References to templates the guard cannot read are findings (AGW10) unless a covering guard's policy allows
  // their URL prefix. The referring resource is named from the tree when it is a resource of a stack's own
  // template; one inside a template reached through another resource is named by the walk's chain.
  const stackLocations = new Set(sources.filter((s) => !s.reachedFrom).map((s) => `${path.resolve(s.file)}\u0000${s.displayName}`));
  references.forEach((reference, referenceIndex) => {
    const templateFile = path.resolve(reference.templatePath ?? root.outdir);
    const stack = stackOf(templateFile);
    const ownTemplate = stackLocations.has(`${templateFile}\u0000${reference.location}`);
    const construct = stack && ownTemplate ? constructs.elementWithLogicalId(stack, reference.logicalId) : undefined;
    const anchor: IConstruct = construct ?? ownerOf(templateFile, stack);
    const covering = applicationsOverlapping(applications, anchor);
    if (covering.length === 0) return;
    const templatePath = path.relative(root.outdir, templateFile);
    const location = construct ? stack!.node.path : reference.location ?? templatePath;
    const judged = judgeUnreadableReference(reference, { applications: covering, templatePath, location, anchor, construct });
    if (judged) found.push({ gateway: { ...judged, templateFile }, stack, source: sources.length + referenceIndex });
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

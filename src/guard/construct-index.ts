// The construct tree of one App or Stage, indexed for the guard: which stack wrote which template file,
// which construct has which logical ID, and in what order stacks appear. Built with one walk of the tree;
// the per-resource lookups are only made for the few logical IDs that hold gateways.
import * as path from 'path';
import { CfnElement, CfnResource, Stack, Stage } from 'aws-cdk-lib';
import { isGuardCandidate } from './gateway-resources';

interface StackEntry {
  readonly stack: Stack;
  /** Position of the stack in the tree (pre-order), which orders findings like the tree. */
  readonly order: number;
  /**
   * Resources that may render as gateways or gateway resource policies (by type, or by an override of their
   * Type), or make gateways by SDK calls.
   */
  readonly candidates: CfnResource[];
  /** The stack's other resources (only their logical IDs and types are ever rendered, for AGW9). */
  readonly others: CfnResource[];
  /** Elements that are not resources: parameters, conditions, mappings, outputs, rules. */
  readonly elements: CfnElement[];
  /** Logical ID to element: the candidates first, every element of the stack after a miss. */
  byLogicalId?: Map<string, CfnElement>;
  complete?: boolean;
}

/** The stacks of a tree and the lookups the guard needs on them. */
export class ConstructIndex {
  /** Walks `root`'s tree once (nested Stages included). */
  public static of(root: Stage): ConstructIndex {
    return new ConstructIndex(root);
  }

  private readonly entries = new Map<Stack, StackEntry>();
  private readonly stages: Stage[] = [];
  private byTemplate?: Map<string, Stack>;

  private constructor(public readonly root: Stage) {
    for (const c of root.node.findAll()) {
      if (Stack.isStack(c)) {
        this.entry(c);
      } else if (CfnResource.isCfnResource(c)) {
        if (isGuardCandidate(c) || mayMakeSdkCalls(c)) this.entry(c.stack).candidates.push(c);
        else this.entry(c.stack).others.push(c);
      } else if (CfnElement.isCfnElement(c)) {
        this.entry(c.stack).elements.push(c);
      } else if (Stage.isStage(c)) {
        this.stages.push(c);
      }
    }
  }

  /** Every stack of the tree, in tree order. */
  public get stacks(): Stack[] {
    return [...this.entries.keys()];
  }

  /** The resources of `stack` that may render as gateways or gateway resource policies, or make gateways. */
  public candidates(stack: Stack): readonly CfnResource[] {
    return this.entries.get(stack)?.candidates ?? [];
  }

  /** The resources of `stack` that are not candidates. */
  public otherResources(stack: Stack): readonly CfnResource[] {
    return this.entries.get(stack)?.others ?? [];
  }

  /** The elements of `stack` that are not resources. */
  public nonResourceElements(stack: Stack): readonly CfnElement[] {
    return this.entries.get(stack)?.elements ?? [];
  }

  /** Position of `stack` in the tree; stacks the index does not know come last. */
  public order(stack: Stack | undefined): number {
    return (stack && this.entries.get(stack)?.order) ?? Number.MAX_SAFE_INTEGER;
  }

  /** The stack whose template is the file `file` (absolute), if a stack of this tree wrote it. */
  public stackOfTemplate(file: string): Stack | undefined {
    if (!this.byTemplate) {
      this.byTemplate = new Map();
      for (const stack of this.entries.keys()) {
        const stage = Stage.of(stack);
        if (stage) this.byTemplate.set(path.resolve(stage.outdir, stack.templateFile), stack);
      }
    }
    return this.byTemplate.get(path.resolve(file));
  }

  /** The App or Stage whose cloud assembly directory is `dir`, if it is in this tree. */
  public stageOfDirectory(dir: string): Stage | undefined {
    const wanted = path.resolve(dir);
    return [this.root, ...this.stages].find((s) => path.resolve(s.outdir) === wanted);
  }

  /**
   * The element of `stack` that rendered `logicalId`, looked up among the candidates first and, only when
   * that misses (an element that renders a gateway under another type), among every element of the stack.
   */
  public elementWithLogicalId(stack: Stack, logicalId: string): CfnElement | undefined {
    const entry = this.entries.get(stack);
    if (!entry) return undefined;
    if (!entry.byLogicalId) {
      entry.byLogicalId = new Map(entry.candidates.map((c) => [stack.resolve(c.logicalId) as string, c]));
    }
    const found = entry.byLogicalId.get(logicalId);
    if (found || entry.complete) return found;
    entry.complete = true;
    for (const c of stack.node.findAll()) {
      if (CfnElement.isCfnElement(c) && c.stack === stack) entry.byLogicalId.set(stack.resolve(c.logicalId), c);
    }
    return entry.byLogicalId.get(logicalId);
  }

  private entry(stack: Stack): StackEntry {
    let entry = this.entries.get(stack);
    if (!entry) {
      entry = { stack, order: this.entries.size, candidates: [], others: [], elements: [] };
      this.entries.set(stack, entry);
    }
    return entry;
  }
}

/**
 * Custom resources, which include the SDK calls of `AwsCustomResource` (the engine judges a gateway they
 * create like a gateway resource). Rendering them early keeps their construct paths in the annotations;
 * templates deployed through other resources are only judged on the written assembly.
 */
function mayMakeSdkCalls(resource: CfnResource): boolean {
  const type = resource.cfnResourceType;
  return type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource';
}

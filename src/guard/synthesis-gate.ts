// The synthesis gate: the check that actually fails `cdk synth`.
//
// Why not a policy validation plugin (`Validations.of(app).addPlugins()`): under the CDK CLI the app does
// not fail on plugin reports (the CLI sets `@aws-cdk/core:failSynthOnValidationErrors` to false and reads
// the report itself), and the CLI only looks at the stacks it selected, so a violation in a nested Stage or
// a CDK Pipelines stage is dropped and `cdk synth` exits 0. A plugin that throws is turned into a report
// entry without violations, which the CLI drops too.
//
// Instead the gate is a construct validation (`node.addValidation`) on the App (or Stage) the guard was
// applied to. Core runs it after every Aspect and after `prepareApp`, so it sees the final state; nested
// Stages (including pipeline stages synthesized at `addStage`) are already written to disk by then. When it
// returns errors, synthesis throws: in process, under every CLI version, and in a pipeline's synth step.
import * as fs from 'fs';
import * as path from 'path';
import { Annotations, App, CfnElement, CfnResource, Stack, Stage } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { FAIL_SYNTH_CONTEXT, renderElement, runByCdkToolkit } from './cdk-internals';
import { isGuardCandidate } from './gateway-resources';
import { appTemplateResolver, mayDeployGateways, nestedStackKeys, nestedStackResources } from './referenced-templates';
import { displayPath } from '../engine/display';
import { CloudFormationTemplate, EngineOptions, GatewayEvaluation, GuardFinding, RESOURCE_POLICY_RESOURCE_TYPE } from '../engine/evaluate';
import { packageVersion } from '../engine/package-version';
import { formatBlockedSynthesis, formatFinding, toJsonReport, toSarif } from '../engine/report';
import { isRecord, templateSection } from '../engine/template';
import { evaluateTemplateTree, ReferenceResolver } from '../engine/template-tree';

/** What one application of the guard asks for. */
export interface GuardPolicy {
  readonly allowExemptions: boolean;
  readonly allowAuthenticateOnlyWithEnforcedPolicyEngine: boolean;
  readonly additionalAllowedAuthorizerTypes: readonly string[];
  readonly allowedTemplateUrlPrefixes: readonly string[];
  readonly reportFileName: string;
}

const SESSION = Symbol.for('cdk-secure-agentcore-gateway.RequireGatewayAuthorization.session');

interface Application {
  readonly scope: IConstruct;
  readonly policy: GuardPolicy;
}

/** Per-Stage state, kept on the Stage itself (never in module state). */
interface Session {
  readonly applications: Application[];
}

/**
 * Registers an application of the guard at `scope`. Idempotent: the same policy at the same scope is
 * registered once, and one gate per App or Stage checks every application registered on it.
 */
export function registerGuard(scope: IConstruct, policy: GuardPolicy): void {
  const root = Stage.isStage(scope) ? scope : Stage.of(scope);
  if (!root) {
    throw new Error(`RequireGatewayAuthorization: ${scope.node.path || 'the root construct'} is not inside an App or Stage, so there is no synthesis to check.`);
  }
  const holder = root as unknown as { [SESSION]?: Session };
  let session = holder[SESSION];
  if (!session) {
    const created: Session = { applications: [] };
    Object.defineProperty(holder, SESSION, { value: created, enumerable: false });
    gateConstruct(root).node.addValidation({ validate: () => runGate(root, created.applications) });
    session = created;
  }
  const key = policyKey(policy);
  if (!session.applications.some((a) => a.scope === scope && policyKey(a.policy) === key)) {
    session.applications.push({ scope, policy });
  }
}

/** One stack whose gateways are checked, and where its template comes from. */
interface StackUnit {
  readonly stack: Stack;
  /** True when the stack belongs to the gate's own Stage (not yet written: rendered from constructs). */
  readonly live: boolean;
  readonly candidates: CfnResource[];
  /**
   * The stack's other resources: only their logical IDs and types are rendered, and only for AGW9 (those that
   * may deploy gateways are candidates too, and rendered in full over their stub).
   */
  readonly others: CfnResource[];
  readonly elements: CfnElement[];
}

interface Checked {
  readonly evaluation: GatewayEvaluation;
  readonly construct?: IConstruct;
  /** Whether annotations of this gateway reach the App's caller (it is in a top-level stack of the App). */
  readonly cliVisible: boolean;
}

function runGate(root: Stage, applications: readonly Application[]): string[] {
  const units = collectStacks(root);
  const checked: Checked[] = [];
  const problems: string[] = [];
  const resolve = appTemplateResolver(root, nestedStackKeys(nestedStackResources(units.keys())));
  for (const unit of units.values()) {
    const covering = applications.filter((a) => isWithin(unit.stack, a.scope) || isWithin(a.scope, unit.stack));
    if (covering.length === 0) continue;
    const rendered = unit.live ? renderLive(unit) : readWritten(root, unit, problems);
    if (!rendered) continue;
    checked.push(...evaluateUnit(root, unit, rendered, covering, resolve));
  }

  const evaluations = checked.map((c) => c.evaluation);
  writeReports(root, applications[0].policy.reportFileName, evaluations);

  const failing = checked.filter((c) => c.evaluation.verdict === 'NON_COMPLIANT');
  for (const c of checked) {
    if (!c.construct || !c.cliVisible) continue;
    if (c.evaluation.verdict === 'NON_COMPLIANT') {
      for (const f of c.evaluation.findings) addAnnotationOnce(c.construct, 'error', formatFinding(c.evaluation, f));
    } else if (c.evaluation.verdict === 'EXEMPT') {
      addAnnotationOnce(c.construct, 'info', `[RequireGatewayAuthorization] exempt: ${c.evaluation.exemptionReason}`);
    }
  }
  if (failing.length === 0 && problems.length === 0) return [];
  // A test or program that declared it handles validation failures itself sees findings of top-level
  // stacks as error annotations (Annotations.fromStack). Anything else fails here.
  if (callerHandlesFailures(root) && problems.length === 0 && failing.every((c) => c.cliVisible)) return [];

  const reportFile = path.join(root.outdir, `${applications[0].policy.reportFileName}.json`);
  return [formatBlockedSynthesis({ failing: failing.map((c) => c.evaluation), problems, reportFile })];
}

/** The construct ID that names the guard in CDK's list of validation errors. */
const GATE_ID = 'RequireGatewayAuthorization';

/**
 * The construct that carries the gate's validation. CDK prints each validation error after its construct's
 * path, and the App's path is empty (`[] ...`), so the gate sits on a child named after the guard: the
 * error then reads `[RequireGatewayAuthorization] 2 AgentCore gateways would deploy ...` (or
 * `[Prod/RequireGatewayAuthorization] ...` for a guard applied to a Stage). It holds nothing and
 * synthesizes nothing.
 */
function gateConstruct(root: Stage): IConstruct {
  return root.node.tryFindChild(GATE_ID) ?? new Construct(root, GATE_ID);
}

/** Every stack in `root`'s tree that can hold gateways, with its candidate resources. One tree walk. */
function collectStacks(root: Stage): Map<Stack, StackUnit> {
  const units = new Map<Stack, StackUnit>();
  const unitOf = (stack: Stack): StackUnit => {
    let unit = units.get(stack);
    if (!unit) {
      unit = { stack, live: Stage.of(stack) === root, candidates: [], others: [], elements: [] };
      units.set(stack, unit);
    }
    return unit;
  };
  const others: CfnResource[] = [];
  for (const c of root.node.findAll()) {
    if (Stack.isStack(c)) {
      unitOf(c);
    } else if (CfnResource.isCfnResource(c)) {
      if (isGuardCandidate(c)) {
        unitOf(c.stack).candidates.push(c);
      } else {
        others.push(c);
        unitOf(c.stack).others.push(c);
      }
    } else if (CfnElement.isCfnElement(c)) {
      unitOf(c.stack).elements.push(c);
    }
  }
  // SDK calls, resources that deploy other templates and resources a macro rewrites can make gateways too.
  const nested = nestedStackResources(units.keys());
  for (const c of others) if (mayDeployGateways(c, nested)) unitOf(c.stack).candidates.push(c);
  return units;
}

interface Rendered {
  readonly template: CloudFormationTemplate;
  readonly templatePath: string;
  /** logical ID to construct */
  readonly constructs: Map<string, CfnResource>;
}

/**
 * The parts of a not-yet-written template that the engine needs: the candidates, rendered with every
 * override, and the Parameters, Mappings and Conditions. Other resources are never resolved.
 */
function renderLive(unit: StackUnit): Rendered | undefined {
  const transforms = unit.stack.templateOptions.transforms;
  if (unit.candidates.length === 0 && !transforms?.length) return undefined;
  const template: { [section: string]: unknown } = { Resources: {} };
  // A template-level macro rewrites the whole template (AGW10 unless it is a trusted AWS transform).
  if (transforms?.length) template.Transform = transforms.length === 1 ? transforms[0] : transforms;
  const merge = (fragment: unknown) => {
    for (const [section, entries] of Object.entries(isRecord(fragment) ? fragment : {})) {
      if (!isRecord(entries)) continue;
      const previous = template[section];
      template[section] = { ...(isRecord(previous) ? previous : {}), ...entries };
    }
  };
  for (const element of unit.elements) merge(renderElement(element));
  if (unit.candidates.some((c) => c.cfnResourceType === RESOURCE_POLICY_RESOURCE_TYPE)) {
    // AGW9 tells a runtime's policy from a gateway's by the type of the resource its ResourceArn names:
    // the other resources are listed by logical ID and type, never rendered.
    const stubs: { [logicalId: string]: unknown } = {};
    for (const other of unit.others) stubs[unit.stack.resolve(other.logicalId)] = { Type: other.cfnResourceType };
    merge({ Resources: stubs });
  }
  const constructs = new Map<string, CfnResource>();
  for (const candidate of unit.candidates) {
    const fragment = renderElement(candidate);
    for (const logicalId of Object.keys(templateSection(fragment, 'Resources'))) constructs.set(logicalId, candidate);
    merge(fragment);
  }
  return { template, templatePath: unit.stack.templateFile, constructs };
}

/** A nested Stage was synthesized before this gate runs: its template on disk is what will deploy. */
function readWritten(root: Stage, unit: StackUnit, problems: string[]): Rendered | undefined {
  const stage = Stage.of(unit.stack)!;
  const file = path.join(stage.outdir, unit.stack.templateFile);
  let template: CloudFormationTemplate;
  try {
    template = JSON.parse(fs.readFileSync(file, 'utf-8'));
  } catch (e) {
    problems.push(
      `[RequireGatewayAuthorization] ${unit.stack.node.path}: cannot read the synthesized template ${displayPath(file)} (${(e as Error).message}); ` +
        'the gateways of this stack cannot be checked, so synthesis fails closed.',
    );
    return undefined;
  }
  const constructs = new Map<string, CfnResource>();
  for (const candidate of unit.candidates) constructs.set(unit.stack.resolve(candidate.logicalId), candidate);
  return { template, templatePath: path.relative(root.outdir, file), constructs };
}

function evaluateUnit(root: Stage, unit: StackUnit, rendered: Rendered, covering: readonly Application[], resolve: ReferenceResolver): Checked[] {
  const byPolicy = new Map<string, GuardPolicy>();
  for (const a of covering) byPolicy.set(policyKey(a.policy), a.policy);
  const merged = new Map<string, Checked>();
  for (const [key, policy] of byPolicy) {
    const options: EngineOptions = {
      allowExemptions: policy.allowExemptions,
      allowAuthenticateOnlyWithEnforcedPolicyEngine: policy.allowAuthenticateOnlyWithEnforcedPolicyEngine,
      additionalAllowedAuthorizerTypes: [...policy.additionalAllowedAuthorizerTypes],
      allowedTemplateUrlPrefixes: [...policy.allowedTemplateUrlPrefixes],
    };
    const tree = { template: rendered.template, location: unit.stack.node.path, templatePath: rendered.templatePath };
    for (const { evaluation: raw, via } of evaluateTemplateTree(tree, options, resolve)) {
      // A gateway of a template deployed through another resource is anchored on that resource.
      const construct = rendered.constructs.get(via ?? raw.logicalId);
      const anchor = construct ?? unit.stack;
      // Only the applications whose scope contains the gateway judge it.
      if (!covering.some((a) => policyKey(a.policy) === key && isWithin(anchor, a.scope))) continue;
      const constructPath = via === undefined ? construct?.node.path ?? raw.constructPath : raw.constructPath;
      const evaluation: GatewayEvaluation = { ...raw, constructPath };
      const checked: Checked = { evaluation, construct, cliVisible: unit.live && App.isApp(root) && construct !== undefined };
      const id = `${raw.location}\u0000${raw.logicalId}`;
      const previous = merged.get(id);
      merged.set(id, previous ? worse(previous, checked) : checked);
    }
  }
  return [...merged.values()];
}

const SEVERITY = { COMPLIANT: 0, EXEMPT: 1, NON_COMPLIANT: 2 } as const;

/** Two policies judged the same gateway: keep the stricter verdict and every finding. */
function worse(a: Checked, b: Checked): Checked {
  const [hi, lo] = SEVERITY[b.evaluation.verdict] > SEVERITY[a.evaluation.verdict] ? [b, a] : [a, b];
  const seen = new Set(hi.evaluation.findings.map(findingKey));
  const extra: GuardFinding[] = hi.evaluation.verdict === 'NON_COMPLIANT' ? lo.evaluation.findings.filter((f) => !seen.has(findingKey(f))) : [];
  return { ...hi, evaluation: { ...hi.evaluation, findings: [...hi.evaluation.findings, ...extra] } };
}

function findingKey(f: GuardFinding): string {
  return `${f.ruleId}\u0000${f.propertyPath}\u0000${f.message}`;
}

function writeReports(root: Stage, baseName: string, evaluations: GatewayEvaluation[]): void {
  const meta = { toolName: 'cdk-secure-agentcore-gateway', toolVersion: packageVersion(), source: `cdk synth (${root.node.path || 'App'})` };
  fs.mkdirSync(root.outdir, { recursive: true });
  fs.writeFileSync(path.join(root.outdir, `${baseName}.json`), JSON.stringify(toJsonReport(evaluations, meta), undefined, 2));
  fs.writeFileSync(path.join(root.outdir, `${baseName}.sarif`), JSON.stringify(toSarif(evaluations, meta), undefined, 2));
}

function addAnnotationOnce(construct: IConstruct, level: 'error' | 'info', message: string): void {
  const type = level === 'error' ? 'aws:cdk:error' : 'aws:cdk:info';
  if (construct.node.metadata.some((m) => m.type === type && m.data === message)) return;
  if (level === 'error') Annotations.of(construct).addError(message);
  else Annotations.of(construct).addInfo(message);
}

/**
 * Whether the caller said (with the core context key) that it fails on validation errors by itself.
 * Never true under a CDK toolkit (the CLI sets that key too): there `cdk synth --ignore-errors` or a
 * stack selection would skip error annotations, so the gate always throws.
 */
function callerHandlesFailures(root: Stage): boolean {
  if (!App.isApp(root)) return false;
  if (runByCdkToolkit()) return false;
  const value = root.node.tryGetContext(FAIL_SYNTH_CONTEXT);
  return value === false || value === 'false';
}

/** True when `node` is `scope` or below it. */
function isWithin(node: IConstruct, scope: IConstruct): boolean {
  return node === scope || node.node.scopes.includes(scope);
}

function policyKey(policy: GuardPolicy): string {
  const { allowExemptions, allowAuthenticateOnlyWithEnforcedPolicyEngine, additionalAllowedAuthorizerTypes, allowedTemplateUrlPrefixes } = policy;
  return JSON.stringify([
    allowExemptions,
    allowAuthenticateOnlyWithEnforcedPolicyEngine,
    [...additionalAllowedAuthorizerTypes].sort(),
    [...allowedTemplateUrlPrefixes].sort(),
  ]);
}

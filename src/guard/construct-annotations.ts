// The early look at the construct tree, before any template is written: it indexes the tree for the final
// verdict and puts the guard's findings where CDK users look for them, as annotations on the gateways'
// constructs. It never fails synthesis itself: the verdict is on the written assembly (written-assembly.ts).
import { Annotations, CfnElement, CfnResource, Stage } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { renderElement } from './cdk-internals';
import { ConstructIndex } from './construct-index';
import { Application, applicationsOverlapping, judgeTemplate } from './judging';
import { EXEMPTION_METADATA_KEY, RESOURCE_POLICY_RESOURCE_TYPE } from '../engine/constants';
import { formatFinding } from '../engine/report';
import { isRecord, templateSection } from '../engine/template';

/**
 * Annotates the gateways of `root`'s own top-level stacks (the ones whose annotations reach the App's
 * caller): errors for the findings when `withErrors` (a caller that handles validation failures itself
 * reads them there), and an info for every exempt gateway. Returns the construct index it built.
 */
export function annotateGateways(root: Stage, applications: readonly Application[], withErrors: boolean): ConstructIndex {
  const index = ConstructIndex.of(root);
  for (const stack of index.stacks) {
    if (Stage.of(stack) !== root) continue;
    const covering = applicationsOverlapping(applications, stack);
    if (covering.length === 0) continue;
    // Without error annotations only exempt gateways are annotated, so only declared exemptions are rendered.
    const candidates = index.candidates(stack).filter((c) => withErrors || c.getMetadata(EXEMPTION_METADATA_KEY) !== undefined);
    if (candidates.length === 0) continue;
    const { template, constructs } = renderCandidates(candidates, index.nonResourceElements(stack), index.otherResources(stack));
    const judged = judgeTemplate(template, {
      applications: covering,
      templatePath: stack.templateFile,
      location: stack.node.path,
      originOf: (logicalId) => {
        const construct = constructs.get(logicalId);
        return { construct, anchor: construct ?? stack, location: stack.node.path };
      },
    });
    for (const { evaluation, construct } of judged) {
      if (!construct) continue;
      if (evaluation.verdict === 'NON_COMPLIANT' && withErrors) {
        for (const f of evaluation.findings) addAnnotationOnce(construct, 'error', formatFinding(evaluation, f));
      } else if (evaluation.verdict === 'EXEMPT') {
        addAnnotationOnce(construct, 'info', `[RequireGatewayAuthorization] exempt: ${evaluation.exemptionReason}`);
      }
    }
  }
  return index;
}

/**
 * The parts of a not-yet-written template that the engine needs: the candidates, rendered with every
 * override, and the Parameters, Mappings and Conditions. Other resources are never resolved: when a gateway
 * resource policy is among the candidates, they are listed by logical ID and type only (AGW9 tells a
 * runtime's policy from a gateway's by the type of the resource its ResourceArn names).
 */
function renderCandidates(candidates: readonly CfnResource[], elements: readonly CfnElement[], others: readonly CfnResource[]) {
  const template: { [section: string]: { readonly [key: string]: unknown } } = { Resources: {} };
  const merge = (fragment: unknown) => {
    for (const [section, entries] of Object.entries(isRecord(fragment) ? fragment : {})) {
      if (!isRecord(entries)) continue;
      template[section] = { ...(template[section] ?? {}), ...entries };
    }
  };
  for (const element of elements) merge(renderElement(element));
  if (candidates.some((c) => c.cfnResourceType === RESOURCE_POLICY_RESOURCE_TYPE)) {
    const stubs: { [logicalId: string]: unknown } = {};
    for (const other of others) stubs[other.stack.resolve(other.logicalId)] = { Type: other.cfnResourceType };
    merge({ Resources: stubs });
  }
  const constructs = new Map<string, CfnResource>();
  for (const candidate of candidates) {
    const fragment = renderElement(candidate);
    for (const logicalId of Object.keys(templateSection(fragment, 'Resources'))) constructs.set(logicalId, candidate);
    merge(fragment);
  }
  return { template, constructs };
}

function addAnnotationOnce(construct: IConstruct, level: 'error' | 'info', message: string): void {
  const type = level === 'error' ? 'aws:cdk:error' : 'aws:cdk:info';
  if (construct.node.metadata.some((m) => m.type === type && m.data === message)) return;
  if (level === 'error') Annotations.of(construct).addError(message);
  else Annotations.of(construct).addInfo(message);
}

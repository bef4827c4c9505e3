// A template and every template it deploys through other resources, judged as one tree. The engine finds the
// references (references.ts); the caller reads them through a resolver (a file, an asset of the app, an inline
// body it parses), so all file access stays in the adapters. Every walk is bounded: in depth, in the number
// of templates, and against cycles.
import { EngineOptions, evaluateTemplate, evaluateUnreadableReference, GatewayEvaluation, templateScope, UnreadableReference } from './evaluate';
import { TemplateReference, templateReferences } from './references';
import { CloudFormationTemplate } from './template';

/** How deep references are followed (a nested stack in a nested stack ... counts one per level). */
export const MAX_TEMPLATE_DEPTH = 10;

/** How many referenced templates one walk reads at most. */
export const MAX_REFERENCED_TEMPLATES = 1000;

/** One template of a tree and where it is. */
export interface TemplateNode {
  readonly template: CloudFormationTemplate;
  /** Where it is, for messages: a stack path, a file, or a chain (`Parent/Stack -> StackSet MySet (TemplateBody)`). */
  readonly location: string;
  /** The file that holds it, for reports (for an inline body: the file of the template that holds it). */
  readonly templatePath?: string;
}

/** What the caller found at the end of a reference. */
export type ResolvedReference =
  /** The template, and a key that identifies it (a real path, a content hash), against cycles and repeats. */
  | { readonly kind: 'template'; readonly template: CloudFormationTemplate; readonly key: string; readonly templatePath?: string; readonly location?: string }
  /** The template cannot be read: a finding (AGW10), unless its URL is under an allowed prefix. */
  | { readonly kind: 'unreadable'; readonly reason: string }
  /** The caller judges it elsewhere (a CDK nested stack of its own) or has reported a problem with it. */
  | { readonly kind: 'skip' };

/** Reads the template at the end of a reference made by a resource of `parent`. */
export type ReferenceResolver = (reference: TemplateReference, parent: TemplateNode) => ResolvedReference;

/** A template reached through references. */
export interface ReachedTemplate extends TemplateNode {
  /** The logical ID, in the root template, of the resource through which it was reached. */
  readonly via: string;
}

/** Every template reached from a root, and every reference that could not be read. */
export interface TemplateWalk {
  readonly templates: ReachedTemplate[];
  readonly unreadable: Array<UnreadableReference & { readonly via: string }>;
}

/**
 * Follows every reference of `root`, depth first. `visited` holds the keys of templates already read (the
 * caller adds its roots), so a template reached twice, or through a cycle, is read once.
 */
export function walkTemplates(root: TemplateNode, resolve: ReferenceResolver, visited: Set<string> = new Set()): TemplateWalk {
  const templates: ReachedTemplate[] = [];
  const unreadable: Array<UnreadableReference & { readonly via: string }> = [];
  const visit = (node: TemplateNode, depth: number, via: string | undefined): void => {
    for (const reference of templateReferences(templateScope(node.template))) {
      const through = via ?? reference.logicalId;
      const cannotRead = (reason: string) =>
        unreadable.push({
          logicalId: reference.logicalId,
          constructPath: reference.cdkPath,
          location: node.location,
          templatePath: node.templatePath,
          label: reference.label,
          propertyPath: reference.propertyPath,
          when: reference.when,
          reason,
          url: reference.source.kind === 'url' ? reference.source.url : undefined,
          via: through,
        });
      if (reference.source.kind === 'unreadable') {
        cannotRead(reference.source.reason);
        continue;
      }
      if (depth >= MAX_TEMPLATE_DEPTH) {
        cannotRead(`it is nested more than ${MAX_TEMPLATE_DEPTH} templates deep, where the guard stops following references`);
        continue;
      }
      const resolved = resolve(reference, node);
      if (resolved.kind === 'skip') continue;
      if (resolved.kind === 'unreadable') {
        cannotRead(resolved.reason);
        continue;
      }
      if (visited.has(resolved.key)) continue;
      if (templates.length >= MAX_REFERENCED_TEMPLATES) {
        cannotRead(`the app refers to more than ${MAX_REFERENCED_TEMPLATES} templates, where the guard stops following references`);
        continue;
      }
      visited.add(resolved.key);
      const child: ReachedTemplate = {
        template: resolved.template,
        location: resolved.location ?? childLocation(node, reference),
        templatePath: resolved.templatePath ?? node.templatePath,
        via: through,
      };
      templates.push(child);
      visit(child, depth + 1, through);
    }
  };
  visit(root, 0, undefined);
  return { templates, unreadable };
}

/**
 * Where a referenced template is, for messages: a nested stack (or SAM application) is named like a nested
 * stack of CDK, `Parent/LogicalId`; a template deployed by another resource by the chain that leads to it,
 * `Parent -> StackSet MySet (TemplateBody)`.
 */
function childLocation(parent: TemplateNode, reference: TemplateReference): string {
  const nested = reference.resourceType === 'AWS::CloudFormation::Stack' || reference.resourceType === 'AWS::Serverless::Application';
  return nested ? `${parent.location}/${reference.logicalId}` : `${parent.location} -> ${reference.label}`;
}

/** One evaluation of a tree, and the resource of the root template through which its template was reached. */
export interface TreeEvaluation {
  readonly evaluation: GatewayEvaluation;
  /** Undefined for the root template's own gateways. */
  readonly via?: string;
}

/**
 * Evaluates `root` and every template it deploys through references that `resolve` can read; references it
 * cannot read are findings (AGW10) unless allowed by `allowedTemplateUrlPrefixes`.
 */
export function evaluateTemplateTree(root: TemplateNode, options: EngineOptions, resolve: ReferenceResolver): TreeEvaluation[] {
  const walk = walkTemplates(root, resolve);
  const judge = (node: TemplateNode) => evaluateTemplate(node.template, { ...options, location: node.location, templatePath: node.templatePath });
  return [
    ...judge(root).map((evaluation) => ({ evaluation })),
    ...walk.templates.flatMap((node) => judge(node).map((evaluation) => ({ evaluation, via: node.via }))),
    ...walk.unreadable.flatMap((u) => {
      const evaluation = evaluateUnreadableReference(u, options);
      return evaluation ? [{ evaluation, via: u.location === root.location ? undefined : u.via }] : [];
    }),
  ];
}

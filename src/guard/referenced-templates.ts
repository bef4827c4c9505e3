// What the synthesis gate needs to judge templates an app deploys through other resources (class "embedded
// templates"): which resources to render, and a resolver that reads a referenced template from the app
// itself, an inline body or a file asset (aws_s3_assets.Asset) staged in the cloud assembly. Nested stacks of
// CDK are stacks of their own in the tree, judged as such, so their parent resources are not followed here.
import * as fs from 'fs';
import * as path from 'path';
import { CfnResource, Stack, Stage } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { rawOverrides } from './cdk-internals';
import { displayPath } from '../engine/display';
import { MACRO_KEY } from '../engine/macros';
import { canonicalText, canonicalUrl, REFERENCING_RESOURCE_TYPES, s3ObjectKey, s3ObjectOf } from '../engine/references';
import { ReferenceResolver } from '../engine/template-tree';
import { describeValue } from '../engine/values';
import { MAX_REFERENCED_TEMPLATE_BYTES } from '../scan/nested-templates';
import { parseTemplateText } from '../scan/template-loader';

/**
 * Whether a resource can deploy gateways other than as a gateway resource: an SDK call (a custom resource),
 * a resource that deploys another template, or one a macro rewrites. CDK nested stacks are left out: each is
 * judged as a stack of its own.
 */
export function mayDeployGateways(resource: CfnResource, nested: ReadonlySet<CfnResource>): boolean {
  if (nested.has(resource)) return false;
  const type = resource.cfnResourceType;
  if (type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource' || REFERENCING_RESOURCE_TYPES.includes(type)) return true;
  const overrides = rawOverrides(resource);
  return overrides === undefined || Object.prototype.hasOwnProperty.call(overrides, MACRO_KEY);
}

/** `<parent stack path> NUL <logical ID>` of each resource that represents a CDK nested stack in its parent. */
export function nestedStackKeys(resources: Iterable<CfnResource>): Set<string> {
  const keys = new Set<string>();
  for (const resource of resources) keys.add(`${resource.stack.node.path}\u0000${resource.stack.resolve(resource.logicalId)}`);
  return keys;
}

/** The resources that represent CDK nested stacks in their parents. */
export function nestedStackResources(stacks: Iterable<Stack>): Set<CfnResource> {
  const resources = new Set<CfnResource>();
  for (const stack of stacks) if (stack.nestedStackResource) resources.add(stack.nestedStackResource);
  return resources;
}

/**
 * Reads referenced templates for the gate: an inline body, or a file asset of the app (matched by the S3
 * bucket and key the URL designates, never by a file name alone). Anything else cannot be read. References
 * made by the resources of CDK nested stacks are skipped (`nested`, as `nestedStackKeys` gives them): those
 * stacks are judged on their own, also where a nested Stage's written template is read.
 */
export function appTemplateResolver(root: Stage, nested: ReadonlySet<string>): ReferenceResolver {
  let assets: Map<string, string> | undefined;
  return (reference, parent) => {
    if (nested.has(`${parent.location}\u0000${reference.logicalId}`)) return { kind: 'skip' };
    const source = reference.source;
    if (source.kind === 'body') {
      const parsed = parseTemplateText(source.text, reference.label);
      if (!parsed.ok) return { kind: 'unreadable', reason: `it is not a template the guard can read: ${parsed.problem}` };
      return { kind: 'template', template: parsed.template, key: `body:${source.text}` };
    }
    if (source.kind !== 'url') return { kind: 'unreadable', reason: source.reason };
    const text = canonicalUrl(source.url);
    const object = text === undefined ? undefined : s3ObjectOf(text);
    assets ??= fileAssets(root);
    const file = object && assets.get(s3ObjectKey(object));
    const what = reference.propertyPath.split('.').pop();
    if (!file) return { kind: 'unreadable', reason: `its ${what} ${describeValue(source.url)} is not a file asset of this app` };
    const shown = displayPath(file);
    let body: string;
    try {
      if (fs.statSync(file).size > MAX_REFERENCED_TEMPLATE_BYTES) {
        return { kind: 'unreadable', reason: `its template ${shown} is larger than the ${MAX_REFERENCED_TEMPLATE_BYTES} bytes the guard reads` };
      }
      body = fs.readFileSync(file, 'utf-8');
    } catch (error) {
      return { kind: 'unreadable', reason: `its template ${shown} cannot be read (${(error as Error).message})` };
    }
    const parsed = parseTemplateText(body, shown);
    if (!parsed.ok) return { kind: 'unreadable', reason: `its template is not one the guard can read: ${parsed.problem}` };
    // Reports name template files relative to the cloud assembly, as they name the stacks' own templates.
    return { kind: 'template', template: parsed.template, key: file, templatePath: path.relative(root.outdir, file) };
  };
}

/** Every staged file asset of the app, by the S3 bucket and key it is uploaded to. */
function fileAssets(root: IConstruct): Map<string, string> {
  const byObject = new Map<string, string>();
  for (const construct of root.node.findAll()) {
    if (!isFileAsset(construct)) continue;
    const stack = Stack.of(construct);
    const bucket = canonicalText(stack.resolve(construct.s3BucketName));
    const key = canonicalText(stack.resolve(construct.s3ObjectKey));
    const stage = Stage.of(construct);
    if (bucket === undefined || key === undefined || !stage) continue;
    byObject.set(s3ObjectKey({ bucket, key }), path.resolve(stage.outdir, construct.assetPath));
  }
  return byObject;
}

/** An aws_s3_assets.Asset of a single file (by shape, so any copy of aws-cdk-lib counts). */
function isFileAsset(construct: IConstruct): construct is IConstruct & { s3BucketName: string; s3ObjectKey: string; assetPath: string } {
  const candidate = construct as unknown as { [key: string]: unknown };
  return candidate.isFile === true && typeof candidate.assetPath === 'string' && typeof candidate.s3ObjectKey === 'string' && typeof candidate.s3BucketName === 'string';
}

import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { readBounded, ReadPolicy } from './bounded-read';
import { displayPath, realPath } from './paths';
import { parseTemplate, parseTemplateText } from './template-loader';
import { InputProblem, TemplateSource } from './template-source';
import { UnreadableReference } from '../engine/evaluate';
import { canonicalUrl, s3ObjectKey, s3ObjectOf, TemplateReference } from '../engine/references';
import { ReferenceResolver, ResolvedReference, walkTemplates } from '../engine/template-tree';
import { describeValue, PartialString } from '../engine/values';

/** Referenced templates larger than this are not read (CloudFormation itself takes at most 1 MB from S3). */
export const MAX_REFERENCED_TEMPLATE_BYTES = 5 * 1024 * 1024;

/** The file assets of a cloud assembly: which local file CDK uploads to which S3 object. */
export interface AssetIndex {
  /** `s3ObjectKey({ bucket, key })` (placeholders such as `${AWS::AccountId}` as the manifest writes them) to the file. */
  readonly byObject: ReadonlyMap<string, string>;
}

/** What the scanner knows about where the templates of an input are. */
export interface ReferenceContext {
  /** The assets of the cloud assembly being read; absent for templates on disk. */
  readonly assets?: AssetIndex;
  /** The directory every asset file must stay inside (the cloud assembly). */
  readonly root?: string;
  /** When given, CDK nested stacks whose template cannot be matched are kept here instead of being findings. */
  readonly unresolved?: UnresolvedNestedStack[];
  /** What a referenced template may be: inside which folders, and how large (at most MAX_REFERENCED_TEMPLATE_BYTES). */
  readonly policy: ReadPolicy;
}

/** A nested stack whose template could not be located, and why. */
export interface UnresolvedNestedStack {
  readonly parent: TemplateSource;
  readonly logicalId: string;
  readonly reason: string;
  readonly reference: TemplateReference;
}

/**
 * Loads every template reachable from `parent` through its resources (nested stacks, SAM applications,
 * StackSets, Service Catalog products; depth first, bounded by the engine's walk), so gateways inside them are
 * evaluated like any other. `visited` holds the real paths of templates already loaded, which stops cycles
 * and double counting. References that cannot be read are added to `unreadable` (findings, AGW10); files that
 * are missing or broken are problems.
 */
export function collectNestedTemplates(
  parent: TemplateSource,
  visited: Set<string>,
  context: ReferenceContext,
  sources: TemplateSource[],
  problems: InputProblem[],
  unreadable: UnreadableReference[],
): void {
  const resolve: ReferenceResolver = (reference, node) => {
    const holder: TemplateSource = { file: node.templatePath ?? parent.file, displayName: node.location, template: node.template as TemplateSource['template'] };
    return resolveReference(reference, holder, context, problems);
  };
  const walk = walkTemplates({ template: parent.template, location: parent.displayName, templatePath: parent.file }, resolve, visited);
  for (const reached of walk.templates) {
    sources.push({
      file: reached.templatePath ?? parent.file,
      displayName: reached.location,
      template: reached.template as TemplateSource['template'],
      reachedFrom: { file: parent.file, logicalId: reached.via },
    });
  }
  unreadable.push(...walk.unreadable);
}

/** The unreadable reference for a nested stack that could not be matched to a template of the assembly. */
export function unresolvedToUnreadable(ref: UnresolvedNestedStack): UnreadableReference {
  const source = ref.reference.source;
  return {
    logicalId: ref.logicalId,
    constructPath: ref.reference.cdkPath,
    location: ref.parent.displayName,
    templatePath: ref.parent.file,
    label: ref.reference.label,
    propertyPath: ref.reference.propertyPath,
    when: ref.reference.when,
    reason: ref.reason,
    url: source.kind === 'url' ? source.url : undefined,
  };
}

function resolveReference(
  reference: TemplateReference,
  parent: TemplateSource,
  context: ReferenceContext,
  problems: InputProblem[],
): ResolvedReference {
  const source = reference.source;
  if (source.kind === 'body') {
    const parsed = parseTemplateText(source.text, `${parent.file} (${reference.label})`);
    if (!parsed.ok) return { kind: 'unreadable', reason: `it is not a template the guard can read: ${parsed.problem}` };
    return { kind: 'template', template: parsed.template, key: `body:${createHash('sha256').update(source.text).digest('hex')}` };
  }
  if (source.kind !== 'url') return { kind: 'unreadable', reason: source.reason };
  const dir = path.dirname(path.resolve(parent.file));
  const what = reference.propertyPath.split('.').pop() ?? 'URL';
  const located = locate(reference, source.url, dir, context);
  if ('unreadable' in located) return { kind: 'unreadable', reason: located.unreadable };
  if ('file' in located) return load(located.file, reference, parent, context, problems);
  const object = canonical(source.url);
  const text = describeValue(source.url);
  if (context.unresolved && reference.resourceType === 'AWS::CloudFormation::Stack' && object && looksLikeCdkAsset(object)) {
    context.unresolved.push({ parent, logicalId: reference.logicalId, reference, reason: `its ${what} ${text} matches no file asset of the assembly` });
    return { kind: 'skip' };
  }
  return { kind: 'unreadable', reason: `its ${what} ${text} is not a file of this app (not a local path, not one of its file assets)` };
}

/** Where a URL's template is on disk, or why it is not the file it claims to be; `{}` when it is not local. */
function locate(
  reference: TemplateReference,
  url: string | PartialString,
  dir: string,
  context: ReferenceContext,
): { file: string } | { unreadable: string } | {} {
  // What deploys is the object the URL designates: a file asset of the assembly uploaded there is the truth.
  const object = canonical(url);
  const asset = object && context.assets?.byObject.get(s3ObjectKey(object));
  if (asset) return { file: asset };
  // CDK records a nested stack's template file next to the parent (asset metadata, the CLI's default). The
  // metadata is only a hint: where the assembly has asset manifests, a URL none of them uploads to is another
  // template, whatever the metadata says. Without any (removed, or an older synthesizer wrote none), only
  // CDK's own layout is accepted: a SHA-256 named object in a bootstrap asset bucket of the deploying account.
  if (reference.resourceType === 'AWS::CloudFormation::Stack' && reference.assetPath !== undefined) {
    const file = path.resolve(dir, reference.assetPath);
    if (!inside(file, context.root ?? dir)) return { unreadable: `its aws:asset:path metadata (${reference.assetPath}) leaves the folder being scanned` };
    if (!fs.existsSync(file)) return { file };
    const manifests = context.assets !== undefined && context.assets.byObject.size > 0;
    if (manifests || !object || !looksLikeCdkAsset(object)) {
      return {
        unreadable: `its TemplateURL ${describeValue(url)} is not where CDK uploads the file its aws:asset:path metadata names (${reference.assetPath}), so another template would deploy`,
      };
    }
    return { file };
  }
  const local = typeof url === 'string' ? localPath(url, dir) : undefined;
  if (local) return { file: local };
  return {};
}

function load(
  file: string,
  reference: TemplateReference,
  parent: TemplateSource,
  context: ReferenceContext,
  problems: InputProblem[],
): ResolvedReference {
  const what = reference.resourceType === 'AWS::CloudFormation::Stack' || reference.resourceType === 'AWS::Serverless::Application' ? `nested stack ${reference.logicalId}` : reference.label;
  const shown = displayPath(file);
  // The scanner's one bounded, contained read: a regular file inside the paths being scanned, its size checked first.
  const policy: ReadPolicy = { ...context.policy, maxBytes: Math.min(context.policy.maxBytes, MAX_REFERENCED_TEMPLATE_BYTES) };
  const read = readBounded(file, policy);
  if (!read.ok) {
    if (read.refusal === 'missing') {
      problems.push({ severity: 'error', file: parent.file, message: `${parent.file}: ${what} points at ${shown}, which does not exist` });
      return { kind: 'skip' };
    }
    problems.push({ severity: 'error', file: parent.file, message: `${parent.file}: ${what} points at ${shown}, which was not read: ${read.reason}` });
    return { kind: 'unreadable', reason: `its template ${shown} was not read: ${read.reason}` };
  }
  const loaded = parseTemplate(read.text, shown);
  if (!loaded.ok) {
    problems.push({ severity: 'error', file: shown, message: `${loaded.problem} (the template of ${what} in ${parent.file})` });
    return { kind: 'skip' };
  }
  // A CDK nested stack is named by its construct path; every other template as the engine names it.
  return { kind: 'template', template: loaded.template, key: read.realPath, templatePath: shown, location: nestedStackPath(reference.cdkPath) };
}

/** The name of a CDK bootstrap asset bucket, in the deploying account and region. */
const BOOTSTRAP_BUCKET = /^cdk-[a-z0-9]+-assets-(?:\d{12}|\$\{AWS::AccountId\})-(?:[a-z0-9-]+|\$\{AWS::Region\})$/;

function looksLikeCdkAsset(object: { bucket: string; key: string }): boolean {
  return BOOTSTRAP_BUCKET.test(object.bucket) && /(?:^|\/)[0-9a-f]{64}\.json$/.test(object.key);
}

function canonical(url: string | PartialString): { bucket: string; key: string } | undefined {
  const text = canonicalUrl(url);
  return text === undefined ? undefined : s3ObjectOf(text);
}

/**
 * The construct path of a CDK nested stack from its resource's `aws:cdk:path` metadata
 * (`App/Parent/Inner.NestedStack/Inner.NestedStackResource` gives `App/Parent/Inner`).
 */
function nestedStackPath(cdkPath: unknown): string | undefined {
  if (typeof cdkPath !== 'string') {
    return undefined;
  }
  const match = /^(.*)\.NestedStack\/[^/]+\.NestedStackResource$/.exec(cdkPath);
  return match ? match[1] : undefined;
}

/** A TemplateURL or Location that is a path on disk (as `aws cloudformation package` and SAM take), not a URL. */
function localPath(value: string, dir: string): string | undefined {
  if (value.trim() === '' || /^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    return undefined;
  }
  return path.resolve(dir, value);
}

/** Whether `file` is `dir` or below it, after resolving symbolic links. */
export function inside(file: string, dir: string): boolean {
  const relative = path.relative(realPath(dir), realPath(file));
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

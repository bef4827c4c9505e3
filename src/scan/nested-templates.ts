import * as path from 'path';
import { readBounded, ReadPolicy } from './bounded-read';
import { displayPath, realPath } from './paths';
import { parseTemplate, TemplateDocument } from './template-loader';
import { InputProblem, TemplateSource, UnfollowedReference } from './template-source';
import { isRecord, nestedDeeperThan } from '../engine/template';

/** Finds the local file of a nested template from its TemplateURL, e.g. through a CDK asset manifest. */
export type AssetLocator = (templateUrl: unknown) => string | undefined;

/** A nested stack whose template could not be located, and why. */
export interface UnresolvedNestedStack {
  readonly parent: TemplateSource;
  readonly logicalId: string;
  readonly reason: string;
}

/** What following the nested templates of one input reads with, and where it puts what it finds. */
export interface NestedTemplateContext {
  /** Real paths of the templates already read: stops cycles and double counting. */
  readonly visited: Set<string>;
  /** Maps a TemplateURL to a local file (a cloud assembly's asset manifests). */
  readonly locateAsset?: AssetLocator;
  /** What a referenced template may be: inside which folders, and how large. */
  readonly policy: ReadPolicy;
  readonly sources: TemplateSource[];
  readonly problems: InputProblem[];
  /** References that were not followed; each becomes an AGW10 finding on the resource that holds it. */
  readonly unfollowed: UnfollowedReference[];
  /**
   * Nested stacks whose template no link led to, for a cloud assembly to look for by file name; when left
   * out, each is reported as not scanned at once.
   */
  readonly unresolved?: UnresolvedNestedStack[];
}

/** Where a nested stack's template is, or why it cannot be followed. */
type NestedReference =
  | { readonly logicalId: string; readonly file: string; readonly written: string; readonly propertyPath: string; readonly cdkPath?: string }
  | { readonly logicalId: string; readonly unresolved: string };

/**
 * Loads every nested-stack template reachable from `parent` (depth first), so gateways inside nested
 * stacks are evaluated like any other. A reference that leads to no readable template is an error and an
 * AGW10 finding on the nested stack: its gateways cannot be checked.
 */
export function collectNestedTemplates(parent: TemplateSource, context: NestedTemplateContext): void {
  for (const ref of nestedStackReferences(parent.template, parent.file, context.locateAsset)) {
    if ('unresolved' in ref) {
      if (context.unresolved) {
        context.unresolved.push({ parent, logicalId: ref.logicalId, reason: ref.unresolved });
      } else {
        context.problems.push(notScanned({ parent, logicalId: ref.logicalId, reason: ref.unresolved }));
      }
      continue;
    }
    const real = realPath(ref.file);
    if (context.visited.has(real)) {
      continue;
    }
    context.visited.add(real);
    const nested = readNestedTemplate(parent, ref, real, context);
    if (nested) {
      context.sources.push(nested);
      collectNestedTemplates(nested, context);
    } else {
      // Not read: every other reference to it must fail closed too.
      context.visited.delete(real);
    }
  }
}

/** The nested template `ref` leads to, or undefined after recording why it was not followed. */
function readNestedTemplate(
  parent: TemplateSource,
  ref: Extract<NestedReference, { file: string }>,
  real: string,
  context: NestedTemplateContext,
): TemplateSource | undefined {
  const file = displayPath(ref.file);
  const unfollowed = (reason: string, problem: string): undefined => {
    context.problems.push({ severity: 'error', file: parent.file, message: problem });
    const reference = ref.written === file ? ref.written : `${ref.written}, resolved to ${file}`;
    context.unfollowed.push({ parent, logicalId: ref.logicalId, constructPath: ref.cdkPath, propertyPath: ref.propertyPath, reference, reason });
    return undefined;
  };
  const read = readBounded(ref.file, context.policy, real);
  if (!read.ok) {
    const reason = read.refusal === 'missing' ? 'it does not exist' : read.refusal === 'unreadable' ? `it cannot be read (${read.reason})` : read.reason;
    return unfollowed(reason, `${parent.file}: nested stack ${ref.logicalId} points at ${file}, which ${read.refusal === 'missing' ? 'does not exist' : `was not read: ${reason}`}`);
  }
  const loaded = parseTemplate(read.text, file);
  if (!loaded.ok) {
    return unfollowed(`it is not a valid template (${loaded.problem})`, `${loaded.problem} (the template of nested stack ${ref.logicalId} in ${parent.file})`);
  }
  return { file, displayName: ref.cdkPath ?? `${parent.displayName}/${ref.logicalId}`, template: loaded.template };
}

/** The warning for a nested stack whose template was not found: it was not scanned. */
export function notScanned(ref: UnresolvedNestedStack): InputProblem {
  return {
    severity: 'warning',
    file: ref.parent.file,
    message:
      `${ref.parent.file}: nested stack ${ref.logicalId} was not scanned: ${ref.reason}. ` +
      'Scan its template separately so its gateways are checked too.',
  };
}

function nestedStackReferences(template: TemplateDocument, templateFile: string, locateAsset: AssetLocator | undefined): NestedReference[] {
  const dir = path.dirname(templateFile);
  const refs: NestedReference[] = [];
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    if (!isRecord(resource)) {
      continue;
    }
    const props = isRecord(resource.Properties) ? resource.Properties : {};
    const metadata = isRecord(resource.Metadata) ? resource.Metadata : {};
    if (resource.Type === 'AWS::CloudFormation::Stack') {
      const cdkPath = nestedStackPath(metadata['aws:cdk:path']);
      // CDK records the nested template's file next to the parent when asset metadata is on (the CLI default).
      const assetPath = metadata['aws:asset:path'];
      if (typeof assetPath === 'string') {
        refs.push({ logicalId, file: path.resolve(dir, assetPath), written: assetPath, propertyPath: 'Metadata.aws:asset:path', cdkPath });
        continue;
      }
      const url = props.TemplateURL;
      const local = localPath(url, dir);
      if (local) {
        refs.push({ logicalId, file: local, written: url as string, propertyPath: 'Properties.TemplateURL', cdkPath });
        continue;
      }
      const asset = locateAsset?.(url);
      if (asset) {
        refs.push({ logicalId, file: asset, written: displayPath(asset), propertyPath: 'Properties.TemplateURL', cdkPath });
        continue;
      }
      refs.push({ logicalId, unresolved: `its TemplateURL ${describe(url)} is not a local file` });
    } else if (resource.Type === 'AWS::Serverless::Application') {
      const location = props.Location;
      const local = localPath(location, dir);
      if (local) {
        refs.push({ logicalId, file: local, written: location as string, propertyPath: 'Properties.Location' });
      } else {
        refs.push({ logicalId, unresolved: `its Location ${describe(location)} is not a local file` });
      }
    }
  }
  return refs;
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
function localPath(value: unknown, dir: string): string | undefined {
  if (typeof value !== 'string' || value.trim() === '' || /^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    return undefined;
  }
  return path.resolve(dir, value);
}

/** A value from a template, short enough for a message (and never walked deeper than a few levels). */
function describe(value: unknown): string {
  const text = nestedDeeperThan(value, 20) ? '(a value nested too deeply to show)' : JSON.stringify(value) ?? 'undefined';
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

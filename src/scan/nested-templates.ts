import * as fs from 'fs';
import * as path from 'path';
import { displayPath, realPath } from './paths';
import { loadTemplateFile, TemplateDocument } from './template-loader';
import { InputProblem, TemplateSource } from './template-source';
import { isRecord } from '../engine/template';

/** Finds the local file of a nested template from its TemplateURL, e.g. through a CDK asset manifest. */
export type AssetLocator = (templateUrl: unknown) => string | undefined;

/** A nested stack whose template could not be located, and why. */
export interface UnresolvedNestedStack {
  readonly parent: TemplateSource;
  readonly logicalId: string;
  readonly reason: string;
}

/** Where a nested stack's template is, or why it cannot be followed. */
type NestedReference =
  | { readonly logicalId: string; readonly file: string; readonly cdkPath?: string }
  | { readonly logicalId: string; readonly missing: string }
  | { readonly logicalId: string; readonly unresolved: string };

/**
 * Loads every nested-stack template reachable from `parent` (depth first), so gateways inside nested
 * stacks are evaluated like any other. `visited` holds the real paths of templates already loaded,
 * which stops cycles and double counting.
 */
export function collectNestedTemplates(
  parent: TemplateSource,
  visited: Set<string>,
  locateAsset: AssetLocator | undefined,
  sources: TemplateSource[],
  problems: InputProblem[],
  unresolved: UnresolvedNestedStack[] | undefined = undefined,
): void {
  for (const ref of nestedStackReferences(parent.template, parent.file, locateAsset)) {
    if ('missing' in ref) {
      problems.push({
        severity: 'error',
        file: parent.file,
        message: `${parent.file}: nested stack ${ref.logicalId} points at ${displayPath(ref.missing)}, which does not exist`,
      });
      continue;
    }
    if ('unresolved' in ref) {
      if (unresolved) {
        unresolved.push({ parent, logicalId: ref.logicalId, reason: ref.unresolved });
      } else {
        problems.push(notScanned({ parent, logicalId: ref.logicalId, reason: ref.unresolved }));
      }
      continue;
    }
    const real = realPath(ref.file);
    if (visited.has(real)) {
      continue;
    }
    visited.add(real);
    const loaded = loadTemplateFile(ref.file);
    const file = displayPath(ref.file);
    if (!loaded.ok) {
      problems.push({
        severity: 'error',
        file,
        message: `${loaded.problem} (the template of nested stack ${ref.logicalId} in ${parent.file})`,
      });
      continue;
    }
    const nested: TemplateSource = { file, displayName: ref.cdkPath ?? `${parent.displayName}/${ref.logicalId}`, template: loaded.template };
    sources.push(nested);
    collectNestedTemplates(nested, visited, locateAsset, sources, problems, unresolved);
  }
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
        const file = path.resolve(dir, assetPath);
        refs.push(fs.existsSync(file) ? { logicalId, file, cdkPath } : { logicalId, missing: file });
        continue;
      }
      const url = props.TemplateURL;
      const local = localPath(url, dir);
      if (local) {
        refs.push(fs.existsSync(local) ? { logicalId, file: local, cdkPath } : { logicalId, missing: local });
        continue;
      }
      const asset = locateAsset?.(url);
      if (asset) {
        refs.push({ logicalId, file: asset, cdkPath });
        continue;
      }
      refs.push({ logicalId, unresolved: `its TemplateURL ${describe(url)} is not a local file` });
    } else if (resource.Type === 'AWS::Serverless::Application') {
      const location = props.Location;
      const local = localPath(location, dir);
      if (local) {
        refs.push(fs.existsSync(local) ? { logicalId, file: local } : { logicalId, missing: local });
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

function describe(value: unknown): string {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

import * as fs from 'fs';
import * as path from 'path';
import { AssetIndex, collectNestedTemplates, inside, isRecord, unresolvedToUnreadable, UnresolvedNestedStack } from './nested-templates';
import { displayPath } from './paths';
import { describeFsError, loadTemplateFile } from './template-loader';
import { InputProblem, TemplateSource } from './template-source';
import { UnreadableReference } from '../engine/evaluate';
import { s3ObjectKey } from '../engine/references';

/** The name of the file that makes a directory a CDK cloud assembly. */
export const MANIFEST_FILE = 'manifest.json';

/** True when `dir` is a CDK cloud assembly (such as `cdk.out`). */
export function isCloudAssembly(dir: string): boolean {
  return fs.existsSync(path.join(dir, MANIFEST_FILE));
}

/** What a cloud assembly holds: its templates, what could not be read, and references that are findings. */
export interface CloudAssemblyContents {
  readonly sources: TemplateSource[];
  readonly problems: InputProblem[];
  /** References to templates the scanner cannot read (AGW10 findings unless their URL prefix is allowed). */
  readonly unreadable: UnreadableReference[];
}

/**
 * Reads every stack template of a CDK cloud assembly: the stacks of its manifest, the nested cloud
 * assemblies of its Stages (recursively), and every template a stack deploys through its resources (nested
 * stacks, StackSets, Service Catalog products), found through the assembly's asset manifests. Templates of
 * nested stacks that no parent points at are still read, so none is left out.
 */
export function readCloudAssembly(dir: string): CloudAssemblyContents {
  const contents: CloudAssemblyContents = { sources: [], problems: [], unreadable: [] };
  readAssembly(dir, dir, [], new Set(), new Set(), contents);
  return contents;
}

function readAssembly(
  dir: string,
  root: string,
  stagePath: string[],
  assembliesSeen: Set<string>,
  templatesSeen: Set<string>,
  contents: CloudAssemblyContents,
): void {
  const { sources, problems, unreadable } = contents;
  const realDir = safeRealPath(dir);
  if (assembliesSeen.has(realDir)) {
    return;
  }
  assembliesSeen.add(realDir);

  const manifestFile = path.join(dir, MANIFEST_FILE);
  const shownManifest = displayPath(manifestFile);
  let manifest: unknown;
  try {
    manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf-8'));
  } catch (error) {
    const reason = error instanceof SyntaxError ? `invalid JSON: ${error.message}` : `cannot read the file (${describeFsError(error)})`;
    problems.push({ severity: 'error', file: shownManifest, message: `${shownManifest}: ${reason}; run \`cdk synth\` again` });
    return;
  }
  const artifacts = isRecord(manifest) && isRecord(manifest.artifacts) ? manifest.artifacts : undefined;
  if (!artifacts) {
    problems.push({
      severity: 'error',
      file: shownManifest,
      message: `${shownManifest}: not a CDK cloud assembly manifest: it has no "artifacts" section; run \`cdk synth\` again`,
    });
    return;
  }

  const context = { assets: assetIndex(dir, root, artifacts), root, unresolved: [] as UnresolvedNestedStack[] };
  const unresolved = context.unresolved;
  for (const [artifactId, artifact] of Object.entries(artifacts)) {
    if (!isRecord(artifact)) {
      continue;
    }
    const properties = isRecord(artifact.properties) ? artifact.properties : {};
    if (artifact.type === 'aws:cloudformation:stack') {
      const templateFile = properties.templateFile;
      if (typeof templateFile !== 'string') {
        problems.push({
          severity: 'error',
          file: shownManifest,
          message: `${shownManifest}: stack artifact ${artifactId} has no properties.templateFile; run \`cdk synth\` again`,
        });
        continue;
      }
      const file = path.join(dir, templateFile);
      templatesSeen.add(safeRealPath(file));
      const loaded = loadTemplateFile(file);
      if (!loaded.ok) {
        problems.push({ severity: 'error', file: displayPath(file), message: `${loaded.problem} (stack ${artifactId} in ${shownManifest})` });
        continue;
      }
      const displayName = typeof artifact.displayName === 'string' ? artifact.displayName : [...stagePath, artifactId].join('/');
      const stack: TemplateSource = { file: displayPath(file), displayName, template: loaded.template };
      sources.push(stack);
      collectNestedTemplates(stack, templatesSeen, context, sources, problems, unreadable);
    } else if (artifact.type === 'cdk:cloud-assembly') {
      const directoryName = properties.directoryName;
      if (typeof directoryName !== 'string') {
        problems.push({
          severity: 'error',
          file: shownManifest,
          message: `${shownManifest}: nested assembly ${artifactId} has no properties.directoryName; run \`cdk synth\` again`,
        });
        continue;
      }
      const nestedDir = path.join(dir, directoryName);
      if (!isCloudAssembly(nestedDir)) {
        const shown = displayPath(nestedDir);
        problems.push({
          severity: 'error',
          file: shown,
          message: `${shown}: the nested cloud assembly ${artifactId} named in ${shownManifest} has no ${MANIFEST_FILE}; run \`cdk synth\` again`,
        });
        continue;
      }
      const displayName = typeof properties.displayName === 'string' ? properties.displayName : artifactId;
      readAssembly(nestedDir, root, [...stagePath, displayName], assembliesSeen, templatesSeen, contents);
    }
  }

  // A nested-stack template that no parent led to (for example when asset metadata was turned off and the
  // asset manifest is missing) is still a template of this assembly: evaluate it rather than skip it.
  const orphans: string[] = [];
  for (const entry of safeReadDir(dir)) {
    if (!entry.endsWith('.nested.template.json')) {
      continue;
    }
    const file = path.join(dir, entry);
    if (templatesSeen.has(safeRealPath(file))) {
      continue;
    }
    templatesSeen.add(safeRealPath(file));
    const loaded = loadTemplateFile(file);
    if (!loaded.ok) {
      problems.push({ severity: 'error', file: displayPath(file), message: loaded.problem });
      continue;
    }
    const orphan: TemplateSource = { file: displayPath(file), displayName: [...stagePath, entry].join('/'), template: loaded.template };
    orphans.push(orphan.file);
    sources.push(orphan);
    collectNestedTemplates(orphan, templatesSeen, context, sources, problems, unreadable);
  }

  if (unresolved.length > 0 && orphans.length > 0) {
    // The links are broken but the templates were read: say so once, without claiming anything was skipped.
    problems.push({
      severity: 'warning',
      file: shownManifest,
      message:
        `${shownManifest}: ${unresolved.length} nested stack(s) (${unresolved.map((u) => `${u.parent.displayName}/${u.logicalId}`).join(', ')}) ` +
        `could not be matched to their template files, so the nested templates of this assembly were read by file name instead: ${orphans.join(', ')}`,
    });
  }
  // Reading orphans by file name cannot prove which template a nested stack deploys: each unmatched one is a finding.
  unreadable.push(...unresolved.map(unresolvedToUnreadable));
}

/**
 * The file assets of an assembly, from its asset manifests: which local file CDK uploads to which S3 object.
 * Only files inside the top-level assembly (`root`) count; zipped and command-built assets hold no template.
 */
function assetIndex(dir: string, root: string, artifacts: Record<string, unknown>): AssetIndex {
  const byObject = new Map<string, string>();
  for (const artifact of Object.values(artifacts)) {
    if (!isRecord(artifact) || artifact.type !== 'cdk:asset-manifest' || !isRecord(artifact.properties)) {
      continue;
    }
    const file = artifact.properties.file;
    if (typeof file !== 'string') {
      continue;
    }
    let assets: unknown;
    try {
      assets = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf-8'));
    } catch {
      // Not fatal: the nested templates are still found by their file names below.
      continue;
    }
    const files = isRecord(assets) && isRecord(assets.files) ? assets.files : {};
    for (const asset of Object.values(files)) {
      if (!isRecord(asset) || !isRecord(asset.source) || typeof asset.source.path !== 'string' || !isRecord(asset.destinations)) {
        continue;
      }
      const packaging = asset.source.packaging ?? 'file';
      const source = path.resolve(dir, asset.source.path);
      if (packaging !== 'file' || !inside(source, root)) {
        continue;
      }
      for (const destination of Object.values(asset.destinations)) {
        if (isRecord(destination) && typeof destination.bucketName === 'string' && typeof destination.objectKey === 'string') {
          byObject.set(s3ObjectKey({ bucket: destination.bucketName, key: destination.objectKey }), source);
        }
      }
    }
  }
  return { byObject };
}

function safeRealPath(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return path.resolve(file);
  }
}

function safeReadDir(dir: string): string[] {
  try {
    return fs.readdirSync(dir).sort();
  } catch {
    return [];
  }
}

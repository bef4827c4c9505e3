import * as fs from 'fs';
import * as path from 'path';
import { AssetLocator, collectNestedTemplates, isRecord, notScanned, UnresolvedNestedStack } from './nested-templates';
import { displayPath } from './paths';
import { describeFsError, loadTemplateFile, parseTemplate, TemplateLoadResult } from './template-loader';
import { jsonTemplateMayMatter } from './template-prefilter';
import { InputProblem, TemplateSource } from './template-source';

/** The name of the file that makes a directory a CDK cloud assembly. */
export const MANIFEST_FILE = 'manifest.json';

/** True when `dir` is a CDK cloud assembly (such as `cdk.out`). */
export function isCloudAssembly(dir: string): boolean {
  return fs.existsSync(path.join(dir, MANIFEST_FILE));
}

/** How `readCloudAssembly` reads. */
export interface ReadCloudAssemblyOptions {
  /**
   * Leave out the JSON stack templates whose text proves that they hold nothing to judge (see
   * `jsonTemplateMayMatter`), without parsing them. For the synth-time guard, which must stay cheap on
   * large apps; `scan` parses everything, so that a broken template is reported even when it holds no gateway.
   */
  readonly skipTemplatesThatCannotMatter?: boolean;
}

/** Loads a stack template; `undefined` when the options say it needs no parsing. */
type StackTemplateLoader = (file: string) => TemplateLoadResult | undefined;

/**
 * Reads every stack template of a CDK cloud assembly: the stacks of its manifest, the nested cloud
 * assemblies of its Stages (recursively), and the nested-stack templates of each stack. Templates of
 * nested stacks that no parent points at are still read, so none is left out.
 */
export function readCloudAssembly(dir: string, options: ReadCloudAssemblyOptions = {}): { sources: TemplateSource[]; problems: InputProblem[] } {
  const sources: TemplateSource[] = [];
  const problems: InputProblem[] = [];
  const load: StackTemplateLoader = options.skipTemplatesThatCannotMatter ? loadIfItMayMatter : loadTemplateFile;
  readAssembly(dir, [], new Set(), new Set(), sources, problems, load);
  return { sources, problems };
}

function loadIfItMayMatter(file: string): TemplateLoadResult | undefined {
  if (path.extname(file).toLowerCase() !== '.json') {
    return loadTemplateFile(file);
  }
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf-8');
  } catch (error) {
    return { ok: false, problem: `${file}: cannot read the file (${describeFsError(error)})` };
  }
  return jsonTemplateMayMatter(text) ? parseTemplate(text, file) : undefined;
}

function readAssembly(
  dir: string,
  stagePath: string[],
  assembliesSeen: Set<string>,
  templatesSeen: Set<string>,
  sources: TemplateSource[],
  problems: InputProblem[],
  load: StackTemplateLoader,
): void {
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

  const locateAsset = assetLocator(dir, artifacts);
  const unresolved: UnresolvedNestedStack[] = [];
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
      const loaded = load(file);
      if (!loaded) {
        continue;
      }
      if (!loaded.ok) {
        problems.push({ severity: 'error', file: displayPath(file), message: `${loaded.problem} (stack ${artifactId} in ${shownManifest})` });
        continue;
      }
      const displayName = typeof artifact.displayName === 'string' ? artifact.displayName : [...stagePath, artifactId].join('/');
      const stack: TemplateSource = { file: displayPath(file), displayName, template: loaded.template };
      sources.push(stack);
      collectNestedTemplates(stack, templatesSeen, locateAsset, sources, problems, unresolved);
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
      readAssembly(nestedDir, [...stagePath, displayName], assembliesSeen, templatesSeen, sources, problems, load);
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
    const loaded = load(file);
    if (!loaded) {
      continue;
    }
    if (!loaded.ok) {
      problems.push({ severity: 'error', file: displayPath(file), message: loaded.problem });
      continue;
    }
    const orphan: TemplateSource = { file: displayPath(file), displayName: [...stagePath, entry].join('/'), template: loaded.template };
    orphans.push(orphan.file);
    sources.push(orphan);
    collectNestedTemplates(orphan, templatesSeen, locateAsset, sources, problems, unresolved);
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
  } else {
    problems.push(...unresolved.map(notScanned));
  }
}

/**
 * Maps a nested stack's TemplateURL to its file through the assembly's asset manifests: CDK uploads
 * nested templates as file assets and renders their S3 object key into the TemplateURL.
 */
function assetLocator(dir: string, artifacts: Record<string, unknown>): AssetLocator {
  // Read the asset manifests only when a nested stack needs them: most assemblies have many and few
  // nested stacks.
  let byObjectKey: Map<string, string> | undefined;
  return (templateUrl) => {
    byObjectKey ??= assetFilesByObjectKey(dir, artifacts);
    const text = JSON.stringify(templateUrl) ?? '';
    for (const [objectKey, file] of byObjectKey) {
      if (text.includes(objectKey)) {
        return file;
      }
    }
    return undefined;
  };
}

function assetFilesByObjectKey(dir: string, artifacts: Record<string, unknown>): Map<string, string> {
  const byObjectKey = new Map<string, string>();
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
      for (const destination of Object.values(asset.destinations)) {
        if (isRecord(destination) && typeof destination.objectKey === 'string') {
          byObjectKey.set(destination.objectKey, path.join(dir, asset.source.path));
        }
      }
    }
  }
  return byObjectKey;
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

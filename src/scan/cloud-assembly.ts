import * as fs from 'fs';
import * as path from 'path';
import { AssetLocator, collectNestedTemplates, notScanned, UnresolvedNestedStack } from './nested-templates';
import { displayPath, realPath } from './paths';
import { describeFsError, loadTemplateFile, parseTemplate, TemplateLoadResult } from './template-loader';
import { jsonTemplateMayMatter } from './template-prefilter';
import { InputProblem, TemplateSource } from './template-source';
import { isRecord } from '../engine/template';

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
  const reader = new AssemblyReader(options.skipTemplatesThatCannotMatter ? loadIfItMayMatter : loadTemplateFile);
  reader.readAssembly(dir, []);
  return { sources: reader.sources, problems: reader.problems };
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

/** One assembly being read, for the artifact readers below. */
interface AssemblyContext {
  readonly dir: string;
  readonly stagePath: string[];
  readonly shownManifest: string;
  readonly locateAsset: AssetLocator;
  /** Nested stacks whose template no link led to. */
  readonly unresolved: UnresolvedNestedStack[];
}

/** The templates and problems of one `readCloudAssembly`, and what it has already read. */
class AssemblyReader {
  public readonly sources: TemplateSource[] = [];
  public readonly problems: InputProblem[] = [];
  private readonly assembliesSeen = new Set<string>();
  private readonly templatesSeen = new Set<string>();

  constructor(private readonly load: StackTemplateLoader) {}

  public readAssembly(dir: string, stagePath: string[]): void {
    const realDir = realPath(dir);
    if (this.assembliesSeen.has(realDir)) {
      return;
    }
    this.assembliesSeen.add(realDir);
    const shownManifest = displayPath(path.join(dir, MANIFEST_FILE));
    const artifacts = this.readManifest(dir, shownManifest);
    if (!artifacts) {
      return;
    }
    const context: AssemblyContext = { dir, stagePath, shownManifest, locateAsset: assetLocator(dir, artifacts), unresolved: [] };
    for (const [artifactId, artifact] of Object.entries(artifacts)) {
      if (!isRecord(artifact)) {
        continue;
      }
      if (artifact.type === 'aws:cloudformation:stack') {
        this.readStack(context, artifactId, artifact);
      } else if (artifact.type === 'cdk:cloud-assembly') {
        this.readNestedAssembly(context, artifactId, artifact);
      }
    }
    const orphans = this.readOrphans(context);
    this.reportUnresolved(context, orphans);
  }

  /** The manifest's artifacts, or undefined (with a problem) when it cannot be read. */
  private readManifest(dir: string, shownManifest: string): { readonly [id: string]: unknown } | undefined {
    let manifest: unknown;
    try {
      manifest = JSON.parse(fs.readFileSync(path.join(dir, MANIFEST_FILE), 'utf-8'));
    } catch (error) {
      const reason = error instanceof SyntaxError ? `invalid JSON: ${error.message}` : `cannot read the file (${describeFsError(error)})`;
      this.problems.push({ severity: 'error', file: shownManifest, message: `${shownManifest}: ${reason}; run \`cdk synth\` again` });
      return undefined;
    }
    const artifacts = isRecord(manifest) && isRecord(manifest.artifacts) ? manifest.artifacts : undefined;
    if (!artifacts) {
      this.problems.push({
        severity: 'error',
        file: shownManifest,
        message: `${shownManifest}: not a CDK cloud assembly manifest: it has no "artifacts" section; run \`cdk synth\` again`,
      });
    }
    return artifacts;
  }

  private readStack(context: AssemblyContext, artifactId: string, artifact: { readonly [key: string]: unknown }): void {
    const properties = isRecord(artifact.properties) ? artifact.properties : {};
    const templateFile = properties.templateFile;
    if (typeof templateFile !== 'string') {
      this.problems.push({
        severity: 'error',
        file: context.shownManifest,
        message: `${context.shownManifest}: stack artifact ${artifactId} has no properties.templateFile; run \`cdk synth\` again`,
      });
      return;
    }
    const file = path.join(context.dir, templateFile);
    this.templatesSeen.add(realPath(file));
    const loaded = this.load(file);
    if (!loaded) {
      return;
    }
    if (!loaded.ok) {
      this.problems.push({ severity: 'error', file: displayPath(file), message: `${loaded.problem} (stack ${artifactId} in ${context.shownManifest})` });
      return;
    }
    const displayName = typeof artifact.displayName === 'string' ? artifact.displayName : [...context.stagePath, artifactId].join('/');
    const stack: TemplateSource = { file: displayPath(file), displayName, template: loaded.template };
    this.sources.push(stack);
    collectNestedTemplates(stack, this.templatesSeen, context.locateAsset, this.sources, this.problems, context.unresolved);
  }

  private readNestedAssembly(context: AssemblyContext, artifactId: string, artifact: { readonly [key: string]: unknown }): void {
    const properties = isRecord(artifact.properties) ? artifact.properties : {};
    const directoryName = properties.directoryName;
    if (typeof directoryName !== 'string') {
      this.problems.push({
        severity: 'error',
        file: context.shownManifest,
        message: `${context.shownManifest}: nested assembly ${artifactId} has no properties.directoryName; run \`cdk synth\` again`,
      });
      return;
    }
    const nestedDir = path.join(context.dir, directoryName);
    if (!isCloudAssembly(nestedDir)) {
      const shown = displayPath(nestedDir);
      this.problems.push({
        severity: 'error',
        file: shown,
        message: `${shown}: the nested cloud assembly ${artifactId} named in ${context.shownManifest} has no ${MANIFEST_FILE}; run \`cdk synth\` again`,
      });
      return;
    }
    const displayName = typeof properties.displayName === 'string' ? properties.displayName : artifactId;
    this.readAssembly(nestedDir, [...context.stagePath, displayName]);
  }

  /**
   * A nested-stack template that no parent led to (for example when asset metadata was turned off and the
   * asset manifest is missing) is still a template of this assembly: evaluate it rather than skip it.
   */
  private readOrphans(context: AssemblyContext): string[] {
    const orphans: string[] = [];
    for (const entry of safeReadDir(context.dir)) {
      const file = path.join(context.dir, entry);
      if (!entry.endsWith('.nested.template.json') || this.templatesSeen.has(realPath(file))) {
        continue;
      }
      this.templatesSeen.add(realPath(file));
      const loaded = this.load(file);
      if (!loaded) {
        continue;
      }
      if (!loaded.ok) {
        this.problems.push({ severity: 'error', file: displayPath(file), message: loaded.problem });
        continue;
      }
      const orphan: TemplateSource = { file: displayPath(file), displayName: [...context.stagePath, entry].join('/'), template: loaded.template };
      orphans.push(orphan.file);
      this.sources.push(orphan);
      collectNestedTemplates(orphan, this.templatesSeen, context.locateAsset, this.sources, this.problems, context.unresolved);
    }
    return orphans;
  }

  private reportUnresolved(context: AssemblyContext, orphans: string[]): void {
    const unresolved = context.unresolved;
    if (unresolved.length > 0 && orphans.length > 0) {
      // The links are broken but the templates were read: say so once, without claiming anything was skipped.
      this.problems.push({
        severity: 'warning',
        file: context.shownManifest,
        message:
          `${context.shownManifest}: ${unresolved.length} nested stack(s) (${unresolved.map((u) => `${u.parent.displayName}/${u.logicalId}`).join(', ')}) ` +
          `could not be matched to their template files, so the nested templates of this assembly were read by file name instead: ${orphans.join(', ')}`,
      });
    } else {
      this.problems.push(...unresolved.map(notScanned));
    }
  }
}

/**
 * Maps a nested stack's TemplateURL to its file through the assembly's asset manifests: CDK uploads
 * nested templates as file assets and renders their S3 object key into the TemplateURL.
 */
function assetLocator(dir: string, artifacts: { readonly [id: string]: unknown }): AssetLocator {
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

function assetFilesByObjectKey(dir: string, artifacts: { readonly [id: string]: unknown }): Map<string, string> {
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

function safeReadDir(dir: string): string[] {
  try {
    return fs.readdirSync(dir).sort();
  } catch {
    return [];
  }
}

import * as fs from 'fs';
import * as path from 'path';
import { AssetIndex, collectNestedTemplates, inside, unresolvedToUnreadable, UnresolvedNestedStack } from './nested-templates';
import { displayPath, realPath } from './paths';
import { describeFsError, loadTemplateFile, parseTemplate, TemplateLoadResult } from './template-loader';
import { jsonTemplateMayMatter } from './template-prefilter';
import { InputProblem, TemplateSource } from './template-source';
import { UnreadableReference } from '../engine/evaluate';
import { s3ObjectKey } from '../engine/references';
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
export function readCloudAssembly(dir: string, options: ReadCloudAssemblyOptions = {}): CloudAssemblyContents {
  const reader = new AssemblyReader(dir, options.skipTemplatesThatCannotMatter ? loadIfItMayMatter : loadTemplateFile);
  reader.readAssembly(dir, []);
  return { sources: reader.sources, problems: reader.problems, unreadable: reader.unreadable };
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
  /** The file assets of this assembly, which say what a TemplateURL deploys. */
  readonly assets: AssetIndex;
  /** The top-level assembly, which every asset file must stay inside. */
  readonly root: string;
  /** Nested stacks whose template no link led to. */
  readonly unresolved: UnresolvedNestedStack[];
}

/** The templates and problems of one `readCloudAssembly`, and what it has already read. */
class AssemblyReader {
  public readonly sources: TemplateSource[] = [];
  public readonly problems: InputProblem[] = [];
  public readonly unreadable: UnreadableReference[] = [];
  private readonly assembliesSeen = new Set<string>();
  private readonly templatesSeen = new Set<string>();

  /** `root` is the top-level assembly: nested ones are read with the same reader. */
  public constructor(private readonly root: string, private readonly load: StackTemplateLoader) {}

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
    const assets = assetIndex(dir, this.root, artifacts);
    const context: AssemblyContext = { dir, stagePath, shownManifest, assets, root: this.root, unresolved: [] };
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
    collectNestedTemplates(stack, this.templatesSeen, context, this.sources, this.problems, this.unreadable);
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
      collectNestedTemplates(orphan, this.templatesSeen, context, this.sources, this.problems, this.unreadable);
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
    }
    // Reading orphans by file name cannot prove which template a nested stack deploys: each unmatched one is a finding.
    this.unreadable.push(...unresolved.map(unresolvedToUnreadable));
  }
}

/**
 * The file assets of an assembly, from its asset manifests: which local file CDK uploads to which S3 object.
 * Only files inside the top-level assembly (`root`) count; zipped and command-built assets hold no template.
 */
function assetIndex(dir: string, root: string, artifacts: { readonly [id: string]: unknown }): AssetIndex {
  // Read the asset manifests only when a reference needs them: most assemblies have many and few
  // templates that deploy other templates.
  let byObject: Map<string, string> | undefined;
  return {
    get byObject() {
      byObject ??= assetFilesByObject(dir, root, artifacts);
      return byObject;
    },
  };
}

function assetFilesByObject(dir: string, root: string, artifacts: { readonly [id: string]: unknown }): Map<string, string> {
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
  return byObject;
}

function safeReadDir(dir: string): string[] {
  try {
    return fs.readdirSync(dir).sort();
  } catch {
    return [];
  }
}

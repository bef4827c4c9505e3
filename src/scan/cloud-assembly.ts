import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_MAX_FILE_BYTES, describeRefusal, isInside, readBounded, ReadPolicy } from './bounded-read';
import { AssetIndex, collectNestedTemplates, inside, unresolvedToUnreadable, UnresolvedNestedStack } from './nested-templates';
import { displayPath, realPath } from './paths';
import { JsonParse, parseStrictJson } from './strict-json';
import { loadTemplateFile, parseTemplate, TemplateLoadResult } from './template-loader';
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
  /** The largest file read, in bytes. Default: the scanner's default limit. */
  readonly maxBytes?: number;
  /**
   * Leave out the JSON stack templates whose text proves that they hold nothing to judge (see
   * `jsonTemplateMayMatter`), without parsing them. For the synth-time guard, which must stay cheap on
   * large apps; `scan` parses everything, so that a broken template is reported even when it holds no gateway.
   */
  readonly skipTemplatesThatCannotMatter?: boolean;
}

/** What `readCloudAssembly` found: templates, problems, and references it did not follow (AGW10). */
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
 * nested stacks that no parent points at are still read, so none is left out. Every reference (template
 * files, nested assemblies, asset paths) must lead inside the assembly directory; one that leads elsewhere is
 * refused and reported, naming it.
 */
export function readCloudAssembly(dir: string, options: ReadCloudAssemblyOptions = {}): CloudAssemblyContents {
  const root = realPath(dir);
  const reader = new AssemblyReader(dir, options.skipTemplatesThatCannotMatter ?? false, {
    maxBytes: options.maxBytes ?? DEFAULT_MAX_FILE_BYTES,
    roots: [root],
    rootsDescription: `the cloud assembly ${displayPath(dir)}`,
    outsideAdvice: 'a cloud assembly only refers to files inside itself, so run `cdk synth` again',
  });
  reader.readAssembly(dir, []);
  return { sources: reader.sources, problems: reader.problems, unreadable: reader.unreadable };
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
  /** What any file of the assembly may be: inside it, and how large. */
  readonly policy: ReadPolicy;
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
  public constructor(
    private readonly root: string,
    private readonly skipTemplatesThatCannotMatter: boolean,
    private readonly policy: ReadPolicy,
  ) {}

  /** Loads a stack template; `undefined` when its text proves it holds nothing to judge and skipping is on. */
  private load(file: string, real: string): TemplateLoadResult | undefined {
    if (!this.skipTemplatesThatCannotMatter || path.extname(file).toLowerCase() !== '.json') {
      return loadTemplateFile(file, this.policy, real);
    }
    const read = readBounded(file, this.policy, real);
    if (!read.ok) {
      return { ok: false, problem: `${file}: ${describeRefusal(read)}` };
    }
    return jsonTemplateMayMatter(read.text) ? parseTemplate(read.text, file) : undefined;
  }

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
    const assetManifests = this.assetManifestFiles(dir, shownManifest, artifacts);
    const assets = lazyAssetIndex(assetManifests, (file) => this.readAssetManifest(dir, shownManifest, file));
    const context: AssemblyContext = { dir, stagePath, shownManifest, assets, root: this.root, policy: this.policy, unresolved: [] };
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
    const manifest = this.readJson(path.join(dir, MANIFEST_FILE), shownManifest);
    if (!manifest.ok) {
      this.problems.push({ severity: 'error', file: shownManifest, message: `${manifest.problem}; run \`cdk synth\` again` });
      return undefined;
    }
    const artifacts = isRecord(manifest.value) && isRecord(manifest.value.artifacts) ? manifest.value.artifacts : undefined;
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
    const real = realPath(file);
    if (this.refuseOutside(context.shownManifest, real, `stack ${artifactId}`, 'templateFile', templateFile)) {
      return;
    }
    this.templatesSeen.add(real);
    const loaded = this.load(file, real);
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
    if (this.refuseOutside(context.shownManifest, realPath(nestedDir), `nested assembly ${artifactId}`, 'directoryName', directoryName)) {
      return;
    }
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
      if (!entry.endsWith('.nested.template.json')) {
        continue;
      }
      const real = realPath(file);
      if (this.templatesSeen.has(real)) {
        continue;
      }
      this.templatesSeen.add(real);
      const loaded = this.load(file, real);
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

  /**
   * True (with an error naming the reference) when `real`, the real path of what `field` of `what` in the
   * manifest names, is outside the assembly (through `..` or a symbolic link).
   */
  private refuseOutside(shownManifest: string, real: string, what: string, field: string, written: string): boolean {
    if (isInside(real, this.policy.roots)) {
      return false;
    }
    this.problems.push({
      severity: 'error',
      file: shownManifest,
      message:
        `${shownManifest}: ${what} names ${field} ${JSON.stringify(written)}, which resolves to ${real}, outside ` +
        `${this.policy.rootsDescription}; it was refused: ${this.policy.outsideAdvice}`,
    });
    return true;
  }

  /** A JSON file of the assembly (manifest, asset manifest), read under the policy. */
  private readJson(file: string, shown: string, real?: string): JsonParse {
    const read = readBounded(file, this.policy, real);
    if (!read.ok) {
      return { ok: false, problem: `${shown}: ${describeRefusal(read)}` };
    }
    return parseStrictJson(read.text, shown);
  }

  /**
   * The asset manifests an assembly's manifest names, by artifact ID. One whose path leaves the assembly by
   * its text (`..`, an absolute path) is refused at once; a symbolic link out is refused when it is read.
   */
  private assetManifestFiles(dir: string, shownManifest: string, artifacts: { readonly [id: string]: unknown }): Map<string, string> {
    const files = new Map<string, string>();
    for (const [artifactId, artifact] of Object.entries(artifacts)) {
      const file = isRecord(artifact) && artifact.type === 'cdk:asset-manifest' && isRecord(artifact.properties) ? artifact.properties.file : undefined;
      if (typeof file !== 'string') {
        continue;
      }
      const full = path.join(dir, file);
      const relative = path.relative(dir, full);
      if (relative.startsWith('..') || path.isAbsolute(relative)) {
        this.refuseOutside(shownManifest, realPath(full), `asset manifest ${artifactId}`, 'file', file);
        continue;
      }
      files.set(artifactId, full);
    }
    return files;
  }

  /**
   * The files of one asset manifest by S3 object key: CDK uploads nested templates as file assets and renders
   * their object key into the TemplateURL. Not fatal when unreadable: nested templates are still found by
   * their file names. Where each file leads is checked when it is read.
   */
  private readAssetManifest(dir: string, shownManifest: string, file: string): Map<string, string> {
    const byObject = new Map<string, string>();
    const real = realPath(file);
    if (this.refuseOutside(shownManifest, real, 'an asset manifest', 'file', path.relative(dir, file))) {
      return byObject;
    }
    const assets = this.readJson(file, displayPath(file), real);
    const files = assets.ok && isRecord(assets.value) && isRecord(assets.value.files) ? assets.value.files : {};
    for (const asset of Object.values(files)) {
      if (!isRecord(asset) || !isRecord(asset.source) || typeof asset.source.path !== 'string' || !isRecord(asset.destinations)) {
        continue;
      }
      const packaging = asset.source.packaging ?? 'file';
      const source = path.resolve(dir, asset.source.path);
      if (packaging !== 'file' || !inside(source, this.root)) {
        continue;
      }
      for (const destination of Object.values(asset.destinations)) {
        if (isRecord(destination) && typeof destination.bucketName === 'string' && typeof destination.objectKey === 'string') {
          byObject.set(s3ObjectKey({ bucket: destination.bucketName, key: destination.objectKey }), source);
        }
      }
    }
    return byObject;
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
 * The file assets of an assembly (which local file CDK uploads to which S3 object), reading its asset manifests
 * the first time a lookup needs them: a stack without references costs no asset manifest.
 */
function lazyAssetIndex(files: ReadonlyMap<string, string>, load: (file: string) => ReadonlyMap<string, string>): AssetIndex {
  let byObject: Map<string, string> | undefined;
  return {
    get byObject(): ReadonlyMap<string, string> {
      if (!byObject) {
        byObject = new Map<string, string>();
        for (const file of files.values()) {
          for (const [object, source] of load(file)) {
            if (!byObject.has(object)) byObject.set(object, source);
          }
        }
      }
      return byObject;
    },
  };
}

function safeReadDir(dir: string): string[] {
  try {
    return fs.readdirSync(dir).sort();
  } catch {
    return [];
  }
}

import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_MAX_FILE_BYTES, describeRefusal, isInside, readBounded, ReadPolicy } from './bounded-read';
import { AssetLocator, collectNestedTemplates, notScanned, UnresolvedNestedStack } from './nested-templates';
import { displayPath, realPath } from './paths';
import { parseStrictJson } from './strict-json';
import { loadTemplateFile } from './template-loader';
import { InputProblem, TemplateSource, UnfollowedReference } from './template-source';
import { isRecord, nestedDeeperThan } from '../engine/template';

/** The name of the file that makes a directory a CDK cloud assembly. */
export const MANIFEST_FILE = 'manifest.json';

/** True when `dir` is a CDK cloud assembly (such as `cdk.out`). */
export function isCloudAssembly(dir: string): boolean {
  return fs.existsSync(path.join(dir, MANIFEST_FILE));
}

/** What `readCloudAssembly` found: templates, problems, and references it did not follow (AGW10). */
export interface CloudAssemblyContents {
  readonly sources: TemplateSource[];
  readonly problems: InputProblem[];
  readonly unfollowed: UnfollowedReference[];
}

/**
 * Reads every stack template of a CDK cloud assembly: the stacks of its manifest, the nested cloud
 * assemblies of its Stages (recursively), and the nested-stack templates of each stack. Templates of
 * nested stacks that no parent points at are still read, so none is left out. Every reference (template
 * files, nested assemblies, asset paths) must lead inside the assembly directory; one that leads elsewhere is
 * refused and reported, naming it.
 */
export function readCloudAssembly(dir: string, maxBytes: number = DEFAULT_MAX_FILE_BYTES): CloudAssemblyContents {
  const root = realPath(dir);
  const reader = new AssemblyReader({
    maxBytes,
    roots: [root],
    rootsDescription: `the cloud assembly ${displayPath(dir)}`,
    outsideAdvice: 'a cloud assembly only refers to files inside itself, so run `cdk synth` again',
  });
  reader.readAssembly(dir, []);
  return { sources: reader.sources, problems: reader.problems, unfollowed: reader.unfollowed };
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
  public readonly unfollowed: UnfollowedReference[] = [];
  private readonly assembliesSeen = new Set<string>();
  private readonly templatesSeen = new Set<string>();

  constructor(private readonly policy: ReadPolicy) {}

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
    const context: AssemblyContext = { dir, stagePath, shownManifest, locateAsset: this.assetLocator(dir, shownManifest, artifacts), unresolved: [] };
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
    if (this.refuseOutside(context.shownManifest, file, `stack ${artifactId}`, 'templateFile', templateFile)) {
      return;
    }
    this.templatesSeen.add(realPath(file));
    const loaded = loadTemplateFile(file, this.policy);
    if (!loaded.ok) {
      this.problems.push({ severity: 'error', file: displayPath(file), message: `${loaded.problem} (stack ${artifactId} in ${context.shownManifest})` });
      return;
    }
    const displayName = typeof artifact.displayName === 'string' ? artifact.displayName : [...context.stagePath, artifactId].join('/');
    const stack: TemplateSource = { file: displayPath(file), displayName, template: loaded.template };
    this.sources.push(stack);
    this.collectNested(stack, context);
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
    if (this.refuseOutside(context.shownManifest, nestedDir, `nested assembly ${artifactId}`, 'directoryName', directoryName)) {
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
      if (!entry.endsWith('.nested.template.json') || this.templatesSeen.has(realPath(file))) {
        continue;
      }
      this.templatesSeen.add(realPath(file));
      const loaded = loadTemplateFile(file, this.policy);
      if (!loaded.ok) {
        this.problems.push({ severity: 'error', file: displayPath(file), message: loaded.problem });
        continue;
      }
      const orphan: TemplateSource = { file: displayPath(file), displayName: [...context.stagePath, entry].join('/'), template: loaded.template };
      orphans.push(orphan.file);
      this.sources.push(orphan);
      this.collectNested(orphan, context);
    }
    return orphans;
  }

  private collectNested(parent: TemplateSource, context: AssemblyContext): void {
    collectNestedTemplates(parent, {
      visited: this.templatesSeen,
      locateAsset: context.locateAsset,
      policy: this.policy,
      sources: this.sources,
      problems: this.problems,
      unfollowed: this.unfollowed,
      unresolved: context.unresolved,
    });
  }

  /**
   * True (with an error naming the reference) when `file`, named by `field` of `what` in the manifest,
   * leads outside the assembly (through `..`, an absolute path or a symbolic link).
   */
  private refuseOutside(shownManifest: string, file: string, what: string, field: string, written: string): boolean {
    const real = realPath(file);
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
  private readJson(file: string, shown: string): { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly problem: string } {
    const read = readBounded(file, this.policy);
    if (!read.ok) {
      return { ok: false, problem: `${shown}: ${describeRefusal(read)}` };
    }
    return parseStrictJson(read.text, shown);
  }

  /**
   * Maps a nested stack's TemplateURL to its file through the assembly's asset manifests: CDK uploads
   * nested templates as file assets and renders their S3 object key into the TemplateURL. Where a file
   * leads is checked when it is read.
   */
  private assetLocator(dir: string, shownManifest: string, artifacts: { readonly [id: string]: unknown }): AssetLocator {
    const byObjectKey = new Map<string, string>();
    for (const [artifactId, artifact] of Object.entries(artifacts)) {
      if (!isRecord(artifact) || artifact.type !== 'cdk:asset-manifest' || !isRecord(artifact.properties)) {
        continue;
      }
      const file = artifact.properties.file;
      if (typeof file !== 'string') {
        continue;
      }
      const full = path.join(dir, file);
      if (this.refuseOutside(shownManifest, full, `asset manifest ${artifactId}`, 'file', file)) {
        continue;
      }
      // Not fatal when unreadable: the nested templates are still found by their file names.
      const assets = this.readJson(full, displayPath(full));
      const files = assets.ok && isRecord(assets.value) && isRecord(assets.value.files) ? assets.value.files : {};
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
    return (templateUrl) => {
      if (nestedDeeperThan(templateUrl, 20)) {
        return undefined;
      }
      const text = JSON.stringify(templateUrl) ?? '';
      for (const [objectKey, file] of byObjectKey) {
        if (text.includes(objectKey)) {
          return file;
        }
      }
      return undefined;
    };
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

function safeReadDir(dir: string): string[] {
  try {
    return fs.readdirSync(dir).sort();
  } catch {
    return [];
  }
}

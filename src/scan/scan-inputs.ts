import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_MAX_FILE_BYTES, describeFsError, describeRefusal, isInside, readBounded, ReadPolicy } from './bounded-read';
import { isCloudAssembly, MANIFEST_FILE, readCloudAssembly } from './cloud-assembly';
import { collectNestedTemplates } from './nested-templates';
import { displayPath, realPath } from './paths';
import { parseTemplate } from './template-loader';
import { InputProblem, TemplateSource } from './template-source';
import { UnreadableReference } from '../engine/evaluate';

/** File extensions a directory walk reads as candidate templates. */
const TEMPLATE_EXTENSIONS = new Set(['.json', '.yaml', '.yml', '.template']);

/** Directories a walk never enters: dependencies and tool state, not the user's templates. */
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git']);

/** Every template found under the paths given to `scan`, and every problem met on the way. */
export interface ScanInputs {
  readonly sources: TemplateSource[];
  readonly problems: InputProblem[];
  /** References to templates that cannot be read (findings, AGW10, unless their URL prefix is allowed). */
  readonly unreadable: UnreadableReference[];
  /** Files a directory walk read and set aside because they are not CloudFormation templates. */
  readonly ignoredFiles: number;
}

/** What the scan may read besides the paths it was given. */
export interface ScanReadOptions {
  /** The largest file read, in bytes. Default 50 MB. */
  readonly maxFileBytes?: number;
  /** More folders that references in plain templates may lead into. */
  readonly allowRead?: readonly string[];
}

/**
 * Resolves the paths given to `scan`:
 * - a template file (JSON or YAML, CloudFormation or SAM) is read, with the local templates it deploys
 *   (nested stacks, SAM applications, StackSet bodies);
 * - a CDK cloud assembly (a directory with `manifest.json`, or that file itself) is read with its
 *   nested assemblies and nested stacks;
 * - any other directory is walked for both, skipping `node_modules` and hidden directories.
 * Only regular files are read, each up to the size limit, and only inside what was given: the folders named,
 * the folder of each file named, and the folders of `allowRead` (a cloud assembly: only itself).
 * One unreadable input never stops the others.
 */
export function collectScanInputs(paths: readonly string[], options: ScanReadOptions = {}): ScanInputs {
  const collector = new InputCollector(readPolicy(paths, options));
  for (const input of paths) {
    collector.addPath(input);
  }
  return collector.result();
}

/** The read policy of plain templates: the paths given (a file's own folder with it) and `allowRead`. */
function readPolicy(paths: readonly string[], options: ScanReadOptions): ReadPolicy {
  const roots: string[] = [];
  for (const input of paths) {
    if (!fs.existsSync(input)) continue;
    roots.push(realPath(input));
    if (!isDirectory(input)) roots.push(realPath(path.dirname(input)));
  }
  roots.push(...(options.allowRead ?? []).map((dir) => realPath(dir)));
  return {
    maxBytes: options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES,
    roots,
    rootsDescription: 'the paths given to scan (and the folder of each file named)',
    outsideAdvice: 'to follow references there, allow that folder with --allow-read <folder>',
  };
}

/** What one `scan` has found so far. Each real path is read once, however many ways lead to it. */
class InputCollector {
  private readonly sources: TemplateSource[] = [];
  private readonly problems: InputProblem[] = [];
  private readonly unreadable: UnreadableReference[] = [];
  private readonly visited = new Set<string>();
  private ignoredFiles = 0;

  constructor(private readonly policy: ReadPolicy) {}

  public result(): ScanInputs {
    return { sources: this.sources, problems: this.problems, unreadable: this.unreadable, ignoredFiles: this.ignoredFiles };
  }

  /** A path the user named: a directory, a cloud assembly's manifest, or a template file. */
  public addPath(input: string): void {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(input);
    } catch (error) {
      const shown = displayPath(input);
      this.problems.push({ severity: 'error', file: shown, message: `${shown}: cannot read it (${describeFsError(error)})` });
      return;
    }
    if (stat.isDirectory()) {
      this.walk(input);
    } else if (path.basename(input) === MANIFEST_FILE && isCloudAssembly(path.dirname(input))) {
      this.addAssembly(path.dirname(input));
    } else {
      this.addTemplate(input, true);
    }
  }

  private firstVisit(file: string, real = realPath(file)): boolean {
    if (this.visited.has(real)) {
      return false;
    }
    this.visited.add(real);
    return true;
  }

  private addAssembly(dir: string): void {
    if (!this.firstVisit(dir)) {
      return;
    }
    const assembly = readCloudAssembly(dir, { maxBytes: this.policy.maxBytes });
    this.sources.push(...assembly.sources);
    this.problems.push(...assembly.problems);
    this.unreadable.push(...assembly.unreadable);
  }

  /** A template file; `explicit` when the user named it (a walk sets aside files that are not templates). */
  private addTemplate(file: string, explicit: boolean): void {
    const real = realPath(file);
    if (this.visited.has(real)) {
      return;
    }
    const shown = displayPath(file);
    const read = readBounded(file, this.policy, real);
    if (!read.ok) {
      // A pipe, socket or device met in a folder is no template: skip it, and say so.
      const skipped = !explicit && read.refusal === 'not-a-file';
      this.problems.push({ severity: skipped ? 'warning' : 'error', file: shown, message: `${shown}: ${skipped ? `skipped: ${read.reason}` : describeRefusal(read)}` });
      return;
    }
    const text = read.text;
    // While walking a directory, a file that cannot be a template (no Resources at all) is not the
    // user's template: set it aside without parsing, so a tsconfig.json with comments is no error.
    if (!explicit && !text.includes('Resources')) {
      this.ignoredFiles++;
      return;
    }
    this.firstVisit(file, real);
    const loaded = parseTemplate(text, shown);
    if (!loaded.ok) {
      if (!explicit && loaded.notATemplate) {
        this.ignoredFiles++;
      } else {
        this.problems.push({ severity: 'error', file: shown, message: loaded.problem });
      }
      return;
    }
    const source: TemplateSource = { file: shown, displayName: shown, template: loaded.template };
    this.sources.push(source);
    collectNestedTemplates(source, this.visited, { policy: this.policy }, this.sources, this.problems, this.unreadable);
  }

  private walk(dir: string): void {
    if (this.visited.has(realPath(dir))) {
      return;
    }
    if (isCloudAssembly(dir)) {
      this.addAssembly(dir);
      return;
    }
    this.firstVisit(dir);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      this.problems.push({ severity: 'error', file: displayPath(dir), message: `${displayPath(dir)}: cannot read the directory (${describeFsError(error)})` });
      return;
    }
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      const isDir = entry.isDirectory() || (entry.isSymbolicLink() && isDirectory(full));
      if (isDir) {
        if (!SKIPPED_DIRECTORIES.has(entry.name) && !entry.name.startsWith('.') && this.insideRoots(full)) {
          this.walk(full);
        }
      } else if (TEMPLATE_EXTENSIONS.has(path.extname(entry.name).toLowerCase())) {
        this.addTemplate(full, false);
      }
    }
  }

  /** True when a folder met in a walk (a symbolic link, perhaps) stays inside what may be read; else an error. */
  private insideRoots(dir: string): boolean {
    const real = realPath(dir);
    if (isInside(real, this.policy.roots)) {
      return true;
    }
    const shown = displayPath(dir);
    this.problems.push({
      severity: 'error',
      file: shown,
      message: `${shown}: not read: it resolves to ${real}, outside ${this.policy.rootsDescription}; ${this.policy.outsideAdvice}`,
    });
    return false;
  }
}

function isDirectory(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
}

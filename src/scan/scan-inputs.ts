import * as fs from 'fs';
import * as path from 'path';
import { isCloudAssembly, MANIFEST_FILE, readCloudAssembly } from './cloud-assembly';
import { collectNestedTemplates } from './nested-templates';
import { displayPath } from './paths';
import { describeFsError, parseTemplate } from './template-loader';
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

/**
 * Resolves the paths given to `scan`:
 * - a template file (JSON or YAML, CloudFormation or SAM) is read, with the local templates it deploys
 *   (nested stacks, SAM applications, StackSet bodies);
 * - a CDK cloud assembly (a directory with `manifest.json`, or that file itself) is read with its
 *   nested assemblies and nested stacks;
 * - any other directory is walked for both, skipping `node_modules` and hidden directories.
 * One unreadable input never stops the others.
 */
export function collectScanInputs(paths: readonly string[]): ScanInputs {
  const sources: TemplateSource[] = [];
  const problems: InputProblem[] = [];
  const unreadable: UnreadableReference[] = [];
  const visited = new Set<string>();
  let ignoredFiles = 0;

  const addAssembly = (dir: string) => {
    const real = realPath(dir);
    if (visited.has(real)) {
      return;
    }
    visited.add(real);
    const assembly = readCloudAssembly(dir);
    sources.push(...assembly.sources);
    problems.push(...assembly.problems);
    unreadable.push(...assembly.unreadable);
  };

  const addTemplate = (file: string, explicit: boolean) => {
    const real = realPath(file);
    if (visited.has(real)) {
      return;
    }
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf-8');
    } catch (error) {
      problems.push({ severity: 'error', file: displayPath(file), message: `${displayPath(file)}: cannot read the file (${describeFsError(error)})` });
      return;
    }
    // While walking a directory, a file that cannot be a template (no Resources at all) is not the
    // user's template: set it aside without parsing, so a tsconfig.json with comments is no error.
    if (!explicit && !text.includes('Resources')) {
      ignoredFiles++;
      return;
    }
    visited.add(real);
    const shown = displayPath(file);
    const loaded = parseTemplate(text, shown);
    if (!loaded.ok) {
      if (!explicit && loaded.notATemplate) {
        ignoredFiles++;
        return;
      }
      problems.push({ severity: 'error', file: shown, message: loaded.problem });
      return;
    }
    const source: TemplateSource = { file: shown, displayName: shown, template: loaded.template };
    sources.push(source);
    collectNestedTemplates(source, visited, {}, sources, problems, unreadable);
  };

  const walk = (dir: string) => {
    const real = realPath(dir);
    if (visited.has(real)) {
      return;
    }
    if (isCloudAssembly(dir)) {
      addAssembly(dir);
      return;
    }
    visited.add(real);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      problems.push({ severity: 'error', file: displayPath(dir), message: `${displayPath(dir)}: cannot read the directory (${describeFsError(error)})` });
      return;
    }
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      const isDir = entry.isDirectory() || (entry.isSymbolicLink() && isDirectory(full));
      if (isDir) {
        if (!SKIPPED_DIRECTORIES.has(entry.name) && !entry.name.startsWith('.')) {
          walk(full);
        }
      } else if (TEMPLATE_EXTENSIONS.has(path.extname(entry.name).toLowerCase())) {
        addTemplate(full, false);
      }
    }
  };

  for (const input of paths) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(input);
    } catch (error) {
      problems.push({ severity: 'error', file: input, message: `${input}: cannot read it (${describeFsError(error)})` });
      continue;
    }
    if (stat.isDirectory()) {
      walk(input);
    } else if (path.basename(input) === MANIFEST_FILE && isCloudAssembly(path.dirname(input))) {
      addAssembly(path.dirname(input));
    } else {
      addTemplate(input, true);
    }
  }
  return { sources, problems, unreadable, ignoredFiles };
}

function isDirectory(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
}

function realPath(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return path.resolve(file);
  }
}

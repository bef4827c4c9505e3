import type { TemplateDocument } from './template-loader';

/** One template to evaluate, with where it came from. */
export interface TemplateSource {
  /** The template file, as a path the user can open (relative to the working directory when inside it). */
  readonly file: string;
  /** A readable name: the stack's display name in a cloud assembly, or the nesting chain, or the file. */
  readonly displayName: string;
  /** The parsed template. */
  readonly template: TemplateDocument;
  /**
   * For a template deployed through a resource of another template (a nested stack, a StackSet, an SDK call
   * ...): the file of the stack template the walk started from, and the logical ID there of the resource
   * through which it was reached.
   */
  readonly reachedFrom?: { readonly file: string; readonly logicalId: string };
}

/**
 * Something the scanner could not read or follow. `error` problems make the run incomplete (exit
 * code 2); `warning` problems are reported but do not change the exit code.
 */
export interface InputProblem {
  readonly severity: 'error' | 'warning';
  /** The file (or directory) the problem is about. */
  readonly file: string;
  /** What is wrong and, where it helps, how to fix it; starts with the file name. */
  readonly message: string;
}


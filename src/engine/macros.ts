// CloudFormation macros: `Fn::Transform` (anywhere in a template) and the template-level `Transform`. A macro
// runs at deploy time and returns what actually deploys, so the guard never sees its output. `Fn::Transform`
// receives the object it sits in, sibling keys included, and replaces all of it: a literal AuthorizerType
// next to it proves nothing.
import { Unknown } from './values';

/** The key of the intrinsic that calls a macro on the object it sits in. */
export const MACRO_KEY = 'Fn::Transform';

/** The AWS transform that pastes a snippet from S3 into the template. */
export const INCLUDE_TRANSFORM = 'AWS::Include';

/**
 * Template-level transforms whose output the guard can vouch for: SAM expands only `AWS::Serverless::*`
 * resources (none of them makes a gateway; its nested applications are followed like nested stacks), and
 * the language extensions only expand intrinsics the engine evaluates or refuses (`Fn::ForEach` fails closed).
 */
export const TRUSTED_TRANSFORMS: readonly string[] = ['AWS::Serverless-2016-10-31', 'AWS::LanguageExtensions'];

/** How deep the search for macros looks; a deeper structure counts as one (fail closed). */
const MAX_SEARCH_DEPTH = 64;

/** One call of a macro, and where it is. */
export interface MacroUse {
  /** Where the `Fn::Transform` is, e.g. `Properties.Tags[0]`, or `Transform` for the template-level key. */
  readonly path: string;
  /** The macro's name when it is a literal, `?` otherwise. */
  readonly macro: string;
  /** For `AWS::Include`: its `Location` parameter, as written. */
  readonly location?: unknown;
}

/** The macro a `Fn::Transform` (or a `Transform` entry) names. */
export function macroName(args: unknown): string {
  if (typeof args === 'string') return args;
  const name = isObject(args) ? args.Name : undefined;
  return typeof name === 'string' ? name : '?';
}

/** The value of an object a macro rewrites: only known at deploy time. */
export function macroUnknown(args: unknown): Unknown {
  const name = macroName(args);
  return new Unknown(
    `${MACRO_KEY} ${name}`,
    `macro ${name} rewrites this part of the template (its sibling keys included) at deploy time, so what deploys cannot be known at synth time`,
  );
}

/**
 * Every `Fn::Transform` at or below `node`, with its path. A structure deeper than the search goes is
 * reported as one use at the depth where the search stopped, so nothing hides below the bound.
 */
export function findMacros(node: unknown, path: string): MacroUse[] {
  const found: MacroUse[] = [];
  const visit = (value: unknown, at: string, depth: number): void => {
    if (value === null || typeof value !== 'object') return;
    if (depth > MAX_SEARCH_DEPTH) {
      found.push({ path: at, macro: `? (the structure is nested deeper than ${MAX_SEARCH_DEPTH} levels, where the guard stops looking)` });
      return;
    }
    if (Array.isArray(value)) {
      value.forEach((item, i) => visit(item, `${at}[${i}]`, depth + 1));
      return;
    }
    for (const [key, child] of Object.entries(value)) {
      if (key === MACRO_KEY) found.push(macroUse(child, at === '' ? MACRO_KEY : `${at}.${MACRO_KEY}`));
      visit(child, at === '' ? key : `${at}.${key}`, depth + 1);
    }
  };
  visit(node, path, 0);
  return found;
}

/** Whether a macro is called anywhere at or below `node`. */
export function containsMacro(node: unknown): boolean {
  return findMacros(node, '').length > 0;
}

/**
 * The macros that can add or change gateways anywhere in a template: a template-level `Transform` other than
 * the trusted ones, a `Fn::Transform` directly in the Resources section (it rewrites every resource), and a
 * `Fn::Transform` at the top of a resource (it can rewrite the resource's Type). Each comes with the logical
 * ID it is reported under. Macros inside a gateway's own Properties are judged with that gateway.
 */
export function templateMacros(template: unknown, resourceFilter: (resource: unknown) => boolean): Array<MacroUse & { readonly logicalId: string }> {
  if (!isObject(template)) return [];
  const uses: Array<MacroUse & { readonly logicalId: string }> = [];
  const transform = template.Transform;
  if (transform !== undefined) {
    const entries = Array.isArray(transform) ? transform : [transform];
    entries.forEach((entry, i) => {
      const use = macroUse(entry, Array.isArray(transform) ? `Transform[${i}]` : 'Transform');
      if (!TRUSTED_TRANSFORMS.includes(use.macro)) uses.push({ ...use, logicalId: 'Transform' });
    });
  }
  const resources = template.Resources;
  if (!isObject(resources)) return uses;
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (logicalId === MACRO_KEY) {
      uses.push({ ...macroUse(resource, `Resources.${MACRO_KEY}`), logicalId: MACRO_KEY });
    } else if (isObject(resource) && Object.prototype.hasOwnProperty.call(resource, MACRO_KEY) && resourceFilter(resource)) {
      uses.push({ ...macroUse(resource[MACRO_KEY], MACRO_KEY), logicalId });
    }
  }
  return uses;
}

function macroUse(args: unknown, path: string): MacroUse {
  const macro = macroName(args);
  if (macro !== INCLUDE_TRANSFORM) return { path, macro };
  const parameters = isObject(args) ? args.Parameters : undefined;
  return { path, macro, location: isObject(parameters) ? parameters.Location : undefined };
}

function isObject(value: unknown): value is { readonly [key: string]: unknown } {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

import * as path from 'path';
import { binaryContentProblem } from './binary-content';
import { DEFAULT_MAX_FILE_BYTES, describeRefusal, readBounded, ReadPolicy } from './bounded-read';
import { realPath } from './paths';
import { parseStrictJson } from './strict-json';
import { parseYamlTemplate } from './yaml-template';
import { parseDeepYamlTemplate } from './yaml-worker';
import { CloudFormationTemplate } from '../engine/template';

export { describeFsError } from './bounded-read';

/** A parsed template: the engine's one template type, checked to have a `Resources` mapping. */
export type TemplateDocument = CloudFormationTemplate & { readonly Resources: { readonly [logicalId: string]: unknown } };

/** The outcome of reading one template file: the template, or a problem that names the file. */
export type TemplateLoadResult =
  | { readonly ok: true; readonly template: TemplateDocument }
  | { readonly ok: false; readonly problem: string; readonly notATemplate?: boolean };

/** Extensions that `.json` parsing applies to; everything else is read as YAML (a superset of JSON). */
const JSON_EXTENSIONS = new Set(['.json']);

/** The read policy for a template named on its own: its folder, with the default size limit. */
export function singleFilePolicy(file: string, maxBytes: number = DEFAULT_MAX_FILE_BYTES): ReadPolicy {
  const folder = realPath(path.dirname(file));
  return { maxBytes, roots: [folder], rootsDescription: `the folder ${folder}`, outsideAdvice: 'scan that file itself' };
}

/**
 * Reads and parses one CloudFormation template file (JSON or YAML with short-form tags; SAM templates
 * are CloudFormation templates with a `Transform`), under `policy`. Never throws: every problem is
 * returned as a message that names the file, the place in it when known, and what is wrong.
 */
export function loadTemplateFile(file: string, policy: ReadPolicy = singleFilePolicy(file), knownRealPath?: string): TemplateLoadResult {
  const read = readBounded(file, policy, knownRealPath);
  if (!read.ok) {
    return { ok: false, problem: `${file}: ${describeRefusal(read)}` };
  }
  return parseTemplate(read.text, file);
}

/**
 * Parses template text that has no file name of its own (a StackSet's TemplateBody): JSON when it starts like
 * JSON, YAML otherwise. `label` names it in messages.
 */
export function parseTemplateText(text: string, label: string): TemplateLoadResult {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (source.trim().length === 0) return { ok: false, problem: `${label}: the template is empty`, notATemplate: true };
  const binary = binaryContentProblem(source, label);
  if (binary) return { ok: false, problem: binary, notATemplate: true };
  const parsed = source.trimStart().startsWith('{') ? parseStrictJson(source, label) : parseYaml(source, label);
  return parsed.ok ? asTemplate(parsed.value, label) : parsed;
}

/** Parses template text; `file` names it in messages and chooses JSON or YAML by its extension. */
export function parseTemplate(text: string, file: string): TemplateLoadResult {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (source.trim().length === 0) {
    return { ok: false, problem: `${file}: the file is empty; expected a CloudFormation template (JSON or YAML)`, notATemplate: true };
  }
  const binary = binaryContentProblem(source, file);
  if (binary) {
    return { ok: false, problem: binary, notATemplate: true };
  }
  const parsed = JSON_EXTENSIONS.has(path.extname(file).toLowerCase()) ? parseStrictJson(source, file) : parseYaml(source, file);
  if (!parsed.ok) {
    return parsed;
  }
  return asTemplate(parsed.value, file);
}

function parseYaml(source: string, file: string): { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly problem: string } {
  const parsed = parseYamlTemplate(source, file);
  if (!parsed.ok && parsed.needsLargerStack) {
    return parseDeepYamlTemplate(source, file);
  }
  return parsed;
}

function asTemplate(value: unknown, file: string): TemplateLoadResult {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const kind = Array.isArray(value) ? 'a list' : value === null ? 'empty' : `a ${typeof value}`;
    return {
      ok: false,
      problem: `${file}: not a CloudFormation template: the top level is ${kind}, expected a mapping with a Resources section`,
      notATemplate: true,
    };
  }
  const resources = (value as Record<string, unknown>).Resources;
  if (resources === undefined) {
    // A template-level macro may be what adds the resources (CDK writes such a template for a stack with
    // `addTransform` and nothing else): it is a template, and the engine judges the macro (AGW10).
    if ((value as Record<string, unknown>).Transform !== undefined) {
      return { ok: true, template: { ...(value as object), Resources: {} } as TemplateDocument };
    }
    return { ok: false, problem: `${file}: not a CloudFormation template: it has no Resources section`, notATemplate: true };
  }
  if (resources === null || typeof resources !== 'object' || Array.isArray(resources)) {
    return {
      ok: false,
      problem: `${file}: the Resources section must be a mapping of logical IDs to resources, found ${Array.isArray(resources) ? 'a list' : String(resources)}`,
    };
  }
  return { ok: true, template: value as TemplateDocument };
}

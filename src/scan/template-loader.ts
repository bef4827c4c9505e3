import * as fs from 'fs';
import * as path from 'path';
import { Alias, Document, isAlias, isMap, isScalar, isSeq, Node, parseDocument } from 'yaml';
import { binaryContentProblem } from './binary-content';
import { CloudFormationTemplate } from '../engine/template';

/** A parsed template: the engine's one template type, checked to have a `Resources` mapping. */
export type TemplateDocument = CloudFormationTemplate & { readonly Resources: { readonly [logicalId: string]: unknown } };

/** The outcome of reading one template file: the template, or a problem that names the file. */
export type TemplateLoadResult =
  | { readonly ok: true; readonly template: TemplateDocument }
  | { readonly ok: false; readonly problem: string; readonly notATemplate?: boolean };

/**
 * The CloudFormation intrinsic functions and condition functions that have a YAML short form, and the
 * rule-section functions that CloudFormation also accepts as tags.
 */
const FN_TAGS = new Set([
  'Base64',
  'Cidr',
  'FindInMap',
  'GetAZs',
  'ImportValue',
  'Join',
  'Select',
  'Split',
  'Sub',
  'Transform',
  'ToJsonString',
  'Length',
  'And',
  'Equals',
  'If',
  'Not',
  'Or',
  'Contains',
  'EachMemberEquals',
  'EachMemberIn',
  'RefAll',
  'ValueOf',
  'ValueOfAll',
]);

/** Extensions that `.json` parsing applies to; everything else is read as YAML (a superset of JSON). */
const JSON_EXTENSIONS = new Set(['.json']);

/**
 * Reads and parses one CloudFormation template file (JSON or YAML with short-form tags; SAM templates
 * are CloudFormation templates with a `Transform`). Never throws: every problem is returned as a message
 * that names the file, the place in it when known, and what is wrong.
 */
export function loadTemplateFile(file: string): TemplateLoadResult {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf-8');
  } catch (error) {
    return { ok: false, problem: `${file}: cannot read the file (${describeFsError(error)})` };
  }
  return parseTemplate(text, file);
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
  const parsed = source.trimStart().startsWith('{') ? parseJson(source, label) : parseYaml(source, label);
  return parsed.ok ? asTemplate(parsed.value, label) : parsed;
}

/**
 * How many nodes YAML aliases may expand to in one document. Aliases can make a small text expand
 * exponentially (a "billion laughs" document); nodes written out in the text are bounded by its size.
 */
export const MAX_ALIAS_NODES = 100_000;

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
  const parsed = JSON_EXTENSIONS.has(path.extname(file).toLowerCase()) ? parseJson(source, file) : parseYaml(source, file);
  if (!parsed.ok) {
    return parsed;
  }
  return asTemplate(parsed.value, file);
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

type ParseResult = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly problem: string };

function parseJson(source: string, file: string): ParseResult {
  try {
    return { ok: true, value: JSON.parse(source) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // "Unexpected end of JSON input" has no position: it is the end of the text.
    const position = /at position (\d+)/.exec(message) ?? (/end of JSON input/.test(message) ? [message, String(source.length)] : null);
    // Newer Node versions add "(line L column C)" themselves; compute it once, the same way everywhere.
    const reason = message.replace(/\s*\(line \d+ column \d+\)/, '').replace(/\s*in JSON at position \d+/, '');
    if (position) {
      const { line, column } = lineAndColumn(source, Number(position[1]));
      return { ok: false, problem: `${file}:${line}:${column}: invalid JSON: ${reason}` };
    }
    return { ok: false, problem: `${file}: invalid JSON: ${reason}` };
  }
}

function parseYaml(source: string, file: string): ParseResult {
  const doc = parseDocument(source, { prettyErrors: true, uniqueKeys: true, strict: true });
  if (doc.errors.length > 0) {
    const first = doc.errors[0];
    const where = first.linePos ? `${first.linePos[0].line}:${first.linePos[0].col}: ` : '';
    const more = doc.errors.length > 1 ? ` (and ${doc.errors.length - 1} more)` : '';
    return { ok: false, problem: `${file}:${where}invalid YAML: ${firstLine(first.message)}${more}` };
  }
  try {
    return { ok: true, value: toCloudFormation(doc.contents, doc, new Set(), { nodes: 0 }) };
  } catch (error) {
    if (error instanceof TagError) {
      // Point at the tag (`!Env`) rather than at its value when the node has one.
      const start = error.node.range?.[0];
      const tagStart = start !== undefined && error.node.tag ? source.lastIndexOf(error.node.tag, start) : -1;
      const offset = tagStart >= 0 ? tagStart : start;
      const pos = offset !== undefined ? lineAndColumn(source, offset) : undefined;
      return { ok: false, problem: `${file}:${pos ? `${pos.line}:${pos.column}: ` : ''}${error.message}` };
    }
    throw error;
  }
}

class TagError extends Error {
  constructor(message: string, readonly node: Node) {
    super(message);
  }
}

/**
 * Turns a YAML node into the JSON form CloudFormation works on, expanding short-form tags
 * (`!Ref X` to `{ Ref: X }`, `!GetAtt A.B` to `{ 'Fn::GetAtt': ['A', 'B'] }`, `!If [...]` to
 * `{ 'Fn::If': [...] }`, ...).
 */
function toCloudFormation(node: unknown, doc: Document, resolving: Set<Alias>, budget: { nodes: number }): unknown {
  if (node === null || node === undefined) {
    return null;
  }
  if (resolving.size > 0 && ++budget.nodes > MAX_ALIAS_NODES) {
    throw new TagError(`invalid YAML: its aliases expand to more than ${MAX_ALIAS_NODES} nodes; the guard does not read it`, node as Node);
  }
  if (isAlias(node)) {
    if (resolving.has(node)) {
      throw new TagError(`invalid YAML: the alias *${node.source} refers to itself`, node);
    }
    const target = node.resolve(doc);
    if (!target) {
      throw new TagError(`invalid YAML: the alias *${node.source} has no anchor`, node);
    }
    resolving.add(node);
    const value = toCloudFormation(target, doc, resolving, budget);
    resolving.delete(node);
    return value;
  }
  const plain = plainValue(node as Node, doc, resolving, budget);
  const tag = (node as Node).tag;
  if (tag === undefined || !tag.startsWith('!') || tag.startsWith('!!')) {
    return plain;
  }
  return expandShortForm(tag.slice(1), plain, node as Node);
}

function plainValue(node: Node, doc: Document, resolving: Set<Alias>, budget: { nodes: number }): unknown {
  if (isMap(node)) {
    const out: Record<string, unknown> = {};
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? pair.key.value : toCloudFormation(pair.key, doc, resolving, budget);
      out[String(key)] = toCloudFormation(pair.value, doc, resolving, budget);
    }
    return out;
  }
  if (isSeq(node)) {
    return node.items.map((item) => toCloudFormation(item, doc, resolving, budget));
  }
  if (isScalar(node)) {
    // A tagged plain scalar (`!Ref 123`) is text to CloudFormation; an untagged one keeps its YAML type.
    if (node.tag?.startsWith('!') && !node.tag.startsWith('!!')) {
      return node.value === null || node.value === undefined ? '' : String(node.value);
    }
    return node.value;
  }
  throw new TagError('invalid YAML: unsupported node', node);
}

function expandShortForm(name: string, value: unknown, node: Node): unknown {
  if (name === 'Ref') {
    return { Ref: value };
  }
  if (name === 'Condition') {
    return { Condition: value };
  }
  if (name === 'GetAtt') {
    if (typeof value === 'string') {
      const dot = value.indexOf('.');
      if (dot <= 0 || dot === value.length - 1) {
        throw new TagError(`!GetAtt '${value}' must have the form LogicalId.AttributeName`, node);
      }
      return { 'Fn::GetAtt': [value.slice(0, dot), value.slice(dot + 1)] };
    }
    return { 'Fn::GetAtt': value };
  }
  if (FN_TAGS.has(name)) {
    return { [`Fn::${name}`]: value };
  }
  throw new TagError(
    `unknown tag !${name}: CloudFormation accepts only the short forms of its intrinsic functions (!Ref, !GetAtt, !Sub, !If, ...)`,
    node,
  );
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

/** A short reason for a file-system error: "no such file", "permission denied", ... */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a directory';
    case 'ENOTDIR':
      return 'a parent of the path is not a directory';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

// YAML templates to the JSON form CloudFormation works on, with bounded work on any input:
// - the short forms of intrinsic functions (`!Ref X`) become their long forms (`{ Ref: X }`);
// - aliases are expanded here (not by the YAML library, whose alias limit therefore never applies), within
//   a budget, so a few hundred bytes of aliases of aliases ("billion laughs") stop with a message;
// - nesting is measured while parsing, before the YAML library composes the document: its composer recurses
//   once per level, so a deeply nested document is composed on a thread with a larger stack (see
//   yaml-worker.ts) or, beyond any template CloudFormation accepts, refused;
// - a second document in the file, and two keys that CloudFormation would read as the same key, are errors.
// This module imports nothing but the YAML library and a position helper, so that the worker can load it.
import { Alias, Composer, CST, Document, isAlias, isMap, isScalar, isSeq, Lexer, LineCounter, Node, Parser, YAMLError } from 'yaml';
import { lineAndColumn } from './text-position';

/**
 * Nodes that expanding aliases may add to a template. A real template repeats a block a few times; beyond
 * this the file is an attack or a mistake.
 */
export const MAX_ALIAS_EXPANSION = 100_000;

/**
 * Nesting the scanner reads, in levels of mappings and sequences. CloudFormation accepts templates nested
 * about 1,000 levels deep; a value nested deeper than the guard evaluates is "cannot be proven" for its
 * gateway alone, so the file is read up to ten times as deep.
 */
export const MAX_YAML_DEPTH = 10_000;

/** Nesting the YAML library's recursive composer may meet on the calling thread's stack. */
export const IN_THREAD_YAML_DEPTH = 200;

/**
 * The template as a value, or a problem naming the file, place and cause; `needsLargerStack` when the document
 * is nested more deeply than `composeDepth` allows on this thread (the caller then composes on a larger stack).
 */
export type YamlParse =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly problem: string; readonly needsLargerStack?: boolean };

/** The intrinsic and condition functions with a YAML short form, and the rule functions CloudFormation also accepts. */
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

/**
 * Parses a YAML template. Documents nested up to `composeDepth` levels are composed on this thread; deeper
 * ones (up to MAX_YAML_DEPTH) return `needsLargerStack`.
 */
export function parseYamlTemplate(source: string, file: string, composeDepth: number = IN_THREAD_YAML_DEPTH): YamlParse {
  const lines = new LineCounter();
  const cst = parseCst(source, lines);
  if ('deeperThan' in cst) {
    const { line, column } = lineAndColumn(source, cst.offset);
    return {
      ok: false,
      problem: `${file}:${line}:${column}: invalid YAML: nested more than ${MAX_YAML_DEPTH} levels deep; CloudFormation accepts about 1,000 levels`,
    };
  }
  if (cst.depth > composeDepth) {
    return { ok: false, problem: `${file}: nested ${cst.depth} levels deep`, needsLargerStack: true };
  }
  const docs = Array.from(new Composer({ uniqueKeys: true, strict: true }).compose(cst.tokens, true, source.length));
  const doc = docs[0];
  if (docs.length > 1) {
    const { line, column } = lineAndColumn(source, docs[1].range[0]);
    return {
      ok: false,
      problem:
        `${file}:${line}:${column}: invalid YAML: a second YAML document starts here; a CloudFormation template is one document, ` +
        'so split the documents into separate files',
    };
  }
  if (doc.errors.length > 0) {
    return { ok: false, problem: yamlProblem(doc.errors, lines, file) };
  }
  try {
    return { ok: true, value: toCloudFormation(doc) };
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

/**
 * The CST of the whole text and its nesting depth, or where it first gets deeper than MAX_YAML_DEPTH (then
 * the rest is not parsed: a file of brackets costs time per level, so it stops there).
 */
type CstParse = { readonly tokens: CST.Token[]; readonly depth: number } | { readonly deeperThan: number; readonly offset: number };

function parseCst(source: string, lines: LineCounter): CstParse {
  const parser = new Parser(lines.addNewLine);
  lines.addNewLine(0);
  const tokens: CST.Token[] = [];
  let depth = 0;
  let offset = 0;
  for (const lexeme of new Lexer().lex(source)) {
    tokens.push(...parser.next(lexeme));
    depth = Math.max(depth, parser.stack.length);
    if (depth > MAX_YAML_DEPTH) {
      return { deeperThan: MAX_YAML_DEPTH, offset };
    }
    offset += lexeme.length;
  }
  tokens.push(...parser.end());
  return { tokens, depth };
}

function yamlProblem(errors: readonly YAMLError[], lines: LineCounter, file: string): string {
  const first = errors[0];
  const where = first.pos[0] >= 0 ? lines.linePos(first.pos[0]) : undefined;
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  return `${file}:${where ? `${where.line}:${where.col}: ` : ''}invalid YAML: ${first.message.split('\n')[0]}${more}`;
}

class TagError extends Error {
  constructor(
    message: string,
    readonly node: Node,
  ) {
    super(message);
  }
}

/** The aliases being expanded around a node, innermost first. */
interface AliasChain {
  readonly alias: Alias;
  readonly outer?: AliasChain;
}

/** One node still to convert, and where its value goes. */
interface Pending {
  readonly node: unknown;
  readonly put: (value: unknown) => void;
  readonly aliases?: AliasChain;
}

/**
 * Turns the document into the JSON form CloudFormation works on, expanding short-form tags and aliases.
 * Works from a list rather than by recursion, so any depth the parser accepted is fine.
 */
function toCloudFormation(doc: Document): unknown {
  let result: unknown = null;
  const pending: Pending[] = [{ node: doc.contents, put: (value) => (result = value) }];
  let expanded = 0;
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { node, put, aliases } = next;
    if (aliases && ++expanded > MAX_ALIAS_EXPANSION) {
      throw new TagError(
        `invalid YAML: its aliases expand to more than ${MAX_ALIAS_EXPANSION.toLocaleString('en-US')} values (aliases of aliases multiply); ` +
          'write the repeated parts out, or repeat them with fewer nested aliases',
        outermost(aliases),
      );
    }
    if (node === null || node === undefined) {
      put(null);
    } else if (isAlias(node)) {
      pending.push({ node: resolveAlias(node, doc, aliases), put, aliases: { alias: node, outer: aliases } });
    } else {
      convertNode(node as Node, put, (child) => pending.push({ ...child, aliases }), doc);
    }
  }
  return result;
}

/** The alias in the template's own text that started an expansion (where the user can act). */
function outermost(aliases: AliasChain): Alias {
  let chain = aliases;
  while (chain.outer) chain = chain.outer;
  return chain.alias;
}

function resolveAlias(alias: Alias, doc: Document, aliases: AliasChain | undefined): Node {
  for (let chain = aliases; chain; chain = chain.outer) {
    if (chain.alias === alias) {
      throw new TagError(`invalid YAML: the alias *${alias.source} refers to itself`, alias);
    }
  }
  const target = alias.resolve(doc);
  if (!target) {
    throw new TagError(`invalid YAML: the alias *${alias.source} has no anchor`, alias);
  }
  return target;
}

/** Converts one mapping, sequence or scalar; its children are handed to `later`. */
type Put = (value: unknown) => void;

function convertNode(node: Node, put: Put, later: (child: { node: unknown; put: Put }) => void, doc: Document): void {
  const tag = node.tag;
  const shortForm = tag !== undefined && tag.startsWith('!') && !tag.startsWith('!!') ? tag.slice(1) : undefined;
  let value: unknown;
  if (isMap(node)) {
    const out: Record<string, unknown> = {};
    const keyNodes = new Map<string, Node | null>();
    for (const pair of node.items) {
      const key = mappingKey(pair.key, doc);
      if (keyNodes.has(key)) {
        throw new TagError(
          `invalid YAML: the key '${key}' appears twice in this mapping (CloudFormation reads both as the same key, and tools differ in which one they keep)`,
          (pair.key as Node | null) ?? node,
        );
      }
      keyNodes.set(key, pair.key as Node | null);
      // The key is set now, so that keys keep the order they are written in.
      setOwn(out, key, null);
      later({ node: pair.value, put: (v) => setOwn(out, key, v) });
    }
    value = out;
  } else if (isSeq(node)) {
    const out: unknown[] = new Array(node.items.length).fill(null);
    node.items.forEach((item, i) => later({ node: item, put: (v) => (out[i] = v) }));
    value = out;
  } else if (isScalar(node)) {
    // A tagged plain scalar (`!Ref 123`) is text to CloudFormation; an untagged one keeps its YAML type.
    value = shortForm !== undefined ? (node.value === null || node.value === undefined ? '' : String(node.value)) : node.value;
  } else {
    throw new TagError('invalid YAML: unsupported node', node);
  }
  put(shortForm === undefined ? value : expandShortForm(shortForm, value, node));
}

/** A mapping key as CloudFormation reads it: the text of a scalar (through an alias, too). */
function mappingKey(key: unknown, doc: Document): string {
  const node = isAlias(key) ? key.resolve(doc) : key;
  if (node === null || node === undefined) {
    return 'null';
  }
  if (!isScalar(node)) {
    throw new TagError('invalid YAML: a mapping key must be a plain value, not a mapping or a list', key as Node);
  }
  return String(node.value);
}

/** Sets an own property, also for the key `__proto__` (which plain assignment would take for the prototype), as JSON.parse does. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
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

// Evaluates CloudFormation values (literals and intrinsic functions) against a template's Parameters,
// Mappings and Conditions, in one world of choices. Whatever cannot be proven becomes an `Unknown` with
// the reason, never a guess.
import { World } from './choices';
import { containsMacro, MACRO_KEY, macroUnknown } from './macros';
import { isRecord, nestedDeeperThan } from './template';
import { concat, describeValue, isPartial, isUnknown, literalString, PartialString, Unknown, Value } from './values';

/** The parts of a template that values are evaluated against. */
export interface TemplateScope {
  readonly parameters: { readonly [name: string]: unknown };
  readonly mappings: { readonly [name: string]: unknown };
  readonly conditions: { readonly [name: string]: unknown };
  readonly resources: { readonly [name: string]: unknown };
}

const PSEUDO_PARAMETERS = new Set([
  'AWS::AccountId',
  'AWS::NotificationARNs',
  'AWS::Partition',
  'AWS::Region',
  'AWS::StackId',
  'AWS::StackName',
  'AWS::URLSuffix',
]);

/**
 * How deep the guard evaluates one value (mappings, lists, intrinsic functions and condition references, each
 * a level). A value nested deeper cannot be proven: it fails closed for its own gateway, and the recursion stays
 * far from the end of the stack, so one pathological value never stops the evaluation of any other gateway.
 */
export const MAX_VALUE_DEPTH = 1000;

/** How deep a FindInMap key may nest and still be told apart from others by its text. */
const KEY_TEXT_DEPTH = 20;

/** Evaluates values of one template in one world. */
export class Evaluator {
  private readonly conditionCache = new Map<string, boolean>();
  private readonly evaluatingConditions = new Set<string>();
  /** Levels of values and conditions being evaluated now. */
  private depth = 0;
  /** Names for FindInMap keys too deep to print, by node, in the order they are met (the same in every world). */
  private readonly deepKeys = new Map<unknown, string>();

  constructor(
    private readonly scope: TemplateScope,
    private readonly world: World,
  ) {}

  /** Evaluates any template value. */
  public value(node: unknown): Value {
    if (this.depth >= MAX_VALUE_DEPTH) {
      return new Unknown(nodeKind(node), `it is nested more than ${MAX_VALUE_DEPTH} levels deep, deeper than the guard evaluates`);
    }
    this.depth++;
    try {
      return this.evaluate(node);
    } finally {
      this.depth--;
    }
  }

  private evaluate(node: unknown): Value {
    if (node === undefined) return undefined;
    if (node === null || typeof node === 'number' || typeof node === 'boolean') return node;
    if (typeof node === 'string') return literalString(node);
    if (Array.isArray(node)) {
      return node.map((item) => this.value(item)).filter((item) => item !== undefined);
    }
    if (isRecord(node)) {
      const keys = Object.keys(node);
      // A macro receives the whole object it sits in, sibling keys included, and returns what deploys.
      if (keys.includes(MACRO_KEY)) return macroUnknown(node[MACRO_KEY]);
      if (keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'))) {
        return this.intrinsic(keys[0], node[keys[0]]);
      }
      const out: { [key: string]: Value } = {};
      for (const key of keys) {
        const v = this.value(node[key]);
        if (v !== undefined) out[key] = v;
      }
      return out;
    }
    return new Unknown(String(node), 'not a CloudFormation value');
  }

  /**
   * Like `value`, but the keys of an object are only evaluated when a rule reads them. The rules read only
   * what can change their verdict (the authorizer type and configuration, the exemption), so only the
   * choices those depend on are explored: a parameter in a gateway's Name or Tags never multiplies the
   * worlds. `Fn::If` around an object is decided first, then its branch is read lazily too.
   */
  public lazy(node: unknown): Value {
    if (!isRecord(node)) return this.value(node);
    const record = node;
    const keys = Object.keys(record);
    if (keys.length === 1 && keys[0] === 'Fn::If') {
      const args = record['Fn::If'];
      if (Array.isArray(args) && args.length === 3 && typeof args[0] === 'string') {
        // Each Fn::If is a level, as in `value`: a pathological nesting fails closed instead of overflowing the stack.
        if (this.depth >= MAX_VALUE_DEPTH) return this.value(node);
        this.depth++;
        try {
          return this.condition(args[0]) ? this.lazy(args[1]) : this.lazy(args[2]);
        } finally {
          this.depth--;
        }
      }
    }
    if (keys.includes(MACRO_KEY) || (keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::')))) return this.value(node);
    const out: { [key: string]: Value } = {};
    for (const key of keys) {
      let evaluated: { readonly value: Value } | undefined;
      Object.defineProperty(out, key, {
        enumerable: true,
        get: () => (evaluated ??= { value: this.lazy(record[key]) }).value,
      });
    }
    return out;
  }

  /** Evaluates a named condition in this world. */
  public condition(name: string): boolean {
    const cached = this.conditionCache.get(name);
    if (cached !== undefined) return cached;
    let result: boolean | undefined;
    // A macro in the Conditions section can rewrite any condition: then none is decided from the template.
    const rewritten = Object.prototype.hasOwnProperty.call(this.scope.conditions, MACRO_KEY);
    if (!rewritten && !this.evaluatingConditions.has(name) && Object.prototype.hasOwnProperty.call(this.scope.conditions, name)) {
      this.evaluatingConditions.add(name);
      result = this.conditionExpression(this.scope.conditions[name]);
      this.evaluatingConditions.delete(name);
    }
    if (result === undefined) {
      // Depends on something only known at deploy time: both outcomes must be safe.
      result = this.world.choose(`condition:${name}`, [`condition ${name} is true`, `condition ${name} is false`]) === 0;
    }
    this.conditionCache.set(name, result);
    return result;
  }

  /** Three-valued: undefined when the outcome cannot be decided from the template (or is nested too deep). */
  private conditionExpression(node: unknown): boolean | undefined {
    if (this.depth >= MAX_VALUE_DEPTH) return undefined;
    this.depth++;
    try {
      return this.decideCondition(node);
    } finally {
      this.depth--;
    }
  }

  private decideCondition(node: unknown): boolean | undefined {
    if (typeof node === 'boolean') return node;
    if (typeof node === 'string') return node === 'true' ? true : node === 'false' ? false : undefined;
    if (!isRecord(node)) return undefined;
    const keys = Object.keys(node);
    // Anything but one condition function (a macro next to it, say) is not decided from the template.
    if (keys.length !== 1) return undefined;
    const [fn] = keys;
    const args = node[fn];
    switch (fn) {
      case 'Condition':
        return typeof args === 'string' ? this.condition(args) : undefined;
      case 'Fn::Not': {
        if (!Array.isArray(args) || args.length !== 1) return undefined;
        const inner = this.conditionExpression(args[0]);
        return inner === undefined ? undefined : !inner;
      }
      case 'Fn::And':
      case 'Fn::Or': {
        if (!Array.isArray(args)) return undefined;
        const results = args.map((a) => this.conditionExpression(a));
        const decisive = fn === 'Fn::And' ? false : true;
        if (results.includes(decisive)) return decisive;
        return results.includes(undefined) ? undefined : !decisive;
      }
      case 'Fn::Equals': {
        if (!Array.isArray(args) || args.length !== 2) return undefined;
        const [a, b] = args.map((x) => this.value(x));
        if (!isScalar(a) || !isScalar(b)) return undefined;
        return String(a) === String(b);
      }
      default:
        return undefined;
    }
  }

  private intrinsic(fn: string, args: unknown): Value {
    const expression = shortExpression(fn, args);
    switch (fn) {
      case 'Ref':
        return this.ref(args);
      case 'Fn::If': {
        if (!Array.isArray(args) || args.length !== 3 || typeof args[0] !== 'string') {
          return new Unknown(expression, 'malformed Fn::If');
        }
        return this.condition(args[0]) ? this.value(args[1]) : this.value(args[2]);
      }
      case 'Fn::FindInMap':
        return this.findInMap(args, expression);
      case 'Fn::Join': {
        if (!Array.isArray(args) || args.length !== 2) return new Unknown(expression, 'malformed Fn::Join');
        const delimiter = this.value(args[0]);
        const list = this.value(args[1]);
        if (typeof delimiter !== 'string') return new Unknown(expression, 'its delimiter is not a literal string');
        if (!Array.isArray(list)) return new Unknown(expression, `the list it joins is not known: ${reasonOf(list)}`);
        const pieces: Value[] = [];
        list.forEach((item, i) => {
          if (i > 0) pieces.push(delimiter);
          pieces.push(item);
        });
        return concat(pieces, expression);
      }
      case 'Fn::Sub':
        return this.sub(args, expression);
      case 'Fn::Select': {
        if (!Array.isArray(args) || args.length !== 2) return new Unknown(expression, 'malformed Fn::Select');
        const index = this.value(args[0]);
        const list = this.value(args[1]);
        const i = typeof index === 'number' ? index : typeof index === 'string' ? Number(index) : NaN;
        if (!Number.isInteger(i) || !Array.isArray(list)) {
          return new Unknown(expression, 'its index or list is only known at deploy time');
        }
        return i >= 0 && i < list.length ? list[i] : new Unknown(expression, `index ${i} is out of range`);
      }
      case 'Fn::Split': {
        if (!Array.isArray(args) || args.length !== 2) return new Unknown(expression, 'malformed Fn::Split');
        const delimiter = this.value(args[0]);
        const source = this.value(args[1]);
        if (typeof delimiter === 'string' && typeof source === 'string') return source.split(delimiter);
        // Splitting always yields at least one item.
        return new Unknown(expression, 'the string it splits is only known at deploy time', true);
      }
      case 'Fn::GetAtt':
        return new Unknown(expression, 'a resource attribute is only known at deploy time', false, { resource: getAttResource(args) });
      case 'Fn::ImportValue':
        return new Unknown(
          expression,
          'the value is exported by another stack and only known at deploy time; that stack can change it without this template changing',
        );
      default:
        return new Unknown(expression, `the guard does not evaluate ${fn}`);
    }
  }

  /** `${Resource.Attribute}` in a Fn::Sub. */
  private subAttribute(name: string): Unknown {
    return new Unknown(`Fn::GetAtt ${name}`, 'a resource attribute is only known at deploy time', false, { resource: getAttResource(name) });
  }

  private ref(name: unknown): Value {
    if (typeof name !== 'string') return new Unknown('Ref', 'malformed Ref');
    const expression = `Ref ${name}`;
    if (name === 'AWS::NoValue') return undefined;
    if (PSEUDO_PARAMETERS.has(name)) {
      // AWS::NotificationARNs is a list of ARNs chosen at deploy time, not one identifier.
      return new Unknown(expression, 'a pseudo parameter is only known at deploy time', false, { pseudoParameter: name !== 'AWS::NotificationARNs' });
    }
    const parameter = this.scope.parameters[name];
    if (parameter !== undefined) {
      if (Object.prototype.hasOwnProperty.call(this.scope.parameters, MACRO_KEY) || containsMacro(parameter)) {
        return new Unknown(expression, `a macro (${MACRO_KEY}) rewrites the definition of parameter ${name} at deploy time`);
      }
      return this.parameter(name, parameter);
    }
    if (this.scope.resources[name] !== undefined) {
      return new Unknown(expression, `the Ref of resource ${name} is only known at deploy time`, false, { resource: name });
    }
    return new Unknown(expression, `${name} is neither a parameter nor a resource of this template`);
  }

  private parameter(name: string, parameter: unknown): Value {
    const expression = `Ref ${name}`;
    const declared = isRecord(parameter) ? parameter : {};
    const type = typeof declared.Type === 'string' ? declared.Type : 'String';
    if (type.startsWith('AWS::SSM::Parameter::Value')) {
      return new Unknown(expression, `parameter ${name} is read from SSM Parameter Store at deploy time`);
    }
    if (type.startsWith('List<') || type === 'CommaDelimitedList') {
      return new Unknown(expression, `list parameter ${name} is only known at deploy time`);
    }
    const allowed = declared.AllowedValues;
    if (!Array.isArray(allowed) || allowed.length === 0 || !allowed.every(isScalar)) {
      return new Unknown(expression, `parameter ${name} has no AllowedValues, so any value can be passed at deploy time`);
    }
    const values = allowed.map((v) => String(v));
    const i = this.world.choose(
      `parameter:${name}`,
      values.map((v: string) => `parameter ${name} = '${v}'`),
    );
    return literalString(values[i]);
  }

  private findInMap(args: unknown, expression: string): Value {
    if (!Array.isArray(args) || args.length < 3) return new Unknown(expression, 'malformed Fn::FindInMap');
    const mapName = this.value(args[0]);
    if (typeof mapName !== 'string') return new Unknown(expression, 'its mapping name is only known at deploy time');
    const mapping = this.scope.mappings[mapName];
    if (!isRecord(mapping)) return new Unknown(expression, `mapping ${mapName} is not in the template`);
    if (Object.prototype.hasOwnProperty.call(this.scope.mappings, MACRO_KEY) || containsMacro(mapping)) {
      return new Unknown(expression, `a macro (${MACRO_KEY}) rewrites mapping ${mapName} at deploy time`);
    }
    const options = args[3];
    const hasDefault = isRecord(options) && Object.prototype.hasOwnProperty.call(options, 'DefaultValue');
    let level: { readonly [key: string]: unknown } = mapping;
    let found: unknown;
    for (const [depth, keyNode] of [args[1], args[2]].entries()) {
      const key = this.value(keyNode);
      let chosen: string | undefined;
      if (typeof key === 'string' || typeof key === 'number') {
        chosen = Object.prototype.hasOwnProperty.call(level, String(key)) ? String(key) : undefined;
      } else {
        // The key is only known at deploy time: every entry (and the default, if any) is possible.
        const keys = Object.keys(level);
        const labels = keys.map((k) => `${describeValue(key)} = '${k}' in mapping ${mapName}`);
        if (hasDefault) labels.push(`${describeValue(key)} matches no key of mapping ${mapName}`);
        if (labels.length === 0) return new Unknown(expression, `mapping ${mapName} is empty`);
        const i = this.world.choose(`mapping:${mapName}:${depth}:${this.keyText(keyNode)}`, labels);
        chosen = keys[i];
      }
      if (chosen === undefined) {
        if (hasDefault && isRecord(options)) return this.value(options.DefaultValue);
        return new Unknown(expression, `mapping ${mapName} has no key ${describeValue(key)}`);
      }
      found = level[chosen];
      if (depth === 0) {
        if (!isRecord(found)) return new Unknown(expression, `mapping ${mapName} is malformed`);
        level = found;
      }
    }
    return this.value(found);
  }

  /** The text that identifies a FindInMap key expression, so that the same expression takes the same choice. */
  private keyText(keyNode: unknown): string {
    if (!nestedDeeperThan(keyNode, KEY_TEXT_DEPTH)) return JSON.stringify(keyNode);
    // Too deep to print: named by the node itself. Choices of two such keys never merge, which only adds
    // combinations, and evaluation meets them in the same order in every world.
    let name = this.deepKeys.get(keyNode);
    if (name === undefined) {
      name = `(deep key ${this.deepKeys.size + 1})`;
      this.deepKeys.set(keyNode, name);
    }
    return name;
  }

  private sub(args: unknown, expression: string): Value {
    let template: unknown = args;
    let variables: { readonly [name: string]: unknown } = {};
    if (Array.isArray(args)) {
      if (args.length !== 2 || !isRecord(args[1])) {
        return new Unknown(expression, 'malformed Fn::Sub');
      }
      [template, variables] = [args[0], args[1]];
    }
    if (typeof template !== 'string') return new Unknown(expression, 'malformed Fn::Sub');
    const pieces: Value[] = [];
    const pattern = /\$\{([^}]*)\}/g;
    let last = 0;
    for (let m = pattern.exec(template); m; m = pattern.exec(template)) {
      pieces.push(literalString(template.slice(last, m.index)));
      const name = m[1];
      if (name.startsWith('!')) pieces.push('${' + name.slice(1) + '}');
      else if (Object.prototype.hasOwnProperty.call(variables, name)) pieces.push(this.value(variables[name]));
      else if (name.includes('.')) pieces.push(this.subAttribute(name));
      else pieces.push(this.ref(name));
      last = m.index + m[0].length;
    }
    pieces.push(literalString(template.slice(last)));
    // A piece that is absent (AWS::NoValue) or not a string cannot be substituted.
    return concat(pieces, expression);
  }
}

/** The logical ID in `Fn::GetAtt [Id, Attr]` or `Fn::GetAtt Id.Attr`, when it is written literally. */
function getAttResource(args: unknown): string | undefined {
  if (Array.isArray(args) && typeof args[0] === 'string') return args[0];
  if (typeof args === 'string' && args.includes('.')) return args.slice(0, args.indexOf('.'));
  return undefined;
}

function isScalar(v: unknown): v is string | number | boolean {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

function reasonOf(v: Value): string {
  if (isUnknown(v)) return `${v.expression}: ${v.reason}`;
  if (isPartial(v)) return (v as PartialString).unknowns.map((u) => u.reason).join('; ');
  return `it is ${describeValue(v)}`;
}

/** What a value too deep to evaluate is, for messages, without looking inside it. */
function nodeKind(node: unknown): string {
  if (Array.isArray(node)) return 'a list';
  if (isRecord(node)) {
    const keys = Object.keys(node);
    return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::')) ? keys[0] : 'a mapping';
  }
  return typeof node === 'string' ? `'${node}'` : String(node);
}

/** A short source form of an intrinsic, for messages (`Fn::ImportValue SharedAuthType`). */
export function shortExpression(fn: string, args: unknown): string {
  if (typeof args === 'string') return `${fn} ${args}`;
  const strings = Array.isArray(args) && args.every((a) => typeof a === 'string');
  if (fn === 'Fn::GetAtt' && strings) return `Fn::GetAtt ${args.join('.')}`;
  if (strings) return `${fn} ${args.join(', ')}`;
  if (fn === 'Fn::FindInMap' && Array.isArray(args)) {
    return `Fn::FindInMap ${args.slice(0, 3).map((a) => (typeof a === 'string' ? a : '(...)')).join(', ')}`;
  }
  return fn;
}

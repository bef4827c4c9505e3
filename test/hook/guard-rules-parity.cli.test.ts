// Parity between the shipped Guard rule file and the engine, judged by the real cfn-guard binary.
//
// The corpus is (1) every template the engine's and the guard's own tests evaluate, recorded while those
// tests run here, and (2) the rule file's own cases (test/hook/guard-rule-cases.ts), each also wrapped the
// way a Guard hook receives it. Every gateway is judged by the engine and, in a data file of its own, by cfn-guard; one
// cfn-guard run per rule-file variant. A gateway the rule file can express must get the same verdict and
// the same rule IDs. Where the rule file cannot express a check, the gap is named below and the test
// asserts which way it errs.
//
// Runs the cfn-guard binary: named *.cli.test.ts, so `test:latest` does not repeat it.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, relative } from 'path';
import { cfnGuardValidate, GuardFileResult } from './cfn-guard';
import { GUARD_RULE_CASES } from './guard-rule-cases';
import { authorizerTypeProblems } from '../../src/engine/guard-options';
import { gatewayAuthorizationGuardRules } from '../../src/hook/guard-rules';
import { SHIPPED_GUARD_RULES } from '../support/guard-rules-file';

const mockRecorded: Array<{ template: any; options: any }> = [];
jest.mock('../../src/engine/evaluate', () => {
  const actual = jest.requireActual('../../src/engine/evaluate');
  return {
    ...actual,
    evaluateTemplate: (template: unknown, options?: unknown) => {
      let copy: { template: any; options: any } | undefined;
      try {
        copy = JSON.parse(JSON.stringify({ template: template ?? {}, options: options ?? {} }));
      } catch {
        // A template no JSON file can hold (nested deeper than the stack allows, a property that throws when
        // read): the tests that build one judge it with the engine alone; cfn-guard reads only JSON files.
      }
      if (copy) mockRecorded.push(copy);
      return actual.evaluateTemplate(template, options);
    },
  };
});
// eslint-disable-next-line import/order
import { evaluateTemplate } from '../../src/engine/evaluate';

const ROOT = join(__dirname, '..', '..');
/** The tests of the engine, which every template fixture passes through. */
// The guard's synth-time tests are not replayed here: since the verdict is taken on the written assembly, each
// guard test file sets up process-wide synthesis state (the toolkit environment, the synth hook) that is only
// valid for one file at a time. Their templates reach the engine through the same evaluateTemplate the engine's
// own tests exercise, and the rule file's own cases cover the hook's input.
const GUARD_TESTS = [join(ROOT, 'test', 'engine')];
const GATEWAY = 'AWS::BedrockAgentCore::Gateway';
const RESOURCE_POLICY = 'AWS::BedrockAgentCore::ResourcePolicy';

type Verdict = 'COMPLIANT' | 'NON_COMPLIANT';

/** A way in which the rule file cannot express what the engine checks. */
interface Gap {
  readonly name: string;
  readonly applies: (resource: any, logicalId: string) => boolean;
  /** Why the gap is acceptable, and which way the rule file errs. */
  readonly why: string;
  /** Whether the rule file may pass a gateway the engine fails. */
  readonly guardMayPassWhatTheEngineFails: boolean;
}

const GAPS: readonly Gap[] = [
  {
    name: 'a macro or transform (Transform, Fn::Transform, AWS::Include)',
    applies: (resource, logicalId) =>
      logicalId === 'Transform' || logicalId === 'Fn::Transform' || JSON.stringify(resource ?? null).includes('"Fn::Transform"'),
    why:
      'A macro or transform rewrites the template before anything is deployed, so the engine cannot prove what a raw ' +
      'template creates and fails it (AGW10, or AGW2 inside a gateway). A Guard hook is invoked after CloudFormation ran ' +
      'every transform and macro and judges the resources they produce; in a raw template the rule file judges what it ' +
      'sees and may pass what the engine fails.',
    guardMayPassWhatTheEngineFails: true,
  },
  {
    name: 'a custom resource that creates a gateway through the SDK (Custom::*)',
    applies: (resource) => typeof resource?.Type === 'string' && (resource.Type.startsWith('Custom::') || resource.Type === 'AWS::CloudFormation::CustomResource'),
    why:
      'A custom resource that calls CreateGateway or UpdateGateway through the SDK is not an AgentCore resource, so no ' +
      'gateway rule or Guard hook on gateways sees it; the engine judges the call it can read. At deploy time the ' +
      'organization SCP (DenyUnauthorizedGatewaysPolicy) covers such calls.',
    guardMayPassWhatTheEngineFails: true,
  },
  {
    name: 'a resource policy (AGW9, not in the rule file yet)',
    applies: (resource, logicalId) =>
      resource?.Type === RESOURCE_POLICY || (logicalId.startsWith('Fn::ForEach::') && JSON.stringify(resource ?? null).includes(RESOURCE_POLICY)),
    why:
      'The rule file does not restate AGW9 yet: it judges gateways only, so a public resource policy passes it; ' +
      'the synth-time guard, scan and audit judge it.',
    guardMayPassWhatTheEngineFails: true,
  },
  {
    name: 'intrinsic functions or dynamic references in the authorization properties',
    applies: (resource) => hasIntrinsic(resource?.Properties, ['AuthorizerType', 'AuthorizerConfiguration']),
    why:
      'Guard does not evaluate Ref, Fn::If, Fn::FindInMap, Fn::Sub, parameters or {{resolve:...}}: the rule file ' +
      'demands literals and fails closed where the engine proves a value. A Guard hook sees them resolved.',
    guardMayPassWhatTheEngineFails: false,
  },
  {
    name: 'a gateway type inside a Fn::ForEach where CloudFormation would not expand it into a resource',
    applies: (resource, logicalId) => logicalId.startsWith('Fn::ForEach::') && !forEachGeneratesGateway(resource, 1),
    why:
      'The rule file fails the gateways a Fn::ForEach generates where CloudFormation expands them (a resource of its ' +
      'third element, up to 5 nested loops); the engine also fails a gateway type anywhere else inside the loop, ' +
      'because it cannot prove what the expansion yields. A hook sees the expanded resources.',
    guardMayPassWhatTheEngineFails: true,
  },
  {
    name: 'a resource Condition',
    applies: (resource) => resource?.Condition !== undefined,
    why: 'Guard does not evaluate Conditions: the rule file judges the gateway as if it were always created.',
    guardMayPassWhatTheEngineFails: false,
  },
  {
    name: 'intrinsic functions elsewhere in the gateway',
    applies: (resource) => hasIntrinsic(resource?.Properties),
    why:
      'The engine explores every combination of parameters and conditions in the whole resource and fails closed ' +
      'past its limit; the rule file judges the literal authorization properties, as a hook does once ' +
      'CloudFormation resolved the rest.',
    guardMayPassWhatTheEngineFails: true,
  },
];

interface Row {
  readonly source: string;
  readonly logicalId: string;
  readonly engine: { verdict: Verdict; ruleIds: string[] };
  readonly guard: { verdict: Verdict; ruleIds: string[] };
  readonly gap?: Gap;
  readonly expected?: string[];
}

describe('the guard tests, run here to record every template they evaluate', () => {
  for (const file of GUARD_TESTS.flatMap(testFiles)) {
    describe(relative(ROOT, file), () => {
      // Loading a test file registers its tests here, where the engine is the recording one.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require(file);
    });
  }
});

describe('the Guard rule file and the engine', () => {
  let work: string;
  let rows: Row[];
  let templateCount: number;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'agw-guard-parity-'));
    const corpus = new Corpus(work);
    const recorded = distinct(mockRecorded.map((r) => ({ template: r.template, types: allowedTypes(r.options) })));
    recorded.forEach((r, i) => corpus.addTemplate(`recorded template ${i + 1}`, r.template, r.types));
    for (const c of GUARD_RULE_CASES) {
      const resource = c.properties === undefined ? { Type: GATEWAY } : { Type: GATEWAY, Properties: c.properties };
      const withEngine = c.allowAuthenticateOnlyWithEnforcedPolicyEngine ? [AUTHENTICATE_ONLY_WITH_ENGINE] : [];
      const types = [...(c.additionalAllowedAuthorizerTypes ?? []), ...withEngine];
      corpus.addTemplate(`case '${c.name}'`, { Resources: { Gw: resource } }, types, c.expected);
      corpus.addHookInput(`case '${c.name}' as hook input`, resource, types, c.expected);
    }
    corpus.addTemplate('an AUTHENTICATE_ONLY gateway without a policy engine', { Resources: { Gw: { Type: GATEWAY, Properties: { AuthorizerType: 'AUTHENTICATE_ONLY' } } } }, []);
    // The guard's tests combine a Condition with intrinsic functions; this one isolates the Condition.
    corpus.addTemplate(
      'a literal NONE gateway whose Condition is never true',
      {
        Conditions: { Never: { 'Fn::Equals': ['a', 'b'] } },
        Resources: { Gw: { Type: GATEWAY, Condition: 'Never', Properties: { Name: 'gw', ProtocolType: 'MCP', RoleArn: 'arn:aws:iam::111111111111:role/gw', AuthorizerType: 'NONE' } } },
      },
      [],
    );
    templateCount = recorded.length + GUARD_RULE_CASES.length + 2;
    rows = corpus.judge();
  });

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test('GIVEN the corpus THEN it holds the recorded templates and every case, in both input shapes', () => {
    expect(mockRecorded.length).toBeGreaterThan(50);
    expect(rows.filter((r) => r.expected).length).toBe(2 * GUARD_RULE_CASES.length);
    const gaps = GAPS.map((g) => `${g.name}: ${rows.filter((r) => r.gap === g).length}`);
    const agreeing = rows.filter((r) => r.engine.verdict === r.guard.verdict);
    // The numbers a reviewer asks for; printed once per run.
    console.log(
      `Guard parity corpus: ${templateCount} templates and ${GUARD_RULE_CASES.length} hook inputs, ${rows.length} gateways, ` +
        `${rows.filter((r) => !r.gap).length} expressible, ${agreeing.length} with the same verdict.\nNamed gaps:\n  ${gaps.join('\n  ')}`,
    );
  });

  test('GIVEN every gateway the rule file can express WHEN both judge it THEN same verdict and same rule IDs', () => {
    const disagreements = rows
      .filter((r) => !r.gap)
      .filter((r) => r.engine.verdict !== r.guard.verdict || r.engine.ruleIds.join() !== r.guard.ruleIds.join())
      .map((r) => `${r.source} ${r.logicalId}: engine ${show(r.engine)}, cfn-guard ${show(r.guard)}`);
    expect(disagreements).toEqual([]);
    expect(rows.filter((r) => !r.gap && r.engine.verdict === 'NON_COMPLIANT').length).toBeGreaterThan(40);
    expect(rows.filter((r) => !r.gap && r.engine.verdict === 'COMPLIANT').length).toBeGreaterThan(20);
  });

  test('GIVEN the rule file\'s own cases THEN both report exactly the expected rule IDs', () => {
    const wrong = rows
      .filter((r) => r.expected)
      .filter((r) => r.gap || r.engine.ruleIds.join() !== r.expected!.join() || r.guard.ruleIds.join() !== r.expected!.join())
      .map((r) => `${r.source}: expected [${r.expected}], engine ${show(r.engine)}, cfn-guard ${show(r.guard)}${r.gap ? `, gap ${r.gap.name}` : ''}`);
    expect(wrong).toEqual([]);
  });

  test.each(GAPS.map((g) => [g.name, g]))('GIVEN the named gap "%s" THEN the rule file errs only the documented way', (_name, gap) => {
    const gapRows = rows.filter((r) => r.gap === gap);
    expect(gapRows.length).toBeGreaterThan(0);
    if (!gap.guardMayPassWhatTheEngineFails) {
      const permissive = gapRows.filter((r) => r.engine.verdict === 'NON_COMPLIANT' && r.guard.verdict === 'COMPLIANT');
      expect(permissive.map((r) => `${r.source} ${r.logicalId}`)).toEqual([]);
    }
    expect(gap.why.length).toBeGreaterThan(0);
  });

  test('GIVEN hook input for a gateway in a shape the rules cannot read THEN cfn-guard fails it (AGW2), and input for another type is skipped', () => {
    const dir = join(work, 'hook-shape');
    mkdirSync(dir);
    const context = (targetName: string) => ({ HookContext: { TargetName: targetName, TargetType: 'RESOURCE', TargetLogicalId: 'Gw', InvocationPoint: 'CREATE_PRE_PROVISION' } });
    writeFileSync(join(dir, 'unreadable.json'), JSON.stringify({ ...context(GATEWAY), Resources: { Gw: { TypeName: GATEWAY, Properties: { AuthorizerType: 'NONE' } } } }));
    writeFileSync(join(dir, 'bucket.json'), JSON.stringify({ ...context('AWS::S3::Bucket'), Resources: { B: { ResourceType: 'AWS::S3::Bucket', ResourceProperties: {} } } }));
    const results = cfnGuardValidate(SHIPPED_GUARD_RULES, [dir]);
    expect(results.get(join(dir, 'unreadable.json'))).toEqual(expect.objectContaining({ status: 'FAIL', ruleIds: ['AGW2'] }));
    expect(results.get(join(dir, 'bucket.json'))).toEqual(expect.objectContaining({ status: 'SKIP', ruleIds: [] }));
  });
});

/** Collects gateways into data files, one per gateway, grouped by rule-file variant; judges them all. */
class Corpus {
  private readonly entries: Array<{ source: string; logicalId: string; file: string; variant: string; engine: Row['engine']; gap?: Gap; expected?: string[] }> = [];
  private readonly variants = new Map<string, string[]>();

  constructor(private readonly work: string) {
    this.variantDir([]);
  }

  public addTemplate(source: string, template: any, types: string[], expected?: string[]): void {
    for (const evaluation of evaluateTemplate(template, engineOptions(types))) {
      const resource = template.Resources[evaluation.logicalId];
      const data = { Resources: { [evaluation.logicalId]: resource } };
      this.add(source, evaluation.logicalId, data, types, engineResult(evaluation), gapOf(resource, evaluation.logicalId), expected);
    }
  }

  /** The gateway as a Guard hook receives it: after CloudFormation resolved it, under ResourceType / ResourceProperties. */
  public addHookInput(source: string, resource: any, types: string[], expected: string[]): void {
    const [evaluation] = evaluateTemplate({ Resources: { Gw: resource } }, engineOptions(types));
    const hookResource: any = { ResourceType: resource.Type };
    if ('Properties' in resource) hookResource.ResourceProperties = resource.Properties;
    const input = {
      HookContext: {
        AWSAccountID: '111111111111',
        StackId: 'arn:aws:cloudformation:eu-west-1:111111111111:stack/app/11111111-2222-3333-4444-555555555555',
        HookTypeName: 'Private::Guard::GatewayAuthorization',
        InvocationPoint: 'CREATE_PRE_PROVISION',
        TargetName: GATEWAY,
        TargetType: 'RESOURCE',
        TargetLogicalId: 'Gw',
      },
      Resources: { Gw: hookResource },
    };
    this.add(source, 'Gw', input, types, engineResult(evaluation), undefined, expected);
  }

  public judge(): Row[] {
    const results = new Map<string, GuardFileResult>();
    for (const [variant, types] of this.variants) {
      // The default variant is the file the package ships; the others are generated as the construct does.
      const rules = types.length === 0 ? SHIPPED_GUARD_RULES : join(this.work, `${variant}.guard`);
      if (types.length > 0) writeFileSync(rules, gatewayAuthorizationGuardRules(engineOptions(types)));
      cfnGuardValidate(rules, [join(this.work, variant)]).forEach((r, file) => results.set(file, r));
    }
    return this.entries.map((e) => {
      const result = results.get(e.file);
      if (!result) throw new Error(`cfn-guard reported nothing for ${e.file}`);
      return {
        source: e.source,
        logicalId: e.logicalId,
        engine: e.engine,
        guard: { verdict: result.status === 'FAIL' ? 'NON_COMPLIANT' : 'COMPLIANT', ruleIds: result.ruleIds },
        gap: e.gap,
        expected: e.expected,
      };
    });
  }

  private add(source: string, logicalId: string, data: unknown, types: string[], engine: Row['engine'], gap: Gap | undefined, expected?: string[]): void {
    const variant = this.variantDir(types);
    const file = join(this.work, variant, `${String(this.entries.length).padStart(5, '0')}.json`);
    writeFileSync(file, asciiJson(data));
    this.entries.push({ source, logicalId, file, variant, engine, gap, expected });
  }

  private variantDir(types: string[]): string {
    const name = types.length === 0 ? 'default' : `allow-${types.join('-')}`;
    if (!this.variants.has(name)) {
      this.variants.set(name, types);
      mkdirSync(join(this.work, name));
    }
    return name;
  }
}

/**
 * JSON with every non-ASCII character escaped: cfn-guard reads data with a YAML parser, which folds a raw
 * U+0085 (a YAML line break) into a space but keeps the escaped form.
 */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function engineResult(evaluation: { verdict: string; findings: Array<{ ruleId: string }> }): Row['engine'] {
  // AGW7 (an exemption that is not accepted) only accompanies other findings: the rule file never honours
  // exemptions, because a template cannot be trusted to exempt itself at deploy time.
  const ruleIds = [...new Set(evaluation.findings.map((f) => f.ruleId).filter((id) => id !== 'AGW7'))].sort();
  return { verdict: evaluation.verdict === 'COMPLIANT' ? 'COMPLIANT' : 'NON_COMPLIANT', ruleIds };
}

function gapOf(resource: any, logicalId: string): Gap | undefined {
  return GAPS.find((g) => g.applies(resource, logicalId));
}

/** Whether a value (or, with `keys`, those keys of it) holds an intrinsic function or a dynamic reference. */
function hasIntrinsic(value: unknown, keys?: string[]): boolean {
  if (typeof value === 'string') return value.includes('{{resolve:');
  if (Array.isArray(value)) return value.some((v) => hasIntrinsic(v));
  if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.some(([k]) => k === 'Ref' || k === 'Condition' || k.startsWith('Fn::'))) return true;
    return entries.filter(([k]) => !keys || keys.includes(k)).some(([, v]) => hasIntrinsic(v));
  }
  return false;
}

/**
 * The authorizer types a recorded engine call allowed (the rule file never allows NONE or AUTHENTICATE_ONLY this
 * way, nor does the engine).
 */
function allowedTypes(options: { additionalAllowedAuthorizerTypes?: string[]; allowAuthenticateOnlyWithEnforcedPolicyEngine?: boolean }): string[] {
  const types = [...new Set((options.additionalAllowedAuthorizerTypes ?? []).filter((t) => !authorizerTypeProblems([t]).some((p) => p.kind !== 'malformed')))].sort();
  return options.allowAuthenticateOnlyWithEnforcedPolicyEngine ? [...types, AUTHENTICATE_ONLY_WITH_ENGINE] : types;
}

/**
 * Marks a variant generated with allowAuthenticateOnlyWithEnforcedPolicyEngine, next to its authorizer types (it
 * cannot be one: it is not an authorizer type's shape).
 */
const AUTHENTICATE_ONLY_WITH_ENGINE = 'authenticate-only-with-enforced-policy-engine';

/** The options of a variant, for the engine and the rule-file generator alike. */
function engineOptions(types: string[]): { additionalAllowedAuthorizerTypes: string[]; allowAuthenticateOnlyWithEnforcedPolicyEngine: boolean } {
  return {
    additionalAllowedAuthorizerTypes: types.filter((t) => t !== AUTHENTICATE_ONLY_WITH_ENGINE),
    allowAuthenticateOnlyWithEnforcedPolicyEngine: types.includes(AUTHENTICATE_ONLY_WITH_ENGINE),
  };
}

function distinct<T>(items: T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = JSON.stringify(item);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function show(r: { verdict: Verdict; ruleIds: string[] }): string {
  return `${r.verdict} [${r.ruleIds.join(', ')}]`;
}

function testFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return testFiles(path);
      return /\.test\.ts$/.test(name) && !/\.cli\.test\.ts$/.test(name) ? [path] : [];
    });
}

/** Whether a Fn::ForEach value generates a gateway where the rule file looks (its third element, nested loops up to 5). */
function forEachGeneratesGateway(value: any, depth: number): boolean {
  if (!Array.isArray(value) || typeof value[2] !== 'object' || value[2] === null) return false;
  return Object.entries(value[2]).some(
    ([key, inner]: [string, any]) =>
      inner?.Type === GATEWAY || (key.startsWith('Fn::ForEach::') && depth < 5 && forEachGeneratesGateway(inner, depth + 1)),
  );
}

import { execFileSync, spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join } from 'path';
import { Stack, Token, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';

/** One cfn-lint finding. */
export interface LintMatch {
  readonly Level: string;
  readonly Message: string;
  readonly Rule: { readonly Id: string };
  readonly Filename: string;
  readonly Location: { readonly Path?: (string | number)[] };
}

/**
 * Warnings we accept, each with the reason. Everything else cfn-lint reports fails the suite.
 */
export const ACCEPTED_WARNINGS: { readonly [ruleId: string]: string } = {
  W3005:
    'aws-cdk-lib gives every lambda.Function (ours and the AwsCustomResource singleton) a DependsOn on its ' +
    'execution role, which the GetAtt of the role already implies: redundant, harmless, and not ours to change.',
};

/** A warning accepted only where `applies` says, with the reason. */
export interface ScopedAcceptance {
  readonly ruleId: string;
  readonly reason: string;
  readonly applies: (match: LintMatch) => boolean;
}

/**
 * Warnings accepted in some templates only. Everything else cfn-lint reports fails the suite.
 */
export const ACCEPTED_SCOPED_WARNINGS: readonly ScopedAcceptance[] = [
  {
    ruleId: 'W3037',
    reason:
      'Integration-test assertion stacks only: @aws-cdk/integ-tests-alpha derives an IAM action from the SDK client ' +
      'and API names of each call and grants it to its own handler. For GetGateway it derives ' +
      '`bedrock-agentcore-control:GetGateway` (aws-cdk-lib does not know that client; the tests grant the real ' +
      '`bedrock-agentcore:GetGateway` next to it), and for Lambda invocations `lambda:Invoke` (integ-tests adds the ' +
      'real `lambda:InvokeFunction` itself). The extra statements grant nothing and are not ours to remove.',
    applies: (m) => /DeployAssert[0-9A-F]{8}\.template\.json$/.test(m.Filename) &&
      /^'(bedrock-agentcore-control|invoke)' is not one of /.test(m.Message),
  },
];

/**
 * Errors cfn-lint 1.51 reports only because its resource schemas predate what CloudFormation added since:
 * the gateway's `WafConfiguration`, the JWT authorizer's `PrivateEndpoint` and `AdvertisedScopeMapping`, and
 * the resource type `AWS::BedrockAgentCore::ResourcePolicy` (all in the CloudFormation spec of aws-cdk-lib
 * 2.269.0 and 2.276.0). Each is accepted only when the newer schemas that ship with aws-cdk-lib 2.276.0 (in
 * `@aws/cloudformation-validate`, the validator aws-cdk-lib runs on every synth) find nothing wrong with the
 * same resource; see `newerSchemaProblems`. PyPI is out of reach here, so cfn-lint cannot be upgraded.
 */
export const SCHEMA_LAG: readonly ScopedAcceptance[] = [
  {
    ruleId: 'E3002',
    reason: 'cfn-lint 1.51 does not know WafConfiguration on a gateway, nor PrivateEndpoint and AdvertisedScopeMapping in its CustomJWTAuthorizer',
    applies: (m) => /^Additional properties are not allowed \('(WafConfiguration|PrivateEndpoint|AdvertisedScopeMapping)' was unexpected\)$/.test(m.Message),
  },
  {
    ruleId: 'E3018',
    reason: 'the same gap, reported a second time through the oneOf of AuthorizerConfiguration',
    applies: (m) => (m.Location.Path ?? []).join('/').endsWith('/Properties/AuthorizerConfiguration') &&
      /'(PrivateEndpoint|AdvertisedScopeMapping)': /.test(m.Message) && / is not valid under any of the given schemas$/.test(m.Message),
  },
  {
    ruleId: 'E3006',
    reason: 'cfn-lint 1.51 does not know the resource type AWS::BedrockAgentCore::ResourcePolicy',
    applies: (m) => m.Message === 'Resource type \'AWS::BedrockAgentCore::ResourcePolicy\' does not exist in \'us-east-1\'',
  },
];

/** One diagnostic of the newer schema validator (`@aws/cloudformation-validate`). */
interface NewerSchemaDiagnostic {
  readonly ruleId: string;
  readonly severity: string;
  readonly message: string;
  readonly entity?: { readonly logicalId?: string };
  readonly propertyPath?: string;
}

interface NewerSchemaValidator {
  validate(template: unknown, region: string): NewerSchemaDiagnostic[];
}

let newerValidator: { module: any; validator: NewerSchemaValidator } | undefined;

/** The schema validator shipped with the newest aws-cdk-lib (a dependency of aws-cdk-lib-latest). */
function newerSchemaValidator(): { module: any; validator: NewerSchemaValidator } {
  if (!newerValidator) {
    const latest = dirname(require.resolve('aws-cdk-lib-latest/package.json'));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const module = require(require.resolve('@aws/cloudformation-validate', { paths: [latest] }));
    newerValidator = { module, validator: new module.SchemaValidator() };
  }
  return newerValidator;
}

/**
 * What the newer schemas (aws-cdk-lib 2.276.0's validator) report above INFO for one resource of a
 * template file, as cfn-lint-shaped findings.
 */
export function newerSchemaProblems(file: string, logicalId: string): LintMatch[] {
  const { module, validator } = newerSchemaValidator();
  const diagnostics = validator.validate(new module.TemplateContent(readFileSync(file, 'utf8'), file), 'us-east-1');
  return diagnostics
    .filter((d) => d.severity !== 'INFO' && d.entity?.logicalId === logicalId)
    .map((d) => ({
      Level: 'Error',
      Message: `${d.message} (newer schema, ${d.severity})`,
      Rule: { Id: d.ruleId },
      Filename: file,
      Location: { Path: ['Resources', logicalId, ...(d.propertyPath ?? '').split('.').filter((p) => p !== '')] },
    }));
}

/**
 * Splits schema-lag findings into those the newer schemas confirm (accepted) and the problems the newer
 * schemas found instead (blocking).
 */
function judgeSchemaLag(matches: LintMatch[]): { accepted: Set<LintMatch>; problems: LintMatch[] } {
  const accepted = new Set<LintMatch>();
  const problems = new Map<string, LintMatch[]>();
  for (const m of matches.filter((x) => SCHEMA_LAG.some((a) => a.ruleId === x.Rule.Id && a.applies(x)))) {
    const logicalId = String((m.Location.Path ?? [])[1] ?? '');
    const key = `${m.Filename}\u0000${logicalId}`;
    if (!problems.has(key)) {
      problems.set(key, newerSchemaProblems(m.Filename, logicalId));
    }
    if (problems.get(key)!.length === 0) {
      accepted.add(m);
    }
  }
  return { accepted, problems: [...problems.values()].flat() };
}

/** The region every template is linted for (see `cfnLint`). */
export const LINT_REGION = 'us-east-1';

/**
 * Known warnings of aws-cdk-lib's own template validation (its built-in copy of cfn-lint's rules, printed at
 * synth as "Template validation found issues"), acknowledged for templates the recorder synthesizes outside
 * LINT_REGION. Each comes with its reason; anything else it reports still prints.
 */
export const ACKNOWLEDGED_OUTSIDE_LINT_REGION: readonly { readonly id: string; readonly reason: string }[] = [
  {
    id: 'CloudFormation-Validate::F3006',
    reason:
      'Resource type not offered in the stack\'s region: the partition tests synthesize in cn-north-1 and ' +
      'us-gov-west-1 on purpose, to prove the rendering is partition-agnostic, where AgentCore and Cognito ' +
      'are not (yet) listed. Whether AWS offers a service in a region is not this library\'s to check, and the ' +
      'real cfn-lint still lints these templates for us-east-1, where a missing type is an error.',
  },
];

let checkedInstall = false;

function assertCfnLintInstalled(): void {
  if (checkedInstall) {
    return;
  }
  const probe = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      'cfn-lint is not installed or not on PATH. The suite checks every synthesized template with it. ' +
      'Install it (for example `pipx install cfn-lint` or `pip install cfn-lint`) and run the tests again.',
    );
  }
  checkedInstall = true;
}

/**
 * Runs the real cfn-lint over template files and returns its findings.
 *
 * Templates are linted for us-east-1 whatever partition they were synthesized for: cfn-lint flags
 * resource types a region lacks, and AgentCore is not offered in every partition; the partition tests
 * assert the partition-specific rendering directly.
 */
export function cfnLint(files: string[]): LintMatch[] {
  if (files.length === 0) {
    return [];
  }
  assertCfnLintInstalled();
  const result = spawnSync('cfn-lint', ['--format', 'json', '--regions', LINT_REGION, '--', ...files], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) {
    throw result.error;
  }
  const out = result.stdout.trim();
  if (out === '' ) {
    if (result.status !== 0) {
      throw new Error(`cfn-lint exited ${result.status} without findings: ${result.stderr}`);
    }
    return [];
  }
  return JSON.parse(out) as LintMatch[];
}

/**
 * Findings that fail the suite: every error (except schema lag the newer schemas confirm, see
 * `SCHEMA_LAG`), every warning not accepted with a reason above, and what the newer schemas report about a
 * resource whose cfn-lint error was schema lag.
 */
export function blockingFindings(matches: LintMatch[]): LintMatch[] {
  const lag = judgeSchemaLag(matches);
  return [
    ...matches.filter((m) => !lag.accepted.has(m) && (m.Level === 'Error' || (m.Level === 'Warning' && !isAcceptedWarning(m)))),
    ...lag.problems,
  ];
}

function isAcceptedWarning(m: LintMatch): boolean {
  return m.Rule.Id in ACCEPTED_WARNINGS || ACCEPTED_SCOPED_WARNINGS.some((a) => a.ruleId === m.Rule.Id && a.applies(m));
}

/** Lints template files and throws listing each blocking finding. */
export function assertLintClean(files: string[]): void {
  const blocking = blockingFindings(cfnLint(files));
  if (blocking.length > 0) {
    throw new Error(`cfn-lint found ${blocking.length} problem(s):\n${describeFindings(blocking)}`);
  }
}

export function describeFindings(matches: LintMatch[]): string {
  return matches
    .map((m) => `${m.Level} ${m.Rule.Id} ${m.Filename} ${(m.Location.Path ?? []).join('/')}: ${m.Message}`)
    .join('\n');
}

/**
 * Records every template a test file synthesizes, so the file can lint them all with one cfn-lint run
 * (cfn-lint takes seconds to start). Use `templateOf(stack)` in place of `Template.fromStack(stack)`
 * and call `lintRecordedTemplates()` in `afterAll`. For a stack outside LINT_REGION it first acknowledges
 * ACKNOWLEDGED_OUTSIDE_LINT_REGION.
 */
export class TemplateRecorder {
  private readonly dir = mkdtempSync(join(tmpdir(), 'agw-cfn-lint-'));
  private readonly files: string[] = [];

  public templateOf(stack: Stack): Template {
    if (!Token.isUnresolved(stack.region) && stack.region !== LINT_REGION) {
      Validations.of(stack).acknowledge(...ACKNOWLEDGED_OUTSIDE_LINT_REGION);
    }
    const template = Template.fromStack(stack);
    this.record(stack.stackName, template.toJSON());
    return template;
  }

  /** Records an already-synthesized template (e.g. from `app.synth()`). */
  public record(name: string, template: unknown): void {
    const file = join(this.dir, `${this.files.length}-${name}.json`);
    writeFileSync(file, JSON.stringify(template, null, 1));
    this.files.push(file);
  }

  public get recorded(): readonly string[] {
    return this.files;
  }

  /** Lints every recorded template; throws listing each blocking finding. */
  public lintRecordedTemplates(): void {
    const blocking = blockingFindings(cfnLint(this.files));
    if (blocking.length > 0) {
      throw new Error(`cfn-lint found ${blocking.length} problem(s) in synthesized templates:\n${describeFindings(blocking)}`);
    }
  }
}

/** The cfn-lint version, for reports. */
export function cfnLintVersion(): string {
  return execFileSync('cfn-lint', ['--version'], { encoding: 'utf8' }).trim();
}

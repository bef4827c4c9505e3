import { execFileSync, spawnSync } from 'child_process';
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
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

/** Findings that fail the suite: every error, and every warning not accepted with a reason above. */
export function blockingFindings(matches: LintMatch[]): LintMatch[] {
  return matches.filter((m) => m.Level === 'Error' || (m.Level === 'Warning' && !isAcceptedWarning(m)));
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

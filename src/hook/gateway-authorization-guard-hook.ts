import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Token, aws_cloudformation as cloudformation, aws_iam as iam, aws_s3 as s3, aws_s3_assets as s3assets } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { gatewayAuthorizationGuardRules, GUARD_RULES_FILE_NAME, GuardRulesOptions, validateGuardRulesOptions } from './guard-rules';
import { GATEWAY_RESOURCE_TYPE } from '../engine/constants';
import { allowedAuthorizerTypes } from '../engine/guard-options';
import { PropErrors } from '../engine/prop-errors';

/**
 * What CloudFormation does when the Guard rules fail for a gateway.
 */
export enum GuardHookFailureMode {
  /** Stop the stack operation: the gateway is not created or updated. */
  FAIL = 'FAIL',
  /** Let the operation go on and only record a warning in the stack events. */
  WARN = 'WARN',
}

/**
 * How the stack filters combine.
 */
export enum GuardHookStackFilteringCriteria {
  /** The hook runs when every given filter matches. */
  ALL = 'ALL',
  /** The hook runs when at least one given filter matches. */
  ANY = 'ANY',
}

/**
 * Which stacks the Guard hook evaluates. Leave it out to evaluate every stack in the account and region:
 * a stack the filters leave out can deploy a public gateway unchecked.
 *
 * @see https://docs.aws.amazon.com/cloudformation-cli/latest/hooks-userguide/hooks-stack-level-filtering.html
 */
export interface GuardHookStackFilters {
  /**
   * Evaluate only stacks with these names (`*` and `?` are wildcards).
   *
   * @default - no name filter
   */
  readonly includeStackNames?: string[];

  /**
   * Do not evaluate stacks with these names (`*` and `?` are wildcards).
   *
   * @default - no stack is excluded by name
   */
  readonly excludeStackNames?: string[];

  /**
   * Evaluate only stack operations performed with these IAM role ARNs.
   *
   * @default - no role filter
   */
  readonly includeStackRoles?: string[];

  /**
   * Do not evaluate stack operations performed with these IAM role ARNs.
   *
   * @default - no stack is excluded by role
   */
  readonly excludeStackRoles?: string[];

  /**
   * Whether all the given filters must match, or any of them.
   *
   * @default GuardHookStackFilteringCriteria.ALL
   */
  readonly filteringCriteria?: GuardHookStackFilteringCriteria;
}

/**
 * Properties of a `GatewayAuthorizationGuardHook`.
 */
export interface GatewayAuthorizationGuardHookProps {
  /**
   * The type name alias of the hook, `Name1::Name2::Name3` (2 to 64 letters or digits each, not starting
   * with `AWS`). Unique per account and region.
   *
   * @default 'Guard::AgentCoreGateway::Authorization'
   */
  readonly alias?: string;

  /**
   * What CloudFormation does when a gateway fails the rules.
   *
   * @default GuardHookFailureMode.FAIL
   */
  readonly failureMode?: GuardHookFailureMode;

  /**
   * Whether the hook is active. A disabled hook is created but evaluates nothing.
   *
   * @default true
   */
  readonly enabled?: boolean;

  /**
   * Authorizer types AgentCore adds after this version, which the rules accept besides AWS_IAM and
   * CUSTOM_JWT. NONE is never accepted. AUTHENTICATE_ONLY cannot be listed here, because it needs a policy
   * engine in ENFORCE mode (rule AGW8): use `allowAuthenticateOnlyWithEnforcedPolicyEngine` for it.
   *
   * @default - only AWS_IAM and CUSTOM_JWT
   */
  readonly additionalAllowedAuthorizerTypes?: string[];

  /**
   * Let AUTHENTICATE_ONLY gateways through when they name a policy engine in ENFORCE mode (rule AGW8). The
   * rules then require `PolicyEngineConfiguration.Mode` to be the literal 'ENFORCE' and its `Arn` a non-blank
   * string; anything else (LOG_ONLY, no policy engine, a value the hook cannot read) still fails. Without it,
   * every AUTHENTICATE_ONLY gateway fails.
   *
   * @default false
   */
  readonly allowAuthenticateOnlyWithEnforcedPolicyEngine?: boolean;

  /**
   * Also evaluate gateways created or updated through the AWS Cloud Control API (for example by
   * Terraform's `awscc` provider), not only by CloudFormation stacks.
   *
   * @default false
   */
  readonly includeCloudControlApi?: boolean;

  /**
   * Limit the hook to some stacks.
   *
   * @default - every stack in the account and region
   */
  readonly stackFilters?: GuardHookStackFilters;

  /**
   * A bucket that receives the detailed Guard report of each evaluation. The hook's role may write
   * objects to it, nothing else.
   *
   * @default - no report is written; failures still show in the stack events
   */
  readonly logBucket?: s3.IBucket;
}

/**
 * Deploys the package's CloudFormation Guard rules for Amazon Bedrock AgentCore gateways as a Guard hook:
 * CloudFormation evaluates every gateway before it creates or updates it, in every stack of the account and
 * region, whatever tool wrote the template (CDK with escape hatches, SAM, raw CloudFormation, StackSets,
 * macros and transforms, whose output the hook sees). With the default `FAIL` mode a gateway without
 * authorization (rule IDs AGW1-AGW6, and AGW8 for AUTHENTICATE_ONLY) is never provisioned.
 *
 * Deploy it once per account and region (for an organization: with a service-managed StackSet). It does
 * not see gateways made through the console, the SDK, or tools that call the AgentCore API directly: the
 * `DenyUnauthorizedGatewaysPolicy` service control policy covers those.
 *
 * The rule file is uploaded as a file asset to the CDK bootstrap bucket. If that bucket is encrypted with
 * a customer managed KMS key, also allow the hook's `executionRole` to decrypt with it.
 *
 * @see https://docs.aws.amazon.com/cloudformation-cli/latest/hooks-userguide/guard-hooks.html
 */
export class GatewayAuthorizationGuardHook extends Construct {
  /** The default type name alias of the hook. */
  public static readonly DEFAULT_ALIAS = 'Guard::AgentCoreGateway::Authorization';

  /** The `AWS::CloudFormation::GuardHook` resource. */
  public readonly hook: cloudformation.CfnGuardHook;

  /** The ARN of the activated hook. */
  public readonly hookArn: string;

  /** The role CloudFormation assumes to read the rule file (and to write reports to the log bucket). */
  public readonly executionRole: iam.Role;

  /** The rule file, as an S3 asset. */
  public readonly rulesAsset: s3assets.Asset;

  /** The authorizer types the deployed rules accept. */
  public readonly allowedAuthorizerTypes: string[];

  constructor(scope: Construct, id: string, props: GatewayAuthorizationGuardHookProps = {}) {
    super(scope, id);
    validateProps(props).throwIfAny('GatewayAuthorizationGuardHook', this.node.path);

    const rulesOptions: GuardRulesOptions = {
      additionalAllowedAuthorizerTypes: props.additionalAllowedAuthorizerTypes,
      allowAuthenticateOnlyWithEnforcedPolicyEngine: props.allowAuthenticateOnlyWithEnforcedPolicyEngine,
    };
    this.allowedAuthorizerTypes = allowedAuthorizerTypes(rulesOptions);
    this.rulesAsset = new s3assets.Asset(this, 'Rules', { path: rulesFile(rulesOptions) });

    // Least privilege: the hook reads one object, and writes reports only where it was told to. The policy
    // is inline, so it exists as soon as the role does. No confused-deputy condition: the role can do
    // nothing beyond that, and a condition key the hooks service might not send would lock the hook out
    // and block every gateway deployment.
    const statements = [
      new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [this.rulesAsset.bucket.arnForObjects(this.rulesAsset.s3ObjectKey)] }),
    ];
    if (props.logBucket) {
      statements.push(new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [props.logBucket.arnForObjects('*')] }));
    }
    this.executionRole = new iam.Role(this, 'ExecutionRole', {
      assumedBy: new iam.ServicePrincipal('hooks.cloudformation.amazonaws.com'),
      description: 'Lets the AgentCore gateway Guard hook read its rule file',
      inlinePolicies: { GuardRules: new iam.PolicyDocument({ statements }) },
    });

    const operations = ['RESOURCE', ...(props.includeCloudControlApi ? ['CLOUD_CONTROL'] : [])];
    this.hook = new cloudformation.CfnGuardHook(this, 'Resource', {
      alias: props.alias ?? GatewayAuthorizationGuardHook.DEFAULT_ALIAS,
      executionRole: this.executionRole.roleArn,
      // CloudFormation's defaults are WARN and DISABLED, which would let every gateway through.
      failureMode: props.failureMode ?? GuardHookFailureMode.FAIL,
      hookStatus: props.enabled === false ? 'DISABLED' : 'ENABLED',
      ruleLocation: { uri: this.rulesAsset.s3ObjectUrl },
      targetOperations: operations,
      targetFilters: {
        targets: ['CREATE', 'UPDATE'].map((action) => ({ targetName: GATEWAY_RESOURCE_TYPE, action, invocationPoint: 'PRE_PROVISION' })),
      },
      stackFilters: renderStackFilters(props.stackFilters),
      logBucket: props.logBucket?.bucketName,
    });
    this.hookArn = this.hook.attrHookArn;
  }
}

/** The shipped rule file for the default options; a generated variant otherwise. */
function rulesFile(options: GuardRulesOptions): string {
  if ((options.additionalAllowedAuthorizerTypes ?? []).length === 0 && !options.allowAuthenticateOnlyWithEnforcedPolicyEngine) {
    const shipped = path.join(__dirname, '..', '..', 'rules', GUARD_RULES_FILE_NAME);
    if (!fs.existsSync(shipped)) {
      throw new Error(`The Guard rule file is missing from the installed package (${shipped}); reinstall cdk-secure-agentcore-gateway.`);
    }
    return shipped;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agw-guard-rules-'));
  const file = path.join(dir, GUARD_RULES_FILE_NAME);
  fs.writeFileSync(file, gatewayAuthorizationGuardRules(options));
  return file;
}

function renderStackFilters(filters: GuardHookStackFilters | undefined): cloudformation.CfnGuardHook.StackFiltersProperty | undefined {
  if (!filters) return undefined;
  const nonEmpty = (values?: string[]) => (values && values.length > 0 ? values : undefined);
  const list = (include?: string[], exclude?: string[]) =>
    nonEmpty(include) || nonEmpty(exclude) ? { include: nonEmpty(include), exclude: nonEmpty(exclude) } : undefined;
  return {
    filteringCriteria: filters.filteringCriteria ?? GuardHookStackFilteringCriteria.ALL,
    stackNames: list(filters.includeStackNames, filters.excludeStackNames),
    stackRoles: list(filters.includeStackRoles, filters.excludeStackRoles),
  };
}

const ALIAS = /^[A-Za-z0-9]{2,64}::[A-Za-z0-9]{2,64}::[A-Za-z0-9]{2,64}$/;
const STACK_NAME = /^[a-zA-Z*?][-a-zA-Z0-9*?]{0,127}$/;
const STACK_ROLE = /^arn:[a-z-]+:iam::([0-9]{12}|[0-9*?]{1,12}):role\/.+$/;
const MAX_FILTER_ITEMS = 50;

function validateProps(props: GatewayAuthorizationGuardHookProps): PropErrors {
  const errors = new PropErrors();
  const alias = props.alias;
  if (alias !== undefined && !Token.isUnresolved(alias) && (!ALIAS.test(alias) || /^aws/i.test(alias))) {
    errors.add(
      'alias',
      `'${alias}' must be three parts of 2 to 64 letters or digits joined by '::', not starting with 'AWS' (CloudFormation's rule for hook aliases)`,
      `use e.g. '${GatewayAuthorizationGuardHook.DEFAULT_ALIAS}', or omit alias`,
    );
  }
  validateGuardRulesOptions({ additionalAllowedAuthorizerTypes: props.additionalAllowedAuthorizerTypes }, errors);
  const filters = props.stackFilters;
  if (filters) {
    const lists: Array<[string, string[] | undefined, RegExp, string]> = [
      ['includeStackNames', filters.includeStackNames, STACK_NAME, "a stack name of letters, digits and hyphens (wildcards '*' and '?' allowed), at most 128 characters"],
      ['excludeStackNames', filters.excludeStackNames, STACK_NAME, "a stack name of letters, digits and hyphens (wildcards '*' and '?' allowed), at most 128 characters"],
      ['includeStackRoles', filters.includeStackRoles, STACK_ROLE, 'an IAM role ARN (arn:<partition>:iam::<account>:role/<name>)'],
      ['excludeStackRoles', filters.excludeStackRoles, STACK_ROLE, 'an IAM role ARN (arn:<partition>:iam::<account>:role/<name>)'],
    ];
    if (lists.every(([, values]) => !values || values.length === 0)) {
      errors.add(
        'stackFilters',
        'names no stack and no role; CloudFormation requires at least one stack name or role filter',
        'give includeStackNames, excludeStackNames, includeStackRoles or excludeStackRoles, or omit stackFilters to evaluate every stack',
      );
    }
    for (const [field, values, pattern, what] of lists) {
      validateFilterList(`stackFilters.${field}`, values, pattern, what, errors);
    }
  }
  return errors;
}

function validateFilterList(field: string, values: string[] | undefined, pattern: RegExp, what: string, errors: PropErrors): void {
  if (!values || Token.isUnresolved(values)) return;
  if (values.length > MAX_FILTER_ITEMS) {
    errors.add(field, `has ${values.length} entries; CloudFormation accepts at most ${MAX_FILTER_ITEMS}`, 'use wildcards or fewer entries');
  }
  if (new Set(values).size !== values.length) {
    errors.add(field, 'lists an entry twice; CloudFormation requires unique entries', 'remove the duplicates');
  }
  values.forEach((value, i) => {
    if (!Token.isUnresolved(value) && (value.length > 256 || !pattern.test(value))) {
      errors.add(`${field}[${i}]`, `'${value}' is not ${what}`, 'correct or remove it');
    }
  });
}

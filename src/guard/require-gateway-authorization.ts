import { AspectPriority, Aspects, IAspect } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { GuardPolicy, guardCreated, registerGuard } from './synthesis-gate';
import { authorizerTypeProblems, templateUrlPrefixProblems } from '../engine/guard-options';
import { PropErrors } from '../engine/prop-errors';

/**
 * Properties of `RequireGatewayAuthorization`. Only the one who applies the guard sets them.
 */
export interface RequireGatewayAuthorizationProps {
  /**
   * Honour exemptions declared on gateways with `GatewayAuthorizationExemption.exempt()`.
   *
   * Without this, no declaration, acknowledgement or suppression silences the guard.
   *
   * @default false
   */
  readonly allowExemptions?: boolean;

  /**
   * Authorizer types that AgentCore may add after this version of the guard, to accept as they are. The
   * guard does not check the configuration of these types. `NONE` cannot be allowed this way (use
   * exemptions), nor can `AUTHENTICATE_ONLY` (use `allowAuthenticateOnlyWithEnforcedPolicyEngine`).
   *
   * @default - only CUSTOM_JWT and AWS_IAM (and AUTHENTICATE_ONLY as `allowAuthenticateOnlyWithEnforcedPolicyEngine` says)
   */
  readonly additionalAllowedAuthorizerTypes?: string[];

  /**
   * Accept gateways with `AuthorizerType` `AUTHENTICATE_ONLY` when a policy engine in `ENFORCE` mode
   * authorizes their calls (`PolicyEngineConfiguration` with an `Arn` and `Mode: ENFORCE`), and their JWT
   * authorizer has an https discovery URL (rules AGW4 and AGW5).
   *
   * `AUTHENTICATE_ONLY` validates the token but enforces no audience or scope ("offloaded authorization"):
   * any token of the identity provider gets in unless the policy engine denies the call. Without this
   * option, or with the engine in `LOG_ONLY` mode or absent, such a gateway fails rule AGW8. The guard
   * checks that an engine enforces, not what its policies allow.
   *
   * @see https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/gateway-inbound-auth.html
   * @default false
   */
  readonly allowAuthenticateOnlyWithEnforcedPolicyEngine?: boolean;

  /**
   * URL prefixes of templates that are vetted elsewhere. A nested stack, StackSet, Service Catalog product or
   * `AWS::Include` whose template the guard cannot read (it is not a file asset of the app, nor inline) fails
   * synthesis (AGW10) unless its URL is under one of these prefixes.
   *
   * Each prefix is an `https://` URL (or `s3://` for `AWS::Include`) in normal form ending with `/`, for example
   * `https://my-templates.s3.eu-west-1.amazonaws.com/vetted/`. Parts of a URL only known at deploy time are
   * accepted after the prefix only when they are `AWS::Region`, `AWS::URLSuffix`, `AWS::AccountId` or
   * `AWS::Partition`.
   *
   * @default - none: every template the guard cannot read fails synthesis
   */
  readonly allowedTemplateUrlPrefixes?: string[];

  /**
   * Base name of the report files written into the cloud assembly directory of the App (or Stage) on
   * every synthesis: `<name>.json` and `<name>.sarif` (SARIF 2.1.0).
   *
   * @default 'agentcore-gateway-authorization'
   */
  readonly reportFileName?: string;
}

/**
 * An Aspect that makes synthesis fail whenever an Amazon Bedrock AgentCore gateway anywhere below the
 * scope it is applied to would deploy without inbound authorization.
 *
 * Apply it to the App: it then covers every Stack, NestedStack, Stage, nested Stage and CDK Pipelines
 * stage, whenever they were created. The verdict is on the cloud assembly as written: when `synth()`
 * returns, after every Aspect, stack synthesizer, synthesis hook and nested Stage has run, the guard reads
 * the written templates and `synth()` throws if any gateway is insecure (also with `skipValidation`).
 * The manifest of a rejected assembly is removed, so nothing deploys it. Under the CDK CLI the output
 * directory is checked once more when the program exits (a second App writing the same directory, files
 * changed after synthesis).
 *
 * @example
 * declare const app: App;
 * RequireGatewayAuthorization.applyTo(app);
 */
export class RequireGatewayAuthorization implements IAspect {
  /** Default base name of the report files. */
  public static readonly DEFAULT_REPORT_FILE_NAME = 'agentcore-gateway-authorization';

  /**
   * Applies the guard to `scope` at `AspectPriority.READONLY`, so that it is ordered after every mutating
   * Aspect, and returns it.
   */
  public static applyTo(scope: IConstruct, props: RequireGatewayAuthorizationProps = {}): RequireGatewayAuthorization {
    const guard = new RequireGatewayAuthorization(props);
    Aspects.of(scope).add(guard, { priority: AspectPriority.READONLY });
    return guard;
  }

  private readonly allowExemptions: boolean;
  private readonly allowAuthenticateOnlyWithEnforcedPolicyEngine: boolean;
  private readonly additionalAllowedAuthorizerTypes: string[];
  private readonly allowedTemplateUrlPrefixes: string[];
  private readonly reportFileName: string;

  constructor(props: RequireGatewayAuthorizationProps = {}) {
    const errors = new PropErrors();
    const additional = props.additionalAllowedAuthorizerTypes ?? [];
    for (const problem of authorizerTypeProblems(additional)) {
      if (problem.kind === 'none') {
        errors.add(
          `additionalAllowedAuthorizerTypes[${problem.index}]`,
          "must not be 'NONE': a gateway without authorization is never compliant",
          'waive a deliberately public gateway one by one, with allowExemptions and GatewayAuthorizationExemption.exempt()',
        );
      } else if (problem.kind === 'authenticate-only') {
        errors.add(
          `additionalAllowedAuthorizerTypes[${problem.index}]`,
          "must not be 'AUTHENTICATE_ONLY': listed here it would pass without the policy engine in ENFORCE mode that authorizes its calls",
          'remove it and set allowAuthenticateOnlyWithEnforcedPolicyEngine: true, which accepts AUTHENTICATE_ONLY gateways whose policy engine enforces (rule AGW8)',
        );
      } else {
        errors.add(
          `additionalAllowedAuthorizerTypes[${problem.index}]`,
          `'${String(problem.value)}' is not an authorizer type (upper-case letters, digits and underscores)`,
          "name the type as the service spells it, upper case with underscores (e.g. 'CUSTOM_JWT')",
        );
      }
    }
    const prefixes = props.allowedTemplateUrlPrefixes ?? [];
    for (const problem of templateUrlPrefixProblems(prefixes)) {
      errors.add(`allowedTemplateUrlPrefixes[${problem.index}]`, problem.problem, problem.fix);
    }
    const reportFileName = props.reportFileName ?? RequireGatewayAuthorization.DEFAULT_REPORT_FILE_NAME;
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(reportFileName)) {
      errors.add(
        'reportFileName',
        `'${reportFileName}' must be a plain file name (letters, digits, '.', '_', '-')`,
        "give a name without a folder or extension, e.g. 'gateway-guard'",
      );
    }
    errors.throwIfAny('RequireGatewayAuthorization');
    this.allowExemptions = props.allowExemptions ?? false;
    this.allowAuthenticateOnlyWithEnforcedPolicyEngine = props.allowAuthenticateOnlyWithEnforcedPolicyEngine ?? false;
    this.additionalAllowedAuthorizerTypes = [...additional];
    this.allowedTemplateUrlPrefixes = [...prefixes];
    this.reportFileName = reportFileName;
    guardCreated(this.policy());
  }

  public visit(node: IConstruct): void {
    // The check itself must run after every Aspect, so visiting only registers it, once, where the guard
    // was applied (the one node whose own Aspects include this guard).
    if (!Aspects.of(node).all.includes(this)) return;
    registerGuard(node, this.policy());
  }

  private policy(): GuardPolicy {
    return {
      allowExemptions: this.allowExemptions,
      allowAuthenticateOnlyWithEnforcedPolicyEngine: this.allowAuthenticateOnlyWithEnforcedPolicyEngine,
      additionalAllowedAuthorizerTypes: this.additionalAllowedAuthorizerTypes,
      allowedTemplateUrlPrefixes: this.allowedTemplateUrlPrefixes,
      reportFileName: this.reportFileName,
    };
  }
}

// The service control policy that stops public gateways at the API: whatever makes the call (the console,
// the CLI, an SDK, Terraform, a custom resource, CloudFormation), AgentCore refuses to create or update a
// gateway whose authorizer type is not allowed. Pure (no aws-cdk-lib), so that a command-line entry point
// can print the same JSON for Terraform and console users.
//
// Condition keys: "Use IAM condition keys with Amazon Bedrock AgentCore Gateway",
// https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/security-gateway-condition-keys.html
import { addPolicyAuthorizerTypeProblems, allowedAuthorizerTypes } from '../engine/guard-options';
import { PropErrors } from '../engine/prop-errors';
import { DISCOVERY_URL_SUFFIX } from '../engine/rules';

/** AWS Organizations' limit on the size of a service control policy, in characters. */
export const SCP_MAX_CHARACTERS = 5120;

/** The condition key that carries the authorizer type of the gateway being created or updated. */
export const GATEWAY_AUTHORIZER_TYPE_KEY = 'bedrock-agentcore:GatewayAuthorizerType';

/** The condition key that carries the JWT discovery URL of the gateway being created or updated. */
export const GATEWAY_DISCOVERY_URL_KEY = 'bedrock-agentcore:DiscoveryUrl';

/** The API actions that set a gateway's authorizer. */
export const GATEWAY_WRITE_ACTIONS: readonly string[] = ['bedrock-agentcore:CreateGateway', 'bedrock-agentcore:UpdateGateway'];

/** What the policy allows. */
export interface GatewayScpOptions {
  /**
   * Authorizer types allowed besides AWS_IAM and CUSTOM_JWT. NONE is never allowed.
   *
   * @default - only AWS_IAM and CUSTOM_JWT
   */
  readonly additionalAllowedAuthorizerTypes?: string[];

  /**
   * `StringLike` patterns of the discovery URLs that gateways with a JWT authorizer may use, e.g.
   * `https://cognito-idp.eu-west-1.amazonaws.com/*`. The host must be literal: IAM's `*` also matches `/`
   * and `.`, so a wildcard in the host would let any host through.
   *
   * @default - any discovery URL
   */
  readonly allowedDiscoveryUrls?: string[];

  /**
   * ARNs (`aws:PrincipalArn`, wildcards allowed) of the IAM roles or users exempt from the policy, for
   * break-glass access.
   *
   * @default - nobody is exempt
   */
  readonly breakGlassPrincipalArns?: string[];
}

/** A statement of the policy. */
interface Statement {
  readonly Sid: string;
  readonly Effect: 'Deny';
  readonly Action: string[];
  readonly Resource: '*';
  readonly Condition: { readonly [operator: string]: { readonly [key: string]: string | string[] } };
}

/** The policy document. */
export interface GatewayScpDocument {
  readonly Version: '2012-10-17';
  readonly Statement: Statement[];
}

/** https, a literal host (no IAM wildcard), then a path. */
const DISCOVERY_URL_PATTERN = /^https:\/\/[^/*?\s]+\/\S*$/;
/** An IAM role or user ARN as `aws:PrincipalArn` holds it (assumed roles appear as their role's ARN). */
const PRINCIPAL_ARN = /^arn:(\*|aws[a-z-]*):iam::(\d{12}|[\d*?]{1,12}):(role|user)\/(\S+)$/;

/** What is wrong with one value of an option: the rule it breaks and how to fix it. */
export interface OptionProblem {
  readonly rule: string;
  readonly fix: string;
}

/**
 * Records the problems with the options in `errors`, each naming the field, the rule and the fix, and
 * returns every problem collected there (empty when the options are valid).
 */
export function validateGatewayScpOptions(options: GatewayScpOptions, errors = new PropErrors()): readonly string[] {
  const before = errors.messages.length;
  addPolicyAuthorizerTypeProblems(options.additionalAllowedAuthorizerTypes, errors);
  validateList('allowedDiscoveryUrls', options.allowedDiscoveryUrls, discoveryUrlPatternProblem, errors);
  validateList('breakGlassPrincipalArns', options.breakGlassPrincipalArns, breakGlassPrincipalProblem, errors);
  if (errors.messages.length === before) {
    const problem = scpSizeProblem(options);
    if (problem) errors.add('allowedDiscoveryUrls / breakGlassPrincipalArns', problem.rule, problem.fix);
  }
  return errors.messages;
}

/** Whether the policy for valid options would exceed what AWS Organizations accepts. */
export function scpSizeProblem(options: GatewayScpOptions): OptionProblem | undefined {
  const size = JSON.stringify(render(options)).length;
  if (size <= SCP_MAX_CHARACTERS) return undefined;
  return {
    rule: `the policy would be ${size} characters; AWS Organizations accepts at most ${SCP_MAX_CHARACTERS} in a service control policy`,
    fix: 'list fewer discovery-URL patterns or break-glass principals (a path wildcard covers many URLs)',
  };
}

function validateList(
  field: string,
  values: readonly unknown[] | undefined,
  problemOf: (value: string) => OptionProblem | undefined,
  errors: PropErrors,
): void {
  if (values === undefined) return;
  if (values.length === 0) {
    errors.add(field, 'is an empty list, which IAM rejects in a condition', `list at least one value, or leave ${field} out`);
    return;
  }
  values.forEach((value, i) => {
    const problem = typeof value === 'string' ? problemOf(value) : { rule: 'is not a string', fix: 'give the value as a string' };
    if (problem) errors.add(`${field}[${i}]`, `${JSON.stringify(value)} ${problem.rule}`, problem.fix);
  });
}

/** What is wrong with one `StringLike` pattern of allowed discovery URLs; undefined when it can be used. */
export function discoveryUrlPatternProblem(url: string): OptionProblem | undefined {
  if (url.includes('${')) {
    return { rule: 'holds a policy variable; an SCP pattern must be literal', fix: 'write the URL out, with * or ? in the path only' };
  }
  if (!DISCOVERY_URL_PATTERN.test(url)) {
    return {
      rule: "must be https://<host>/<path> with a literal host: IAM's * and ? also match '/' and '.', so a wildcard in the host would let any host through",
      fix: "write the host out, e.g. 'https://cognito-idp.eu-west-1.amazonaws.com/*'",
    };
  }
  if (!url.endsWith(DISCOVERY_URL_SUFFIX) && !url.endsWith('*')) {
    return {
      rule: `matches no discovery URL (the service requires them to end with ${DISCOVERY_URL_SUFFIX})`,
      fix: 'end the pattern with that suffix or with *',
    };
  }
  return undefined;
}

/** What is wrong with one break-glass principal ARN; undefined when it can be used. */
export function breakGlassPrincipalProblem(arn: string): OptionProblem | undefined {
  const match = PRINCIPAL_ARN.exec(arn);
  if (!match) {
    return {
      rule: "is not an IAM role or user ARN (arn:<partition>:iam::<account>:role/<name>; an assumed-role session is matched by its role's ARN)",
      fix: "give the ARN of the break-glass role, e.g. 'arn:aws:iam::*:role/BreakGlass'",
    };
  }
  if (/^[*?/]*$/.test(match[4])) {
    return { rule: `would exempt every ${match[3]}, which switches the policy off`, fix: `name the break-glass ${match[3]}` };
  }
  return undefined;
}

/**
 * The policy document. Throws, listing every problem, when the options are invalid.
 *
 * One statement denies CreateGateway and UpdateGateway unless the authorizer type is allowed. It uses
 * `StringNotEquals`: IAM evaluates a negated operator on a missing key to true, so a request without the
 * key is denied too; `ForAnyValue:StringNotEquals` would be false there and let it through. A second
 * statement, with discovery-URL patterns, denies every authorizer type but AWS_IAM whose discovery URL
 * matches none of them (again true when the key is missing).
 */
export function gatewayScpDocument(options: GatewayScpOptions = {}): GatewayScpDocument {
  const problems = validateGatewayScpOptions(options);
  if (problems.length > 0) {
    throw new Error(`Invalid service control policy options:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
  return render(options);
}

/**
 * The policy as minified JSON, as it is stored in AWS Organizations and counted against the
 * 5,120-character limit. Throws, listing every problem, when the options are invalid.
 */
export function gatewayScpJson(options: GatewayScpOptions = {}): string {
  return JSON.stringify(gatewayScpDocument(options));
}

function render(options: GatewayScpOptions): GatewayScpDocument {
  const allowed = allowedAuthorizerTypes({ additionalAllowedAuthorizerTypes: options.additionalAllowedAuthorizerTypes });
  const exempt: Statement['Condition'] = options.breakGlassPrincipalArns ? { ArnNotLike: { 'aws:PrincipalArn': options.breakGlassPrincipalArns } } : {};
  const statements: Statement[] = [
    {
      Sid: 'DenyGatewaysWithoutAllowedAuthorizer',
      Effect: 'Deny',
      Action: [...GATEWAY_WRITE_ACTIONS],
      Resource: '*',
      Condition: {
        StringNotEquals: { [GATEWAY_AUTHORIZER_TYPE_KEY]: allowed },
        ...exempt,
      },
    },
  ];
  if (options.allowedDiscoveryUrls) {
    statements.push({
      Sid: 'DenyGatewaysWithUnapprovedIdentityProvider',
      Effect: 'Deny',
      Action: [...GATEWAY_WRITE_ACTIONS],
      Resource: '*',
      Condition: {
        StringNotEquals: { [GATEWAY_AUTHORIZER_TYPE_KEY]: 'AWS_IAM' },
        StringNotLike: { [GATEWAY_DISCOVERY_URL_KEY]: options.allowedDiscoveryUrls },
        ...exempt,
      },
    });
  }
  return { Version: '2012-10-17', Statement: statements };
}

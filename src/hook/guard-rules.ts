// The CloudFormation Guard rule file that judges gateways after synthesis: in a Guard hook at deploy time,
// and with `cfn-guard validate` on any template in CI. Pure (no aws-cdk-lib), so that a command-line entry
// point can print it and the construct can deploy it.
//
// The rules are the engine's rules (same IDs, titles and fixes), restated in the Guard language. Guard
// cannot evaluate intrinsic functions, parameters or conditions, so where the engine proves a value from
// the template, the rule file demands a literal and fails closed. A Guard hook sees the resource after
// CloudFormation resolved those, so at deploy time that costs nothing.
import { GATEWAY_RESOURCE_TYPE } from '../guard/constants';
import { AGW1, AGW2, AGW3, AGW4, AGW5, AGW6, GatewayRule } from '../guard/rules';

/** The name of the rule file, in the package (`rules/`) and in S3. */
export const GUARD_RULES_FILE_NAME = 'agentcore-gateway-authorization.guard';

/** Authorizer types that the rule file always accepts. */
export const DEFAULT_ALLOWED_AUTHORIZER_TYPES: readonly string[] = ['AWS_IAM', 'CUSTOM_JWT'];

/**
 * Authorizer type names the rule file can carry: CloudFormation's enum style. Anything else could break
 * out of the Guard string literal it is written into.
 */
const AUTHORIZER_TYPE_NAME = /^[A-Z][A-Z0-9_]{0,63}$/;

/**
 * What the DiscoveryUrl must look like: https (any case), a host without whitespace or backslashes, no
 * query or fragment, and the OpenID Connect discovery path at the end of the string.
 */
export const DISCOVERY_URL_GUARD_REGEX =
  '/^[Hh][Tt][Tt][Pp][Ss]:\\/\\/[^\\/?#\\\\\\s]+(\\/[^?#]*)?\\/\\.well-known\\/openid-configuration$/';

/**
 * A restriction item counts when it is an object (a custom claim) or a string with a character that is not
 * white space. White space is spelled out as exactly what JavaScript's String.prototype.trim() removes (the
 * engine's test), because the regex engine's \\s differs from it (it includes U+0085, omits U+FEFF).
 */
const MEANINGFUL_STRING_GUARD_REGEX =
  '/[^\\t\\n\\x{0B}\\x{0C}\\r \\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}]/';

/** Options of the generated rule file. */
export interface GuardRulesOptions {
  /**
   * Authorizer types accepted besides AWS_IAM and CUSTOM_JWT, e.g. AUTHENTICATE_ONLY. NONE is never
   * accepted.
   *
   * @default - only AWS_IAM and CUSTOM_JWT
   */
  readonly additionalAllowedAuthorizerTypes?: string[];
}

/**
 * Problems with the options, each naming the field, the rule and the fix. Empty when the options are valid.
 */
export function validateGuardRulesOptions(options: GuardRulesOptions): string[] {
  return validateAdditionalAuthorizerTypes(options.additionalAllowedAuthorizerTypes);
}

/**
 * Problems with a list of additionally allowed authorizer types (for every policy this package writes:
 * the Guard rules, the service control policy). Empty when the list is valid.
 */
export function validateAdditionalAuthorizerTypes(types: readonly string[] | undefined, field = 'additionalAllowedAuthorizerTypes'): string[] {
  const problems: string[] = [];
  for (const type of types ?? []) {
    if (type === 'NONE') {
      problems.push(
        `${field}: 'NONE' makes a gateway a public endpoint and is never allowed. ` +
          'Fix: remove it; give the gateway AWS_IAM or CUSTOM_JWT authorization instead.',
      );
    } else if (typeof type !== 'string' || !AUTHORIZER_TYPE_NAME.test(type)) {
      problems.push(
        `${field}: ${JSON.stringify(type)} is not an authorizer type name ` +
          '(upper-case letters, digits and underscores, starting with a letter, at most 64 characters). ' +
          'Fix: write the type as CloudFormation spells it, e.g. AUTHENTICATE_ONLY.',
      );
    }
  }
  return problems;
}

/** The authorizer types the rule file accepts for these options, defaults first, without duplicates. */
export function allowedAuthorizerTypes(options: GuardRulesOptions = {}): string[] {
  return [...new Set([...DEFAULT_ALLOWED_AUTHORIZER_TYPES, ...(options.additionalAllowedAuthorizerTypes ?? [])])];
}

/**
 * The text of the Guard rule file. Throws, listing every problem, when the options are invalid.
 *
 * With the default options this is the file shipped as `rules/agentcore-gateway-authorization.guard`.
 */
export function gatewayAuthorizationGuardRules(options: GuardRulesOptions = {}): string {
  const problems = validateGuardRulesOptions(options);
  if (problems.length > 0) {
    throw new Error(`Invalid Guard rule options:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
  const allowed = allowedAuthorizerTypes(options);
  return [header(allowed), selections(allowed), ...checks(allowed), ...ruleBlocks(), forEachRule(), hookInputRule()].join('\n');
}

function header(allowed: string[]): string {
  return `#
# ${GUARD_RULES_FILE_NAME}
#
# AWS CloudFormation Guard rules for Amazon Bedrock AgentCore gateways (${GATEWAY_RESOURCE_TYPE}):
# no gateway without inbound authorization. Generated by cdk-secure-agentcore-gateway from the same rules
# (IDs AGW1-AGW6) as its synth-time guard and its template scanner; do not edit by hand.
#
# Allowed authorizer types: ${allowed.join(', ')}.
#
# The rules read two kinds of input:
#   - a CloudFormation template (Resources.<id>.Type / Properties), for example in CI:
#       cfn-guard validate --rules ${GUARD_RULES_FILE_NAME} --data template.json
#   - the resource input of a CloudFormation Guard hook (Resources.<id>.ResourceType /
#     ResourceProperties), which CloudFormation builds after resolving parameters, intrinsic
#     functions, transforms and macros.
# Guard does not evaluate intrinsic functions: in a raw template, an authorizer type, JWT configuration
# or discovery URL written with Ref, Fn::If, Fn::Sub, ... cannot be proven, so the rules fail closed.
# Conditions are not evaluated either: a gateway is judged whether or not it would be created.
#
`;
}

function selections(allowed: string[]): string {
  return `let agw_template_gateways = Resources.*[ Type == '${GATEWAY_RESOURCE_TYPE}' ]
let agw_hook_gateways = Resources.*[ ResourceType == '${GATEWAY_RESOURCE_TYPE}' ]
let agw_allowed_authorizer_types = [${allowed.map((t) => `'${t}'`).join(', ')}]
`;
}

/** The message of a failed clause: rule ID and title, what is wrong, and the rule's fix. */
function message(rule: GatewayRule, what: string): string {
  const text = `${rule.id} ${rule.title}: ${what} Fix: ${rule.fix}`;
  // `>>` would end the Guard message early.
  return `<<${text.replace(/>>/g, '> >')}>>`;
}

const JWT = '%props.AuthorizerConfiguration.CustomJWTAuthorizer';

/** One parameterized rule per engine rule, over a gateway's properties (`props`). */
function checks(allowed: string[]): string[] {
  const restrictionLists = ['AllowedAudience', 'AllowedClients', 'AllowedScopes', 'CustomClaims'];
  return [
    `rule agw2_check(props) {
    %props.AuthorizerType exists
        ${message(AGW2, 'AuthorizerType is missing, so the authorization of the deployed gateway cannot be proven.')}
    when %props.AuthorizerType exists {
        %props.AuthorizerType is_string
            ${message(AGW2, 'AuthorizerType is not a literal string (an intrinsic function the rules cannot evaluate, a list or an object).')}
    }
}
`,
    `rule agw1_check(props) {
    when %props.AuthorizerType is_string {
        %props.AuthorizerType != 'NONE'
            ${message(AGW1, 'AuthorizerType is NONE.')}
    }
}
`,
    `rule agw3_check(props) {
    when %props.AuthorizerType is_string
         %props.AuthorizerType != 'NONE' {
        %props.AuthorizerType IN %agw_allowed_authorizer_types
            ${message(AGW3, `AuthorizerType is not one of ${allowed.join(', ')} (the comparison is exact and case-sensitive).`)}
    }
}
`,
    `rule agw4_check(props) {
    when %props.AuthorizerType == 'CUSTOM_JWT' {
        ${JWT} is_struct
            ${message(AGW4, 'AuthorizerType is CUSTOM_JWT but AuthorizerConfiguration.CustomJWTAuthorizer is missing or not an object.')}
    }
}
`,
    `rule agw5_check(props) {
    when %props.AuthorizerType == 'CUSTOM_JWT'
         ${JWT} is_struct {
        ${JWT}.DiscoveryUrl is_string
            ${message(AGW5, 'CustomJWTAuthorizer.DiscoveryUrl is missing or not a literal string.')}
        ${JWT}.DiscoveryUrl == ${DISCOVERY_URL_GUARD_REGEX}
            ${message(AGW5, 'CustomJWTAuthorizer.DiscoveryUrl is not https://<host>/.../.well-known/openid-configuration (without query or fragment).')}
    }
}
`,
    // A list restricts when it is a list (Guard's [*] would also pass a single string or object through)
    // with at least one meaningful item.
    `rule agw6_list_restricts(list) {
    %list is_list
    %list[ this is_struct or this == ${MEANINGFUL_STRING_GUARD_REGEX} ] !empty
}
`,
    `rule agw6_check(props) {
    when %props.AuthorizerType == 'CUSTOM_JWT'
         ${JWT} is_struct {
${restrictionLists.map((name) => `        agw6_list_restricts(${JWT}.${name})`).join(' or\n')}
            ${message(AGW6, `CustomJWTAuthorizer restricts no token: none of ${restrictionLists.join(', ')} is a list with at least one non-blank item.`)}
    }
}
`,
  ];
}

/** The rules cfn-guard reports: each applies one check to the gateways of both input shapes. */
function ruleBlocks(): string[] {
  const rules: Array<[GatewayRule, string]> = [
    [AGW1, 'authorizer_type_none'],
    [AGW2, 'authorizer_type_unprovable'],
    [AGW3, 'authorizer_type_not_allowed'],
    [AGW4, 'jwt_configuration_missing'],
    [AGW5, 'jwt_discovery_url'],
    [AGW6, 'jwt_restricts_nothing'],
  ];
  return rules.map(
    ([rule, name]) => `# ${rule.id}: ${rule.title}.
rule ${rule.id}_${name} {
    when %agw_template_gateways !empty {
        %agw_template_gateways {
            ${rule.id.toLowerCase()}_check(Properties)
        }
    }
    when %agw_hook_gateways !empty {
        %agw_hook_gateways {
            ${rule.id.toLowerCase()}_check(ResourceProperties)
        }
    }
}
`,
  );
}

/** CloudFormation accepts Fn::ForEach nested this deep. */
const MAX_FOR_EACH_DEPTH = 5;

/**
 * Gateways that Fn::ForEach (AWS::LanguageExtensions) generates only exist once CloudFormation expanded
 * the template: the hook sees them, but in a raw template the rules above cannot. Fail closed there, as
 * the engine does. The failing clause is on `Resources` itself (a map, so `is_list` always fails) because
 * cfn-guard 3.1.1's template reporter crashes on a failure located inside a Fn::ForEach list.
 */
function forEachRule(): string {
  const lets: string[] = [];
  const blocks: string[] = [];
  let fragment = 'Resources';
  for (let depth = 1; depth <= MAX_FOR_EACH_DEPTH; depth++) {
    fragment = `${fragment}[ keys == /^Fn::ForEach::/ ][2]`;
    lets.push(`let agw_for_each_gateways_${depth} = ${fragment}.*[ Type == '${GATEWAY_RESOURCE_TYPE}' ]`);
    blocks.push(`    when %agw_for_each_gateways_${depth} !empty {
        Resources is_list
            ${message(AGW2, `Fn::ForEach generates gateways that only exist once CloudFormation expanded the template (nesting depth ${depth}), so the rules cannot judge them here; validate the processed template or rely on the Guard hook, which sees the expanded resources.`)}
    }`);
  }
  return `${lets.join('\n')}

# AGW2: gateways generated by Fn::ForEach cannot be judged in a raw template (fail closed).
rule AGW2_gateways_from_for_each {
${blocks.join('\n')}
}
`;
}

/**
 * In a Guard hook that targets gateways, the input must hold the gateway in the shape the rules read;
 * if CloudFormation ever changed that shape, every rule above would be skipped and the hook would pass.
 */
function hookInputRule(): string {
  return `# AGW2: in a Guard hook invoked for a gateway, the rules must find that gateway (fail closed).
rule AGW2_hook_input_has_the_gateway {
    when HookContext.TargetName == '${GATEWAY_RESOURCE_TYPE}' {
        %agw_hook_gateways !empty
            ${message(AGW2, 'the hook was invoked for a gateway, but its input holds no Resources.<id>.ResourceType gateway that the rules can read.')}
    }
}
`;
}

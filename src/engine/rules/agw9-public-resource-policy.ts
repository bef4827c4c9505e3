import { GATEWAY_RESOURCE_TYPE } from '../constants';
import { describeValue, isPartial, isPlainObject, isUnknown, unknownReason, Value } from '../values';
import { LiveGateway } from './fixes';
import { mayBeGatewayArn, mayMatchAction, surelyMatchesAction } from './iam-patterns';
import { readPolicyDocument } from './policy-document';
import { COMPLIANT, field, nonCompliant, NOT_APPLICABLE, ResourcePolicyRule, ResourcePolicyView, RuleViolation } from './rule';

/** The action that invokes a gateway. */
export const INVOKE_GATEWAY_ACTION = 'bedrock-agentcore:InvokeGateway';

/**
 * Condition keys that narrow who can call: the caller's organization, account or identity (or, for a call
 * made by an AWS service on someone's behalf, the source account or resource).
 */
export const NARROWING_CONDITION_KEYS: readonly string[] = [
  'aws:PrincipalOrgID',
  'aws:PrincipalOrgPaths',
  'aws:PrincipalAccount',
  'aws:PrincipalArn',
  'aws:userid',
  'aws:SourceOrgID',
  'aws:SourceOrgPaths',
  'aws:SourceAccount',
  'aws:SourceArn',
];

/** Condition operators that admit only matching values. Negated operators, `Null`, `Bool` and the rest do not narrow. */
const NARROWING_OPERATORS = ['StringEquals', 'StringEqualsIgnoreCase', 'StringLike', 'ArnEquals', 'ArnLike'];
const LIKE_OPERATORS = ['StringLike', 'ArnLike'];

const NARROW_FIX =
  'name the callers, i.e. specific account or role ARNs as principals (SecureAgentCoreGateway.grantInvoke() writes such ' +
  'statements), or keep "*" and add a condition that narrows it on the Allow statement itself: StringEquals on ' +
  'aws:PrincipalOrgID, aws:PrincipalOrgPaths, aws:PrincipalAccount or aws:PrincipalArn with specific values (not an ' +
  'IfExists or ForAllValues operator, not "*"). A separate Deny statement is not credited.';

/** AGW9: a resource-based policy that lets any AWS account invoke a gateway. */
export const AGW9: ResourcePolicyRule = {
  id: 'AGW9',
  title: 'Gateway resource policy lets any AWS account invoke the gateway',
  why:
    'A resource-based policy (AWS::BedrockAgentCore::ResourcePolicy) admits IAM callers from other accounts. A ' +
    'statement that allows bedrock-agentcore:InvokeGateway to Principal "*" (or {"AWS": "*"}, or everyone but a ' +
    'NotPrincipal) without a condition that narrows the caller to an organization, account or principal lets any ' +
    'AWS account call the gateway and its targets: a public endpoint with extra steps.',
  fix: `In the policy's statements, ${NARROW_FIX}`,
  liveFix: (gateway: LiveGateway) =>
    "Narrow the gateway's resource policy in place: call PutResourcePolicy (aws bedrock-agentcore-control put-resource-policy " +
    `--resource-arn ${gateway.arn ?? '<gateway ARN>'} --policy file://policy.json) with a policy whose statements ${NARROW_FIX.replace('name the callers, i.e.', 'name')} ` +
    'Or call DeleteResourcePolicy if no caller in another account needs it. If a stack owns the policy, change it there.',
  briefFix: 'name specific principals in the resource policy, or narrow "*" with aws:PrincipalOrgID or aws:PrincipalAccount',
  replacesGateway: false,
  evaluate: (view) => {
    if (isUnknown(view.properties) || isPartial(view.properties)) {
      return nonCompliant({ message: `The resource policy's Properties are only known at deploy time (${unknownReason(view.properties)}).`, propertyPath: 'Properties' });
    }
    const target = resourcePolicyTarget(view);
    if (target.kind === 'not-gateway') return NOT_APPLICABLE;
    const on = target.kind === 'gateway' ? target.name : `${target.name}, which cannot be proven not to be a gateway (${target.reason}),`;
    const document = readPolicyDocument(field(view.properties, 'Policy'));
    if (document.kind === 'unreadable') {
      return nonCompliant({
        message: `The Policy of the resource policy on ${on} cannot be proven not to let any AWS account invoke it: ${document.reason}.`,
        propertyPath: 'Properties.Policy',
      });
    }
    const violations = document.statements.flatMap((statement, i): RuleViolation[] => {
      const grant = publicGrant(statement);
      if (grant === undefined) return [];
      const sid = typeof field(statement, 'Sid') === 'string' ? ` (Sid '${field(statement, 'Sid')}')` : '';
      return [
        {
          message: `The resource policy on ${on} lets any AWS account invoke it: statement ${i}${sid} ${grant}.`,
          propertyPath: `Properties.Policy.Statement[${i}]`,
        },
      ];
    });
    return violations.length > 0 ? nonCompliant(...violations) : COMPLIANT;
  },
};

/** What a resource policy's `ResourceArn` is: one of the template's gateways (or a gateway ARN), not a gateway, or unprovable. */
export type PolicyTarget =
  | { readonly kind: 'gateway'; readonly name: string }
  | { readonly kind: 'not-gateway' }
  | { readonly kind: 'maybe-gateway'; readonly name: string; readonly reason: string };

/**
 * Resolves `ResourceArn`: a `Ref` or attribute of a gateway of the template, a literal gateway ARN, or an ARN
 * built with intrinsics that can be one. Fails closed: only a value that cannot be a gateway ARN, or an
 * attribute of another AgentCore resource (a runtime), is "not a gateway".
 */
export function resourcePolicyTarget(view: ResourcePolicyView): PolicyTarget {
  const arn = field(view.properties, 'ResourceArn');
  if (arn === undefined) return { kind: 'maybe-gateway', name: 'a resource', reason: 'ResourceArn is missing' };
  if (typeof arn === 'string') return mayBeGatewayArn(arn) ? { kind: 'gateway', name: `gateway ${arn}` } : { kind: 'not-gateway' };
  if (isUnknown(arn)) {
    const resource = arn.origin.resource;
    const type = resource === undefined ? undefined : view.resourceTypeOf(resource);
    if (type === GATEWAY_RESOURCE_TYPE) return { kind: 'gateway', name: `gateway ${resource}` };
    if (type?.startsWith('AWS::BedrockAgentCore::')) return { kind: 'not-gateway' };
    return { kind: 'maybe-gateway', name: `ResourceArn ${arn.expression}`, reason: type ? `an attribute of a ${type} can hold any ARN` : arn.reason };
  }
  if (isPartial(arn)) {
    if (!mayBeGatewayArn(arn)) return { kind: 'not-gateway' };
    const gateway = arn.unknowns.find((u) => u.origin.resource !== undefined && view.resourceTypeOf(u.origin.resource) === GATEWAY_RESOURCE_TYPE);
    if (gateway) return { kind: 'gateway', name: `gateway ${gateway.origin.resource}` };
    return { kind: 'maybe-gateway', name: `ResourceArn ${describeValue(arn)}`, reason: unknownReason(arn) };
  }
  return { kind: 'not-gateway' };
}

/** How a statement admits everyone to InvokeGateway, as a clause; undefined when it does not. */
function publicGrant(statement: Value): string | undefined {
  if (isUnknown(statement) || isPartial(statement)) return `is only known at deploy time (${unknownReason(statement)})`;
  if (!isPlainObject(statement)) return undefined;
  if (field(statement, 'Effect') === 'Deny') return undefined;
  const action = invokeAction(statement);
  if (action === undefined) return undefined;
  const principal = everyone(statement);
  if (principal === undefined) return undefined;
  if (narrowingCondition(field(statement, 'Condition')) !== undefined) return undefined;
  return `allows ${action} to ${principal} with no condition that narrows the caller (${NARROWING_CONDITION_KEYS.slice(0, 4).join(', ')}, ...)`;
}

/** The Action (or NotAction) through which a statement may allow InvokeGateway. */
function invokeAction(statement: { [key: string]: Value }): string | undefined {
  const action = field(statement, 'Action');
  if (action !== undefined) {
    const match = list(action).find((a) => mayMatchAction(a, INVOKE_GATEWAY_ACTION));
    return match === undefined ? undefined : `Action ${describeValue(match)}`;
  }
  const notAction = field(statement, 'NotAction');
  if (notAction !== undefined && !list(notAction).some((a) => surelyMatchesAction(a, INVOKE_GATEWAY_ACTION))) {
    return `every action but NotAction ${describeValue(notAction)}`;
  }
  return undefined;
}

/** The principal through which a statement may admit every AWS account. */
function everyone(statement: { [key: string]: Value }): string | undefined {
  const notPrincipal = field(statement, 'NotPrincipal');
  if (notPrincipal !== undefined) return `everyone but NotPrincipal ${describeValue(notPrincipal)}`;
  const principal = field(statement, 'Principal');
  if (principal === undefined) return 'no named Principal';
  if (mayBeWildcard(principal)) return `Principal ${describeValue(principal)}`;
  if (!isPlainObject(principal)) return undefined;
  for (const [kind, value] of Object.entries(principal)) {
    const wildcard = list(value).find(mayBeWildcard);
    if (wildcard !== undefined) return `Principal {"${kind}": ${typeof wildcard === 'string' ? JSON.stringify(wildcard) : describeValue(wildcard)}}`;
  }
  return undefined;
}

/**
 * Whether a principal value may be `*` once deployed: literally, or as a part whose value is chosen at deploy
 * time (a parameter, an import). A pseudo parameter or a resource attribute is one identifier, never `*`.
 */
function mayBeWildcard(value: Value): boolean {
  if (value === '*') return true;
  if (isUnknown(value)) return !value.computed;
  if (isPartial(value)) {
    const literal = value.parts.filter((p) => typeof p === 'string').join('');
    return (literal === '' || literal === '*') && value.unknowns.every((u) => !u.computed);
  }
  return false;
}

/** The first `Operator Key` of a Condition block that narrows who can call, if any. */
export function narrowingCondition(condition: Value): string | undefined {
  if (!isPlainObject(condition)) return undefined;
  for (const [operator, block] of Object.entries(condition)) {
    const parsed = parseOperator(operator);
    if (parsed === undefined || !isPlainObject(block)) continue;
    for (const [key, values] of Object.entries(block)) {
      const known = NARROWING_CONDITION_KEYS.find((k) => k.toLowerCase() === key.toLowerCase());
      // A list only known at deploy time could hold "*"; one computed value (an account ID) cannot.
      if (known === undefined || (isUnknown(values) && !values.computed)) continue;
      const items = list(values);
      // Any one value that matches satisfies the condition, so every value must narrow.
      if (items.length > 0 && items.every((v) => narrowingValue(known, v, parsed.like))) return `${operator} ${key}`;
    }
  }
  return undefined;
}

/**
 * A narrowing operator: a positive string or ARN match, on its own or as `ForAnyValue:` (false when the key is
 * absent). `...IfExists` passes when the key is absent (an aws:PrincipalOrgID condition then admits every
 * principal outside any organization) and `ForAllValues:` passes on an absent key too: neither narrows.
 */
function parseOperator(operator: string): { like: boolean } | undefined {
  let base = operator;
  if (/^ForAnyValue:/i.test(base)) base = base.slice('ForAnyValue:'.length);
  if (/^ForAllValues:/i.test(base) || /IfExists$/i.test(base)) return undefined;
  const known = NARROWING_OPERATORS.find((o) => o.toLowerCase() === base.toLowerCase());
  return known === undefined ? undefined : { like: LIKE_OPERATORS.includes(known) };
}

/**
 * Whether one condition value names specific callers. `*` (or only wildcards) never does; under a Like
 * operator a wildcard must not stand where the organization or account is named (`arn:aws:iam::*:role/x`
 * admits a role of that name in every account). A pseudo parameter or resource attribute is a specific value;
 * a parameter or import is not provable.
 */
function narrowingValue(key: string, value: Value, like: boolean): boolean {
  let text: string;
  if (typeof value === 'string') text = value;
  else if (isUnknown(value)) return value.computed;
  else if (isPartial(value) && value.unknowns.every((u) => u.computed)) text = value.parts.map((p) => (typeof p === 'string' ? p : '0')).join('');
  else return false;
  if (text.trim() === '' || /^[*?]+$/.test(text)) return false;
  if (!like) return true;
  const named = identifyingPart(key, text);
  return named !== '' && !/[*?]/.test(named);
}

/** The part of a condition value that names the organization, account or identity. */
function identifyingPart(key: string, value: string): string {
  switch (key) {
    case 'aws:PrincipalArn':
    case 'aws:SourceArn':
      return value.split(':')[4] ?? '';
    case 'aws:PrincipalOrgPaths':
    case 'aws:SourceOrgPaths':
      return value.split('/')[0];
    case 'aws:userid':
      return value.split(':')[0];
    default:
      return value;
  }
}

function list(value: Value): Value[] {
  return Array.isArray(value) ? value : [value];
}

import { AuthorizationChoice, authorizerTypeOf } from './authorization-choice';
import { replacementName } from './plan';
import { RemediationError } from './read-source';
import { isRecord } from './shapes';
import { evaluateTemplate, findingReplacesGateway, GATEWAY_RESOURCE_TYPE, GatewayEvaluation } from '../engine/evaluate';
import { TemplateDocument } from '../scan/template-loader';

const TARGET_RESOURCE_TYPE = 'AWS::BedrockAgentCore::GatewayTarget';

/** How to remediate the gateways of a CloudFormation template. */
export interface TemplateRemediationOptions {
  /** `iam` or `jwt`: a template cannot gain a Cognito user pool without resources the user did not ask for. */
  readonly authorization: AuthorizationChoice;
  /** Logical IDs of the gateways to replace. Default: every gateway whose finding needs a replacement. */
  readonly logicalIds?: readonly string[];
  /** Authorizer types accepted beyond CUSTOM_JWT and AWS_IAM when judging (as `scan` does). */
  readonly additionalAllowedAuthorizerTypes?: string[];
  /** Accept AUTHENTICATE_ONLY behind a policy engine in ENFORCE mode (AGW8) when judging (as `scan` does). */
  readonly allowAuthenticateOnlyWithEnforcedPolicyEngine?: boolean;
}

/** One insecure gateway and the secure one added next to it. */
export interface TemplateReplacement {
  readonly sourceLogicalId: string;
  readonly replacementLogicalId: string;
  /** Source target logical ID to the logical ID of its copy on the replacement. */
  readonly targets: ReadonlyArray<readonly [string, string]>;
  readonly outputId: string;
  readonly evaluation: GatewayEvaluation;
}

export type TemplateOutcome =
  | { readonly kind: 'nothing-to-do'; readonly evaluations: readonly GatewayEvaluation[] }
  /** Only findings whose fix is an in-place update (a weak JWT configuration): edit the template. */
  | { readonly kind: 'fix-in-place'; readonly evaluations: readonly GatewayEvaluation[] }
  | {
    readonly kind: 'replace';
    /** Step 1: the insecure gateways and their secure copies side by side, so callers can move. */
    readonly cutover: TemplateDocument;
    /** Step 2, the corrected template: the copies only, every reference to an old gateway or target moved to its copy. */
    readonly corrected: TemplateDocument;
    readonly replacements: readonly TemplateReplacement[];
  };

/**
 * Two templates for a two-step cut-over without an outage.
 *
 * `cutover`: every insecure gateway stays as it is, and a secure copy is added next to it under a new
 * logical ID and name (the chosen authorization, every other property unchanged), with a copy of each
 * of its targets attached to the copy and an output for the new URL. Nothing else changes.
 *
 * `corrected`: the same template with each insecure gateway and its targets replaced by their copies,
 * every reference (Ref, Fn::GetAtt, Fn::Sub, DependsOn) moved to the copy. Deployed after `cutover`,
 * it deletes the old gateways; deployed alone, it replaces them in one update.
 *
 * Changing `AuthorizerType` in place instead would fail: CloudFormation plans an update, AgentCore
 * rejects it, and the stack rolls back. Hence the new logical ID, and the new name, which would
 * otherwise collide while both exist.
 */
export function remediateTemplate(template: TemplateDocument, options: TemplateRemediationOptions): TemplateOutcome {
  if (options.authorization.kind === 'cognito-m2m') {
    throw new RemediationError(
      '--template needs --authorization iam or jwt: a Cognito user pool, domain and client would be new resources in your template. ' +
        'Use jwt with an existing pool (--discovery-url https://cognito-idp.<region>.amazonaws.com/<pool id>/.well-known/openid-configuration --allowed-clients <client id>), or remediate a deployed gateway to get a CDK app with Cognito',
    );
  }
  const engineOptions = {
    additionalAllowedAuthorizerTypes: options.additionalAllowedAuthorizerTypes,
    allowAuthenticateOnlyWithEnforcedPolicyEngine: options.allowAuthenticateOnlyWithEnforcedPolicyEngine,
    allowExemptions: false,
    entryPoint: 'scan' as const,
  };
  // Gateways only: a resource policy (AGW9) is corrected in place, never replaced, and `scan` reports it.
  const evaluations = evaluateTemplate(template, engineOptions).filter((e) => e.resourceType === undefined);
  for (const id of options.logicalIds ?? []) {
    if (!evaluations.some((e) => e.logicalId === id)) {
      throw new RemediationError(`--gateway ${id}: the template has no ${GATEWAY_RESOURCE_TYPE} with that logical ID (it has ${evaluations.map((e) => e.logicalId).join(', ') || 'none'})`);
    }
  }
  const chosen = evaluations.filter((e) => options.logicalIds === undefined || options.logicalIds.includes(e.logicalId));
  const insecure = chosen.filter((e) => e.verdict === 'NON_COMPLIANT');
  if (insecure.length === 0) {
    return { kind: 'nothing-to-do', evaluations: chosen };
  }
  const toReplace = insecure.filter((e) => e.findings.some(findingReplacesGateway));
  if (toReplace.length === 0) {
    return { kind: 'fix-in-place', evaluations: insecure };
  }

  const resources: Record<string, unknown> = { ...template.Resources };
  const outputs: Record<string, unknown> = isRecord(template.Outputs) ? { ...template.Outputs } : {};
  const replacements = toReplace.map((evaluation) => addReplacement(evaluation, resources, outputs, options.authorization));
  const cutover: TemplateDocument = { ...template, Resources: resources, Outputs: outputs };
  const corrected = withoutOriginals(template, cutover, replacements);

  // Fail closed: the copies must pass the rules the originals failed, in both templates.
  for (const [name, doc] of [['cut-over', cutover], ['corrected', corrected]] as const) {
    const again = evaluateTemplate(doc, engineOptions);
    for (const r of replacements) {
      const verdict = again.find((e) => e.logicalId === r.replacementLogicalId);
      if (verdict?.verdict !== 'COMPLIANT') {
        throw new RemediationError(
          `the secure copy ${r.replacementLogicalId} of ${r.sourceLogicalId} still fails the guard in the ${name} template: ` +
            `${verdict?.findings.map((f) => f.message).join(' ') ?? 'not found'}`,
        );
      }
    }
  }
  return { kind: 'replace', cutover, corrected, replacements };
}

/** The cut-over template without the originals, every reference to one moved to its copy. */
function withoutOriginals(template: TemplateDocument, cutover: TemplateDocument, replacements: readonly TemplateReplacement[]): TemplateDocument {
  const moves: Array<readonly [string, string]> = replacements.flatMap((r) => [[r.sourceLogicalId, r.replacementLogicalId] as const, ...r.targets]);
  const added = new Set(replacements.map((r) => r.outputId));
  const retargetAll = (value: unknown) => moves.reduce((v, [from, to]) => retarget(v, from, to), value);
  const copies = new Map(moves);
  const copyIds = new Set(copies.values());
  const resources: Record<string, unknown> = {};
  // Each copy takes its original's place, so that the corrected template reads like the source.
  for (const [id, resource] of Object.entries(cutover.Resources)) {
    const copy = copies.get(id);
    if (copy !== undefined) {
      resources[copy] = retargetAll(cutover.Resources[copy]);
    } else if (!copyIds.has(id)) {
      resources[id] = retargetAll(resource);
    }
  }
  const corrected: Record<string, unknown> = { ...template, Resources: resources };
  if (isRecord(template.Outputs)) {
    // The template's own outputs, now about the copies; the cut-over's extra URL outputs are not needed.
    corrected.Outputs = retargetAll(Object.fromEntries(Object.entries(cutover.Outputs as object).filter(([id]) => !added.has(id))));
  }
  return corrected as TemplateDocument;
}

function addReplacement(
  evaluation: GatewayEvaluation,
  resources: Record<string, unknown>,
  outputs: Record<string, unknown>,
  authorization: AuthorizationChoice,
): TemplateReplacement {
  const sourceId = evaluation.logicalId;
  const source = resources[sourceId] as Record<string, unknown>;
  const newId = uniqueId(`${sourceId}Secure`, resources);
  const { Metadata: _metadata, ...rest } = source;
  const properties: Record<string, unknown> = isRecord(source.Properties) ? { ...source.Properties } : {};
  properties.AuthorizerType = authorizerTypeOf(authorization);
  const jwt = jwtConfiguration(authorization);
  if (jwt) {
    properties.AuthorizerConfiguration = jwt;
  } else {
    delete properties.AuthorizerConfiguration;
  }
  properties.Name = typeof properties.Name === 'string'
    ? replacementName(properties.Name, undefined)
    // A name computed at deploy time gets the suffix at deploy time.
    : { 'Fn::Join': ['', [properties.Name ?? { Ref: 'AWS::StackName' }, '-secure']] };
  resources[newId] = { ...rest, Properties: properties };

  const targets: Array<readonly [string, string]> = [];
  for (const [id, resource] of Object.entries(resources)) {
    const attached = isRecord(resource) && resource.Type === TARGET_RESOURCE_TYPE && isRecord(resource.Properties) &&
      references(resource.Properties.GatewayIdentifier, sourceId);
    if (!attached) {
      continue;
    }
    const copyId = uniqueId(`${id}Secure`, resources);
    resources[copyId] = retarget(resource, sourceId, newId);
    targets.push([id, copyId]);
  }

  const outputId = uniqueId(`${newId}Url`, outputs);
  outputs[outputId] = {
    Description: `MCP endpoint of ${newId}, the secure replacement of ${sourceId}: move callers here, then remove ${sourceId} and its targets`,
    Value: { 'Fn::GetAtt': [newId, 'GatewayUrl'] },
    ...(typeof source.Condition === 'string' ? { Condition: source.Condition } : {}),
  };
  return { sourceLogicalId: sourceId, replacementLogicalId: newId, targets, outputId, evaluation };
}

function jwtConfiguration(choice: AuthorizationChoice): Record<string, unknown> | undefined {
  if (choice.kind !== 'jwt') {
    return undefined;
  }
  const jwt: Record<string, unknown> = { DiscoveryUrl: choice.discoveryUrl };
  if (choice.allowedAudience) jwt.AllowedAudience = [...choice.allowedAudience];
  if (choice.allowedClients) jwt.AllowedClients = [...choice.allowedClients];
  if (choice.allowedScopes) jwt.AllowedScopes = [...choice.allowedScopes];
  return { CustomJWTAuthorizer: jwt };
}

/** Whether `value` (a property value) refers to the resource `logicalId`: Ref, Fn::GetAtt or Fn::Sub. */
function references(value: unknown, logicalId: string): boolean {
  return JSON.stringify(retarget(value, logicalId, '\u0000')) !== JSON.stringify(value);
}

/** A copy of `value` with every reference to `from` (Ref, Fn::GetAtt, Fn::Sub, DependsOn) pointing at `to`. */
function retarget(value: unknown, from: string, to: string): any {
  if (Array.isArray(value)) {
    return value.map((item) => retarget(item, from, to));
  }
  if (!isRecord(value)) {
    return value;
  }
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (key === 'Ref' && item === from) {
      out[key] = to;
    } else if (key === 'Fn::GetAtt' && Array.isArray(item) && item[0] === from) {
      out[key] = [to, ...item.slice(1)];
    } else if (key === 'Fn::GetAtt' && typeof item === 'string' && item.startsWith(`${from}.`)) {
      out[key] = `${to}${item.slice(from.length)}`;
    } else if (key === 'Fn::Sub') {
      out[key] = retargetSub(item, from, to);
    } else if (key === 'DependsOn') {
      out[key] = item === from ? to : Array.isArray(item) ? item.map((d) => (d === from ? to : d)) : item;
    } else {
      out[key] = retarget(item, from, to);
    }
  }
  return out;
}

function retargetSub(item: unknown, from: string, to: string): unknown {
  const replace = (text: unknown) =>
    typeof text === 'string' ? text.replace(/\$\{([^}!][^}]*)\}/g, (whole, name: string) => (name === from || name.startsWith(`${from}.`) ? `\${${to}${name.slice(from.length)}}` : whole)) : text;
  if (Array.isArray(item)) {
    return [replace(item[0]), retarget(item[1], from, to)];
  }
  return replace(item);
}

function uniqueId(base: string, taken: Record<string, unknown>): string {
  const clean = base.replace(/[^A-Za-z0-9]/g, '').slice(0, 240);
  let id = clean;
  for (let n = 2; Object.prototype.hasOwnProperty.call(taken, id); n++) {
    id = `${clean}${n}`;
  }
  return id;
}

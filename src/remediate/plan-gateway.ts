import { GATEWAY_FIELDS, GATEWAY_OUTPUT_FIELDS, GATEWAY_REPLACED_FIELDS } from './cfn-shapes';
import { Problem } from './problems';
import { conform, isRecord, ShapeProblem } from './shapes';

/** The MCP settings `GatewayProtocol.mcp()` can express. */
export interface McpProtocolSettings {
  readonly instructions?: string;
  readonly searchType?: string;
  readonly supportedVersions?: readonly string[];
}

/** One Lambda interceptor as `LambdaInterceptor.forRequest()` / `forResponse()` expresses it. */
export interface LambdaInterceptorSettings {
  readonly point: 'REQUEST' | 'RESPONSE';
  readonly functionArn: string;
  readonly passRequestHeaders: boolean;
}

/** Settings passed to `SecureAgentCoreGateway` as props (each one the construct renders exactly as the source has it). */
export interface GatewayConstructSettings {
  readonly description?: string;
  readonly roleArn?: string;
  readonly kmsKeyArn?: string;
  readonly exceptionLevel?: string;
  readonly protocol?: McpProtocolSettings;
  readonly interceptors?: readonly LambdaInterceptorSettings[];
  readonly policyEngine?: { readonly arn: string; readonly mode: string };
}

/**
 * A property set on the L1 `CfnGateway` after construction, because `SecureAgentCoreGateway` (and the
 * aws-cdk-lib Gateway under it) cannot render the source's value. `value` undefined removes the property.
 */
export interface GatewayEscapeHatch {
  /** The L1 prop name (camelCase), e.g. `wafConfiguration`. */
  readonly property: string;
  readonly value: unknown;
  /** Why the construct's props cannot express it; goes into a comment of the generated code. */
  readonly reason: string;
}

export interface GatewayPlan {
  readonly settings: GatewayConstructSettings;
  readonly escapeHatches: readonly GatewayEscapeHatch[];
  /** The AWS WAF web ACL associated with the source, re-associated by a runbook step (not a gateway property). */
  readonly webAclArn?: string;
}

const SUBJECT = 'gateway';
/** aws-cdk-lib's Gateway refuses descriptions outside 1-200 characters. */
const L2_DESCRIPTION_LENGTH = { min: 1, max: 200 };

/**
 * Decides how each setting of the source gateway reaches the replacement: as a `SecureAgentCoreGateway`
 * prop where the construct renders it unchanged, otherwise through the L1 escape hatch. Fields that
 * cannot be reproduced at all are added to `problems`.
 */
export function planGateway(gateway: Record<string, unknown>, problems: Problem[]): GatewayPlan {
  const kept: Record<string, unknown> = {};
  let webAclArn: string | undefined;
  for (const [key, value] of Object.entries(gateway)) {
    if (value === undefined || value === null || GATEWAY_OUTPUT_FIELDS.has(key) || GATEWAY_REPLACED_FIELDS.has(key)) {
      continue;
    }
    if (key === 'webAclArn' && typeof value === 'string') {
      webAclArn = value;
      continue;
    }
    const shape = Object.prototype.hasOwnProperty.call(GATEWAY_FIELDS, key) ? GATEWAY_FIELDS[key] : undefined;
    if (!shape) {
      problems.push({ subject: SUBJECT, path: key, message: 'has no CloudFormation property in aws-cdk-lib 2.269 (AWS::BedrockAgentCore::Gateway), so it cannot be reproduced' });
      continue;
    }
    const shapeProblems: ShapeProblem[] = [];
    const copy = conform(value, shape, key, shapeProblems);
    problems.push(...shapeProblems.map((p) => ({ subject: SUBJECT, ...p })));
    if (shapeProblems.length === 0) {
      kept[key] = copy;
    }
  }
  if (typeof gateway.roleArn !== 'string') {
    problems.push({
      subject: SUBJECT,
      path: 'roleArn',
      message: 'is missing, so the replacement would get a new role without the permissions its targets need; CloudFormation requires a role',
    });
  }
  if (kept.protocolType !== undefined && kept.protocolType !== 'MCP') {
    problems.push({ subject: SUBJECT, path: 'protocolType', message: `is ${JSON.stringify(kept.protocolType)}; SecureAgentCoreGateway creates MCP gateways only` });
  }

  const escapeHatches: GatewayEscapeHatch[] = [];
  const settings: {
    -readonly [K in keyof GatewayConstructSettings]: GatewayConstructSettings[K];
  } = {
    roleArn: kept.roleArn as string | undefined,
    kmsKeyArn: kept.kmsKeyArn as string | undefined,
    exceptionLevel: kept.exceptionLevel as string | undefined,
  };
  planDescription(kept.description as string | undefined, settings, escapeHatches);
  planProtocol(kept.protocolConfiguration, settings, escapeHatches);
  planInterceptors(kept.interceptorConfigurations, settings, escapeHatches);
  const policy = kept.policyEngineConfiguration as { arn: string; mode: string } | undefined;
  if (policy) {
    settings.policyEngine = { arn: policy.arn, mode: policy.mode };
  }
  if (kept.wafConfiguration !== undefined) {
    escapeHatches.push({
      property: 'wafConfiguration',
      value: kept.wafConfiguration,
      reason: 'aws-cdk-lib\'s Gateway (under SecureAgentCoreGateway) has no prop for the AWS WAF failure mode',
    });
  }
  return { settings: dropUndefined(settings), escapeHatches, webAclArn };
}

function planDescription(description: string | undefined, settings: { description?: string }, escapeHatches: GatewayEscapeHatch[]): void {
  if (description === undefined) {
    return;
  }
  if (description.length >= L2_DESCRIPTION_LENGTH.min && description.length <= L2_DESCRIPTION_LENGTH.max) {
    settings.description = description;
    return;
  }
  escapeHatches.push({
    property: 'description',
    value: description,
    reason: `aws-cdk-lib's Gateway accepts descriptions of ${L2_DESCRIPTION_LENGTH.min}-${L2_DESCRIPTION_LENGTH.max} characters; the source gateway's has ${description.length}`,
  });
}

function planProtocol(protocol: unknown, settings: { protocol?: McpProtocolSettings }, escapeHatches: GatewayEscapeHatch[]): void {
  if (protocol === undefined) {
    escapeHatches.push({
      property: 'protocolConfiguration',
      value: undefined,
      reason: 'the source gateway has no protocol configuration, and aws-cdk-lib\'s Gateway would add a default one (MCP version, semantic search, instructions)',
    });
    return;
  }
  const mcp = isRecord(protocol) && isRecord(protocol.mcp) ? protocol.mcp : {};
  const extra = Object.keys(mcp).filter((key) => !['instructions', 'searchType', 'supportedVersions'].includes(key));
  // GatewayProtocol.mcp() leaves out an empty instructions or search type string instead of rendering it.
  const empty = ['instructions', 'searchType'].filter((key) => mcp[key] === '');
  if (extra.length === 0 && empty.length === 0) {
    settings.protocol = dropUndefined({
      instructions: mcp.instructions as string | undefined,
      searchType: mcp.searchType as string | undefined,
      supportedVersions: mcp.supportedVersions as string[] | undefined,
    });
    return;
  }
  escapeHatches.push({
    property: 'protocolConfiguration',
    value: protocol,
    reason: extra.length > 0
      ? `GatewayProtocol.mcp() cannot express ${extra.map((k) => `mcp.${k}`).join(', ')}`
      : `GatewayProtocol.mcp() leaves out an empty ${empty.map((k) => `mcp.${k}`).join(', ')}`,
  });
}

function planInterceptors(
  configurations: unknown,
  settings: { interceptors?: readonly LambdaInterceptorSettings[] },
  escapeHatches: GatewayEscapeHatch[],
): void {
  if (configurations === undefined) {
    return;
  }
  const list = configurations as Array<Record<string, any>>;
  const asConstruct = list.map(asLambdaInterceptor);
  const points: string[] = asConstruct.map((i) => i?.point ?? '?');
  // The construct renders at most one interceptor per point, the REQUEST one first.
  const inConstructOrder = points.join() === ['REQUEST', 'RESPONSE'].filter((p) => points.includes(p)).join();
  if (asConstruct.every((i) => i !== undefined) && inConstructOrder) {
    settings.interceptors = asConstruct as LambdaInterceptorSettings[];
    return;
  }
  escapeHatches.push({
    property: 'interceptorConfigurations',
    value: configurations,
    reason:
      'LambdaInterceptor.forRequest()/forResponse() render one interception point per interceptor, always with inputConfiguration.passRequestHeaders ' +
      'and never a payload filter; the source gateway\'s interceptors differ from that',
  });
}

function asLambdaInterceptor(config: Record<string, any>): LambdaInterceptorSettings | undefined {
  const points: unknown[] = config.interceptionPoints ?? [];
  const input = config.inputConfiguration;
  const point = points[0];
  if (points.length !== 1 || (point !== 'REQUEST' && point !== 'RESPONSE')) return undefined;
  if (!input || input.payloadFilter !== undefined || typeof input.passRequestHeaders !== 'boolean') return undefined;
  const arn = config.interceptor?.lambda?.arn;
  if (typeof arn !== 'string') return undefined;
  return { point, functionArn: arn, passRequestHeaders: input.passRequestHeaders };
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

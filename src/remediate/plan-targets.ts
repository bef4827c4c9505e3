import { SUPPORTED_MCP_TARGETS, TARGET_FIELDS, TARGET_OUTPUT_FIELDS } from './cfn-shapes';
import { Problem } from './problems';
import { conform, isRecord, ShapeProblem } from './shapes';

/** A target of the source gateway, re-created as a `CfnGatewayTarget` of the replacement. */
export interface PlannedTarget {
  /** The construct ID in the generated stack (also its logical ID). */
  readonly constructId: string;
  readonly sourceId: string;
  readonly sourceName: string;
  /** `mcp.lambda`, `mcp.openApiSchema`, `mcp.smithyModel`, `mcp.mcpServer` or `mcp.apiGateway`. */
  readonly kind: string;
  /** `CfnGatewayTargetProps` without `gatewayIdentifier`, field by field as the API returned them. */
  readonly props: Readonly<Record<string, unknown>>;
  /** The source target's status when it was not READY (it is reproduced all the same). */
  readonly sourceStatus?: string;
}

/** The target kinds remediation reproduces, for messages. */
export const SUPPORTED_KINDS_TEXT = 'Lambda (mcp.lambda), OpenAPI (mcp.openApiSchema), Smithy (mcp.smithyModel), MCP server (mcp.mcpServer) and API Gateway (mcp.apiGateway) targets';

/** The outcome for one source target: its plan, or why it cannot be reproduced. */
export type TargetOutcome =
  | { readonly ok: true; readonly target: PlannedTarget }
  | { readonly ok: false; readonly problems: readonly Problem[] };

/**
 * Maps one `GetGatewayTarget` response to `CfnGatewayTarget` props. Every field either maps (checked
 * against the shape of its aws-cdk-lib 2.269 L1 property), is a read-only attribute of the live target,
 * or is a problem: nothing is dropped silently.
 */
export function planTarget(target: Record<string, unknown>, index: number, usedIds: Set<string>): TargetOutcome {
  const sourceId = String(target.targetId ?? '?');
  const sourceName = typeof target.name === 'string' ? target.name : '';
  const subject = `target ${JSON.stringify(sourceName)} (${sourceId})`;
  const problems: Problem[] = [];
  const props: Record<string, unknown> = {};
  const configuration = planTargetConfiguration(target.targetConfiguration, subject, problems);

  for (const [key, value] of Object.entries(target)) {
    if (value === undefined || value === null || TARGET_OUTPUT_FIELDS.has(key) || key === 'targetConfiguration') {
      continue;
    }
    if (key === 'protocolType') {
      // Implied by the kind of target configuration (an `mcp` configuration is an MCP target).
      if (value !== 'MCP' || configuration?.kind.startsWith('mcp.') !== true) {
        problems.push({ subject, path: key, message: `is ${JSON.stringify(value)}; only MCP targets are reproduced` });
      }
      continue;
    }
    const shape = Object.prototype.hasOwnProperty.call(TARGET_FIELDS, key) ? TARGET_FIELDS[key] : undefined;
    if (!shape) {
      problems.push({ subject, path: key, message: 'has no CloudFormation property in aws-cdk-lib 2.269 (AWS::BedrockAgentCore::GatewayTarget), so it cannot be reproduced' });
      continue;
    }
    props[key] = conformInto(value, shape, key, subject, problems);
  }
  if (!configuration || problems.length > 0) {
    return { ok: false, problems };
  }
  return {
    ok: true,
    target: {
      constructId: uniqueConstructId(index, sourceName, usedIds),
      sourceId,
      sourceName,
      kind: configuration.kind,
      props: { ...props, targetConfiguration: configuration.value },
      sourceStatus: typeof target.status === 'string' && target.status !== 'READY' ? target.status : undefined,
    },
  };
}

function planTargetConfiguration(value: unknown, subject: string, problems: Problem[]): { kind: string; value: unknown } | undefined {
  if (!isRecord(value)) {
    problems.push({ subject, path: 'targetConfiguration', message: 'is missing from the API response' });
    return undefined;
  }
  const protocol = singleMember(value);
  const member = protocol && isRecord(protocol.value) ? singleMember(protocol.value) : undefined;
  if (!protocol || !member) {
    problems.push({ subject, path: 'targetConfiguration', message: 'does not name exactly one kind of target' });
    return undefined;
  }
  const kind = `${protocol.name}.${member.name}`;
  const shape = protocol.name === 'mcp' && Object.prototype.hasOwnProperty.call(SUPPORTED_MCP_TARGETS, member.name) ? SUPPORTED_MCP_TARGETS[member.name] : undefined;
  if (!shape) {
    problems.push({
      subject,
      path: `targetConfiguration.${kind}`,
      message: `is a kind of target remediate does not reproduce (it reproduces ${SUPPORTED_KINDS_TEXT}); re-create it by hand on the new gateway`,
    });
    return undefined;
  }
  const path = `targetConfiguration.${kind}`;
  const copy = conformInto(member.value, shape, path, subject, problems);
  return { kind, value: { [protocol.name]: { [member.name]: copy } } };
}

/** The one member set in a union structure, with the SDK's `$unknown` marker read as its name. */
function singleMember(value: Record<string, unknown>): { name: string; value: unknown } | undefined {
  const set = Object.entries(value).filter(([, v]) => v !== undefined && v !== null);
  if (set.length !== 1) {
    return undefined;
  }
  const [name, inner] = set[0];
  if (name === '$unknown' && Array.isArray(inner) && typeof inner[0] === 'string') {
    return { name: `${inner[0]} (unknown to the AWS SDK in use)`, value: inner[1] };
  }
  return { name, value: inner };
}

function conformInto(value: unknown, shape: Parameters<typeof conform>[1], path: string, subject: string, problems: Problem[]): unknown {
  const shapeProblems: ShapeProblem[] = [];
  const copy = conform(value, shape, path, shapeProblems);
  problems.push(...shapeProblems.map((p) => ({ subject, ...p })));
  return copy;
}

/** `Target01Orders`: the position keeps IDs unique and stable in order; the name makes them readable. */
function uniqueConstructId(index: number, name: string, used: Set<string>): string {
  const words = name.split(/[^0-9a-zA-Z]+/).filter((w) => w !== '');
  const readable = words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('').slice(0, 40);
  const base = `Target${String(index + 1).padStart(2, '0')}${readable}`;
  let id = base;
  for (let n = 2; used.has(id); n++) {
    id = `${base}${n}`;
  }
  used.add(id);
  return id;
}

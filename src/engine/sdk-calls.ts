// Gateways made by SDK calls: aws-cdk-lib's `AwsCustomResource` (type `Custom::AWS`, or any `Custom::` name
// given with `resourceType`) renders each call as a JSON string in its `Create`, `Update` and `Delete`
// properties; its Lambda function parses it and calls `<service>.<action>(parameters)`. A call of the
// AgentCore control plane's CreateGateway or UpdateGateway is judged by the gateway rules, on its
// `authorizerType` / `authorizerConfiguration` parameters mapped to the CloudFormation shape.
//
// What the provider function accepts (aws-cdk-lib's aws-custom-resource handler): the service name is
// lower-cased, stripped of `@aws-sdk/client-` and mapped from SDK v2 names, so `bedrock-agentcore-control`,
// `BedrockAgentCoreControl` and `@aws-sdk/client-bedrock-agentcore-control` all reach the same client; the
// action is matched case-insensitively, with or without `Command`. This module recognises a superset.
import { canonicalUrl } from './references';
import { isPlainObject, PartialString, Unknown, unknownReason, Value } from './values';

/** The resource type `AwsCustomResource` uses unless told otherwise. */
export const SDK_CALL_RESOURCE_TYPE = 'Custom::AWS';

/** The start of the logical ID of `AwsCustomResource`'s provider function (its singleton UUID). */
export const SDK_CALL_PROVIDER_ID = 'AWS679f53fac002430cb0da5b7982bd2287';

/** The properties that hold one SDK call each, in the order CloudFormation may make them. */
export const SDK_CALL_KEYS: readonly string[] = ['Create', 'Update', 'Delete'];

/** The string the provider function replaces with the resource's physical ID before the call. */
export const PHYSICAL_RESOURCE_ID_MARKER = 'PHYSICAL:RESOURCEID:';

/** The gateway actions of the AgentCore control plane, lower case, without `Command`. */
const GATEWAY_ACTIONS: { readonly [action: string]: string } = { creategateway: 'CreateGateway', updategateway: 'UpdateGateway' };

/**
 * Whether a resource makes SDK calls the way `AwsCustomResource` does. `certain`: its type is `Custom::AWS` or
 * its service token is `AwsCustomResource`'s provider function, so a call it cannot read fails closed.
 * `possible`: another custom resource with a Create, Update or Delete property; it is judged only when that
 * property reads as an SDK call (other Lambda-backed custom resources cannot be judged at synth time).
 */
export function recognizeSdkCallResource(resource: { readonly [key: string]: unknown }): 'certain' | 'possible' | undefined {
  const type = resource.Type;
  if (type === SDK_CALL_RESOURCE_TYPE) return 'certain';
  if (typeof type !== 'string' || !(type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource')) return undefined;
  const properties = resource.Properties;
  const text = JSON.stringify(properties ?? null);
  const token = properties !== null && typeof properties === 'object' && !Array.isArray(properties) ? (properties as { [key: string]: unknown }).ServiceToken : properties;
  if ((JSON.stringify(token ?? null) ?? '').includes(SDK_CALL_PROVIDER_ID)) return 'certain';
  return SDK_CALL_KEYS.some((key) => text.includes(`"${key}"`)) ? 'possible' : undefined;
}

/** What one call property holds in one world. */
export type SdkCallReading =
  | { readonly kind: 'none' }
  | { readonly kind: 'gateway'; readonly action: string; readonly parameters: Value }
  | { readonly kind: 'unreadable'; readonly reason: string };

const NONE: SdkCallReading = { kind: 'none' };

/** Reads one evaluated call property (`Create`, `Update` or `Delete`). */
export function readSdkCall(value: Value, recognition: 'certain' | 'possible'): SdkCallReading {
  const unreadable = (reason: string): SdkCallReading => (recognition === 'certain' ? { kind: 'unreadable', reason } : NONE);
  if (value === undefined) return NONE;
  if (value instanceof Unknown) return unreadable(`the call is only known at deploy time (${unknownReason(value)})`);
  if (typeof value === 'string') {
    const parsed = parseJson(value);
    if (!parsed.ok) return unreadable(`the call is not valid JSON (${parsed.error})`);
    return readCall(parsed.value, [], recognition);
  }
  if (value instanceof PartialString) {
    // Pseudo parameters (an account ID in a role ARN, say) cannot hold a quote: the JSON reads as written.
    const safe = canonicalUrl(value);
    if (safe !== undefined) return readSdkCall(safe, recognition);
    const { text, tokens } = withMarkers(value);
    const parsed = parseJson(text);
    if (!parsed.ok) {
      const looksLikeCall = /"service"/.test(text) && /"action"/.test(text);
      const reason = `values only known at deploy time (${unknownReason(value)}) decide the structure of its JSON`;
      return looksLikeCall ? { kind: 'unreadable', reason } : unreadable(reason);
    }
    return readCall(parsed.value, tokens, recognition);
  }
  if (isPlainObject(value)) return readCall(value, [], recognition);
  return unreadable(`the call is not a JSON object (${typeof value})`);
}

/** Reads a decoded call; `tokens` are the deploy-time values found in its JSON text, by marker. */
function readCall(call: unknown, tokens: readonly Marker[], recognition: 'certain' | 'possible'): SdkCallReading {
  if (!isRecord(call)) return recognition === 'certain' ? { kind: 'unreadable', reason: 'the call is not a JSON object' } : NONE;
  // The provider function cannot make a call without both.
  if (call.service === undefined || call.action === undefined) return NONE;
  const service = literal(call.service, tokens);
  const action = literal(call.action, tokens);
  if (service !== undefined && !isAgentCoreControl(service)) return NONE;
  if (action !== undefined && gatewayAction(action) === undefined) return NONE;
  if (service === undefined || action === undefined) {
    const which = typeof service !== 'string' ? 'service' : 'action';
    return { kind: 'unreadable', reason: `its ${which} is not a literal string (${describeUnreadable(which === 'service' ? call.service : call.action, tokens)}), so it may create or update a gateway` };
  }
  if (tokens.length > 0) {
    return {
      kind: 'unreadable',
      reason:
        `its JSON text holds values only known at deploy time (${tokens.map((t) => `${t.unknown.expression}: ${t.unknown.reason}`).join('; ')}); ` +
        'a deploy-time value inside JSON text can change any parameter of the call',
    };
  }
  return { kind: 'gateway', action: gatewayAction(action)!, parameters: toTemplateShape(call.parameters) };
}

/** Whether an SDK service name reaches the AgentCore control plane (or could, in a newer provider). */
export function isAgentCoreControl(service: string): boolean {
  return service.toLowerCase().replace(/^@aws-sdk\/client-/, '').replace(/[^a-z0-9]/g, '').includes('agentcore');
}

/** `CreateGateway` or `UpdateGateway` for any spelling the provider accepts, else undefined. */
export function gatewayAction(action: string): string | undefined {
  return GATEWAY_ACTIONS[action.toLowerCase().replace(/command$/, '')];
}

/**
 * The API's camelCase parameters in the CloudFormation shape the rules read (`authorizerType` becomes
 * `AuthorizerType`, `customJWTAuthorizer.allowedClients` becomes `CustomJWTAuthorizer.AllowedClients`). The
 * SDK reads only its own camelCase member names, so keys that do not start with a lower-case letter are
 * dropped: a PascalCase `AuthorizerType` in the call is never sent. Values are converted when read.
 */
export function toTemplateShape(value: unknown): Value {
  if (value === PHYSICAL_RESOURCE_ID_MARKER) {
    return new Unknown(PHYSICAL_RESOURCE_ID_MARKER, 'the provider function replaces it with the physical resource ID at deploy time');
  }
  if (Array.isArray(value)) return value.map((item) => toTemplateShape(item));
  if (!isRecord(value) || value instanceof Unknown || value instanceof PartialString) return value as Value;
  const out: { [key: string]: Value } = {};
  for (const key of Object.keys(value).filter((k) => /^[a-z]/.test(k))) {
    let converted: { readonly value: Value } | undefined;
    Object.defineProperty(out, key[0].toUpperCase() + key.slice(1), {
      enumerable: true,
      get: () => (converted ??= { value: toTemplateShape(value[key]) }).value,
    });
  }
  return out;
}

/**
 * Where a rule's property path (`Properties.AuthorizerConfiguration.CustomJWTAuthorizer`) is in the call
 * (`Properties.Create.parameters.authorizerConfiguration.customJWTAuthorizer`).
 */
export function sdkCallPath(callKey: string, rulePath: string): string {
  if (rulePath === 'Properties') return `Properties.${callKey}`;
  if (!rulePath.startsWith('Properties.')) return rulePath;
  const segments = rulePath.slice('Properties.'.length).split('.');
  return [`Properties.${callKey}.parameters`, ...segments.map((s) => s.charAt(0).toLowerCase() + s.slice(1))].join('.');
}

interface Marker {
  readonly marker: string;
  readonly unknown: Unknown;
}

/** The JSON text with each deploy-time part replaced by a marker that parses as plain string content. */
function withMarkers(value: PartialString): { text: string; tokens: Marker[] } {
  const tokens: Marker[] = [];
  const text = value.parts
    .map((part) => {
      if (typeof part === 'string') return part;
      const marker = `@@agw-deploy-time-value-${tokens.length}@@`;
      tokens.push({ marker, unknown: part });
      return marker;
    })
    .join('');
  return { text, tokens };
}

/** A string free of deploy-time markers, or undefined. */
function literal(value: unknown, tokens: readonly Marker[]): string | undefined {
  if (typeof value !== 'string') return undefined;
  return tokens.some((t) => value.includes(t.marker)) ? undefined : value;
}

function describeUnreadable(value: unknown, tokens: readonly Marker[]): string {
  if (value instanceof Unknown || value instanceof PartialString) return unknownReason(value);
  if (typeof value === 'string') {
    const found = tokens.filter((t) => value.includes(t.marker));
    if (found.length > 0) return found.map((t) => `${t.unknown.expression}: ${t.unknown.reason}`).join('; ');
  }
  return value === undefined ? 'absent' : JSON.stringify(value);
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

function isRecord(value: unknown): value is { readonly [key: string]: any } {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

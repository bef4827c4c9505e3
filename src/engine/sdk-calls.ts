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
import { canonicalUrl } from './urls';
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
  // Without a ServiceToken of their own (an intrinsic such as Fn::If around them), the Properties are searched whole.
  const token = isRecord(properties) && Object.prototype.hasOwnProperty.call(properties, 'ServiceToken') ? properties.ServiceToken : properties;
  if ((JSON.stringify(token ?? null) ?? '').includes(SDK_CALL_PROVIDER_ID)) return 'certain';
  return SDK_CALL_KEYS.some((key) => text.includes(`"${key}"`)) ? 'possible' : undefined;
}

/** What one call property holds in one world. */
export type SdkCallReading =
  | { readonly kind: 'none' }
  | { readonly kind: 'gateway'; readonly action: string; readonly parameters: Value }
  | { readonly kind: 'unreadable'; readonly reason: string };

const NONE: SdkCallReading = { kind: 'none' };

/** A decoded call: its service, action and parameters, and the deploy-time values found in its JSON text. */
type DecodedCall =
  | { readonly kind: 'none' }
  | { readonly kind: 'unreadable'; readonly reason: string }
  | { readonly kind: 'call'; readonly service: string; readonly action: string; readonly parameters: unknown; readonly tokens: readonly Marker[] };

/** Which calls a reader is about; `undefined` stands for a service or action only known at deploy time. */
type CallFilter = (service: string | undefined, action: string | undefined) => boolean;

const NO_CALL = { kind: 'none' } as const;

/**
 * Decodes one evaluated call property (`Create`, `Update` or `Delete`) as far as `relevant` needs: a call it is
 * not about is `none`; one it may be about but cannot read is `unreadable` (for a `possible` SDK-call resource,
 * only when the text clearly is an SDK call).
 */
function decodeSdkCall(value: Value, recognition: 'certain' | 'possible', relevant: CallFilter): DecodedCall {
  const unreadable = (reason: string): DecodedCall => (recognition === 'certain' && relevant(undefined, undefined) ? { kind: 'unreadable', reason } : NO_CALL);
  if (value === undefined) return NO_CALL;
  if (value instanceof Unknown) return unreadable(`the call is only known at deploy time (${unknownReason(value)})`);
  if (typeof value === 'string') {
    const parsed = parseJson(value);
    if (!parsed.ok) return unreadable(`the call is not valid JSON (${parsed.error})`);
    return decodeCall(parsed.value, [], recognition, relevant);
  }
  if (value instanceof PartialString) {
    // Pseudo parameters (an account ID in a role ARN, say) cannot hold a quote: the JSON reads as written.
    const safe = canonicalUrl(value);
    if (safe !== undefined) return decodeSdkCall(safe, recognition, relevant);
    const { text, tokens } = withMarkers(value);
    const parsed = parseJson(text);
    if (!parsed.ok) {
      const looksLikeCall = /"service"/.test(text) && /"action"/.test(text);
      const reason = `values only known at deploy time (${unknownReason(value)}) decide the structure of its JSON`;
      return looksLikeCall && relevant(undefined, undefined) ? { kind: 'unreadable', reason } : unreadable(reason);
    }
    return decodeCall(parsed.value, tokens, recognition, relevant);
  }
  if (isPlainObject(value)) return decodeCall(value, [], recognition, relevant);
  return unreadable(`the call is not a JSON object (${typeof value})`);
}

function decodeCall(call: unknown, tokens: readonly Marker[], recognition: 'certain' | 'possible', relevant: CallFilter): DecodedCall {
  if (!isRecord(call)) {
    return recognition === 'certain' && relevant(undefined, undefined) ? { kind: 'unreadable', reason: 'the call is not a JSON object' } : NO_CALL;
  }
  // The provider function cannot make a call without both.
  if (call.service === undefined || call.action === undefined) return NO_CALL;
  const service = literal(call.service, tokens);
  const action = literal(call.action, tokens);
  if (!relevant(service, action)) return NO_CALL;
  if (service === undefined || action === undefined) {
    const which = service === undefined ? 'service' : 'action';
    return { kind: 'unreadable', reason: `its ${which} is not a literal string (${describeUnreadable(which === 'service' ? call.service : call.action, tokens)})` };
  }
  return { kind: 'call', service, action, parameters: call.parameters, tokens };
}

/** The reason for a call whose JSON text holds deploy-time values. */
function tokenReason(tokens: readonly Marker[]): string {
  return (
    `its JSON text holds values only known at deploy time (${tokens.map((t) => `${t.unknown.expression}: ${t.unknown.reason}`).join('; ')}); ` +
    'a deploy-time value inside JSON text can change any parameter of the call'
  );
}

/** Reads one evaluated call property (`Create`, `Update` or `Delete`) as a gateway call. */
export function readSdkCall(value: Value, recognition: 'certain' | 'possible'): SdkCallReading {
  const relevant: CallFilter = (service, action) =>
    (service === undefined || isAgentCoreControl(service)) && (action === undefined || gatewayAction(action) !== undefined);
  const decoded = decodeSdkCall(value, recognition, relevant);
  if (decoded.kind === 'unreadable') {
    return { kind: 'unreadable', reason: decoded.reason.startsWith('its service') || decoded.reason.startsWith('its action') ? `${decoded.reason}, so it may create or update a gateway` : decoded.reason };
  }
  if (decoded.kind === 'none') return NONE;
  if (decoded.tokens.length > 0) return { kind: 'unreadable', reason: tokenReason(decoded.tokens) };
  return { kind: 'gateway', action: gatewayAction(decoded.action)!, parameters: toTemplateShape(decoded.parameters) };
}

/** The API calls that deploy a template, by normalized service and action, and where their template is. */
const TEMPLATE_CALLS: { readonly [service: string]: { readonly [action: string]: ReadonlyArray<readonly string[]> } } = {
  cloudformation: {
    createstack: [['TemplateBody'], ['TemplateURL']],
    updatestack: [['TemplateBody'], ['TemplateURL']],
    createchangeset: [['TemplateBody'], ['TemplateURL']],
    createstackset: [['TemplateBody'], ['TemplateURL']],
    updatestackset: [['TemplateBody'], ['TemplateURL']],
  },
  servicecatalog: {
    createproduct: [['ProvisioningArtifactParameters', 'Info', 'LoadTemplateFromURL']],
    createprovisioningartifact: [['Parameters', 'Info', 'LoadTemplateFromURL']],
  },
};

/** A template an SDK call deploys: where in the call, and its text or URL (or why it cannot be read). */
export interface SdkTemplateCall {
  /** The call as written, e.g. `CloudFormation.createStack`. */
  readonly call: string;
  /** Where in the call's parameters, e.g. `TemplateBody`; empty when the whole call cannot be read. */
  readonly parameter: string;
  readonly value?: unknown;
  readonly unreadable?: string;
}

/**
 * The templates an SDK call deploys when it calls CloudFormation (CreateStack, UpdateStack, CreateChangeSet,
 * CreateStackSet, UpdateStackSet) or Service Catalog (CreateProduct, CreateProvisioningArtifact): the gateways
 * in them deploy like any other.
 */
export function readSdkTemplateCall(value: Value, recognition: 'certain' | 'possible'): SdkTemplateCall[] {
  const relevant: CallFilter = (service, action) => {
    // A service only known at deploy time is already a finding of the gateway reader.
    if (service === undefined) return false;
    const actions = TEMPLATE_CALLS[normalizeService(service)];
    return actions !== undefined && (action === undefined || actions[normalizeAction(action)] !== undefined);
  };
  const decoded = decodeSdkCall(value, recognition, relevant);
  if (decoded.kind === 'none') return [];
  if (decoded.kind === 'unreadable') return [{ call: 'the call', parameter: '', unreadable: `${decoded.reason}, so it may deploy a template` }];
  const call = `${decoded.service}.${decoded.action}`;
  if (decoded.tokens.length > 0) return [{ call, parameter: '', unreadable: tokenReason(decoded.tokens) }];
  const paths = TEMPLATE_CALLS[normalizeService(decoded.service)][normalizeAction(decoded.action)];
  return paths.flatMap((p) => valuesAt(decoded.parameters, p, '').map((found) => ({ call, parameter: found.path, value: found.value })));
}

/** Every value at `path` below `node`; a list on the way gives one value per item. */
function valuesAt(node: unknown, path: readonly string[], at: string): Array<{ path: string; value: unknown }> {
  if (path.length === 0) return node === undefined ? [] : [{ path: at, value: node }];
  if (Array.isArray(node)) return node.flatMap((item, i) => valuesAt(item, path, `${at}[${i}]`));
  if (!isRecord(node)) return [];
  const [head, ...rest] = path;
  return valuesAt(node[head], rest, at === '' ? head : `${at}.${head}`);
}

function normalizeService(service: string): string {
  return service.toLowerCase().replace(/^@aws-sdk\/client-/, '').replace(/[^a-z0-9]/g, '');
}

function normalizeAction(action: string): string {
  return action.toLowerCase().replace(/command$/, '');
}

/** Whether an SDK service name reaches the AgentCore control plane (or could, in a newer provider). */
export function isAgentCoreControl(service: string): boolean {
  return normalizeService(service).includes('agentcore');
}

/** `CreateGateway` or `UpdateGateway` for any spelling the provider accepts, else undefined. */
export function gatewayAction(action: string): string | undefined {
  return GATEWAY_ACTIONS[normalizeAction(action)];
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

/** Why a service or action that is present (a call without both is none) is not a literal string. */
function describeUnreadable(value: unknown, tokens: readonly Marker[]): string {
  if (value instanceof Unknown || value instanceof PartialString) return unknownReason(value);
  // A string is not literal only when it holds a marker.
  if (typeof value === 'string') {
    return tokens
      .filter((t) => value.includes(t.marker))
      .map((t) => `${t.unknown.expression}: ${t.unknown.reason}`)
      .join('; ');
  }
  return JSON.stringify(value);
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

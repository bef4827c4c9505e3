// Templates that a template deploys through other resources: nested stacks, StackSets, Service Catalog
// products and SAM applications. The engine finds the references and says what each points at; reading the
// referenced template (a file, an asset of the app) is the caller's job, through a resolver (see
// template-tree.ts), so the engine stays free of file access.
import { explore } from './choices';
import { MAX_COMBINATIONS } from './constants';
import { Evaluator, TemplateScope } from './intrinsics';
import { findMacros, MACRO_KEY } from './macros';
import { readSdkTemplateCall, recognizeSdkCallResource, SDK_CALL_KEYS } from './sdk-calls';
import { isRecord } from './template';
import { canonicalUrl } from './urls';
import { describeValue, isPlainObject, PartialString, Unknown, unknownReason, Value } from './values';

/** What a reference points at, as far as the template says. */
export type ReferenceSource =
  /** A template written inline (a StackSet's TemplateBody). */
  | { readonly kind: 'body'; readonly text: string }
  /** A URL or path, possibly with parts only known at deploy time. */
  | { readonly kind: 'url'; readonly url: string | PartialString }
  /** Something no resolver can read, and why. */
  | { readonly kind: 'unreadable'; readonly reason: string };

/** One template a resource of a template deploys. */
export interface TemplateReference {
  /** The logical ID of the resource that refers to the template. */
  readonly logicalId: string;
  readonly resourceType: string;
  /** How a chain names this step, e.g. `StackSet MySet (TemplateBody)`. */
  readonly label: string;
  /** Where in the resource, e.g. `Properties.TemplateBody`. */
  readonly propertyPath: string;
  readonly source: ReferenceSource;
  /** The combination of parameter values and conditions that leads to this source, when not every one does. */
  readonly when?: string;
  /** The resource's `aws:asset:path` metadata (CDK writes it on nested stacks). */
  readonly assetPath?: string;
  /** The resource's `aws:cdk:path` metadata. */
  readonly cdkPath?: string;
}

/** The resource types whose properties refer to templates, and how to read each. */
const READERS: { readonly [type: string]: (properties: Value, logicalId: string) => Found[] } = {
  'AWS::CloudFormation::Stack': (p, id) => [urlProperty(p, 'TemplateURL', `Stack ${id} (TemplateURL)`)],
  'AWS::CloudFormation::StackSet': (p, id) => [body(p, 'TemplateBody', `StackSet ${id} (TemplateBody)`), urlProperty(p, 'TemplateURL', `StackSet ${id} (TemplateURL)`)],
  'AWS::ServiceCatalog::CloudFormationProduct': (p, id) => provisioningArtifacts(p, id),
  'AWS::Serverless::Application': (p, id) => [samApplication(p, id)],
};

/** The resource types that can deploy another template. */
export const REFERENCING_RESOURCE_TYPES: readonly string[] = Object.keys(READERS);

interface Found {
  readonly label: string;
  readonly propertyPath: string;
  /** Undefined when the property is absent in this world. */
  readonly source?: ReferenceSource;
}

/**
 * Every template the resources of `template` refer to. A property whose value depends on parameters or
 * conditions gives one reference per distinct value; only the choices the property depends on are explored.
 */
export function templateReferences(scope: TemplateScope): TemplateReference[] {
  const references: TemplateReference[] = [];
  for (const [logicalId, resource] of Object.entries(scope.resources)) {
    if (!isRecord(resource) || typeof resource.Type !== 'string') continue;
    const recognition = READERS[resource.Type] ? undefined : recognizeSdkCallResource(resource);
    const read = READERS[resource.Type] ?? (recognition ? sdkCallTemplates(recognition) : undefined);
    if (!read) continue;
    const metadata = isRecord(resource.Metadata) ? resource.Metadata : {};
    const common = {
      logicalId,
      resourceType: resource.Type,
      assetPath: typeof metadata['aws:asset:path'] === 'string' ? metadata['aws:asset:path'] : undefined,
      cdkPath: typeof metadata['aws:cdk:path'] === 'string' ? metadata['aws:cdk:path'] : undefined,
    };
    // A macro in an SDK call is a finding of the call itself (AGW2).
    const macros = recognition ? [] : findMacros(resource, '').filter((m) => m.path === MACRO_KEY || m.path.startsWith('Properties'));
    if (macros.length > 0) {
      references.push({
        ...common,
        label: `${resource.Type} ${logicalId}`,
        propertyPath: macros[0].path,
        source: { kind: 'unreadable', reason: `macro ${macros[0].macro} (${MACRO_KEY}) rewrites the resource at deploy time, so the template it deploys cannot be known` },
      });
      continue;
    }
    references.push(...explored(resource, scope, read, logicalId).map((r) => ({ ...common, ...r })));
  }
  return references;
}

/** The references of one resource in every world its properties allow, once per distinct source. */
function explored(
  resource: { readonly [key: string]: unknown },
  scope: TemplateScope,
  read: (properties: Value, logicalId: string) => Found[],
  logicalId: string,
): Array<Pick<TemplateReference, 'label' | 'propertyPath' | 'source' | 'when'>> {
  const exploration = explore((world) => {
    const evaluator = new Evaluator(scope, world);
    if (typeof resource.Condition === 'string' && !evaluator.condition(resource.Condition)) return [];
    return read(evaluator.lazy(resource.Properties), logicalId);
  }, MAX_COMBINATIONS);
  const seen = new Map<string, { found: Found & { source: ReferenceSource }; worlds: number; when: string }>();
  for (const result of exploration.results) {
    for (const found of result.value) {
      if (!found.source) continue;
      const key = `${found.propertyPath}\u0000${JSON.stringify(sourceKey(found.source))}`;
      const entry = seen.get(key);
      if (entry) entry.worlds++;
      else seen.set(key, { found: found as Found & { source: ReferenceSource }, worlds: 1, when: result.decisions.map((d) => d.label).join(' and ') });
    }
  }
  const all = exploration.results.length;
  const references = [...seen.values()].map(({ found, worlds, when }) => ({
    label: found.label,
    propertyPath: found.propertyPath,
    source: found.source,
    when: worlds < all && when !== '' ? when : undefined,
  }));
  if (exploration.truncated) {
    references.push({
      label: `${String(resource.Type)} ${logicalId}`,
      propertyPath: 'Properties',
      source: { kind: 'unreadable', reason: `the templates it deploys depend on more than ${MAX_COMBINATIONS} combinations of parameter values and conditions` },
      when: undefined,
    });
  }
  return references;
}

function sourceKey(source: ReferenceSource): unknown {
  if (source.kind === 'url') return { kind: 'url', url: typeof source.url === 'string' ? source.url : describeValue(source.url) };
  return source;
}

function field(value: Value, key: string): Value {
  return isPlainObject(value) && Object.prototype.hasOwnProperty.call(value, key) ? value[key] : undefined;
}

/** A property that holds a URL (or a path, as `aws cloudformation package` takes it). */
function urlProperty(properties: Value, key: string, label: string): Found {
  const propertyPath = `Properties.${key}`;
  if (properties instanceof Unknown || properties instanceof PartialString) {
    return { label, propertyPath: 'Properties', source: { kind: 'unreadable', reason: `its Properties are only known at deploy time (${unknownReason(properties)})` } };
  }
  return { label, propertyPath, source: urlSource(field(properties, key), key) };
}

function urlSource(value: Value, what: string): ReferenceSource | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' || value instanceof PartialString) return { kind: 'url', url: value };
  if (value instanceof Unknown) return { kind: 'unreadable', reason: `its ${what} is only known at deploy time (${unknownReason(value)})` };
  return { kind: 'unreadable', reason: `its ${what} is not a string (${describeValue(value)})` };
}

/** A property that holds a whole template as text. */
function body(properties: Value, key: string, label: string): Found {
  const propertyPath = `Properties.${key}`;
  // Properties only known at deploy time have no field: no body here (the URL reader reports them).
  const value = field(properties, key);
  if (value === undefined) return { label, propertyPath };
  if (typeof value === 'string') return { label, propertyPath, source: { kind: 'body', text: value } };
  // Pseudo parameters such as the account ID cannot hold a quote, so text built from them is read as written.
  const text = value instanceof PartialString ? canonicalUrl(value) : undefined;
  if (text !== undefined) return { label, propertyPath, source: { kind: 'body', text } };
  if (value instanceof Unknown || value instanceof PartialString) {
    return {
      label,
      propertyPath,
      source: {
        kind: 'unreadable',
        reason:
          `its ${key} holds values only known at deploy time (${unknownReason(value)}); a deploy-time value inside template text ` +
          'can change anything in it. Write the template as a literal, or ship it as a file asset',
      },
    };
  }
  return { label, propertyPath, source: { kind: 'unreadable', reason: `its ${key} is not a string (${describeValue(value)})` } };
}

/** Each provisioning artifact of a Service Catalog product: its template URL, or why there is none to read. */
function provisioningArtifacts(properties: Value, logicalId: string): Found[] {
  const label = (i: number | undefined) => `Service Catalog product ${logicalId} (ProvisioningArtifactParameters${i === undefined ? '' : `[${i}]`})`;
  if (properties instanceof Unknown || properties instanceof PartialString) return [urlProperty(properties, 'ProvisioningArtifactParameters', label(undefined))];
  const artifacts = field(properties, 'ProvisioningArtifactParameters');
  if (artifacts === undefined) return [];
  if (!Array.isArray(artifacts)) {
    const reason = artifacts instanceof Unknown ? `it is only known at deploy time (${unknownReason(artifacts)})` : `it is not a list (${describeValue(artifacts)})`;
    return [{ label: label(undefined), propertyPath: 'Properties.ProvisioningArtifactParameters', source: { kind: 'unreadable', reason } }];
  }
  return artifacts.map((artifact, i): Found => {
    const path = `Properties.ProvisioningArtifactParameters[${i}].Info`;
    const info = field(artifact, 'Info');
    if (info instanceof Unknown || info instanceof PartialString) {
      return { label: label(i), propertyPath: path, source: { kind: 'unreadable', reason: `its Info is only known at deploy time (${unknownReason(info)})` } };
    }
    const imported = field(info, 'ImportFromPhysicalId');
    if (imported !== undefined) {
      return {
        label: label(i),
        propertyPath: `${path}.ImportFromPhysicalId`,
        source: { kind: 'unreadable', reason: `it imports the template of an already deployed stack (${describeValue(imported)}), which is not part of this app` },
      };
    }
    // Neither key: CloudFormation rejects the product, so nothing deploys (a ProductStack fills it in late).
    return { label: label(i), propertyPath: `${path}.LoadTemplateFromURL`, source: urlSource(field(info, 'LoadTemplateFromURL'), 'LoadTemplateFromURL') };
  });
}

/** The templates an SDK call (`AwsCustomResource`) deploys through CloudFormation or Service Catalog APIs. */
function sdkCallTemplates(recognition: 'certain' | 'possible'): (properties: Value, logicalId: string) => Found[] {
  return (properties, logicalId) =>
    SDK_CALL_KEYS.flatMap((key) =>
      readSdkTemplateCall(field(properties, key), recognition).map((call): Found => {
        const label = `SDK call ${logicalId} (${key}: ${call.call}${call.parameter ? ` ${call.parameter}` : ''})`;
        const propertyPath = `Properties.${key}${call.parameter ? `.parameters.${call.parameter}` : ''}`;
        if (call.unreadable !== undefined) return { label, propertyPath, source: { kind: 'unreadable', reason: call.unreadable } };
        if (typeof call.value !== 'string') {
          return { label, propertyPath, source: { kind: 'unreadable', reason: `its ${call.parameter} is not a string (${JSON.stringify(call.value)})` } };
        }
        const source: ReferenceSource = call.parameter.endsWith('TemplateBody') ? { kind: 'body', text: call.value } : { kind: 'url', url: call.value };
        return { label, propertyPath, source };
      }),
    );
}

/** A SAM application: a local template, or an application of the Serverless Application Repository. */
function samApplication(properties: Value, logicalId: string): Found {
  const label = `Serverless application ${logicalId} (Location)`;
  const location = field(properties, 'Location');
  if (isPlainObject(location)) {
    return {
      label,
      propertyPath: 'Properties.Location',
      source: { kind: 'unreadable', reason: `its Location ${describeValue(location)} is an application of the Serverless Application Repository, whose template is not part of this app` },
    };
  }
  return urlProperty(properties, 'Location', label);
}

export { allowedPrefixOf, canonicalUrl, s3ObjectKey, s3ObjectOf } from './urls';

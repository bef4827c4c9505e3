import { GatewayDetails } from './control-plane';
import { CloudFormationTemplate, GATEWAY_RESOURCE_TYPE, RESOURCE_POLICY_RESOURCE_TYPE } from '../engine/evaluate';

/** Free-form maps of the API whose keys are data (scope names), not field names: copied as they are. */
const FREE_FORM_MAPS = new Set(['advertisedScopeMapping']);

/**
 * A CloudFormation template for a live gateway, so that the guard's engine judges a gateway read with
 * `GetGateway` exactly as it judges one in a template: the API's camelCase fields become the CloudFormation
 * property names (`authorizerConfiguration.customJWTAuthorizer.allowedClients` becomes
 * `AuthorizerConfiguration.CustomJWTAuthorizer.AllowedClients`). A field the API left out stays out, so the
 * engine fails closed on it. The gateway's resource policy (from `GetResourcePolicy`), when it has one, is a
 * second resource attached to it, as CloudFormation would attach it.
 */
export function gatewayTemplate(gateway: GatewayDetails, resourcePolicy?: string): CloudFormationTemplate {
  const properties: Record<string, unknown> = {};
  setIfDefined(properties, 'Name', gateway.name);
  setIfDefined(properties, 'ProtocolType', gateway.protocolType);
  setIfDefined(properties, 'RoleArn', gateway.roleArn);
  setIfDefined(properties, 'AuthorizerType', gateway.authorizerType);
  setIfDefined(properties, 'AuthorizerConfiguration', toCloudFormationCase(gateway.authorizerConfiguration));
  setIfDefined(properties, 'PolicyEngineConfiguration', toCloudFormationCase(gateway.policyEngineConfiguration));
  const resources: Record<string, unknown> = { [gateway.gatewayId]: { Type: GATEWAY_RESOURCE_TYPE, Properties: properties } };
  if (resourcePolicy !== undefined) {
    resources[resourcePolicyLogicalId(gateway.gatewayId)] = {
      Type: RESOURCE_POLICY_RESOURCE_TYPE,
      Properties: { ResourceArn: { 'Fn::GetAtt': [gateway.gatewayId, 'GatewayArn'] }, Policy: resourcePolicy },
    };
  }
  return { Resources: resources };
}

/** The logical ID of a live gateway's resource policy in `gatewayTemplate`. */
export function resourcePolicyLogicalId(gatewayId: string): string {
  return `${gatewayId}/ResourcePolicy`;
}

/** Recursively upper-cases the first letter of every field name (the API's camelCase to CloudFormation's PascalCase). */
export function toCloudFormationCase(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(toCloudFormationCase);
  }
  if (value === null || typeof value !== 'object') {
    return value;
  }
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined) {
      continue;
    }
    out[key.charAt(0).toUpperCase() + key.slice(1)] = FREE_FORM_MAPS.has(key) ? item : toCloudFormationCase(item);
  }
  return out;
}

function setIfDefined(target: Record<string, unknown>, key: string, value: unknown): void {
  if (value !== undefined && value !== null) {
    target[key] = value;
  }
}

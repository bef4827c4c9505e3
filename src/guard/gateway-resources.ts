// Finding the gateway resources of a construct tree cheaply: only resources that can render as a gateway
// (by their type, or by an override of their Type) are ever rendered.
import { CfnResource } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { GATEWAY_RESOURCE_TYPE } from './constants';

/**
 * Whether a resource may render as `AWS::BedrockAgentCore::Gateway`: its type, or a `Type` set through
 * `addOverride('Type', ...)`. Reading the overrides uses a private field of `CfnResource`; if a future
 * aws-cdk-lib renames it, every resource becomes a candidate (slower, never wrong).
 */
export function isGatewayCandidate(resource: CfnResource): boolean {
  if (resource.cfnResourceType === GATEWAY_RESOURCE_TYPE) return true;
  const overrides = (resource as unknown as { rawOverrides?: unknown }).rawOverrides;
  if (typeof overrides !== 'object' || overrides === null) return true;
  return Object.prototype.hasOwnProperty.call(overrides, 'Type');
}

/** The resources under `scope` that may render as gateways. */
export function findGatewayResources(scope: IConstruct): CfnResource[] {
  return scope.node
    .findAll()
    .filter((c): c is CfnResource => CfnResource.isCfnResource(c) && isGatewayCandidate(c))
    .filter((c) => c.cfnResourceType === GATEWAY_RESOURCE_TYPE || renderedType(c) === GATEWAY_RESOURCE_TYPE);
}

function renderedType(resource: CfnResource): unknown {
  const overrides = (resource as unknown as { rawOverrides?: { Type?: unknown } }).rawOverrides;
  return overrides?.Type;
}

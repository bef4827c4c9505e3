// Finding the resources the guard judges in a construct tree cheaply: only resources that can render as a
// gateway or a gateway's resource policy (by their type, or by an override of their Type) are ever rendered.
import { CfnResource } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { rawOverrides } from './cdk-internals';
import { GATEWAY_RESOURCE_TYPE, RESOURCE_POLICY_RESOURCE_TYPE } from '../engine/constants';

/**
 * Whether a resource may render as a resource the guard judges, `AWS::BedrockAgentCore::Gateway` or
 * `AWS::BedrockAgentCore::ResourcePolicy`: its type, or a `Type` set through `addOverride('Type', ...)`. If a
 * future aws-cdk-lib no longer exposes the overrides where `rawOverrides()` reads them, every resource
 * becomes a candidate (slower, never wrong).
 */
export function isGuardCandidate(resource: CfnResource): boolean {
  if (resource.cfnResourceType === GATEWAY_RESOURCE_TYPE || resource.cfnResourceType === RESOURCE_POLICY_RESOURCE_TYPE) return true;
  const overrides = rawOverrides(resource);
  if (overrides === undefined) return true;
  return Object.prototype.hasOwnProperty.call(overrides, 'Type');
}

/** The resources under `scope` that may render as gateways. */
export function findGatewayResources(scope: IConstruct): CfnResource[] {
  return scope.node
    .findAll()
    .filter((c): c is CfnResource => CfnResource.isCfnResource(c) && isGuardCandidate(c))
    .filter((c) => c.cfnResourceType === GATEWAY_RESOURCE_TYPE || rawOverrides(c)?.Type === GATEWAY_RESOURCE_TYPE);
}

import { Lazy, Stack } from 'aws-cdk-lib';
import * as agentcore from 'aws-cdk-lib/aws-bedrockagentcore';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';

/**
 * The gateway's resource-based policy (`AWS::BedrockAgentCore::ResourcePolicy`), which admits callers from
 * other accounts. AgentCore keeps one policy per gateway, so every statement goes into this one document.
 *
 * It only ever names specific principals: a statement whose principal is, or contains, a wildcard is
 * refused, because on an AWS_IAM gateway it would let any AWS account invoke the gateway.
 */
export class GatewayResourcePolicy extends Construct {
  /** The policy document; rendered into the resource as JSON, so statements added later are included. */
  public readonly document = new iam.PolicyDocument();
  /** The CloudFormation resource. */
  public readonly resource: agentcore.CfnResourcePolicy;

  constructor(scope: Construct, id: string, gatewayArn: string) {
    super(scope, id);
    this.resource = new agentcore.CfnResourcePolicy(this, 'Resource', {
      resourceArn: gatewayArn,
      policy: Lazy.string({ produce: () => Stack.of(this).toJsonString(this.document) }),
    });
  }

  /** Adds a statement; throws if it would admit everyone (see `assertNamesPrincipals`). */
  public addStatement(statement: iam.PolicyStatement, ownerPath: string): void {
    assertNamesPrincipals(this, statement, ownerPath);
    this.document.addStatements(statement);
  }
}

/**
 * Throws unless the statement names specific principals: a principal that is, or contains, a wildcard
 * would let any AWS account invoke an AWS_IAM gateway.
 */
export function assertNamesPrincipals(scope: IConstruct, statement: iam.PolicyStatement, ownerPath: string): void {
  const wildcard = wildcardPrincipal(Stack.of(scope).resolve(statement.toStatementJson().Principal));
  if (wildcard !== undefined) {
    throw new Error(
      `SecureAgentCoreGateway at '${ownerPath}': refusing to add a resource-policy statement for the principal ${wildcard}: ` +
      'a wildcard principal lets any AWS account invoke the gateway (public, with extra steps). ' +
      'Fix: grant the specific roles or accounts that call the gateway, e.g. iam.Role.fromRoleArn(this, \'Caller\', \'arn:aws:iam::<account>:role/<name>\').',
    );
  }
}

/**
 * The first wildcard in a resolved `Principal`, shown as JSON, or undefined. A missing principal counts as
 * a wildcard too: a resource policy statement without one cannot be narrowed to anybody.
 */
function wildcardPrincipal(principal: unknown): string | undefined {
  if (principal === undefined) {
    return 'undefined';
  }
  return stringsIn(principal).some((s) => s.includes('*')) ? JSON.stringify(principal) : undefined;
}

/** Every string inside a resolved JSON value, including the literal parts of intrinsic functions. */
function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') {
    return [value];
  }
  if (Array.isArray(value)) {
    return value.flatMap(stringsIn);
  }
  if (value !== null && typeof value === 'object') {
    return Object.values(value).flatMap(stringsIn);
  }
  return [];
}

import { Token } from 'aws-cdk-lib';
import * as agentcore from 'aws-cdk-lib/aws-bedrockagentcore';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { PropErrors } from './validation';

/** The IP address type of a managed private endpoint. */
export enum PrivateEndpointIpAddressType {
  /** IPv4 addresses. */
  IPV4 = 'IPV4',
  /** IPv6 addresses. */
  IPV6 = 'IPV6',
}

/**
 * Options for a private endpoint that AgentCore creates and manages (a VPC Lattice resource gateway and
 * resource configuration in your VPC, made with its service-linked role).
 */
export interface ManagedVpcPrivateEndpointOptions {
  /** The VPC in which the identity provider runs. */
  readonly vpc: ec2.IVpc;

  /**
   * The subnets for the VPC Lattice resource gateway.
   *
   * @default - the VPC's private subnets (the default `SubnetSelection`)
   */
  readonly vpcSubnets?: ec2.SubnetSelection;

  /**
   * Security groups for the VPC Lattice resource gateway; at most 5. They must allow HTTPS to the
   * identity provider.
   *
   * @default - the VPC's default security group
   */
  readonly securityGroups?: ec2.ISecurityGroup[];

  /**
   * The IP address type of the endpoint.
   *
   * @default PrivateEndpointIpAddressType.IPV4
   */
  readonly ipAddressType?: PrivateEndpointIpAddressType;

  /**
   * An intermediate domain (3-255 characters) to route through instead of the discovery URL's own
   * domain, e.g. a VPC endpoint or internal load balancer in front of the identity provider.
   *
   * @default - traffic goes to the discovery URL's domain
   */
  readonly routingDomain?: string;
}

/**
 * How a JWT gateway reaches an identity provider that is not on the internet (e.g. Keycloak or
 * PingFederate inside your VPC) to fetch its discovery document and signing keys.
 *
 * This does not make the gateway itself private: callers still reach the gateway's public endpoint, and
 * the gateway still requires a valid token.
 *
 * @see https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/identity-private-idp.html
 */
export abstract class IdentityProviderPrivateEndpoint {
  /**
   * AgentCore creates and manages the VPC Lattice resources in your VPC.
   */
  public static managedVpc(options: ManagedVpcPrivateEndpointOptions): IdentityProviderPrivateEndpoint {
    return new ManagedVpcEndpoint(options);
  }

  /**
   * A VPC Lattice resource configuration you manage yourself (for example one shared from another
   * account): its id (`rcfg-` and 17 characters) or ARN.
   */
  public static selfManagedLattice(resourceConfigurationIdentifier: string): IdentityProviderPrivateEndpoint {
    return new SelfManagedLatticeEndpoint(resourceConfigurationIdentifier);
  }

  /**
   * Problems with the options, each naming `field` and the rule broken.
   * @internal
   */
  public abstract _validate(field: string, errors: PropErrors): void;

  /**
   * The CloudFormation `PrivateEndpoint` of the JWT authorizer.
   * @internal
   */
  public abstract _render(): agentcore.CfnGateway.PrivateEndpointProperty;
}

const SUBNET_ID = /^subnet-[0-9a-zA-Z]{8,17}$/;
const SECURITY_GROUP_ID = /^sg-(([0-9a-z]{8})|([0-9a-z]{17}))$/;
const VPC_ID = /^vpc-(([0-9a-z]{8})|([0-9a-z]{17}))$/;
const MAX_SECURITY_GROUPS = 5;
const RESOURCE_CONFIGURATION = /^((rcfg-[0-9a-z]{17})|(arn:[a-z0-9-]+:vpc-lattice:[a-zA-Z0-9-]+:\d{12}:resourceconfiguration\/rcfg-[0-9a-z]{17}))$/;

class ManagedVpcEndpoint extends IdentityProviderPrivateEndpoint {
  constructor(private readonly options: ManagedVpcPrivateEndpointOptions) {
    super();
  }

  public _validate(field: string, errors: PropErrors): void {
    const o = this.options;
    const vpcId = o.vpc.vpcId;
    if (!Token.isUnresolved(vpcId) && !VPC_ID.test(vpcId)) {
      errors.add(`${field}.vpc`, `'${vpcId}' is not a VPC id (vpc- and 8 or 17 characters)`, 'pass the VPC the identity provider runs in');
    }
    const subnetIds = this.subnetIds(field, errors);
    if (subnetIds !== undefined && subnetIds.length === 0) {
      errors.add(`${field}.vpcSubnets`, 'selects no subnet, so there is nowhere to place the VPC Lattice resource gateway', 'select at least one subnet of the VPC');
    }
    (subnetIds ?? []).forEach((id, i) => {
      if (!Token.isUnresolved(id) && !SUBNET_ID.test(id)) {
        errors.add(`${field}.vpcSubnets[${i}]`, `'${id}' is not a subnet id (subnet- and 8 to 17 characters)`, 'select subnets of the VPC');
      }
    });
    const groups = o.securityGroups ?? [];
    if (groups.length > MAX_SECURITY_GROUPS) {
      errors.add(`${field}.securityGroups`, `has ${groups.length} security groups; the service allows at most ${MAX_SECURITY_GROUPS}`, 'combine the rules into at most 5 groups');
    }
    groups.forEach((sg, i) => {
      const id = sg.securityGroupId;
      if (!Token.isUnresolved(id) && !SECURITY_GROUP_ID.test(id)) {
        errors.add(`${field}.securityGroups[${i}]`, `'${id}' is not a security group id (sg- and 8 or 17 characters)`, 'pass security groups of the VPC');
      }
    });
    const domain = o.routingDomain;
    if (domain !== undefined && !Token.isUnresolved(domain) && (domain.length < 3 || domain.length > 255)) {
      errors.add(`${field}.routingDomain`, `'${domain}' must be 3-255 characters`, 'give the intermediate domain name, e.g. \'idp.internal.example.com\', or omit routingDomain');
    }
  }

  public _render(): agentcore.CfnGateway.PrivateEndpointProperty {
    const o = this.options;
    const groups = o.securityGroups ?? [];
    return {
      managedVpcResource: {
        vpcIdentifier: o.vpc.vpcId,
        subnetIds: o.vpc.selectSubnets(o.vpcSubnets).subnetIds,
        securityGroupIds: groups.length > 0 ? groups.map((sg) => sg.securityGroupId) : undefined,
        endpointIpAddressType: o.ipAddressType ?? PrivateEndpointIpAddressType.IPV4,
        routingDomain: o.routingDomain,
      },
    };
  }

  /** The selected subnet ids, or undefined (with an error added) when the selection cannot be made. */
  private subnetIds(field: string, errors: PropErrors): string[] | undefined {
    try {
      return this.options.vpc.selectSubnets(this.options.vpcSubnets).subnetIds;
    } catch (e) {
      errors.add(`${field}.vpcSubnets`, `cannot be selected: ${(e as Error).message}`, 'select subnets the VPC has, e.g. { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }');
      return undefined;
    }
  }
}

class SelfManagedLatticeEndpoint extends IdentityProviderPrivateEndpoint {
  constructor(private readonly resourceConfigurationIdentifier: string) {
    super();
  }

  public _validate(field: string, errors: PropErrors): void {
    const id = this.resourceConfigurationIdentifier;
    if (!Token.isUnresolved(id) && !RESOURCE_CONFIGURATION.test(id)) {
      errors.add(
        `${field}.resourceConfigurationIdentifier`,
        `'${id}' is neither a VPC Lattice resource configuration id (rcfg- and 17 characters) nor its ARN`,
        'pass the resource configuration\'s id or ARN, e.g. vpclattice.CfnResourceConfiguration.attrArn',
      );
    }
  }

  public _render(): agentcore.CfnGateway.PrivateEndpointProperty {
    return { selfManagedLatticeResource: { resourceConfigurationIdentifier: this.resourceConfigurationIdentifier } };
  }
}

import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import {
  GatewayAuthorization, IdentityProviderPrivateEndpoint, ManagedVpcPrivateEndpointOptions, PrivateEndpointIpAddressType,
  SecureAgentCoreGateway,
} from '../../src';
import { TemplateRecorder } from '../support/cfn-lint';

const recorder = new TemplateRecorder();
afterAll(() => recorder.lintRecordedTemplates());

const ENV = { account: '111111111111', region: 'us-east-1' };
const GATEWAY = 'AWS::BedrockAgentCore::Gateway';
const DISCOVERY_URL = 'https://idp.internal.example.com/realms/agents/.well-known/openid-configuration';
const RESOURCE_CONFIGURATION = 'rcfg-0123456789abcdef0';

function newStack(): Stack {
  return new Stack(new App(), 'Stack', { env: ENV });
}

/** A VPC as `Vpc.fromLookup` would return it: literal ids. */
function idpVpc(stack: Stack): ec2.IVpc {
  return ec2.Vpc.fromVpcAttributes(stack, 'IdpVpc', {
    vpcId: 'vpc-0123456789abcdef0',
    availabilityZones: ['us-east-1a', 'us-east-1b'],
    privateSubnetIds: ['subnet-0123456789abcdef0', 'subnet-0fedcba9876543210'],
  });
}

function jwtAuthorizerOf(stack: Stack): any {
  const gateways = Object.values(recorder.templateOf(stack).findResources(GATEWAY)) as any[];
  expect(gateways).toHaveLength(1);
  return gateways[0].Properties.AuthorizerConfiguration.CustomJWTAuthorizer;
}

function customJwtWith(endpoint: IdentityProviderPrivateEndpoint): GatewayAuthorization {
  return GatewayAuthorization.customJwt({ discoveryUrl: DISCOVERY_URL, allowedClients: ['order-agent'], privateEndpoint: endpoint });
}

describe('privateEndpoint: a gateway that reaches a private identity provider', () => {
  test('GIVEN a managed VPC endpoint WHEN synthesized THEN the JWT authorizer keeps its settings and gains the endpoint in the VPC\'s private subnets', () => {
    const stack = newStack();
    const vpc = idpVpc(stack);
    const sg = ec2.SecurityGroup.fromSecurityGroupId(stack, 'IdpAccess', 'sg-0123456789abcdef0');
    new SecureAgentCoreGateway(stack, 'Gateway', {
      authorization: customJwtWith(IdentityProviderPrivateEndpoint.managedVpc({ vpc, securityGroups: [sg], routingDomain: 'vpce.idp.internal.example.com' })),
    });
    expect(jwtAuthorizerOf(stack)).toEqual({
      DiscoveryUrl: DISCOVERY_URL,
      AllowedClients: ['order-agent'],
      PrivateEndpoint: {
        ManagedVpcResource: {
          VpcIdentifier: 'vpc-0123456789abcdef0',
          SubnetIds: ['subnet-0123456789abcdef0', 'subnet-0fedcba9876543210'],
          SecurityGroupIds: ['sg-0123456789abcdef0'],
          EndpointIpAddressType: 'IPV4',
          RoutingDomain: 'vpce.idp.internal.example.com',
        },
      },
    });
  });

  test('GIVEN a VPC of the stack and IPv6 WHEN synthesized THEN subnets and VPC are referenced and the address type is rendered', () => {
    // Environment-agnostic, so that the subnets' zones come from Fn::GetAZs rather than being hard-coded.
    const stack = new Stack(new App(), 'Stack');
    const vpc = new ec2.Vpc(stack, 'Vpc', {
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [{ name: 'idp', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    });
    new SecureAgentCoreGateway(stack, 'Gateway', {
      authorization: customJwtWith(IdentityProviderPrivateEndpoint.managedVpc({ vpc, ipAddressType: PrivateEndpointIpAddressType.IPV6 })),
    });
    const managed = jwtAuthorizerOf(stack).PrivateEndpoint.ManagedVpcResource;
    expect(managed).toEqual({
      VpcIdentifier: { Ref: expect.stringMatching(/^Vpc/) },
      SubnetIds: [{ Ref: expect.stringMatching(/^VpcidpSubnet1/) }, { Ref: expect.stringMatching(/^VpcidpSubnet2/) }],
      EndpointIpAddressType: 'IPV6',
    });
  });

  test('GIVEN a self-managed VPC Lattice resource configuration WHEN synthesized THEN it is rendered as given', () => {
    const stack = newStack();
    new SecureAgentCoreGateway(stack, 'Gateway', { authorization: customJwtWith(IdentityProviderPrivateEndpoint.selfManagedLattice(RESOURCE_CONFIGURATION)) });
    expect(jwtAuthorizerOf(stack).PrivateEndpoint)
      .toEqual({ SelfManagedLatticeResource: { ResourceConfigurationIdentifier: RESOURCE_CONFIGURATION } });
  });

  test('GIVEN a Cognito gateway with a private endpoint WHEN synthesized THEN the endpoint joins the lazily rendered clients and scopes', () => {
    const stack = newStack();
    const gw = new SecureAgentCoreGateway(stack, 'Gateway', {
      authorization: GatewayAuthorization.cognitoM2M({ privateEndpoint: IdentityProviderPrivateEndpoint.selfManagedLattice(RESOURCE_CONFIGURATION) }),
    });
    gw.addClient('SecondAgent');
    const jwt = jwtAuthorizerOf(stack);
    expect(jwt.PrivateEndpoint).toEqual({ SelfManagedLatticeResource: { ResourceConfigurationIdentifier: RESOURCE_CONFIGURATION } });
    // Clients added after construction are still allowed: the extras did not freeze the L2's lazy list.
    expect(jwt.AllowedClients).toHaveLength(2);
    expect(jwt.AllowedScopes).toHaveLength(1);
  });

  test('GIVEN a gateway without the option WHEN synthesized THEN there is no PrivateEndpoint', () => {
    const stack = newStack();
    new SecureAgentCoreGateway(stack, 'Gateway', { authorization: GatewayAuthorization.customJwt({ discoveryUrl: DISCOVERY_URL, allowedClients: ['a'] }) });
    expect(jwtAuthorizerOf(stack).PrivateEndpoint).toBeUndefined();
  });
});

describe('privateEndpoint validation', () => {
  function attempt(endpoint: (stack: Stack) => IdentityProviderPrivateEndpoint, cognito = false): () => SecureAgentCoreGateway {
    const stack = newStack();
    const privateEndpoint = endpoint(stack);
    const authorization = cognito ? GatewayAuthorization.cognitoM2M({ privateEndpoint }) : customJwtWith(privateEndpoint);
    return () => new SecureAgentCoreGateway(stack, 'Gateway', { authorization });
  }
  const managed = (options: Partial<ManagedVpcPrivateEndpointOptions>) => (stack: Stack) =>
    IdentityProviderPrivateEndpoint.managedVpc({ vpc: idpVpc(stack), ...options });
  const groups = (stack: Stack, n: number) => Array.from({ length: n }, (_, i) =>
    ec2.SecurityGroup.fromSecurityGroupId(stack, `Sg${i}`, `sg-0123456789abcdef${i}`));

  test.each<[string, (stack: Stack) => IdentityProviderPrivateEndpoint, RegExp]>([
    ['six security groups', (stack) => IdentityProviderPrivateEndpoint.managedVpc({ vpc: idpVpc(stack), securityGroups: groups(stack, 6) }),
      /customJwt\.privateEndpoint\.securityGroups: has 6 security groups; the service allows at most 5\. Fix:/],
    ['a routing domain of two characters', managed({ routingDomain: 'ab' }),
      /customJwt\.privateEndpoint\.routingDomain: 'ab' must be 3-255 characters\. Fix:/],
    ['a subnet selection the VPC cannot satisfy', managed({ vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC } }),
      /customJwt\.privateEndpoint\.vpcSubnets: cannot be selected: .*Public.*\. Fix: select subnets the VPC has/],
    ['a selection of no subnet', managed({ vpcSubnets: { subnetFilters: [ec2.SubnetFilter.byIds(['subnet-99999999'])] } }),
      /customJwt\.privateEndpoint\.vpcSubnets: selects no subnet, so there is nowhere to place the VPC Lattice resource gateway/],
    ['a malformed VPC id', (stack) => IdentityProviderPrivateEndpoint.managedVpc({
      vpc: ec2.Vpc.fromVpcAttributes(stack, 'BadVpc', { vpcId: 'my-vpc', availabilityZones: ['us-east-1a'], privateSubnetIds: ['subnet-0123456789abcdef0'] }),
    }), /customJwt\.privateEndpoint\.vpc: 'my-vpc' is not a VPC id/],
    ['a malformed subnet id', (stack) => IdentityProviderPrivateEndpoint.managedVpc({
      vpc: ec2.Vpc.fromVpcAttributes(stack, 'BadSubnets', { vpcId: 'vpc-0123456789abcdef0', availabilityZones: ['us-east-1a'], privateSubnetIds: ['private-a'] }),
    }), /customJwt\.privateEndpoint\.vpcSubnets\[0\]: 'private-a' is not a subnet id/],
    ['a malformed security group id', (stack) => IdentityProviderPrivateEndpoint.managedVpc({
      vpc: idpVpc(stack), securityGroups: [ec2.SecurityGroup.fromSecurityGroupId(stack, 'Bad', 'idp-access', { mutable: false })],
    }), /customJwt\.privateEndpoint\.securityGroups\[0\]: 'idp-access' is not a security group id/],
    ['a resource configuration that is neither id nor ARN', () => IdentityProviderPrivateEndpoint.selfManagedLattice('my-idp'),
      /customJwt\.privateEndpoint\.resourceConfigurationIdentifier: 'my-idp' is neither a VPC Lattice resource configuration id .* nor its ARN\. Fix:/],
  ])('GIVEN %s THEN it is rejected with the field, the rule and the fix', (_name, endpoint, message) => {
    expect(attempt(endpoint)).toThrow(message);
  });

  test('GIVEN a Cognito gateway THEN the field is named after cognitoM2M', () => {
    expect(attempt(() => IdentityProviderPrivateEndpoint.selfManagedLattice('my-idp'), true))
      .toThrow(/cognitoM2M\.privateEndpoint\.resourceConfigurationIdentifier: 'my-idp'/);
  });

  test('GIVEN valid edge values and values only known at deploy time THEN they are accepted', () => {
    expect(attempt((stack) => IdentityProviderPrivateEndpoint.managedVpc({ vpc: idpVpc(stack), securityGroups: groups(stack, 5), routingDomain: 'a.b' }))).not.toThrow();
    expect(attempt(() => IdentityProviderPrivateEndpoint.selfManagedLattice(
      `arn:aws:vpc-lattice:us-east-1:111111111111:resourceconfiguration/${RESOURCE_CONFIGURATION}`))).not.toThrow();
    expect(attempt((stack) => IdentityProviderPrivateEndpoint.selfManagedLattice(new CfnParameter(stack, 'Rcfg').valueAsString))).not.toThrow();
    expect(attempt((stack) => IdentityProviderPrivateEndpoint.managedVpc({ vpc: idpVpc(stack), routingDomain: new CfnParameter(stack, 'Domain').valueAsString }))).not.toThrow();
  });
});

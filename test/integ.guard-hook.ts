// Integration test: GatewayAuthorizationGuardHook, the deploy-time layer.
//
// Deploy it only in a sandbox account: while it exists, CloudFormation evaluates every gateway created or
// updated in the account and region. After the hook is active, the assertions create two probe stacks
// from raw CloudFormation (no CDK, so no synth-time guard in the way). What a deployment proves:
//   1. A stack with an AuthorizerType NONE gateway does not create: the hook fails the gateway before it is
//      provisioned, and the stack event names rule AGW1.
//   2. A stack with an AWS_IAM gateway is created: the hook lets a secure gateway through.
// Both probe stacks are deleted at the end.
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, Stack, aws_iam as iam } from 'aws-cdk-lib';
import { GatewayAuthorizationGuardHook } from '../src';

const app = new App();
const stack = new Stack(app, 'AgwIntegGuardHook');

const PROBE_ROLE = 'agw-integ-guard-hook-probe';
const PUBLIC_PROBE = 'agw-integ-guard-hook-public-probe';
const SECURE_PROBE = 'agw-integ-guard-hook-secure-probe';

new GatewayAuthorizationGuardHook(stack, 'GatewayHook', { alias: 'AgwInteg::Guard::GatewayAuthorization' });

// The secure probe's gateway needs a real role; a fixed name lets the probe template refer to it without
// a cross-stack reference.
new iam.Role(stack, 'ProbeGatewayRole', {
  roleName: PROBE_ROLE,
  assumedBy: new iam.ServicePrincipal('bedrock-agentcore.amazonaws.com'),
});

/** A raw CloudFormation template with one gateway. */
function probeTemplate(authorizerType: string): string {
  return JSON.stringify({
    Resources: {
      Gateway: {
        Type: 'AWS::BedrockAgentCore::Gateway',
        Properties: {
          Name: { 'Fn::Sub': '${AWS::StackName}' },
          ProtocolType: 'MCP',
          AuthorizerType: authorizerType,
          RoleArn: { 'Fn::Sub': `arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/${PROBE_ROLE}` },
        },
      },
    },
  });
}

const integ = new IntegTest(app, 'GuardHook', { testCases: [stack], stackUpdateWorkflow: false });

/** Creates a probe stack; the assertion provider acts as the deployer, with gateway permissions. */
function createProbe(name: string, authorizerType: string) {
  const call = integ.assertions.awsApiCall('CloudFormation', 'createStack', {
    StackName: name,
    TemplateBody: probeTemplate(authorizerType),
    OnFailure: 'DO_NOTHING',
  });
  call.provider.addToRolePolicy({ Effect: 'Allow', Action: ['bedrock-agentcore:*'], Resource: ['*'] });
  call.provider.addToRolePolicy({
    Effect: 'Allow',
    Action: ['iam:PassRole'],
    Resource: [stack.formatArn({ service: 'iam', region: '', resource: 'role', resourceName: PROBE_ROLE })],
  });
  return call;
}

function deleteProbe(name: string) {
  return integ.assertions.awsApiCall('CloudFormation', 'deleteStack', { StackName: name });
}

// 1. The public gateway is stopped by the hook, naming AGW1.
const publicProbe = createProbe(PUBLIC_PROBE, 'NONE');
const publicStopped = integ.assertions
  .awsApiCall('CloudFormation', 'describeStackEvents', { StackName: PUBLIC_PROBE })
  .expect(ExpectedResult.objectLike({
    StackEvents: Match.arrayWith([
      Match.objectLike({ LogicalResourceId: 'Gateway', HookStatus: 'HOOK_COMPLETE_FAILED', HookStatusReason: Match.stringLikeRegexp('AGW1') }),
    ]),
  }))
  .waitForAssertions({ totalTimeout: Duration.minutes(10), interval: Duration.seconds(15) });
const publicFailed = integ.assertions
  .awsApiCall('CloudFormation', 'describeStacks', { StackName: PUBLIC_PROBE })
  .expect(ExpectedResult.objectLike({ Stacks: [Match.objectLike({ StackStatus: 'CREATE_FAILED' })] }))
  .waitForAssertions({ totalTimeout: Duration.minutes(10), interval: Duration.seconds(15) });
publicProbe.next(publicStopped).next(publicFailed).next(deleteProbe(PUBLIC_PROBE));

// 2. The secure gateway is created.
const secureProbe = createProbe(SECURE_PROBE, 'AWS_IAM');
const secureCreated = integ.assertions
  .awsApiCall('CloudFormation', 'describeStacks', { StackName: SECURE_PROBE })
  .expect(ExpectedResult.objectLike({ Stacks: [Match.objectLike({ StackStatus: 'CREATE_COMPLETE' })] }))
  .waitForAssertions({ totalTimeout: Duration.minutes(15), interval: Duration.seconds(20) });
secureProbe.next(secureCreated).next(deleteProbe(SECURE_PROBE));

// Integration test: DenyUnauthorizedGatewaysPolicy, the API-level layer.
//
// Deploy it in the management account of a sandbox organization with service control policies enabled.
// The policy is created but not attached (attaching it to a root or OU would change what every account of
// the organization may do); what it means is tested offline with an IAM policy evaluation engine
// (test/organization/scp.test.ts). What a deployment proves:
//   1. AWS Organizations accepts the document as a service control policy (valid syntax, within the
//      5,120-character limit) and stores exactly the statements the construct rendered.
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { App, Stack } from 'aws-cdk-lib';
import { DenyUnauthorizedGatewaysPolicy } from '../src';

const app = new App();
const stack = new Stack(app, 'AgwIntegOrganizationScp');

const policy = new DenyUnauthorizedGatewaysPolicy(stack, 'NoPublicGateways', {
  policyName: 'agw-integ-deny-unauthorized-gateways',
  allowedDiscoveryUrls: ['https://cognito-idp.eu-west-1.amazonaws.com/*'],
  breakGlassPrincipalArns: ['arn:aws:iam::*:role/BreakGlass'],
});

const integ = new IntegTest(app, 'OrganizationScp', { testCases: [stack], stackUpdateWorkflow: false });

// 1. The policy as AWS Organizations stores it.
integ.assertions
  .awsApiCall('Organizations', 'describePolicy', { PolicyId: policy.policyId })
  .expect(ExpectedResult.objectLike({
    Policy: {
      PolicySummary: Match.objectLike({ Name: 'agw-integ-deny-unauthorized-gateways', Type: 'SERVICE_CONTROL_POLICY', AwsManaged: false }),
      Content: Match.serializedJson(JSON.parse(policy.policyDocument)),
    },
  }));

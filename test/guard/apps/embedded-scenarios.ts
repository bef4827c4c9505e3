// One small CDK app per way a gateway can reach a template without being a gateway resource of a stack
// (issue "the guard judges what was written", classes 4-6 and the false positive on unrelated parameters).
// Each scenario has an insecure form and a secure twin. Used in process by the guard's tests and, through
// embedded-app.ts, by the real CDK CLI.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CfnCondition, CfnParameter, CfnStack, CfnStackSet, Fn, Stack } from 'aws-cdk-lib';
import { CfnGateway } from 'aws-cdk-lib/aws-bedrockagentcore';
import { Asset } from 'aws-cdk-lib/aws-s3-assets';
import * as servicecatalog from 'aws-cdk-lib/aws-servicecatalog';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import type { RequireGatewayAuthorizationProps } from '../../../src/guard';

export const SCENARIOS = [
  'nested-asset',
  'stack-set-body',
  'stack-set-yaml-body',
  'stack-set-asset',
  'service-catalog',
  'remote-url',
  'sdk-call',
  'sdk-create-stack',
  'transform',
  'parameters',
] as const;
export type Scenario = (typeof SCENARIOS)[number];

/** Where the vetted templates of the remote-url scenario live; its secure twin allows this prefix. */
export const VETTED_PREFIX = 'https://templates.example.com/vetted/';

const ROLE_ARN = 'arn:aws:iam::111111111111:role/gateway';

/** A template with one gateway, `Gw`. */
export function gatewayTemplate(secure: boolean): object {
  return {
    Resources: {
      Gw: { Type: 'AWS::BedrockAgentCore::Gateway', Properties: { Name: 'embedded', ProtocolType: 'MCP', RoleArn: ROLE_ARN, AuthorizerType: secure ? 'AWS_IAM' : 'NONE' } },
    },
  };
}

/** The same template as a file (the content, not the folder, decides the asset's hash). */
function templateFile(secure: boolean): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'agw-embedded-')), 'gateway.template.json');
  fs.writeFileSync(file, JSON.stringify(gatewayTemplate(secure), undefined, 2));
  return file;
}

/** What the guard is given in this scenario: the secure twin of remote-url is a vetted location. */
export function guardProps(scenario: Scenario, secure: boolean): RequireGatewayAuthorizationProps {
  return scenario === 'remote-url' && secure ? { allowedTemplateUrlPrefixes: [VETTED_PREFIX] } : {};
}

/** The same as a scan command line. */
export function scanArgs(scenario: Scenario, secure: boolean): string[] {
  return scenario === 'remote-url' && secure ? ['--allow-template-url-prefix', VETTED_PREFIX] : [];
}

/** Adds the scenario to `stack`. */
export function addScenario(stack: Stack, scenario: Scenario, secure: boolean): void {
  switch (scenario) {
    case 'nested-asset': {
      // A raw CfnStack whose template is a file asset of the app (not a NestedStack).
      const asset = new Asset(stack, 'ChildTemplate', { path: templateFile(secure) });
      new CfnStack(stack, 'Child', { templateUrl: asset.httpUrl });
      break;
    }
    case 'stack-set-body':
      new CfnStackSet(stack, 'MySet', { permissionModel: 'SELF_MANAGED', stackSetName: 'gateways', templateBody: JSON.stringify(gatewayTemplate(secure)) });
      break;
    case 'stack-set-yaml-body': {
      const body = ['Resources:', '  Gw:', '    Type: AWS::BedrockAgentCore::Gateway', '    Properties:', '      Name: embedded', '      ProtocolType: MCP', `      RoleArn: ${ROLE_ARN}`, `      AuthorizerType: ${secure ? 'AWS_IAM' : 'NONE'}`].join('\n');
      new CfnStackSet(stack, 'MySet', { permissionModel: 'SELF_MANAGED', stackSetName: 'gateways', templateBody: body });
      break;
    }
    case 'stack-set-asset': {
      const asset = new Asset(stack, 'SetTemplate', { path: templateFile(secure) });
      new CfnStackSet(stack, 'MySet', { permissionModel: 'SELF_MANAGED', stackSetName: 'gateways', templateUrl: asset.httpUrl });
      break;
    }
    case 'service-catalog':
      new servicecatalog.CloudFormationProduct(stack, 'Product', {
        productName: 'gateways',
        owner: 'platform',
        productVersions: [{ productVersionName: 'v1', cloudFormationTemplate: servicecatalog.CloudFormationTemplate.fromAsset(templateFile(secure)) }],
      });
      break;
    case 'remote-url':
      new CfnStack(stack, 'Shared', { templateUrl: `${VETTED_PREFIX}gateways.json` });
      break;
    case 'sdk-call':
      new AwsCustomResource(stack, 'MakeGateway', {
        onCreate: {
          service: 'bedrock-agentcore-control',
          action: 'CreateGateway',
          parameters: { name: 'sdk-made', roleArn: ROLE_ARN, protocolType: 'MCP', authorizerType: secure ? 'AWS_IAM' : 'NONE' },
          physicalResourceId: PhysicalResourceId.fromResponse('gatewayId'),
        },
        policy: AwsCustomResourcePolicy.fromSdkCalls({ resources: AwsCustomResourcePolicy.ANY_RESOURCE }),
        installLatestAwsSdk: false,
      });
      break;
    case 'sdk-create-stack':
      // An SDK call that deploys a whole stack from an inline template.
      new AwsCustomResource(stack, 'MakeStack', {
        onCreate: {
          service: 'CloudFormation',
          action: 'createStack',
          parameters: { StackName: 'sdk-made-gateways', TemplateBody: JSON.stringify(gatewayTemplate(secure)) },
          physicalResourceId: PhysicalResourceId.of('sdk-made-gateways'),
        },
        policy: AwsCustomResourcePolicy.fromSdkCalls({ resources: AwsCustomResourcePolicy.ANY_RESOURCE }),
        installLatestAwsSdk: false,
      });
      break;
    case 'transform': {
      const gateway = new CfnGateway(stack, 'Gw', { name: 'transformed', protocolType: 'MCP', roleArn: ROLE_ARN, authorizerType: 'AWS_IAM' });
      // The macro receives Properties, AuthorizerType included, and returns what deploys.
      if (!secure) gateway.addPropertyOverride('Fn::Transform', { Name: 'TeamMacro', Parameters: { mode: 'open' } });
      break;
    }
    case 'parameters': {
      // Three parameters that have nothing to do with authorization: 4 x 10 x 10 combinations.
      const team = new CfnParameter(stack, 'Team', { allowedValues: ['platform', 'data', 'ml', 'web'] });
      const env = new CfnParameter(stack, 'Env', { allowedValues: Array.from({ length: 10 }, (_, i) => `e${i}`) });
      const tier = new CfnParameter(stack, 'Tier', { allowedValues: Array.from({ length: 10 }, (_, i) => `t${i}`) });
      const openForWeb = new CfnCondition(stack, 'OpenForWeb', {
        expression: Fn.conditionAnd(Fn.conditionEquals(team.valueAsString, 'web'), Fn.conditionEquals(env.valueAsString, 'e3')),
      });
      new CfnGateway(stack, 'Gw', {
        name: Fn.sub('${Team}-${Env}-gw'),
        description: Fn.join(' ', ['Gateway of', team.valueAsString, 'tier', tier.valueAsString]),
        protocolType: 'MCP',
        roleArn: ROLE_ARN,
        // The secure twin is the false positive: a literal AWS_IAM. The insecure form depends on the parameters.
        authorizerType: secure ? 'AWS_IAM' : Fn.conditionIf(openForWeb.logicalId, 'NONE', 'AWS_IAM').toString(),
      });
      break;
    }
  }
}

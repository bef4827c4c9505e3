// Generates CDK apps of a given size for the benchmarks. Kept free of timing code so that the same
// generator serves every variant being compared.
import { App, CfnResource, NestedStack, Stack, Stage } from 'aws-cdk-lib';
import * as agentcore from 'aws-cdk-lib/aws-bedrockagentcore';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';

export interface GeneratedAppOptions {
  /** Resources in the whole app (approximately: rounded to whole stacks). */
  readonly resources: number;
  /** Top-level stacks (one more stack lives in a Stage). */
  readonly stacks: number;
  /** Output directory of the cloud assembly. */
  readonly outdir: string;
}

const ENV = { account: '111111111111', region: 'us-east-1' };

/**
 * An app shaped like a large organisation's: many stacks of ordinary resources, a secure
 * `CUSTOM_JWT` gateway in every stack, a NestedStack with a gateway in every fifth stack, and a Stage
 * with a stack of its own. Every gateway is secure, so a guard has to evaluate them all and still pass.
 */
export function generateApp(options: GeneratedAppOptions): { app: App; resourceCount: number } {
  const app = new App({ outdir: options.outdir, context: { '@aws-cdk/core:newStyleStackSynthesis': true } });
  const stageStacks = 1;
  const perStack = Math.max(10, Math.floor(options.resources / (options.stacks + stageStacks)));
  let resourceCount = 0;

  for (let s = 0; s < options.stacks; s++) {
    const stack = new Stack(app, `Service${s}`, { env: ENV });
    resourceCount += fill(stack, perStack);
    if (s % 5 === 0) {
      const nested = new NestedStack(stack, 'Tools');
      gateway(nested, 'NestedGateway');
      resourceCount += 2; // the nested gateway and the AWS::CloudFormation::Stack resource
    }
  }
  const stage = new Stage(app, 'Prod', { env: ENV });
  resourceCount += fill(new Stack(stage, 'ProdService', { env: ENV }), perStack);
  return { app, resourceCount };
}

/** `count` resources, one of them a gateway. Returns how many were created. */
function fill(scope: Construct, count: number): number {
  gateway(scope, 'Gateway');
  for (let i = 1; i < count; i++) {
    switch (i % 4) {
      case 0:
        new sqs.CfnQueue(scope, `Queue${i}`, { visibilityTimeout: 30, tags: [{ key: 'team', value: 'orders' }] });
        break;
      case 1:
        new sns.CfnTopic(scope, `Topic${i}`, { displayName: `topic-${i}` });
        break;
      case 2:
        new ssm.CfnParameter(scope, `Param${i}`, { type: 'String', value: `value-${i}` });
        break;
      default:
        new s3.CfnBucket(scope, `Bucket${i}`, { versioningConfiguration: { status: 'Enabled' } });
    }
  }
  return count;
}

function gateway(scope: Construct, id: string): CfnResource {
  return new agentcore.CfnGateway(scope, id, {
    name: `${id.toLowerCase()}-${Math.abs(hash(scope.node.path)) % 100000}`,
    protocolType: 'MCP',
    roleArn: 'arn:aws:iam::111111111111:role/gateway',
    authorizerType: 'CUSTOM_JWT',
    authorizerConfiguration: {
      customJwtAuthorizer: {
        discoveryUrl: 'https://id.example.com/.well-known/openid-configuration',
        allowedClients: ['client-1'],
      },
    },
  });
}

function hash(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) % 2_147_483_647;
  return h;
}

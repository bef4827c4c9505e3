import {
  Annotations,
  Stack,
  Token,
  aws_config as config,
  aws_events as events,
  aws_events_targets as targets,
  aws_sns as sns,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { GATEWAY_AUTHORIZER_MANAGED_RULE_REGIONS } from './managed-rule-regions';
import { GATEWAY_RESOURCE_TYPE } from '../engine/constants';
import { PropErrors } from '../engine/prop-errors';
import { AGW1 } from '../engine/rules';

/**
 * Properties of a `GatewayAuthorizerConfigRule`.
 */
export interface GatewayAuthorizerConfigRuleProps {
  /**
   * The name of the AWS Config rule.
   *
   * 1 to 128 characters. A fixed name makes the rule easy to find in the console, but two stacks
   * in the same account and region can then not both deploy it.
   *
   * @default - CloudFormation generates a unique name
   */
  readonly configRuleName?: string;

  /**
   * The description of the AWS Config rule.
   *
   * @default - a description that names the check and the remediation
   */
  readonly description?: string;

  /**
   * An SNS topic that receives a readable message each time a gateway becomes NON_COMPLIANT.
   *
   * The message names the gateway, the account and the region, and says how to fix the gateway.
   * For a topic defined in the same stack, the topic policy that lets EventBridge publish is added
   * for you. An imported topic needs that policy already, and a topic encrypted with a
   * customer-managed KMS key needs a key policy that lets `events.amazonaws.com` use the key.
   *
   * @default - no topic is notified
   */
  readonly notificationTopic?: sns.ITopic;

  /**
   * Further EventBridge targets (a Lambda function, an SQS queue, a Step Functions state machine,
   * another event bus, ...) that receive the raw "Config Rules Compliance Change" event each time a
   * gateway becomes NON_COMPLIANT.
   *
   * @default - no other target
   */
  readonly notificationTargets?: events.IRuleTarget[];
}

/**
 * Deploys the AWS Config managed rule `BEDROCKAGENTCORE_GATEWAY_AUTHORIZER_ENABLED`, which flags every
 * Amazon Bedrock AgentCore gateway in the account and region whose `AuthorizerType` is `NONE`, including
 * gateways made outside CDK (console, CLI, other pipelines). Optionally notifies an SNS topic or other
 * EventBridge targets when a gateway becomes non-compliant.
 *
 * The rule evaluates configuration items, so AWS Config must be recording
 * `AWS::BedrockAgentCore::Gateway` in the region (a configuration recorder that records all supported
 * resource types does). This construct does not create the recorder: it is one per account and region.
 *
 * The managed rule exists only in some regions (see `MANAGED_RULE_REGIONS`); in a stack whose region is
 * known and outside that list, the construct adds a warning.
 *
 * @see https://docs.aws.amazon.com/config/latest/developerguide/bedrockagentcore-gateway-authorizer-enabled.html
 */
export class GatewayAuthorizerConfigRule extends Construct {
  /**
   * The identifier of the AWS Config managed rule this construct deploys.
   */
  public static readonly MANAGED_RULE_IDENTIFIER = 'BEDROCKAGENTCORE_GATEWAY_AUTHORIZER_ENABLED';

  /**
   * The regions where the managed rule exists, as documented by AWS Config in November 2026.
   * AWS adds regions over time.
   */
  public static readonly MANAGED_RULE_REGIONS: string[] = [...GATEWAY_AUTHORIZER_MANAGED_RULE_REGIONS];

  /**
   * The AWS Config rule.
   */
  public readonly configRule: config.ManagedRule;

  /**
   * The name of the AWS Config rule.
   */
  public readonly configRuleName: string;

  /**
   * The ARN of the AWS Config rule.
   */
  public readonly configRuleArn: string;

  /**
   * The EventBridge rule that forwards non-compliance events, when a topic or a target was given.
   */
  public readonly notificationRule?: events.Rule;

  constructor(scope: Construct, id: string, props: GatewayAuthorizerConfigRuleProps = {}) {
    super(scope, id);

    const errors = new PropErrors();
    validateProps(props, errors);
    errors.throwIfAny('GatewayAuthorizerConfigRule', this.node.path);

    this.configRule = new config.ManagedRule(this, 'Rule', {
      identifier: GatewayAuthorizerConfigRule.MANAGED_RULE_IDENTIFIER,
      configRuleName: props.configRuleName,
      description:
        props.description ??
        // The managed rule checks what AGW1 checks; its fix is AGW1's, in the words that fit a description.
        `NON_COMPLIANT when an Amazon Bedrock AgentCore gateway has AuthorizerType NONE (a public endpoint). Fix: ${AGW1.briefFix}.`,
      ruleScope: config.RuleScope.fromResources([config.ResourceType.of(GATEWAY_RESOURCE_TYPE)]),
    });
    this.configRuleName = this.configRule.configRuleName;
    this.configRuleArn = this.configRule.configRuleArn;

    const ruleTargets: events.IRuleTarget[] = [];
    if (props.notificationTopic) {
      ruleTargets.push(new targets.SnsTopic(props.notificationTopic, { message: nonCompliantMessage() }));
    }
    ruleTargets.push(...(props.notificationTargets ?? []));

    if (ruleTargets.length > 0) {
      this.notificationRule = this.configRule.onComplianceChange('NonCompliant', {
        description: 'An Amazon Bedrock AgentCore gateway became NON_COMPLIANT: it has no inbound authorization.',
        eventPattern: {
          detail: {
            resourceType: [GATEWAY_RESOURCE_TYPE],
            newEvaluationResult: { complianceType: ['NON_COMPLIANT'] },
          },
        },
      });
      for (const target of ruleTargets) {
        this.notificationRule.addTarget(target);
      }
    }

    const region = Stack.of(this).region;
    if (!Token.isUnresolved(region) && !GATEWAY_AUTHORIZER_MANAGED_RULE_REGIONS.includes(region)) {
      Annotations.of(this).addWarningV2(
        'cdk-secure-agentcore-gateway:config-rule-region',
        `The AWS Config managed rule ${GatewayAuthorizerConfigRule.MANAGED_RULE_IDENTIFIER} is not documented in ` +
          `${region} (documented in: ${GATEWAY_AUTHORIZER_MANAGED_RULE_REGIONS.join(', ')}), so this stack may fail ` +
          'to deploy. Deploy the rule in a listed region, or audit this region with `npx agentcore-gateway-guard ' +
          `audit --region ${region}\`.`,
      );
    }
  }
}

function validateProps(props: GatewayAuthorizerConfigRuleProps, errors: PropErrors): void {
  const name = props.configRuleName;
  if (name !== undefined && !Token.isUnresolved(name)) {
    if (name.length < 1 || name.length > 128 || name.trim().length === 0) {
      errors.add('configRuleName', `'${name}' must be 1 to 128 characters and not blank (AWS Config limit)`, 'shorten it or leave it out to let CloudFormation generate one');
    }
  }
  const description = props.description;
  if (description !== undefined && !Token.isUnresolved(description) && description.length > 256) {
    errors.add('description', `is ${description.length} characters; AWS Config accepts at most 256`, 'shorten it');
  }
}

/** The SNS message: what happened, where, why it matters, how to fix it. */
function nonCompliantMessage(): events.RuleTargetInput {
  const gatewayId = events.EventField.fromPath('$.detail.resourceId');
  const account = events.EventField.fromPath('$.detail.awsAccountId');
  const region = events.EventField.fromPath('$.detail.awsRegion');
  const rule = events.EventField.fromPath('$.detail.configRuleName');
  return events.RuleTargetInput.fromText(
    `AWS Config rule ${rule}: Amazon Bedrock AgentCore gateway ${gatewayId} in account ${account}, region ${region}, ` +
      'is NON_COMPLIANT: its AuthorizerType is NONE, so anyone who reaches its URL can invoke its targets. ' +
      `Fix: ${AGW1.briefFix}, ` +
      `re-attach its targets (list them with: aws bedrock-agentcore-control list-gateway-targets --region ${region} ` +
      `--gateway-identifier ${gatewayId}), then delete the old gateway.`,
  );
}

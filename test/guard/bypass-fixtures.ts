// Apps that change what a gateway deploys after construct validation, or outside the construct tree the
// guard sees: the classes of bypass the written-assembly verdict closes. Each takes `secure`, which gives
// its twin: the same mechanism ending in a secure gateway. Used in process (written-assembly.test.ts) and
// by the real CDK CLI (apps/bypass-app.ts).
import { App, attachCustomSynthesis, CfnElement, CfnResource, DefaultStackSynthesizer, ISynthesisSession, Stack, Stage } from 'aws-cdk-lib';
import { CfnGateway } from 'aws-cdk-lib/aws-bedrockagentcore';
import { Construct } from 'constructs';
import { cfnGateway, ENV, ROLE_ARN } from './app-fixtures';

const GATEWAY_TYPE = 'AWS::BedrockAgentCore::Gateway';

function authorizerType(secure: boolean): string {
  return secure ? 'AWS_IAM' : 'NONE';
}

/** The CloudFormation of a gateway as a template holds it. */
function gatewayResource(secure: boolean) {
  return { Type: GATEWAY_TYPE, Properties: { Name: 'injected', ProtocolType: 'MCP', RoleArn: ROLE_ARN, AuthorizerType: authorizerType(secure) } };
}

/** A stack synthesizer that changes every gateway of its stack while it synthesizes the stack. */
class MutatingSynthesizer extends DefaultStackSynthesizer {
  constructor(private readonly secure: boolean) {
    super();
  }

  public synthesize(session: ISynthesisSession): void {
    for (const c of this.boundStack.node.findAll()) {
      if (c instanceof CfnGateway) c.addPropertyOverride('AuthorizerType', authorizerType(this.secure));
    }
    super.synthesize(session);
  }
}

/** A stack whose rendering adds a gateway that no construct holds. */
class InjectingStack extends Stack {
  constructor(scope: Construct, id: string, private readonly secure: boolean) {
    super(scope, id, { env: ENV });
  }

  // Overrides Stack._toCloudFormation() (@internal): what the stack writes as its template.
  public _toCloudFormation(): any {
    const template = (Stack.prototype as any)._toCloudFormation.call(this);
    template.Resources = { ...template.Resources, Injected: gatewayResource(this.secure) };
    return template;
  }
}

/** A resource made as an SNS topic whose rendering is a gateway. */
class DisguisedResource extends CfnResource {
  constructor(scope: Construct, id: string, private readonly secure: boolean) {
    super(scope, id, { type: 'AWS::SNS::Topic' });
  }

  public _toCloudFormation(): object {
    return { Resources: { [this.logicalId]: gatewayResource(this.secure) } };
  }
}

/** A template element (not a resource) whose rendering adds a gateway. */
class RawElement extends CfnElement {
  constructor(scope: Construct, id: string, private readonly secure: boolean) {
    super(scope, id);
  }

  public _toCloudFormation(): object {
    return { Resources: { [this.logicalId]: gatewayResource(this.secure) } };
  }
}

/** Each bypass, by name: adds it to `app`, with an insecure gateway, or with a secure one for the twin. */
export const BYPASSES: { readonly [name: string]: (app: App, secure: boolean) => void } = {
  // A synthesis hook (runs during synthesizeTree, after validation) that sets the authorizer type.
  'synthesis-hook': (app, secure) => {
    const s = new Stack(app, 'Hooked', { env: ENV });
    const gateway = cfnGateway(s, 'Gw');
    attachCustomSynthesis(new Construct(s, 'Hook'), {
      onSynthesize: () => gateway.addPropertyOverride('AuthorizerType', authorizerType(secure)),
    });
  },
  // A custom stack synthesizer that mutates resources in synthesize().
  'stack-synthesizer': (app, secure) => {
    cfnGateway(new Stack(app, 'Mutated', { env: ENV, synthesizer: new MutatingSynthesizer(secure) }), 'Gw');
  },
  // A Stack subclass whose rendering emits a gateway.
  'stack-subclass': (app, secure) => {
    new InjectingStack(app, 'Injecting', secure);
  },
  // A CfnResource subclass created as another type whose rendering emits a gateway.
  'disguised-resource': (app, secure) => {
    new DisguisedResource(new Stack(app, 'Disguised', { env: ENV }), 'Topic', secure);
  },
  // A CfnElement subclass whose rendering emits a gateway.
  'raw-element': (app, secure) => {
    new RawElement(new Stack(app, 'Raw', { env: ENV }), 'Element', secure);
  },
  // A Stage created and synthesized during synthesis (aspects and validation are over by then).
  'late-stage': (app, secure) => {
    attachCustomSynthesis(new Construct(new Stack(app, 'Trigger', { env: ENV }), 'Hook'), {
      onSynthesize: () => {
        const late = new Stage(app, 'Late', { env: ENV });
        cfnGateway(new Stack(late, 'Api'), 'Gw', { authorizerType: authorizerType(secure), authorizerConfiguration: undefined });
        late.synth();
      },
    });
  },
};

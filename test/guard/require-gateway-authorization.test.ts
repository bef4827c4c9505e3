// Before the alpha module loads: its deprecation warnings are expected here (see the module).
import '../support/quiet-alpha-deprecations';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as alpha from '@aws-cdk/aws-bedrock-agentcore-alpha';
import { App, AspectPriority, Aspects, CfnCondition, CfnMapping, CfnParameter, CfnResource, Fn, IAspect, NestedStack, Stack, Stage } from 'aws-cdk-lib';
import { Gateway, GatewayAuthorizer, CfnGateway, CfnGatewayProps, CfnResourcePolicy } from 'aws-cdk-lib/aws-bedrockagentcore';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import { CfnInclude } from 'aws-cdk-lib/cloudformation-include';
import * as pipelines from 'aws-cdk-lib/pipelines';
import { Construct, IConstruct } from 'constructs';
import {
  cfnGateway,
  ENV,
  failures,
  findingText,
  flatFindings,
  genericGateway,
  guardedApp,
  publicGateway,
  ROLE_ARN,
  stack,
  synthError,
  synthReport,
} from './app-fixtures';
import { GatewayAuthorization, SecureAgentCoreGateway } from '../../src/gateway';
import { RequireGatewayAuthorization } from '../../src/guard';
import { DISCOVERY_URL } from '../engine/fixtures';

function verdicts(app: App): Array<[string, string]> {
  return synthReport(app).gateways.map((g: any) => [g.constructPath, g.verdict]);
}

describe('RequireGatewayAuthorization', () => {
  describe('1. L1 CfnGateway', () => {
    test('GIVEN AuthorizerType NONE WHEN synthesized THEN synthesis fails with AGW1 at the construct path', () => {
      const app = guardedApp();
      publicGateway(stack(app), 'Open');
      expect(failures(app)).toEqual([['AGW1', 'Stack/Open']]);
    });

    test('GIVEN CUSTOM_JWT and AWS_IAM WHEN synthesized THEN it passes and both are reported compliant', () => {
      const app = guardedApp();
      const s = stack(app);
      cfnGateway(s, 'Jwt');
      cfnGateway(s, 'Iam', { authorizerType: 'AWS_IAM', authorizerConfiguration: undefined });
      expect(verdicts(app)).toEqual([
        ['Stack/Jwt', 'COMPLIANT'],
        ['Stack/Iam', 'COMPLIANT'],
      ]);
    });
  });

  describe('2. aws-cdk-lib L2 Gateway', () => {
    test('GIVEN GatewayAuthorizer.withNoAuth() WHEN synthesized THEN synthesis fails (the L2 only warns)', () => {
      const app = guardedApp();
      new Gateway(stack(app), 'Gw', { gatewayName: 'open', authorizerConfiguration: GatewayAuthorizer.withNoAuth() });
      expect(failures(app)).toEqual([['AGW1', 'Stack/Gw/Resource']]);
    });

    test('GIVEN usingAwsIam, usingCustomJwt with clients, and the default Cognito authorizer WHEN synthesized THEN it passes', () => {
      const app = guardedApp();
      const s = stack(app);
      new Gateway(s, 'Iam', { gatewayName: 'iam', authorizerConfiguration: GatewayAuthorizer.usingAwsIam() });
      new Gateway(s, 'Jwt', {
        gatewayName: 'jwt',
        authorizerConfiguration: GatewayAuthorizer.usingCustomJwt({ discoveryUrl: DISCOVERY_URL, allowedClients: ['c1'] }),
      });
      new Gateway(s, 'Default', { gatewayName: 'default' });
      expect(verdicts(app)).toEqual([
        ['Stack/Iam/Resource', 'COMPLIANT'],
        ['Stack/Jwt/Resource', 'COMPLIANT'],
        ['Stack/Default/Resource', 'COMPLIANT'],
      ]);
    });

    test('GIVEN the alpha module\'s Gateway with withNoAuth() WHEN synthesized THEN synthesis fails too', () => {
      const app = guardedApp();
      new alpha.Gateway(stack(app), 'AlphaGw', { gatewayName: 'alpha-open', authorizerConfiguration: alpha.GatewayAuthorizer.withNoAuth() });
      expect(failures(app)).toEqual([['AGW1', 'Stack/AlphaGw/Resource']]);
    });

    test('GIVEN the alpha module\'s Gateway with usingAwsIam() WHEN synthesized THEN it passes', () => {
      const app = guardedApp();
      new alpha.Gateway(stack(app), 'AlphaGw', { gatewayName: 'alpha-iam', authorizerConfiguration: alpha.GatewayAuthorizer.usingAwsIam() });
      expect(verdicts(app)).toEqual([['Stack/AlphaGw/Resource', 'COMPLIANT']]);
    });

    test('GIVEN SecureAgentCoreGateway in every mode WHEN synthesized THEN every gateway is compliant (no false positive)', () => {
      const app = guardedApp();
      const s = stack(app);
      new SecureAgentCoreGateway(s, 'Cognito').addClient('Second');
      new SecureAgentCoreGateway(s, 'Iam', { authorization: GatewayAuthorization.awsIam() });
      new SecureAgentCoreGateway(s, 'Oidc', { authorization: GatewayAuthorization.customJwt({ discoveryUrl: DISCOVERY_URL, allowedAudience: ['api'] }) });
      expect(verdicts(app)).toEqual([
        ['Stack/Cognito/JwtGateway/Resource', 'COMPLIANT'],
        ['Stack/Iam/IamGateway/Resource', 'COMPLIANT'],
        ['Stack/Oidc/JwtGateway/Resource', 'COMPLIANT'],
      ]);
    });

    test('GIVEN usingCognito({ userPool }) without clients, scopes or audience WHEN synthesized THEN AGW6 (accepts any token of the pool)', () => {
      const app = guardedApp();
      const s = stack(app);
      const userPool = new cognito.UserPool(s, 'Pool');
      new Gateway(s, 'Gw', { gatewayName: 'gw', authorizerConfiguration: GatewayAuthorizer.usingCognito({ userPool }) });
      expect(failures(app)).toEqual([['AGW6', 'Stack/Gw/Resource']]);
    });

    test('GIVEN usingCognito with an app client WHEN synthesized THEN it passes', () => {
      const app = guardedApp();
      const s = stack(app);
      const userPool = new cognito.UserPool(s, 'Pool');
      const client = userPool.addClient('Client');
      new Gateway(s, 'Gw', { gatewayName: 'gw', authorizerConfiguration: GatewayAuthorizer.usingCognito({ userPool, allowedClients: [client] }) });
      expect(verdicts(app)).toEqual([['Stack/Gw/Resource', 'COMPLIANT']]);
    });
  });

  describe('3. escape hatches', () => {
    test.each([
      ['addPropertyOverride AuthorizerType NONE', 'AGW1', (g: CfnGateway) => g.addPropertyOverride('AuthorizerType', 'NONE')],
      ['addOverride Properties.AuthorizerType NONE', 'AGW1', (g: CfnGateway) => g.addOverride('Properties.AuthorizerType', 'NONE')],
      ['addOverride Properties.AuthorizerType to a parameter-free token', 'AGW2', (g: CfnGateway) => g.addOverride('Properties.AuthorizerType', Fn.importValue('AuthType'))],
      ['addDeletionOverride of AuthorizerType', 'AGW2', (g: CfnGateway) => g.addDeletionOverride('Properties.AuthorizerType')],
      ['addPropertyDeletionOverride of the JWT configuration', 'AGW4', (g: CfnGateway) => g.addPropertyDeletionOverride('AuthorizerConfiguration.CustomJWTAuthorizer')],
      ['addDeletionOverride of the whole AuthorizerConfiguration', 'AGW4', (g: CfnGateway) => g.addDeletionOverride('Properties.AuthorizerConfiguration')],
      ['addPropertyOverride of the discovery URL to http', 'AGW5', (g: CfnGateway) => g.addPropertyOverride('AuthorizerConfiguration.CustomJWTAuthorizer.DiscoveryUrl', 'http://idp/.well-known/openid-configuration')],
    ])('GIVEN a secure CfnGateway WHEN %s THEN synthesis fails with %s (typed getters do not see it)', (_, rule, hatch) => {
      const app = guardedApp();
      const gw = cfnGateway(stack(app), 'Gw');
      hatch(gw);
      expect(gw.authorizerType).toBe('CUSTOM_JWT');
      expect(failures(app)).toEqual([[rule, 'Stack/Gw']]);
    });

    test('GIVEN an L2 withNoAuth gateway WHEN an override makes it AWS_IAM THEN it passes', () => {
      const app = guardedApp();
      const gw = new Gateway(stack(app), 'Gw', { gatewayName: 'gw', authorizerConfiguration: GatewayAuthorizer.withNoAuth() });
      (gw.node.defaultChild as CfnGateway).addPropertyOverride('AuthorizerType', 'AWS_IAM');
      expect(verdicts(app)).toEqual([['Stack/Gw/Resource', 'COMPLIANT']]);
    });

    test('GIVEN a NONE CfnGateway WHEN an override adds a complete JWT authorizer THEN it passes', () => {
      const app = guardedApp();
      const gw = publicGateway(stack(app), 'Gw');
      gw.addPropertyOverride('AuthorizerType', 'CUSTOM_JWT');
      gw.addPropertyOverride('AuthorizerConfiguration.CustomJWTAuthorizer', { DiscoveryUrl: DISCOVERY_URL, AllowedScopes: ['a/b'] });
      expect(verdicts(app)).toEqual([['Stack/Gw', 'COMPLIANT']]);
    });
  });

  describe('4. generic CfnResource and Type overrides', () => {
    test('GIVEN a CfnResource of the gateway type with NONE WHEN synthesized THEN synthesis fails', () => {
      const app = guardedApp();
      genericGateway(stack(app), 'Gw', { AuthorizerType: 'NONE' });
      expect(failures(app)).toEqual([['AGW1', 'Stack/Gw']]);
    });

    test('GIVEN a resource of another type WHEN its Type is overridden to the gateway type THEN it is checked', () => {
      const app = guardedApp();
      const r = new CfnResource(stack(app), 'Disguised', { type: 'AWS::SSM::Parameter', properties: { AuthorizerType: 'NONE' } });
      r.addOverride('Type', 'AWS::BedrockAgentCore::Gateway');
      expect(failures(app)).toEqual([['AGW1', 'Stack/Disguised']]);
    });

    test('GIVEN secure generic and disguised gateways, and a NONE CfnGateway whose Type is overridden away WHEN synthesized THEN it passes', () => {
      const app = guardedApp();
      const s = stack(app);
      genericGateway(s, 'Generic', { AuthorizerType: 'AWS_IAM' });
      const r = new CfnResource(s, 'Disguised', { type: 'AWS::SSM::Parameter', properties: { AuthorizerType: 'AWS_IAM' } });
      r.addOverride('Type', 'AWS::BedrockAgentCore::Gateway');
      publicGateway(s, 'NotAGateway').addOverride('Type', 'AWS::BedrockAgentCore::GatewayTarget');
      expect(verdicts(app)).toEqual([
        ['Stack/Generic', 'COMPLIANT'],
        ['Stack/Disguised', 'COMPLIANT'],
      ]);
    });
  });

  describe('5. CfnInclude', () => {
    function include(authorizerType: any, extra: any = {}) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guard-include-'));
      const file = path.join(dir, 'template.json');
      fs.writeFileSync(
        file,
        JSON.stringify({
          ...extra,
          Resources: {
            LegacyGateway: { Type: 'AWS::BedrockAgentCore::Gateway', Properties: { Name: 'legacy', ProtocolType: 'MCP', RoleArn: ROLE_ARN, AuthorizerType: authorizerType } },
          },
        }),
      );
      const app = guardedApp();
      new CfnInclude(stack(app), 'Legacy', { templateFile: file });
      return app;
    }

    test('GIVEN an included template with a NONE gateway WHEN synthesized THEN synthesis fails', () => {
      expect(failures(include('NONE'))).toEqual([['AGW1', 'Stack/Legacy/LegacyGateway']]);
    });

    test('GIVEN an included template whose parameter allows NONE WHEN synthesized THEN synthesis fails', () => {
      const app = include({ Ref: 'Auth' }, { Parameters: { Auth: { Type: 'String', AllowedValues: ['AWS_IAM', 'NONE'] } } });
      expect(failures(app)).toEqual([['AGW1', 'Stack/Legacy/LegacyGateway']]);
    });

    test('GIVEN an included AWS_IAM gateway, or a parameter restricted to AWS_IAM WHEN synthesized THEN it passes', () => {
      expect(verdicts(include('AWS_IAM'))).toEqual([['Stack/Legacy/LegacyGateway', 'COMPLIANT']]);
      const app = include({ Ref: 'Auth' }, { Parameters: { Auth: { Type: 'String', AllowedValues: ['AWS_IAM'] } } });
      expect(verdicts(app)).toEqual([['Stack/Legacy/LegacyGateway', 'COMPLIANT']]);
    });
  });

  describe('6. NestedStack', () => {
    test('GIVEN a NONE gateway in a NestedStack (two levels deep) WHEN synthesized THEN synthesis fails', () => {
      const app = guardedApp();
      const inner = new NestedStack(new NestedStack(stack(app), 'Outer'), 'Inner');
      publicGateway(inner, 'Open');
      expect(failures(app)).toEqual([['AGW1', 'Stack/Outer/Inner/Open']]);
    });

    test('GIVEN a secure gateway in a NestedStack WHEN synthesized THEN it passes', () => {
      const app = guardedApp();
      cfnGateway(new NestedStack(stack(app), 'Nested'), 'Secure');
      expect(verdicts(app)).toEqual([['Stack/Nested/Secure', 'COMPLIANT']]);
    });
  });

  describe('7. Stages, nested Stages and CDK Pipelines', () => {
    class ApiStage extends Stage {
      public readonly gateway: CfnGateway;
      constructor(scope: Construct, id: string, secure: boolean) {
        super(scope, id, { env: ENV });
        const s = new Stack(this, 'Api');
        this.gateway = secure ? cfnGateway(s, 'Gw') : publicGateway(s, 'Gw');
        cfnGateway(new NestedStack(s, 'Tools'), secure ? 'ToolsGw' : 'ToolsGw', secure ? {} : { authorizerType: 'NONE', authorizerConfiguration: undefined });
      }
    }

    test('GIVEN the guard applied to the App before Stages exist WHEN a Stage and a nested Stage hold NONE gateways THEN synthesis fails for all', () => {
      const app = guardedApp();
      const prod = new ApiStage(app, 'Prod', false);
      new ApiStage(prod, 'Canary', false);
      expect(failures(app)).toEqual([
        ['AGW1', 'Prod/Api/Gw'],
        ['AGW1', 'Prod/Api/Tools/ToolsGw'],
        ['AGW1', 'Prod/Canary/Api/Gw'],
        ['AGW1', 'Prod/Canary/Api/Tools/ToolsGw'],
      ]);
    });

    test('GIVEN secure Stages and nested Stages WHEN synthesized THEN it passes and the report lists them', () => {
      const app = guardedApp();
      const prod = new ApiStage(app, 'Prod', true);
      new ApiStage(prod, 'Canary', true);
      expect(verdicts(app)).toEqual([
        ['Prod/Api/Gw', 'COMPLIANT'],
        ['Prod/Api/Tools/ToolsGw', 'COMPLIANT'],
        ['Prod/Canary/Api/Gw', 'COMPLIANT'],
        ['Prod/Canary/Api/Tools/ToolsGw', 'COMPLIANT'],
      ]);
    });

    test('GIVEN the guard applied to a Stage only WHEN that Stage holds a NONE gateway THEN synthesis fails', () => {
      const app = new App();
      const prod = new ApiStage(app, 'Prod', false);
      Aspects.of(prod).add(new RequireGatewayAuthorization());
      expect(failures(app)).toEqual([
        ['AGW1', 'Prod/Api/Gw'],
        ['AGW1', 'Prod/Api/Tools/ToolsGw'],
      ]);
    });

    function pipeline(app: App) {
      const s = new Stack(app, 'Pipeline', { env: ENV });
      return new pipelines.CodePipeline(s, 'Pipeline', {
        synth: new pipelines.ShellStep('Synth', { input: pipelines.CodePipelineSource.gitHub('org/repo', 'main'), commands: ['npx cdk synth'] }),
      });
    }

    test('GIVEN a CDK Pipelines stage (synthesized at addStage, before any App aspect) WHEN it holds a NONE gateway THEN synthesis fails', () => {
      const app = guardedApp();
      pipeline(app).addStage(new ApiStage(app, 'Prod', false));
      expect(failures(app)).toEqual([
        ['AGW1', 'Prod/Api/Gw'],
        ['AGW1', 'Prod/Api/Tools/ToolsGw'],
      ]);
    });

    test('GIVEN a secure CDK Pipelines stage WHEN synthesized THEN it passes', () => {
      const app = guardedApp();
      pipeline(app).addStage(new ApiStage(app, 'Prod', true));
      expect(verdicts(app)).toEqual([
        ['Prod/Api/Gw', 'COMPLIANT'],
        ['Prod/Api/Tools/ToolsGw', 'COMPLIANT'],
      ]);
    });

    test('GIVEN a pipeline stage fixed after addStage WHEN synthesized THEN the deployed (first) template still fails', () => {
      const app = guardedApp();
      const stage = new ApiStage(app, 'Prod', false);
      pipeline(app).addStage(stage);
      stage.gateway.addPropertyOverride('AuthorizerType', 'AWS_IAM');
      expect(failures(app)).toContainEqual(['AGW1', 'Prod/Api/Gw']);
    });
  });

  describe('8. values not known at synth time', () => {
    function withAuthorizerType(build: (s: Stack) => any, props: any = {}) {
      const app = guardedApp();
      const s = stack(app);
      cfnGateway(s, 'Gw', { authorizerType: build(s), ...props });
      return app;
    }

    test('GIVEN a CfnParameter without AllowedValues WHEN synthesized THEN AGW2 says why', () => {
      const app = withAuthorizerType((s) => new CfnParameter(s, 'AuthType', { default: 'CUSTOM_JWT' }).valueAsString);
      expect(findingText(app)).toMatch(/\[AGW2\] Stack\/Gw .*AuthorizerType cannot be proven at synth time: Ref AuthType: parameter AuthType has no AllowedValues/);
    });

    test('GIVEN a CfnParameter whose AllowedValues include NONE WHEN synthesized THEN AGW1 names the value', () => {
      const app = withAuthorizerType((s) => new CfnParameter(s, 'AuthType', { allowedValues: ['CUSTOM_JWT', 'NONE'] }).valueAsString);
      expect(findingText(app)).toMatch(/\[AGW1\] Stack\/Gw .*When parameter AuthType = 'NONE': AuthorizerType is NONE\./);
    });

    test('GIVEN a CfnParameter whose AllowedValues exclude NONE WHEN synthesized THEN it passes', () => {
      const app = withAuthorizerType((s) => new CfnParameter(s, 'AuthType', { allowedValues: ['CUSTOM_JWT'] }).valueAsString);
      expect(verdicts(app)).toEqual([['Stack/Gw', 'COMPLIANT']]);
    });

    test('GIVEN Fn::If with a NONE branch WHEN synthesized THEN synthesis fails naming the condition', () => {
      const app = withAuthorizerType((s) => {
        const isProd = new CfnCondition(s, 'IsProd', { expression: Fn.conditionEquals(new CfnParameter(s, 'Env').valueAsString, 'prod') });
        return Fn.conditionIf(isProd.logicalId, 'CUSTOM_JWT', 'NONE').toString();
      });
      expect(findingText(app)).toMatch(/\[AGW1\] Stack\/Gw .*When condition IsProd is false: AuthorizerType is NONE\./);
    });

    test('GIVEN Fn::If whose every branch is safe WHEN synthesized THEN it passes', () => {
      const app = guardedApp();
      const s = stack(app);
      const isProd = new CfnCondition(s, 'IsProd', { expression: Fn.conditionEquals(new CfnParameter(s, 'Env').valueAsString, 'prod') });
      const gw = cfnGateway(s, 'Gw', { authorizerType: Fn.conditionIf(isProd.logicalId, 'CUSTOM_JWT', 'AWS_IAM').toString() });
      gw.addPropertyOverride('AuthorizerConfiguration', Fn.conditionIf(isProd.logicalId, { CustomJWTAuthorizer: { DiscoveryUrl: DISCOVERY_URL, AllowedClients: ['c'] } }, Fn.ref('AWS::NoValue')));
      expect(verdicts(app)).toEqual([['Stack/Gw', 'COMPLIANT']]);
    });

    test('GIVEN Fn::FindInMap WHEN an entry of the map is NONE THEN synthesis fails; WHEN none is THEN it passes', () => {
      const mapped = (types: { [region: string]: string }) =>
        withAuthorizerType((s) => {
          const map = new CfnMapping(s, 'Auth', { mapping: Object.fromEntries(Object.entries(types).map(([r, t]) => [r, { Type: t }])) });
          return map.findInMap(Fn.ref('AWS::Region'), 'Type');
        }, { authorizerConfiguration: undefined });
      expect(flatFindings(synthError(mapped({ 'eu-west-1': 'AWS_IAM', 'us-east-1': 'NONE' }))).join('\n')).toMatch(/\[AGW1\] Stack\/Gw .*When Ref AWS::Region = 'us-east-1' in mapping Auth/);
      expect(verdicts(mapped({ 'eu-west-1': 'AWS_IAM', 'us-east-1': 'AWS_IAM' }))).toEqual([['Stack/Gw', 'COMPLIANT']]);
    });

    test.each([
      ['Fn::ImportValue', () => Fn.importValue('SharedAuthType'), /Fn::ImportValue SharedAuthType: the value is exported by another stack/],
      ['a dynamic reference', () => '{{resolve:ssm:/gateway/auth-type}}', /\{\{resolve:ssm:\/gateway\/auth-type\}\}: a dynamic reference is resolved by CloudFormation at deploy time/],
      ['Fn::GetAtt', () => Fn.getAtt('Other', 'Value').toString(), /Fn::GetAtt Other\.Value: a resource attribute is only known at deploy time/],
      ['an intrinsic the guard does not evaluate', () => Fn.base64('AWS_IAM'), /the guard does not evaluate Fn::Base64/],
    ])('GIVEN %s as the AuthorizerType WHEN synthesized THEN AGW2 says why', (_, value, reason) => {
      const app = withAuthorizerType(() => value());
      expect(findingText(app)).toMatch(new RegExp(`\\[AGW2\\] Stack/Gw .*${reason.source}`));
    });

    test('GIVEN a cross-stack reference as the discovery URL WHEN synthesized THEN AGW5 says it cannot be proven', () => {
      const app = guardedApp();
      const producer = stack(app, 'Producer');
      const value = new CfnResource(producer, 'Url', { type: 'AWS::SSM::Parameter', properties: { Type: 'String', Value: DISCOVERY_URL } });
      cfnGateway(stack(app, 'Consumer'), 'Gw', {
        authorizerConfiguration: { customJwtAuthorizer: { discoveryUrl: value.getAtt('Value').toString(), allowedClients: ['c'] } },
      });
      expect(findingText(app)).toMatch(/\[AGW5\] Consumer\/Gw .*DiscoveryUrl cannot be proven to be https: Fn::ImportValue/);
    });
  });

  describe('9. CUSTOM_JWT that protects nothing', () => {
    test.each([
      ['no authorizer configuration', 'AGW4', undefined],
      ['an http discovery URL', 'AGW5', { customJwtAuthorizer: { discoveryUrl: 'http://idp.example.com/.well-known/openid-configuration', allowedClients: ['c'] } }],
      ['a discovery URL that is not the OpenID document', 'AGW5', { customJwtAuthorizer: { discoveryUrl: 'https://idp.example.com/jwks.json', allowedClients: ['c'] } }],
      ['no audience, clients, scopes or claims', 'AGW6', { customJwtAuthorizer: { discoveryUrl: DISCOVERY_URL } }],
      ['empty lists', 'AGW6', { customJwtAuthorizer: { discoveryUrl: DISCOVERY_URL, allowedClients: [], allowedScopes: [], allowedAudience: [] } }],
    ])('GIVEN CUSTOM_JWT with %s WHEN synthesized THEN synthesis fails with %s', (_, rule, authorizerConfiguration) => {
      const app = guardedApp();
      cfnGateway(stack(app), 'Gw', { authorizerConfiguration });
      expect(failures(app)).toEqual([[rule, 'Stack/Gw']]);
    });

    test.each([
      ['audience', { allowedAudience: ['api://gateway'] }],
      ['clients', { allowedClients: ['client'] }],
      ['scopes', { allowedScopes: ['gateway/invoke'] }],
      ['custom claims', { customClaims: [{ inboundTokenClaimName: 'dept', inboundTokenClaimValueType: 'STRING', authorizingClaimMatchValue: { claimMatchOperator: 'EQUALS', claimMatchValue: { matchValueString: 'x' } } }] }],
    ])('GIVEN CUSTOM_JWT with an https discovery URL and %s WHEN synthesized THEN it passes', (_, restriction) => {
      const app = guardedApp();
      cfnGateway(stack(app), 'Gw', { authorizerConfiguration: { customJwtAuthorizer: { discoveryUrl: DISCOVERY_URL, ...restriction } } });
      expect(verdicts(app)).toEqual([['Stack/Gw', 'COMPLIANT']]);
    });
  });

  describe('10. authorizer types the guard does not know', () => {
    test('GIVEN a type AgentCore may add later WHEN not allowed THEN synthesis fails with AGW3', () => {
      const app = guardedApp();
      cfnGateway(stack(app), 'Gw', { authorizerType: 'FUTURE_TYPE' });
      expect(failures(app)).toEqual([['AGW3', 'Stack/Gw']]);
    });

    test('GIVEN a type AgentCore may add later WHEN the guard allows it THEN it passes', () => {
      const app = guardedApp({ additionalAllowedAuthorizerTypes: ['FUTURE_TYPE'] });
      cfnGateway(stack(app), 'Gw', { authorizerType: 'FUTURE_TYPE' });
      expect(synthReport(app).gateways).toEqual([expect.objectContaining({ constructPath: 'Stack/Gw', authorization: 'FUTURE_TYPE', verdict: 'COMPLIANT' })]);
    });

    test('GIVEN AUTHENTICATE_ONLY in additionalAllowedAuthorizerTypes WHEN constructed THEN it throws, pointing to the option that requires an enforcing policy engine', () => {
      expect(() => new RequireGatewayAuthorization({ additionalAllowedAuthorizerTypes: ['AUTHENTICATE_ONLY'] })).toThrow(
        /^RequireGatewayAuthorization has 1 invalid property:\n {2}- additionalAllowedAuthorizerTypes\[0\]: must not be 'AUTHENTICATE_ONLY': .*policy engine in ENFORCE mode.*Fix: remove it and set allowAuthenticateOnlyWithEnforcedPolicyEngine: true/,
      );
    });

    test('GIVEN NONE in additionalAllowedAuthorizerTypes or a malformed type or report name WHEN constructed THEN it throws naming each problem', () => {
      expect(() => new RequireGatewayAuthorization({ additionalAllowedAuthorizerTypes: ['NONE', 'bad type'], reportFileName: '../x' })).toThrow(
        /^RequireGatewayAuthorization has 3 invalid properties:\n {2}- additionalAllowedAuthorizerTypes\[0\]: must not be 'NONE'.*Fix: .*exempt\(\)\n {2}- additionalAllowedAuthorizerTypes\[1\]: 'bad type' is not an authorizer type.*Fix: .*\n {2}- reportFileName: '\.\.\/x' must be a plain file name.*Fix: /,
      );
    });
  });

  describe('11. order: the final state after every aspect', () => {
    class Override implements IAspect {
      constructor(private readonly value: string) {}
      public visit(node: IConstruct): void {
        if (node instanceof CfnGateway) node.addPropertyOverride('AuthorizerType', this.value);
      }
    }

    describe.each([true, false])('with @aws-cdk/core:aspectStabilization %s', (stabilization) => {
      const context = { '@aws-cdk/core:aspectStabilization': stabilization };

      test('GIVEN a MUTATING aspect that makes a gateway public WHEN the guard runs at READONLY THEN synthesis fails', () => {
        const app = new App({ context });
        RequireGatewayAuthorization.applyTo(app);
        Aspects.of(app).add(new Override('NONE'), { priority: AspectPriority.MUTATING });
        cfnGateway(stack(app), 'Gw', { authorizerType: 'AWS_IAM', authorizerConfiguration: undefined });
        expect(failures(app)).toEqual([['AGW1', 'Stack/Gw']]);
      });

      test('GIVEN an aspect added after the guard, at a later priority, that makes a gateway public WHEN synthesized THEN synthesis still fails', () => {
        const app = new App({ context });
        Aspects.of(app).add(new RequireGatewayAuthorization());
        Aspects.of(stack(app)).add(new Override('NONE'), { priority: AspectPriority.READONLY + 1 });
        cfnGateway(app.node.findChild('Stack') as Stack, 'Gw', { authorizerType: 'AWS_IAM', authorizerConfiguration: undefined });
        expect(failures(app)).toEqual([['AGW1', 'Stack/Gw']]);
      });

      test('GIVEN a MUTATING aspect that secures a public gateway WHEN synthesized THEN it passes', () => {
        const app = new App({ context });
        RequireGatewayAuthorization.applyTo(app);
        Aspects.of(app).add(new Override('AWS_IAM'), { priority: AspectPriority.MUTATING });
        publicGateway(stack(app), 'Gw');
        expect(verdicts(app)).toEqual([['Stack/Gw', 'COMPLIANT']]);
      });
    });
  });

  test('GIVEN failing gateways in a Stack, a NestedStack and a Stage WHEN app.synth() THEN one error lists every offending path', () => {
    const app = guardedApp();
    const s = stack(app);
    publicGateway(s, 'A');
    cfnGateway(s, 'B', { authorizerConfiguration: { customJwtAuthorizer: { discoveryUrl: DISCOVERY_URL } } });
    publicGateway(new NestedStack(s, 'N'), 'C');
    publicGateway(new Stack(new Stage(app, 'Prod'), 'Api'), 'D');
    const message = synthError(app);
    // One headline, named by the guard: `[RequireGatewayAuthorization] 4 ...` (CDK's validation error list) or
    // `RequireGatewayAuthorization: 4 ...`; never after an empty `[]` construct path.
    expect(message).toMatch(/RequireGatewayAuthorization(\]|:) 4 AgentCore gateways would deploy without enforced inbound authorization:\n/);
    expect(message).not.toMatch(/\[\]/);
    expect(message).toMatch(/\n {4}Why each rule matters, and every gateway checked, in the report:\n {6}\S*agentcore-gateway-authorization\.json \(and SARIF next to it\)$/);
    expect(failures(app).map(([, p]) => p)).toEqual(['Stack/A', 'Stack/B', 'Stack/N/C', 'Prod/Api/D']);
  });

  test('GIVEN no gateway at all WHEN synthesized THEN it passes with an empty report', () => {
    const app = guardedApp();
    new CfnResource(stack(app), 'Bucket', { type: 'AWS::S3::Bucket' });
    expect(synthReport(app).summary).toEqual({ gateways: 0, compliant: 0, nonCompliant: 0, exempt: 0 });
  });

  test('GIVEN a construct tree outside any App WHEN the guard visits it THEN it says why it cannot work', () => {
    const root = new Construct(undefined as any, '');
    const guard = new RequireGatewayAuthorization();
    Aspects.of(root).add(guard);
    expect(() => guard.visit(root)).toThrow(/is not inside an App or Stage, so there is no synthesis to check/);
  });

  describe('12. AUTHENTICATE_ONLY (AGW8)', () => {
    const ENGINE_ARN = 'arn:aws:bedrock-agentcore:eu-west-1:111111111111:policy-engine/orders-abc123';
    const authenticateOnly = (scope: Construct, mode?: string, props: Partial<CfnGatewayProps> = {}) =>
      cfnGateway(scope, 'Gw', {
        authorizerType: 'AUTHENTICATE_ONLY',
        authorizerConfiguration: { customJwtAuthorizer: { discoveryUrl: DISCOVERY_URL } },
        policyEngineConfiguration: mode ? { arn: ENGINE_ARN, mode } : undefined,
        ...props,
      });

    test('GIVEN AUTHENTICATE_ONLY behind an enforcing policy engine WHEN the guard has no option THEN synthesis fails with AGW8, saying what it skips', () => {
      const app = guardedApp();
      authenticateOnly(stack(app), 'ENFORCE');
      const message = synthError(app);
      expect(failures(app)).toEqual([['AGW8', 'Stack/Gw']]);
      expect(message).toContain('enforces no audience or scope (offloaded authorization)');
      expect(message).toContain('allowAuthenticateOnlyWithEnforcedPolicyEngine: true');
    });

    test('GIVEN the option and a policy engine in ENFORCE mode WHEN synthesized THEN it passes (secure twin)', () => {
      const app = guardedApp({ allowAuthenticateOnlyWithEnforcedPolicyEngine: true });
      authenticateOnly(stack(app), 'ENFORCE');
      expect(synthReport(app).gateways).toEqual([
        expect.objectContaining({ constructPath: 'Stack/Gw', authorization: 'AUTHENTICATE_ONLY (policy engine: ENFORCE)', verdict: 'COMPLIANT' }),
      ]);
    });

    test.each([['LOG_ONLY'], [undefined]])('GIVEN the option and policy engine mode %s WHEN synthesized THEN synthesis fails with AGW8', (mode) => {
      const app = guardedApp({ allowAuthenticateOnlyWithEnforcedPolicyEngine: true });
      authenticateOnly(stack(app), mode);
      expect(failures(app)).toEqual([['AGW8', 'Stack/Gw']]);
    });

    test('GIVEN the option and an enforcing engine but no JWT authorizer WHEN synthesized THEN AGW4 still applies', () => {
      const app = guardedApp({ allowAuthenticateOnlyWithEnforcedPolicyEngine: true });
      authenticateOnly(stack(app), 'ENFORCE', { authorizerConfiguration: undefined });
      expect(failures(app)).toEqual([['AGW4', 'Stack/Gw']]);
    });

    test('GIVEN the mode set to ENFORCE by an escape hatch on a LOG_ONLY engine WHEN synthesized THEN the rendered value decides: it passes', () => {
      const app = guardedApp({ allowAuthenticateOnlyWithEnforcedPolicyEngine: true });
      authenticateOnly(stack(app), 'LOG_ONLY').addPropertyOverride('PolicyEngineConfiguration.Mode', 'ENFORCE');
      expect(synthReport(app).gateways).toEqual([expect.objectContaining({ verdict: 'COMPLIANT' })]);
    });

    test('GIVEN two guards on one app, one with the option WHEN synthesized THEN the stricter one decides', () => {
      const app = guardedApp({ allowAuthenticateOnlyWithEnforcedPolicyEngine: true });
      RequireGatewayAuthorization.applyTo(app);
      authenticateOnly(stack(app), 'ENFORCE');
      expect(failures(app)).toEqual([['AGW8', 'Stack/Gw']]);
    });
  });

  describe('13. resource policies (AGW9)', () => {
    const PARTNER = 'arn:aws:iam::222222222222:role/partner-agent';
    const invokePolicy = (principal: unknown, condition?: object) =>
      JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: 'bedrock-agentcore:InvokeGateway', Resource: '*', ...(condition ? { Condition: condition } : {}) }] });

    test('GIVEN a CfnResourcePolicy that lets anyone invoke a gateway WHEN synthesized THEN synthesis fails with AGW9 at the policy, naming the gateway', () => {
      const app = guardedApp();
      const s = stack(app);
      const gw = cfnGateway(s, 'Gw', { authorizerType: 'AWS_IAM', authorizerConfiguration: undefined });
      new CfnResourcePolicy(s, 'GwPolicy', { resourceArn: gw.attrGatewayArn, policy: invokePolicy({ AWS: '*' }) });
      const message = synthError(app);
      expect(failures(app)).toEqual([['AGW9', 'Stack/GwPolicy']]);
      expect(message).toContain('1 gateway resource policy would let any AWS account invoke a gateway');
      expect(message).toContain('The resource policy on gateway Gw lets any AWS account invoke it');
    });

    test('GIVEN the same policy narrowed to an organization, or naming a partner role WHEN synthesized THEN it passes, reported as its own evaluation', () => {
      const app = guardedApp();
      const s = stack(app);
      const gw = cfnGateway(s, 'Gw', { authorizerType: 'AWS_IAM', authorizerConfiguration: undefined });
      new CfnResourcePolicy(s, 'OrgPolicy', { resourceArn: gw.attrGatewayArn, policy: invokePolicy('*', { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } }) });
      new CfnResourcePolicy(s, 'PartnerPolicy', { resourceArn: gw.attrGatewayArn, policy: invokePolicy({ AWS: PARTNER }) });
      const report = synthReport(app);
      expect(report.summary).toEqual({ gateways: 1, resourcePolicies: 2, compliant: 3, nonCompliant: 0, exempt: 0 });
      expect(report.gateways.map((g: any) => [g.resourceType, g.constructPath, g.verdict])).toEqual([
        [undefined, 'Stack/Gw', 'COMPLIANT'],
        ['AWS::BedrockAgentCore::ResourcePolicy', 'Stack/OrgPolicy', 'COMPLIANT'],
        ['AWS::BedrockAgentCore::ResourcePolicy', 'Stack/PartnerPolicy', 'COMPLIANT'],
      ]);
    });

    test('GIVEN a public policy on a runtime of the same stack WHEN synthesized THEN it is not a gateway\'s policy: it passes', () => {
      const app = guardedApp();
      const s = stack(app);
      cfnGateway(s, 'Gw');
      const runtime = new CfnResource(s, 'Runtime', { type: 'AWS::BedrockAgentCore::Runtime', properties: {} });
      new CfnResourcePolicy(s, 'RuntimePolicy', { resourceArn: runtime.getAtt('AgentRuntimeArn').toString(), policy: invokePolicy('*') });
      expect(verdicts(app)).toEqual([['Stack/Gw', 'COMPLIANT']]);
    });

    test('GIVEN a public policy on a gateway of another stack (a cross-stack reference) WHEN synthesized THEN it cannot be proven not to be a gateway: synthesis fails', () => {
      const app = guardedApp();
      const gw = cfnGateway(stack(app, 'Gateways'), 'Gw', { authorizerType: 'AWS_IAM', authorizerConfiguration: undefined });
      new CfnResourcePolicy(stack(app, 'Policies'), 'GwPolicy', { resourceArn: gw.attrGatewayArn, policy: invokePolicy('*') });
      expect(failures(app)).toEqual([['AGW9', 'Policies/GwPolicy']]);
    });

    test('GIVEN a public policy added by an escape hatch to SecureAgentCoreGateway\'s own resource policy WHEN synthesized THEN synthesis fails', () => {
      const app = guardedApp();
      const s = stack(app);
      const gw = new SecureAgentCoreGateway(s, 'Orders', { authorization: GatewayAuthorization.awsIam() });
      gw.grantInvoke(iam.Role.fromRoleArn(s, 'Partner', PARTNER));
      const policy = s.node.findAll().find((c): c is CfnResourcePolicy => c instanceof CfnResourcePolicy)!;
      policy.addPropertyOverride('Policy', invokePolicy('*'));
      expect(failures(app).map(([rule]) => rule)).toEqual(['AGW9']);
    });

    test('GIVEN SecureAgentCoreGateway.grantInvoke to another account\'s role WHEN synthesized THEN its resource policy passes AGW9', () => {
      const app = guardedApp();
      const s = stack(app);
      const gw = new SecureAgentCoreGateway(s, 'Orders', { authorization: GatewayAuthorization.awsIam() });
      gw.grantInvoke(iam.Role.fromRoleArn(s, 'Partner', PARTNER));
      gw.grantInvoke(new iam.AccountPrincipal('333333333333'));
      const report = synthReport(app);
      expect(report.gateways.filter((g: any) => g.resourceType).map((g: any) => [g.constructPath, g.verdict])).toEqual([['Stack/Orders/ResourcePolicy/Resource', 'COMPLIANT']]);
      expect(report.summary.nonCompliant).toBe(0);
    });
  });
});

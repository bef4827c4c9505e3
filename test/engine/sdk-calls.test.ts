// Gateways made by SDK calls (aws-cdk-lib's AwsCustomResource, type Custom::AWS or any Custom:: name) are
// judged by the gateway rules on the call's authorizerType / authorizerConfiguration parameters.
import { DISCOVERY_URL } from './fixtures';
import { evaluateTemplate, GatewayEvaluation } from '../../src/engine/evaluate';
import { gatewayAction, isAgentCoreControl, sdkCallPath } from '../../src/engine/sdk-calls';

const PROVIDER = { 'Fn::GetAtt': ['AWS679f53fac002430cb0da5b7982bd22872D164C4C', 'Arn'] };
const ROLE = 'arn:aws:iam::111111111111:role/gateway';

function call(parameters: object, service = 'bedrock-agentcore-control', action = 'CreateGateway'): string {
  return JSON.stringify({ service, action, parameters, physicalResourceId: { id: 'gw' } });
}

function sdkResource(properties: object, extra: object = {}, type = 'Custom::AWS'): object {
  return { Type: type, Properties: { ServiceToken: PROVIDER, InstallLatestAwsSdk: true, ...properties }, ...extra };
}

function evaluateSdk(resource: object, options = {}): GatewayEvaluation[] {
  return evaluateTemplate({ Resources: { Sdk: resource } }, options);
}

function only(resource: object, options = {}): GatewayEvaluation {
  const evaluations = evaluateSdk(resource, options);
  expect(evaluations).toHaveLength(1);
  return evaluations[0];
}

const NONE = { name: 'gw', roleArn: ROLE, protocolType: 'MCP', authorizerType: 'NONE' };
const IAM = { ...NONE, authorizerType: 'AWS_IAM' };

describe('SDK calls that create or update gateways', () => {
  test('GIVEN a Custom::AWS CreateGateway with authorizerType NONE WHEN evaluated THEN AGW1 at the call parameter', () => {
    const e = only(sdkResource({ Create: call(NONE) }, { Metadata: { 'aws:cdk:path': 'App/Stack/Sdk/Resource/Default' } }));
    expect(e).toEqual(
      expect.objectContaining({
        logicalId: 'Sdk',
        constructPath: 'App/Stack/Sdk/Resource/Default',
        authorization: 'NONE',
        verdict: 'NON_COMPLIANT',
        findings: [expect.objectContaining({ ruleId: 'AGW1', propertyPath: 'Properties.Create.parameters.authorizerType', message: 'AuthorizerType is NONE.' })],
      }),
    );
  });

  test('GIVEN the secure twin (AWS_IAM) WHEN evaluated THEN compliant', () => {
    expect(only(sdkResource({ Create: call(IAM) })).verdict).toBe('COMPLIANT');
  });

  test('GIVEN CUSTOM_JWT whose authorizer restricts nothing WHEN evaluated THEN AGW6 on the camelCase path; with clients THEN compliant', () => {
    const weak = only(sdkResource({ Create: call({ ...NONE, authorizerType: 'CUSTOM_JWT', authorizerConfiguration: { customJWTAuthorizer: { discoveryUrl: DISCOVERY_URL } } }) }));
    expect(weak.findings).toEqual([expect.objectContaining({ ruleId: 'AGW6', propertyPath: 'Properties.Create.parameters.authorizerConfiguration.customJWTAuthorizer' })]);
    const secure = only(sdkResource({ Create: call({ ...NONE, authorizerType: 'CUSTOM_JWT', authorizerConfiguration: { customJWTAuthorizer: { discoveryUrl: DISCOVERY_URL, allowedClients: ['c'] } } }) }));
    expect(secure.verdict).toBe('COMPLIANT');
    expect(secure.authorization).toBe('CUSTOM_JWT (clients: 1)');
  });

  test.each([
    ['bedrock-agentcore-control', 'CreateGateway'],
    ['BedrockAgentCoreControl', 'createGateway'],
    ['@aws-sdk/client-bedrock-agentcore-control', 'CreateGatewayCommand'],
    ['bedrockagentcorecontrol', 'creategateway'],
    ['BEDROCK-AGENTCORE-CONTROL', 'UPDATEGATEWAY'],
    ['bedrock-agentcore-control', 'UpdateGatewayCommand'],
  ])('GIVEN service %s and action %s WHEN evaluated THEN the call is judged', (service, action) => {
    const e = only(sdkResource({ Create: call(NONE, service, action) }));
    expect(e.findings.map((f) => f.ruleId)).toEqual(['AGW1']);
  });

  test('GIVEN other calls (another service, another action, no action) WHEN evaluated THEN nothing is judged', () => {
    expect(evaluateSdk(sdkResource({ Create: call({ Bucket: 'b' }, 's3', 'putObject') }))).toEqual([]);
    expect(evaluateSdk(sdkResource({ Create: call(NONE, 'bedrock-agentcore-control', 'CreateGatewayTarget') }))).toEqual([]);
    expect(evaluateSdk(sdkResource({ Create: JSON.stringify({ service: 'bedrock-agentcore-control', parameters: NONE }) }))).toEqual([]);
    expect(isAgentCoreControl('bedrock-agent')).toBe(false);
    expect(gatewayAction('GetGateway')).toBeUndefined();
  });

  test('GIVEN escaped JSON (\\u004eONE, an escaped key) WHEN evaluated THEN it is decoded as the provider decodes it', () => {
    const text = '{"service":"bedrock-agentcore-control","action":"CreateGateway","parameters":{"\\u0061uthorizerType":"\\u004eONE"}}';
    expect(only(sdkResource({ Create: text })).findings.map((f) => f.message)).toEqual(['AuthorizerType is NONE.']);
  });

  test('GIVEN authorizerType assembled with Fn::Join of literals inside the call WHEN evaluated THEN the joined value is judged', () => {
    const create = { 'Fn::Join': ['', ['{"service":"bedrock-agentcore-control","action":"CreateGateway","parameters":{"authorizerType":"', 'NO', 'NE', '"}}']] };
    expect(only(sdkResource({ Create: create })).findings.map((f) => f.ruleId)).toEqual(['AGW1']);
  });

  test('GIVEN a call written as an object (not JSON text) with authorizerType from Fn::Join WHEN evaluated THEN judged the same', () => {
    const create = { service: 'bedrock-agentcore-control', action: 'CreateGateway', parameters: { ...IAM, authorizerType: { 'Fn::Join': ['', ['NO', 'NE']] } } };
    expect(only(sdkResource({ Create: create })).findings.map((f) => f.ruleId)).toEqual(['AGW1']);
  });

  test('GIVEN a deploy-time value inside the call JSON (as AwsCustomResource renders a token) WHEN evaluated THEN AGW2 fails closed', () => {
    const create = {
      'Fn::Join': ['', ['{"service":"bedrock-agentcore-control","action":"CreateGateway","parameters":{"roleArn":"', { 'Fn::GetAtt': ['Role', 'Arn'] }, '","authorizerType":"AWS_IAM"}}']],
    };
    const e = only(sdkResource({ Create: create }));
    expect(e.findings).toEqual([
      expect.objectContaining({
        ruleId: 'AGW2',
        propertyPath: 'Properties.Create',
        message: expect.stringMatching(/^The gateway's Properties are only known at deploy time \(Properties\.Create: its JSON text holds values only known at deploy time \(Fn::GetAtt Role\.Arn: .*\); a deploy-time value inside JSON text can change any parameter of the call\)\.$/),
      }),
    ]);
  });

  test('GIVEN only pseudo parameters inside the call JSON (a role ARN with the partition and account) WHEN evaluated THEN the call is read as written', () => {
    const create = (type: string) => ({
      'Fn::Join': ['', ['{"service":"bedrock-agentcore-control","action":"CreateGateway","parameters":{"roleArn":"arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, `:role/r","authorizerType":"${type}"}}`]],
    });
    expect(only(sdkResource({ Create: create('NONE') })).findings.map((f) => f.ruleId)).toEqual(['AGW1']);
    expect(only(sdkResource({ Create: create('AWS_IAM') })).verdict).toBe('COMPLIANT');
  });

  test('GIVEN a deploy-time value in an unrelated call WHEN evaluated THEN nothing is judged', () => {
    const create = { 'Fn::Join': ['', ['{"service":"s3","action":"putObject","parameters":{"Bucket":"', { Ref: 'Bucket' }, '"}}']] };
    expect(evaluateSdk(sdkResource({ Create: create }))).toEqual([]);
  });

  test('GIVEN the service or action only known at deploy time, or JSON whose structure is a token WHEN evaluated THEN AGW2', () => {
    const service = { 'Fn::Join': ['', ['{"service":"', { Ref: 'Svc' }, '","action":"CreateGateway","parameters":{}}']] };
    expect(only(sdkResource({ Create: service })).findings[0].message).toMatch(/its service is not a literal string \(Ref Svc: .*\), so it may create or update a gateway/);
    const structure = { 'Fn::Join': ['', ['{"service":"bedrock-agentcore-control","action":"CreateGateway","parameters":', { Ref: 'Params' }, '}']] };
    expect(only(sdkResource({ Create: structure })).findings[0].message).toMatch(/values only known at deploy time \(Ref Params: .*\) decide the structure of its JSON/);
    expect(only(sdkResource({ Create: { Ref: 'Whole' } })).findings[0].message).toMatch(/the call is only known at deploy time \(Ref Whole: /);
  });

  test('GIVEN a Custom::AWS call that is not valid JSON WHEN evaluated THEN AGW2 (fails closed)', () => {
    expect(only(sdkResource({ Create: '{"service":"bedrock-agentcore-control",' })).findings[0].message).toMatch(/the call is not valid JSON/);
  });

  test('GIVEN only a PascalCase AuthorizerType (which the SDK never sends) WHEN evaluated THEN AGW2: authorizerType is missing', () => {
    const e = only(sdkResource({ Create: call({ name: 'gw', AuthorizerType: 'AWS_IAM' }) }));
    expect(e.findings).toEqual([expect.objectContaining({ ruleId: 'AGW2', propertyPath: 'Properties.Create.parameters.authorizerType' })]);
  });

  test('GIVEN authorizerType NONE next to a PascalCase AuthorizerType AWS_IAM WHEN evaluated THEN AGW1 (the SDK sends the camelCase one)', () => {
    expect(only(sdkResource({ Create: call({ ...NONE, AuthorizerType: 'AWS_IAM' }) })).findings.map((f) => f.ruleId)).toEqual(['AGW1']);
  });

  test('GIVEN the physical resource ID marker as authorizerType WHEN evaluated THEN AGW2: the provider replaces it at deploy time', () => {
    const e = only(sdkResource({ Create: call(IAM), Update: call({ ...IAM, authorizerType: 'PHYSICAL:RESOURCEID:' }, 'bedrock-agentcore-control', 'UpdateGateway') }));
    expect(e.findings).toEqual([
      expect.objectContaining({ ruleId: 'AGW2', propertyPath: 'Properties.Update.parameters.authorizerType', message: expect.stringMatching(/^When the resource is updated \(Update\): AuthorizerType cannot be proven at synth time: PHYSICAL:RESOURCEID:/) }),
    ]);
  });

  test('GIVEN a secure Create and a public Update (or Delete) WHEN evaluated THEN the public call is named', () => {
    const update = only(sdkResource({ Create: call(IAM), Update: call(NONE, 'bedrock-agentcore-control', 'UpdateGateway') }));
    expect(update.findings).toEqual([
      expect.objectContaining({ ruleId: 'AGW1', propertyPath: 'Properties.Update.parameters.authorizerType', message: 'When the resource is updated (Update): AuthorizerType is NONE.' }),
    ]);
    const onDelete = only(sdkResource({ Create: call({ Bucket: 'b' }, 's3', 'putObject'), Delete: call(NONE) }));
    expect(onDelete.findings.map((f) => f.propertyPath)).toEqual(['Properties.Delete.parameters.authorizerType']);
  });

  test('GIVEN another type name with the AwsCustomResource provider as service token WHEN evaluated THEN judged like Custom::AWS', () => {
    expect(only(sdkResource({ Create: call(NONE) }, {}, 'Custom::GatewayMaker')).findings.map((f) => f.ruleId)).toEqual(['AGW1']);
    expect(only(sdkResource({ Create: '{not json' }, {}, 'Custom::GatewayMaker')).findings.map((f) => f.ruleId)).toEqual(['AGW2']);
  });

  test('GIVEN another custom resource (own provider) WHEN its Create reads as an SDK call THEN judged; WHEN it does not THEN not', () => {
    const own = { ServiceToken: { 'Fn::GetAtt': ['MyProvider', 'Arn'] } };
    const judged = evaluateSdk({ Type: 'Custom::Thing', Properties: { ...own, Create: call(NONE) } });
    expect(judged.map((e) => e.findings[0].ruleId)).toEqual(['AGW1']);
    expect(evaluateSdk({ Type: 'Custom::Thing', Properties: { ...own, Create: 'yes' } })).toEqual([]);
    expect(evaluateSdk({ Type: 'AWS::CloudFormation::CustomResource', Properties: { ...own, Size: 3 } })).toEqual([]);
  });

  test('GIVEN a Fn::Transform inside a Custom::AWS WHEN evaluated THEN AGW2: the macro can rewrite the call', () => {
    const e = only(sdkResource({ 'Create': call(IAM), 'Fn::Transform': { Name: 'TeamMacro' } }));
    expect(e.findings).toEqual([expect.objectContaining({ ruleId: 'AGW2', propertyPath: 'Properties.Fn::Transform' })]);
  });

  test('GIVEN a Fn::If between a secure and a public call WHEN evaluated THEN the public world is named', () => {
    const [e] = evaluateTemplate({
      Conditions: { Open: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] } },
      Resources: { Sdk: sdkResource({ Create: { 'Fn::If': ['Open', call(NONE), call(IAM)] } }) },
    });
    expect(e.findings.map((f) => f.message)).toEqual(['When condition Open is true: AuthorizerType is NONE.']);
  });

  test('GIVEN an exemption in the custom resource metadata WHEN exemptions are allowed THEN EXEMPT', () => {
    const metadata = { Metadata: { 'cdk-secure-agentcore-gateway:exemption': { reason: 'Public MCP demo server, protected by request interceptors' } } };
    expect(only(sdkResource({ Create: call(NONE) }, metadata), { allowExemptions: true }).verdict).toBe('EXEMPT');
  });

  test('GIVEN rule paths WHEN mapped to a call THEN each segment is the API member', () => {
    expect(sdkCallPath('Update', 'Properties')).toBe('Properties.Update');
    expect(sdkCallPath('Create', 'Properties.AuthorizerConfiguration.CustomJWTAuthorizer.DiscoveryUrl')).toBe(
      'Properties.Create.parameters.authorizerConfiguration.customJWTAuthorizer.discoveryUrl',
    );
    expect(sdkCallPath('Create', 'Metadata.x')).toBe('Metadata.x');
  });
});

describe('SDK-call resources: which calls are read, in each combination', () => {
  const PARAMETERS = { Stage: { Type: 'String' } };
  const CONDITIONS = { IsProd: { 'Fn::Equals': [{ Ref: 'Stage' }, 'prod'] } };
  const inTemplate = (resource: object) => evaluateTemplate({ Parameters: PARAMETERS, Conditions: CONDITIONS, Resources: { Sdk: resource } });
  const summary = (evaluations: GatewayEvaluation[]) => evaluations.map((e) => [e.logicalId, e.authorization, e.findings.map((f) => `${f.ruleId} ${f.propertyPath}: ${f.message}`)]);
  const properties = (calls: object) => ({ ServiceToken: PROVIDER, ...calls });

  test('GIVEN the whole Properties of a Custom::AWS in a Fn::If, a public call in one branch WHEN evaluated THEN the public call is judged (not skipped)', () => {
    const resource = { Type: 'Custom::AWS', Properties: { 'Fn::If': ['IsProd', properties({ Create: call(IAM) }), properties({ Create: call(NONE) })] } };

    expect(summary(inTemplate(resource))).toEqual([['Sdk', 'AWS_IAM | NONE', ['AGW1 Properties.Create.parameters.authorizerType: When condition IsProd is false: AuthorizerType is NONE.']]]);
  });

  test('GIVEN the secure twin (both branches AWS_IAM), and a branch that makes no call WHEN evaluated THEN compliant', () => {
    const both = { Type: 'Custom::AWS', Properties: { 'Fn::If': ['IsProd', properties({ Create: call(IAM) }), properties({ Update: call(IAM, 'bedrock-agentcore-control', 'UpdateGateway') })] } };
    const one = { Type: 'Custom::AWS', Properties: { 'Fn::If': ['IsProd', properties({ Create: call(IAM) }), properties({})] } };

    expect(summary(inTemplate(both))).toEqual([['Sdk', 'AWS_IAM', []]]);
    expect(summary(inTemplate(one))).toEqual([['Sdk', 'AWS_IAM', []]]);
  });

  test.each([
    ['a Ref', { Ref: 'Stage' }, 'Ref Stage'],
    ['a Fn::Sub', { 'Fn::Sub': 'x${Stage}' }, 'x${Ref Stage}'],
  ])('GIVEN the whole Properties of a Custom::AWS as %s WHEN evaluated THEN AGW2: the calls are only known at deploy time', (_name, value, expression) => {
    expect(summary(inTemplate({ Type: 'Custom::AWS', Properties: value }))).toEqual([
      [
        'Sdk',
        `unresolved: ${expression}`,
        ['AGW2 Properties: The gateway\'s Properties are only known at deploy time (Ref Stage: parameter Stage has no AllowedValues, so any value can be passed at deploy time).'],
      ],
    ]);
  });

  test('GIVEN a Custom::AWS without calls WHEN evaluated THEN nothing is judged; WHEN a macro sits in it THEN AGW2 on the macro, once', () => {
    expect(inTemplate(sdkResource({}))).toEqual([]);

    expect(summary(inTemplate(sdkResource({ 'Fn::Transform': { Name: 'TeamMacro' } })))).toEqual([
      ['Sdk', 'unresolved: Fn::Transform TeamMacro', [expect.stringMatching(/^AGW2 Properties\.Fn::Transform: Fn::Transform calls macro TeamMacro/)]],
    ]);
  });

  test('GIVEN a macro on top of a Custom::AWS that calls another macro WHEN evaluated THEN the macro on top is the one finding', () => {
    const resource = { ...sdkResource({ Create: call(IAM) }), 'Fn::Transform': { Name: 'Outer', Parameters: { 'Fn::Transform': { Name: 'Inner' } } } };

    expect(summary(inTemplate(resource))[0][2]).toEqual([expect.stringMatching(/^AGW2 Fn::Transform: Fn::Transform calls macro Outer/)]);
  });

  test('GIVEN a custom resource of its own provider with a macro in another property than its public call WHEN evaluated THEN the call is judged (the macro cannot rewrite it)', () => {
    const resource = { Type: 'Custom::Thing', Properties: { ServiceToken: 'arn:aws:lambda:eu-west-1:111111111111:function:own', Create: call(NONE), Extra: { 'Fn::Transform': { Name: 'TeamMacro' } } } };

    expect(inTemplate(resource).map((e) => [e.logicalId, e.findings.map((f) => f.ruleId)])).toEqual([['Sdk', ['AGW1']]]);
  });

  test('GIVEN a resource that is no custom resource, with a property named Create holding a public call WHEN evaluated THEN nothing is judged', () => {
    expect(inTemplate({ Type: 'AWS::SSM::Document', Properties: { Create: call(NONE), Content: {} } })).toEqual([]);
  });

  test('GIVEN a secure Create and a public Delete WHEN evaluated THEN the message names the deletion', () => {
    expect(only(sdkResource({ Create: call(IAM), Delete: call(NONE) })).findings.map((f) => f.message)).toEqual(['When the resource is deleted (Delete): AuthorizerType is NONE.']);
  });
});

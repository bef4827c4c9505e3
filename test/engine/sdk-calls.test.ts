// Gateways made by SDK calls (aws-cdk-lib's AwsCustomResource, type Custom::AWS or any Custom:: name) are
// judged by the gateway rules on the call's authorizerType / authorizerConfiguration parameters.
import { DISCOVERY_URL } from './fixtures';
import { evaluateTemplate, GatewayEvaluation } from '../../src/engine/evaluate';
import {
  gatewayAction,
  isAgentCoreControl,
  PHYSICAL_RESOURCE_ID_MARKER,
  readSdkCall,
  readSdkTemplateCall,
  recognizeSdkCallResource,
  sdkCallPath,
  toTemplateShape,
} from '../../src/engine/sdk-calls';
import { PartialString, Unknown } from '../../src/engine/values';

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

describe('recognizeSdkCallResource: which resources make SDK calls', () => {
  const OWN = 'arn:aws:lambda:eu-west-1:111111111111:function:own';

  test.each([
    ['Custom::AWS of another provider', { Type: 'Custom::AWS', Properties: { ServiceToken: OWN } }, 'certain'],
    ['Custom::AWS without Properties', { Type: 'Custom::AWS' }, 'certain'],
    ['an AWS::CloudFormation::CustomResource of the AwsCustomResource provider', { Type: 'AWS::CloudFormation::CustomResource', Properties: { ServiceToken: PROVIDER } }, 'certain'],
    ['an AWS::CloudFormation::CustomResource of its own provider with a Create', { Type: 'AWS::CloudFormation::CustomResource', Properties: { ServiceToken: OWN, Create: 'x' } }, 'possible'],
    ['a Custom:: resource of its own provider with an Update', { Type: 'Custom::Thing', Properties: { ServiceToken: OWN, Update: 'x' } }, 'possible'],
    ['a Custom:: resource of its own provider with a Delete', { Type: 'Custom::Thing', Properties: { ServiceToken: OWN, Delete: 'x' } }, 'possible'],
    ['a Custom:: resource of its own provider without call properties', { Type: 'Custom::Thing', Properties: { ServiceToken: OWN, Size: 3 } }, undefined],
    ['a Custom:: resource of its own provider naming the provider in another property', { Type: 'Custom::Thing', Properties: { ServiceToken: OWN, Target: PROVIDER } }, undefined],
    ['a Custom:: resource whose Properties are a Fn::If around the provider token', { Type: 'Custom::Thing', Properties: { 'Fn::If': ['C', { ServiceToken: PROVIDER }, { ServiceToken: OWN }] } }, 'certain'],
    ['a Custom:: resource whose Properties are text naming the provider', { Type: 'Custom::Thing', Properties: 'AWS679f53fac002430cb0da5b7982bd22872D164C4C' }, 'certain'],
    ['a Custom:: resource whose Properties are a list naming the provider', { Type: 'Custom::Thing', Properties: [PROVIDER] }, 'certain'],
    ['a Custom:: resource with null Properties', { Type: 'Custom::Thing', Properties: null }, undefined],
    ['a Custom:: resource without Properties', { Type: 'Custom::Thing' }, undefined],
    ['a resource that is no custom resource, with the provider token and a Create', { Type: 'AWS::SSM::Document', Properties: { ServiceToken: PROVIDER, Create: 'x' } }, undefined],
    ['a resource without a Type', { Properties: { ServiceToken: PROVIDER, Create: 'x' } }, undefined],
    ['a resource whose Type is not a string', { Type: 42, Properties: { ServiceToken: PROVIDER, Create: 'x' } }, undefined],
  ])('GIVEN %s WHEN recognized THEN the expected recognition', (_name, resource, expected) => {
    expect(recognizeSdkCallResource(resource)).toBe(expected);
  });

  test('GIVEN a Custom:: resource whose Properties are a Fn::If around the AwsCustomResource provider WHEN a public call in it cannot be read THEN AGW2 (not skipped)', () => {
    // Escaped keys and a deploy-time piece: the text neither parses nor reads as a call, yet the provider makes it.
    const create = { 'Fn::Join': ['', ['{"\\u0073ervice":"bedrock-agentcore-control","\\u0061ction":"CreateGateway","parameters":{"authorizerType":"NONE"', { Ref: 'Extra' }, '}}']] };
    const branch = { ServiceToken: PROVIDER, Create: create };
    const [e, ...rest] = evaluateTemplate({
      Parameters: { Extra: { Type: 'String' }, Stage: { Type: 'String' } },
      Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Stage' }, 'prod'] } },
      Resources: { Sdk: { Type: 'Custom::GatewayMaker', Properties: { 'Fn::If': ['IsProd', branch, branch] } } },
    });

    expect(rest).toEqual([]);
    expect(e.findings).toEqual([
      expect.objectContaining({
        ruleId: 'AGW2',
        propertyPath: 'Properties.Create',
        message: expect.stringContaining('Properties.Create: values only known at deploy time (Ref Extra: parameter Extra has no AllowedValues'),
      }),
    ]);
  });
});

describe('readSdkCall: one call property read as a gateway call', () => {
  const U = (expression: string, reason = 'r'): Unknown => new Unknown(expression, reason);
  const unreadable = (reason: string) => ({ kind: 'unreadable', reason });
  const NO_CALL = { kind: 'none' };
  const parseError = (text: string): string => {
    try {
      JSON.parse(text);
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error(`${text} parses`);
  };

  test.each([
    ['CreateGateway', 'CreateGateway'],
    ['createGatewayCommand', 'CreateGateway'],
    ['updateGateway', 'UpdateGateway'],
    ['UPDATEGATEWAYCOMMAND', 'UpdateGateway'],
  ])('GIVEN action %s WHEN read THEN a gateway call %s with the parameters in the CloudFormation shape', (action, expected) => {
    expect(readSdkCall(call(NONE, 'bedrock-agentcore-control', action), 'certain')).toEqual({
      kind: 'gateway',
      action: expected,
      parameters: { Name: 'gw', RoleArn: ROLE, ProtocolType: 'MCP', AuthorizerType: 'NONE' },
    });
  });

  test('GIVEN an action that only contains a gateway action WHEN named THEN it is none (the provider only drops a trailing Command)', () => {
    expect(gatewayAction('CommandCreateGateway')).toBeUndefined();
    expect(gatewayAction('UpdateGatewayCommand')).toBe('UpdateGateway');
    expect(readSdkCall(call(NONE, 'bedrock-agentcore-control', 'CommandCreateGateway'), 'certain')).toEqual(NO_CALL);
  });

  test('GIVEN an absent call property WHEN read THEN none, for both recognitions and for templates', () => {
    expect(readSdkCall(undefined, 'certain')).toEqual(NO_CALL);
    expect(readSdkCall(undefined, 'possible')).toEqual(NO_CALL);
    expect(readSdkTemplateCall(undefined, 'certain')).toEqual([]);
  });

  test.each([
    ['a number', 42, 'the call is not a JSON object (number)'],
    ['a boolean', true, 'the call is not a JSON object (boolean)'],
    ['a list', [call(NONE)], 'the call is not a JSON object (object)'],
    ['JSON text of a list', '[1]', 'the call is not a JSON object'],
    ['JSON text of a string', '"CreateGateway"', 'the call is not a JSON object'],
    ['JSON text of null', 'null', 'the call is not a JSON object'],
  ])('GIVEN %s as the call WHEN read THEN unreadable for a certain SDK-call resource, none for a possible one, and no template', (_name, value, reason) => {
    expect(readSdkCall(value, 'certain')).toEqual(unreadable(reason));
    expect(readSdkCall(value, 'possible')).toEqual(NO_CALL);
    expect(readSdkTemplateCall(value, 'certain')).toEqual([]);
  });

  test('GIVEN text that is not valid JSON WHEN read THEN unreadable with the parser error (certain), none (possible)', () => {
    const text = '{"service":"bedrock-agentcore-control",';

    expect(readSdkCall(text, 'certain')).toEqual(unreadable(`the call is not valid JSON (${parseError(text)})`));
    expect(readSdkCall(text, 'possible')).toEqual(NO_CALL);
  });

  test.each([
    ['a service', '{"action":"CreateGateway","parameters":{"authorizerType":"NONE"}}'],
    ['an action', '{"service":"bedrock-agentcore-control","parameters":{"authorizerType":"NONE"}}'],
  ])('GIVEN a call without %s WHEN read THEN none: the provider cannot make it', (_name, text) => {
    expect(readSdkCall(text, 'certain')).toEqual(NO_CALL);
  });

  test.each([
    ['a number action', '{"service":"bedrock-agentcore-control","action":5}', 'its action is not a literal string (5)'],
    ['a number service', '{"service":5,"action":"CreateGateway"}', 'its service is not a literal string (5)'],
    ['a deploy-time service (object form)', { service: U('Ref Svc'), action: 'CreateGateway' }, 'its service is not a literal string (Ref Svc: r)'],
    [
      'a partly deploy-time action (object form)',
      { service: 'bedrock-agentcore-control', action: new PartialString(['Create', U('Ref Kind')]) },
      'its action is not a literal string (Ref Kind: r)',
    ],
    [
      'a number action next to a deploy-time value',
      new PartialString(['{"service":"bedrock-agentcore-control","action":5,"parameters":{"roleArn":"', U('Ref Role'), '"}}']),
      'its action is not a literal string (5)',
    ],
    [
      'a service of two deploy-time values, next to a third',
      new PartialString(['{"service":"', U('Ref A', 'ra'), '-', U('Ref B', 'rb'), '","action":"CreateGateway","parameters":{"roleArn":"', U('Ref C', 'rc'), '"}}']),
      'its service is not a literal string (Ref A: ra; Ref B: rb)',
    ],
  ])('GIVEN %s WHEN read THEN unreadable, for both recognitions: it may create or update a gateway', (_name, value, reason) => {
    expect(readSdkCall(value, 'certain')).toEqual(unreadable(`${reason}, so it may create or update a gateway`));
    expect(readSdkCall(value, 'possible')).toEqual(unreadable(`${reason}, so it may create or update a gateway`));
  });

  test('GIVEN calls of another service or action WHEN read THEN none', () => {
    expect(readSdkCall(call({ Bucket: 'b' }, 's3', 'putObject'), 'certain')).toEqual(NO_CALL);
    expect(readSdkCall(call(NONE, 'bedrock-agentcore-control', 'GetGateway'), 'certain')).toEqual(NO_CALL);
    expect(readSdkCall(call(NONE, '@aws-sdk/client-backup-gateway', 'CreateGateway'), 'certain')).toEqual(NO_CALL);
    expect(readSdkCall(new PartialString(['{"service":"s3","action":"putObject","parameters":{"Bucket":"', U('Ref B'), '"}}']), 'certain')).toEqual(NO_CALL);
  });

  describe('JSON text whose structure is decided at deploy time', () => {
    const REASON = 'values only known at deploy time (Ref P: r) decide the structure of its JSON';
    const asCall = new PartialString(['{"service":"bedrock-agentcore-control","action":"CreateGateway","parameters":', U('Ref P'), '}']);
    const serviceOnly = new PartialString(['{"service":"bedrock-agentcore-control","parameters":', U('Ref P'), '}']);
    const actionOnly = new PartialString(['{"action":"CreateGateway","parameters":', U('Ref P'), '}']);
    const neither = new PartialString(['{"name":', U('Ref P'), '}']);

    test.each([
      ['text that reads as a call', 'unreadable', asCall],
      ['text with a service but no action', 'none', serviceOnly],
      ['text with an action but no service', 'none', actionOnly],
      ['text that names neither', 'none', neither],
    ])('GIVEN %s WHEN read THEN unreadable for a certain SDK-call resource, %s for a possible one', (_name, possible, value) => {
      expect(readSdkCall(value, 'certain')).toEqual(unreadable(REASON));
      expect(readSdkCall(value, 'possible')).toEqual(possible === 'none' ? NO_CALL : unreadable(REASON));
    });

    test('GIVEN text that reads as a call WHEN read for templates THEN nothing (the gateway reader reports it)', () => {
      expect(readSdkTemplateCall(asCall, 'certain')).toEqual([]);
      expect(readSdkTemplateCall(asCall, 'possible')).toEqual([]);
    });
  });

  test('GIVEN deploy-time values inside parameters WHEN read THEN unreadable, naming each value', () => {
    const value = new PartialString(['{"service":"bedrock-agentcore-control","action":"CreateGateway","parameters":{"roleArn":"', U('Ref A', 'ra'), '","name":"', U('Ref B', 'rb'), '"}}']);

    expect(readSdkCall(value, 'possible')).toEqual(
      unreadable('its JSON text holds values only known at deploy time (Ref A: ra; Ref B: rb); a deploy-time value inside JSON text can change any parameter of the call'),
    );
  });

  test('GIVEN JSON text in several literal pieces around a deploy-time value WHEN read THEN the pieces are read joined as written', () => {
    const value = new PartialString(['{"service":"bedrock-agentcore-control",', '"action":"CreateGateway","parameters":{"roleArn":"', U('Ref A', 'ra'), '"}}']);

    expect(readSdkCall(value, 'certain')).toEqual(
      unreadable('its JSON text holds values only known at deploy time (Ref A: ra); a deploy-time value inside JSON text can change any parameter of the call'),
    );
  });
});

describe('toTemplateShape: the API parameters in the CloudFormation shape', () => {
  test('GIVEN the physical resource ID marker WHEN converted THEN a deploy-time value with its reason', () => {
    const shaped = toTemplateShape(PHYSICAL_RESOURCE_ID_MARKER);

    expect(shaped).toBeInstanceOf(Unknown);
    expect(shaped).toEqual(expect.objectContaining({ expression: 'PHYSICAL:RESOURCEID:', reason: 'the provider function replaces it with the physical resource ID at deploy time' }));
  });

  test('GIVEN lists of values and of objects WHEN converted THEN each item is converted, and the keys are enumerable', () => {
    const shaped = toTemplateShape({ customJWTAuthorizer: { allowedClients: ['c', PHYSICAL_RESOURCE_ID_MARKER], customClaims: [{ inboundTokenClaimName: 'x' }] } }) as any;

    expect(Object.keys(shaped)).toEqual(['CustomJWTAuthorizer']);
    expect(Object.keys(shaped.CustomJWTAuthorizer)).toEqual(['AllowedClients', 'CustomClaims']);
    expect(shaped.CustomJWTAuthorizer.AllowedClients[0]).toBe('c');
    expect(shaped.CustomJWTAuthorizer.AllowedClients[1]).toBeInstanceOf(Unknown);
    expect(shaped.CustomJWTAuthorizer.CustomClaims).toEqual([{ InboundTokenClaimName: 'x' }]);
  });
});

describe('readSdkTemplateCall: SDK calls that deploy a template', () => {
  const BOTH = { TemplateBody: 'body', TemplateURL: 'https://bucket.s3.amazonaws.com/t.json' };

  test.each(['createStack', 'updateStack', 'createChangeSet', 'createStackSet', 'updateStackSet'])(
    'GIVEN CloudFormation.%s with a TemplateBody and a TemplateURL WHEN read THEN both are found',
    (action) => {
      expect(readSdkTemplateCall(call(BOTH, 'CloudFormation', action), 'possible')).toEqual([
        { call: `CloudFormation.${action}`, parameter: 'TemplateBody', value: 'body' },
        { call: `CloudFormation.${action}`, parameter: 'TemplateURL', value: BOTH.TemplateURL },
      ]);
    },
  );

  test('GIVEN the v3 package name of Service Catalog and CreateProductCommand WHEN read THEN its template URL is found', () => {
    const parameters = { Name: 'p', ProvisioningArtifactParameters: { Info: { LoadTemplateFromURL: 'https://u' } } };

    expect(readSdkTemplateCall(call(parameters, '@aws-sdk/client-service-catalog', 'CreateProductCommand'), 'certain')).toEqual([
      { call: '@aws-sdk/client-service-catalog.CreateProductCommand', parameter: 'ProvisioningArtifactParameters.Info.LoadTemplateFromURL', value: 'https://u' },
    ]);
  });

  test('GIVEN a list on the way to the template WHEN read THEN one template per item, each at its index', () => {
    const parameters = { ProvisioningArtifactParameters: [{ Info: { LoadTemplateFromURL: 'u1' } }, { Info: { LoadTemplateFromURL: 'u2' } }] };

    expect(readSdkTemplateCall(call(parameters, 'ServiceCatalog', 'createProduct'), 'certain')).toEqual([
      { call: 'ServiceCatalog.createProduct', parameter: 'ProvisioningArtifactParameters[0].Info.LoadTemplateFromURL', value: 'u1' },
      { call: 'ServiceCatalog.createProduct', parameter: 'ProvisioningArtifactParameters[1].Info.LoadTemplateFromURL', value: 'u2' },
    ]);
  });

  test.each([
    ['null parameters', JSON.stringify({ service: 'CloudFormation', action: 'createStack', parameters: null })],
    ['no parameters', JSON.stringify({ service: 'CloudFormation', action: 'createStack' })],
    ['a null on the way', call({ ProvisioningArtifactParameters: null }, 'ServiceCatalog', 'createProduct')],
    ['another service', call(BOTH, 's3', 'putObject')],
    ['another CloudFormation action', call(BOTH, 'CloudFormation', 'deleteStack')],
    ['the package prefix not at the start of the service', call(BOTH, '/@aws-sdk/client-cloudformation', 'createStack')],
    ['a service that is not a literal string', JSON.stringify({ service: 5, action: 'createStack' })],
    ['a call only known at deploy time', new Unknown('Ref Whole', 'r')],
  ])('GIVEN %s WHEN read THEN no template', (_name, value) => {
    expect(readSdkTemplateCall(value, 'certain')).toEqual([]);
  });

  test('GIVEN a CloudFormation call whose action is not a literal string WHEN read THEN unreadable: it may deploy a template', () => {
    expect(readSdkTemplateCall(JSON.stringify({ service: 'CloudFormation', action: 5 }), 'possible')).toEqual([
      { call: 'the call', parameter: '', unreadable: 'its action is not a literal string (5), so it may deploy a template' },
    ]);
  });

  test('GIVEN a deploy-time value inside a createStack call WHEN read THEN unreadable, named by the call', () => {
    const value = new PartialString(['{"service":"CloudFormation","action":"createStack","parameters":{"TemplateURL":"', new Unknown('Ref Url', 'r'), '"}}']);

    expect(readSdkTemplateCall(value, 'certain')).toEqual([
      {
        call: 'CloudFormation.createStack',
        parameter: '',
        unreadable: 'its JSON text holds values only known at deploy time (Ref Url: r); a deploy-time value inside JSON text can change any parameter of the call',
      },
    ]);
  });
});

describe('SDK-call resources whose calls cannot be listed', () => {
  const own = { ServiceToken: 'arn:aws:lambda:eu-west-1:111111111111:function:own' };

  test('GIVEN a custom resource that may be an SDK call, whose whole Properties a macro rewrites WHEN evaluated THEN AGW2 (the macro may write any call)', () => {
    const e = only({ Type: 'Custom::Thing', Properties: { ...own, 'Create': call(IAM), 'Fn::Transform': { Name: 'TeamMacro' } } });

    expect([e.authorization, e.findings.map((f) => f.ruleId)]).toEqual(['unresolved: Fn::Transform TeamMacro', ['AGW2']]);
  });

  test('GIVEN a Custom::AWS without calls, with a macro on top of the resource WHEN evaluated THEN AGW2 on the macro (not skipped)', () => {
    const e = only({ ...sdkResource({}), 'Fn::Transform': { Name: 'TeamMacro' } });

    expect(e.findings.map((f) => [f.ruleId, f.propertyPath])).toEqual([['AGW2', 'Fn::Transform']]);
  });

  test('GIVEN two calls whose combinations are more than the guard explores WHEN evaluated THEN AGW2 names the choice of call among the choices', () => {
    const names = Array.from({ length: 8 }, (_, i) => `C${i}`);
    const authorizerType = { 'Fn::Join': ['', [...names.map((n) => ({ 'Fn::If': [n, '', ''] })), 'AWS_IAM']] };
    const create = { service: 'bedrock-agentcore-control', action: 'CreateGateway', parameters: { ...IAM, authorizerType } };
    const update = { ...create, action: 'UpdateGateway' };
    const [e] = evaluateTemplate({
      Conditions: Object.fromEntries(names.map((n) => [n, { 'Fn::Equals': [{ Ref: 'AWS::Region' }, n] }])),
      Resources: { Sdk: sdkResource({ Create: create, Update: update }) },
    });

    expect(e.findings.map((f) => f.ruleId)).toEqual(['AGW2']);
    expect(e.findings[0].message).toContain('(the SDK call made (2 calls), condition C0 (true or false),');
  });
});

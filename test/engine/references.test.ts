// The references a template makes to other templates (nested stacks, StackSets, Service Catalog products, SAM
// applications, SDK calls that deploy a template): what each points at, where in the resource, and in which
// combination of parameter values and conditions. Reading them is the caller's job (see template-tree.test.ts).
import { MAX_COMBINATIONS } from '../../src/engine/constants';
import { templateScope } from '../../src/engine/evaluate';
import { templateReferences, TemplateReference } from '../../src/engine/references';
import { describeValue, Value } from '../../src/engine/values';

const references = (template: object): TemplateReference[] => templateReferences(templateScope(template));

/** What a test compares: the reference without the fields common to every reference of the resource. */
const short = (r: TemplateReference) => ({ label: r.label, propertyPath: r.propertyPath, source: r.source, when: r.when });

const PARAMETER = { P: { Type: 'String' } };
const P_REASON = 'Ref P: parameter P has no AllowedValues, so any value can be passed at deploy time';
const REGION_IS = { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] };

const stack = (properties: unknown, extra: object = {}, template: object = {}) => ({
  ...template,
  Resources: { Child: { Type: 'AWS::CloudFormation::Stack', Properties: properties, ...extra } },
});
const stackSet = (properties: unknown, template: object = {}) => ({ ...template, Resources: { Set: { Type: 'AWS::CloudFormation::StackSet', Properties: properties } } });
const product = (properties: unknown, template: object = {}) => ({
  ...template,
  Resources: { Prod: { Type: 'AWS::ServiceCatalog::CloudFormationProduct', Properties: properties } },
});
const sam = (location: unknown) => ({ Resources: { App: { Type: 'AWS::Serverless::Application', Properties: { Location: location } } } });
const sdk = (create: unknown, template: object = {}) => ({ ...template, Resources: { Make: { Type: 'Custom::AWS', Properties: { Create: create } } } });

describe('the resources that refer to templates', () => {
  test('GIVEN a nested stack with a literal URL and its metadata WHEN listed THEN one reference with the resource, its paths and no when', () => {
    const t = stack({ TemplateURL: 'https://a/child.json' }, { Metadata: { 'aws:asset:path': 'child.nested.template.json', 'aws:cdk:path': 'App/Parent/Child.NestedStack/Resource' } });
    expect(references(t)).toStrictEqual([
      {
        logicalId: 'Child',
        resourceType: 'AWS::CloudFormation::Stack',
        assetPath: 'child.nested.template.json',
        cdkPath: 'App/Parent/Child.NestedStack/Resource',
        label: 'Stack Child (TemplateURL)',
        propertyPath: 'Properties.TemplateURL',
        source: { kind: 'url', url: 'https://a/child.json' },
        when: undefined,
      },
    ]);
  });

  test.each([
    ['no metadata', undefined],
    ['metadata that is not an object', 'App/Parent/Child'],
    ['metadata paths that are not strings', { 'aws:asset:path': 42, 'aws:cdk:path': ['App', 'Parent'] }],
  ])('GIVEN %s WHEN listed THEN no asset or construct path', (_, metadata) => {
    const [reference] = references(stack({ TemplateURL: 'https://a/child.json' }, { Metadata: metadata }));
    expect([reference.assetPath, reference.cdkPath]).toEqual([undefined, undefined]);
  });

  test('GIVEN resources that are not objects or have no string Type WHEN listed THEN they are skipped', () => {
    const t = {
      Resources: {
        Missing: null,
        Text: 'AWS::CloudFormation::Stack',
        Numbered: { Type: 42, Properties: { TemplateURL: 'https://a/n.json' } },
        Listed: { Type: ['AWS::CloudFormation::Stack'], Properties: { TemplateURL: 'https://a/l.json' } },
        Real: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: 'https://a/r.json' } },
      },
    };
    expect(references(t).map((r) => r.logicalId)).toEqual(['Real']);
  });

  test('GIVEN a StackSet with a TemplateBody and a TemplateURL WHEN listed THEN both, the body as text', () => {
    expect(references(stackSet({ TemplateBody: '{"Resources":{}}', TemplateURL: 'https://a/set.json' })).map(short)).toEqual([
      { label: 'StackSet Set (TemplateBody)', propertyPath: 'Properties.TemplateBody', source: { kind: 'body', text: '{"Resources":{}}' }, when: undefined },
      { label: 'StackSet Set (TemplateURL)', propertyPath: 'Properties.TemplateURL', source: { kind: 'url', url: 'https://a/set.json' }, when: undefined },
    ]);
  });

  test.each([
    ['a nested stack without Properties', stack(undefined)],
    ['a nested stack with empty Properties', stack({})],
    ['a StackSet without Properties', stackSet(undefined)],
    ['a Service Catalog product without Properties', product(undefined)],
    ['a Service Catalog product without ProvisioningArtifactParameters', product({ Name: 'p' })],
    ['a SAM application without Properties', { Resources: { App: { Type: 'AWS::Serverless::Application' } } }],
  ])('GIVEN %s WHEN listed THEN no reference', (_, t) => {
    expect(references(t)).toEqual([]);
  });
});

describe('values that are not a readable template', () => {
  test.each<[string, object, Partial<TemplateReference>]>([
    [
      'a nested stack whose Properties are a parameter',
      stack({ Ref: 'P' }, {}, { Parameters: PARAMETER }),
      { label: 'Stack Child (TemplateURL)', propertyPath: 'Properties', source: { kind: 'unreadable', reason: `its Properties are only known at deploy time (${P_REASON})` } },
    ],
    [
      'a nested stack whose Properties are a string with a dynamic reference',
      stack('x{{resolve:ssm:props}}'),
      {
        label: 'Stack Child (TemplateURL)',
        propertyPath: 'Properties',
        source: { kind: 'unreadable', reason: 'its Properties are only known at deploy time ({{resolve:ssm:props}}: a dynamic reference is resolved by CloudFormation at deploy time)' },
      },
    ],
    [
      'a TemplateURL from a parameter',
      stack({ TemplateURL: { Ref: 'P' } }, {}, { Parameters: PARAMETER }),
      { label: 'Stack Child (TemplateURL)', propertyPath: 'Properties.TemplateURL', source: { kind: 'unreadable', reason: `its TemplateURL is only known at deploy time (${P_REASON})` } },
    ],
    [
      'a TemplateURL that is a number',
      stack({ TemplateURL: 42 }),
      { label: 'Stack Child (TemplateURL)', propertyPath: 'Properties.TemplateURL', source: { kind: 'unreadable', reason: 'its TemplateURL is not a string (42)' } },
    ],
    [
      'a TemplateURL that is a list',
      stack({ TemplateURL: ['https://a/x.json'] }),
      { label: 'Stack Child (TemplateURL)', propertyPath: 'Properties.TemplateURL', source: { kind: 'unreadable', reason: 'its TemplateURL is not a string (["https://a/x.json"])' } },
    ],
  ])('GIVEN %s WHEN listed THEN one unreadable reference that says why', (_, t, expected) => {
    expect(references(t).map(short)).toEqual([{ when: undefined, ...expected }]);
  });

  test('GIVEN a StackSet whose Properties are a parameter WHEN listed THEN one reference, for the URL (a body needs text to read)', () => {
    expect(references(stackSet({ Ref: 'P' }, { Parameters: PARAMETER })).map(short)).toEqual([
      { label: 'StackSet Set (TemplateURL)', propertyPath: 'Properties', source: { kind: 'unreadable', reason: `its Properties are only known at deploy time (${P_REASON})` }, when: undefined },
    ]);
  });

  test('GIVEN a TemplateBody that holds a parameter WHEN listed THEN unreadable: a deploy-time value can change anything in the text', () => {
    const t = stackSet({ TemplateBody: { 'Fn::Join': ['', ['{"Resources":', { Ref: 'P' }, '}']] } }, { Parameters: PARAMETER });
    expect(references(t).map(short)).toEqual([
      {
        label: 'StackSet Set (TemplateBody)',
        propertyPath: 'Properties.TemplateBody',
        source: {
          kind: 'unreadable',
          reason:
            `its TemplateBody holds values only known at deploy time (${P_REASON}); a deploy-time value inside template text can change anything in it. ` +
            'Write the template as a literal, or ship it as a file asset',
        },
        when: undefined,
      },
    ]);
  });

  test('GIVEN a TemplateBody that is wholly a parameter WHEN listed THEN unreadable with the same advice', () => {
    const [reference] = references(stackSet({ TemplateBody: { Ref: 'P' } }, { Parameters: PARAMETER }));
    expect(reference.source).toEqual({
      kind: 'unreadable',
      reason: `its TemplateBody holds values only known at deploy time (${P_REASON}); a deploy-time value inside template text can change anything in it. Write the template as a literal, or ship it as a file asset`,
    });
  });

  test('GIVEN a TemplateBody built from pseudo parameters only WHEN listed THEN it is text with placeholders', () => {
    const [reference] = references(stackSet({ TemplateBody: { 'Fn::Sub': '{"Description":"${AWS::AccountId}"}' } }));
    expect(reference.source).toEqual({ kind: 'body', text: '{"Description":"${AWS::AccountId}"}' });
  });

  test.each<[string, unknown, string]>([
    ['a number', 42, 'its TemplateBody is not a string (42)'],
    ['an object (a template not serialized)', { Resources: {} }, 'its TemplateBody is not a string ({"Resources":{}})'],
  ])('GIVEN a TemplateBody that is %s WHEN listed THEN unreadable: not a string', (_, body, reason) => {
    expect(references(stackSet({ TemplateBody: body })).map(short)).toEqual([
      { label: 'StackSet Set (TemplateBody)', propertyPath: 'Properties.TemplateBody', source: { kind: 'unreadable', reason }, when: undefined },
    ]);
  });
});

describe('Service Catalog products', () => {
  const whole = 'Service Catalog product Prod (ProvisioningArtifactParameters)';

  test('GIVEN artifacts with a URL, an imported stack, a token Info, a token URL and no template yet WHEN listed THEN one reference each, at its path', () => {
    const t = product(
      {
        ProvisioningArtifactParameters: [
          { Info: { LoadTemplateFromURL: 'https://a/v1.json' } },
          { Info: { ImportFromPhysicalId: 'arn:aws:cloudformation:eu-west-1:111111111111:stack/s/1' } },
          { Info: { Ref: 'P' } },
          { Info: { LoadTemplateFromURL: { Ref: 'P' } } },
          { Info: {} },
        ],
      },
      { Parameters: PARAMETER },
    );
    const at = (i: number) => `Properties.ProvisioningArtifactParameters[${i}].Info`;
    const label = (i: number) => `Service Catalog product Prod (ProvisioningArtifactParameters[${i}])`;
    expect(references(t).map(short)).toEqual([
      { label: label(0), propertyPath: `${at(0)}.LoadTemplateFromURL`, source: { kind: 'url', url: 'https://a/v1.json' }, when: undefined },
      {
        label: label(1),
        propertyPath: `${at(1)}.ImportFromPhysicalId`,
        source: {
          kind: 'unreadable',
          reason: "it imports the template of an already deployed stack ('arn:aws:cloudformation:eu-west-1:111111111111:stack/s/1'), which is not part of this app",
        },
        when: undefined,
      },
      { label: label(2), propertyPath: at(2), source: { kind: 'unreadable', reason: `its Info is only known at deploy time (${P_REASON})` }, when: undefined },
      {
        label: label(3),
        propertyPath: `${at(3)}.LoadTemplateFromURL`,
        source: { kind: 'unreadable', reason: `its LoadTemplateFromURL is only known at deploy time (${P_REASON})` },
        when: undefined,
      },
    ]);
  });

  test.each<[string, object, string, string]>([
    ['Properties that are a parameter', product({ Ref: 'P' }, { Parameters: PARAMETER }), 'Properties', `its Properties are only known at deploy time (${P_REASON})`],
    [
      'artifacts that are a parameter',
      product({ ProvisioningArtifactParameters: { Ref: 'P' } }, { Parameters: PARAMETER }),
      'Properties.ProvisioningArtifactParameters',
      `it is only known at deploy time (${P_REASON})`,
    ],
    [
      'artifacts that are one object instead of a list',
      product({ ProvisioningArtifactParameters: { Info: { LoadTemplateFromURL: 'https://a/v1.json' } } }),
      'Properties.ProvisioningArtifactParameters',
      'it is not a list ({"Info":{"LoadTemplateFromURL":"https://a/v1.json"}})',
    ],
  ])('GIVEN a product with %s WHEN listed THEN one unreadable reference for all its artifacts', (_, t, propertyPath, reason) => {
    expect(references(t).map(short)).toEqual([{ label: whole, propertyPath, source: { kind: 'unreadable', reason }, when: undefined }]);
  });
});

describe('SAM applications', () => {
  test('GIVEN a local template as Location WHEN listed THEN a URL reference', () => {
    expect(references(sam('./child.yaml')).map(short)).toEqual([
      { label: 'Serverless application App (Location)', propertyPath: 'Properties.Location', source: { kind: 'url', url: './child.yaml' }, when: undefined },
    ]);
  });

  test('GIVEN an application of the Serverless Application Repository WHEN listed THEN unreadable, naming it', () => {
    const location = { ApplicationId: 'arn:aws:serverlessrepo:us-east-1:1:applications/x', SemanticVersion: '1.0.0' };
    expect(references(sam(location)).map(short)).toEqual([
      {
        label: 'Serverless application App (Location)',
        propertyPath: 'Properties.Location',
        source: {
          kind: 'unreadable',
          reason: `its Location ${JSON.stringify(location)} is an application of the Serverless Application Repository, whose template is not part of this app`,
        },
        when: undefined,
      },
    ]);
  });
});

describe('SDK calls that deploy a template', () => {
  const call = (parameters: unknown) => JSON.stringify({ service: 'CloudFormation', action: 'createStack', parameters });

  test('GIVEN createStack calls with a TemplateBody and a TemplateURL WHEN listed THEN a body and a URL at the parameter', () => {
    expect(references(sdk(call({ TemplateBody: '{"Resources":{}}', TemplateURL: 'https://a/t.json' }))).map(short)).toEqual([
      {
        label: 'SDK call Make (Create: CloudFormation.createStack TemplateBody)',
        propertyPath: 'Properties.Create.parameters.TemplateBody',
        source: { kind: 'body', text: '{"Resources":{}}' },
        when: undefined,
      },
      {
        label: 'SDK call Make (Create: CloudFormation.createStack TemplateURL)',
        propertyPath: 'Properties.Create.parameters.TemplateURL',
        source: { kind: 'url', url: 'https://a/t.json' },
        when: undefined,
      },
    ]);
  });

  test('GIVEN parameters that are a list WHEN listed THEN each TemplateBody is still read as text', () => {
    expect(references(sdk(call([{ TemplateBody: '{"Resources":{}}' }]))).map(short)).toEqual([
      {
        label: 'SDK call Make (Create: CloudFormation.createStack [0].TemplateBody)',
        propertyPath: 'Properties.Create.parameters.[0].TemplateBody',
        source: { kind: 'body', text: '{"Resources":{}}' },
        when: undefined,
      },
    ]);
  });

  test('GIVEN a TemplateBody that is an object WHEN listed THEN unreadable: not a string', () => {
    expect(references(sdk(call({ TemplateBody: { Resources: {} } }))).map(short)).toEqual([
      {
        label: 'SDK call Make (Create: CloudFormation.createStack TemplateBody)',
        propertyPath: 'Properties.Create.parameters.TemplateBody',
        source: { kind: 'unreadable', reason: 'its TemplateBody is not a string ({"Resources":{}})' },
        when: undefined,
      },
    ]);
  });

  test('GIVEN a call whose JSON text holds a parameter WHEN listed THEN one unreadable reference at the call itself', () => {
    const create = { 'Fn::Join': ['', ['{"service":"CloudFormation","action":"createStack","parameters":{"TemplateBody":"', { Ref: 'P' }, '"}}']] };
    const [reference] = references(sdk(create, { Parameters: PARAMETER }));
    expect([reference.label, reference.propertyPath, reference.source.kind]).toEqual(['SDK call Make (Create: CloudFormation.createStack)', 'Properties.Create', 'unreadable']);
  });

  test('GIVEN a Fn::Transform in the Tags of an SDK call WHEN listed THEN its template is still listed (the macro is a finding of the call itself)', () => {
    const t = { Resources: { Make: { Type: 'Custom::AWS', Properties: { Create: call({ TemplateURL: 'https://a/t.json' }), Tags: [{ 'Fn::Transform': { Name: 'M' } }] } } } };
    expect(references(t).map(short)).toEqual([
      {
        label: 'SDK call Make (Create: CloudFormation.createStack TemplateURL)',
        propertyPath: 'Properties.Create.parameters.TemplateURL',
        source: { kind: 'url', url: 'https://a/t.json' },
        when: undefined,
      },
    ]);
  });
});

describe('macros around a reference', () => {
  const MACRO = { 'Fn::Transform': { Name: 'M' } };
  const reason = 'macro M (Fn::Transform) rewrites the resource at deploy time, so the template it deploys cannot be known';

  test.each([
    ['among the Properties', { Type: 'AWS::CloudFormation::StackSet', Properties: { TemplateBody: '{}', ...MACRO } }, 'Properties.Fn::Transform'],
    ['deep in the Properties', { Type: 'AWS::CloudFormation::StackSet', Properties: { TemplateBody: '{}', Tags: [{ Key: 'k', Value: MACRO }] } }, 'Properties.Tags[0].Value.Fn::Transform'],
    ['at the top of the resource', { Type: 'AWS::CloudFormation::StackSet', Properties: { TemplateBody: '{}' }, ...MACRO }, 'Fn::Transform'],
  ])('GIVEN a Fn::Transform %s WHEN listed THEN one unreadable reference naming the macro instead of the template', (_, resource, propertyPath) => {
    expect(references({ Resources: { Set: resource } })).toStrictEqual([
      { logicalId: 'Set', resourceType: 'AWS::CloudFormation::StackSet', assetPath: undefined, cdkPath: undefined, label: 'AWS::CloudFormation::StackSet Set', propertyPath, source: { kind: 'unreadable', reason } },
    ]);
  });

  test('GIVEN a Fn::Transform only in the Metadata WHEN listed THEN the template is read as usual', () => {
    const t = stack({ TemplateURL: 'https://a/child.json' }, { Metadata: { Notes: MACRO } });
    expect(references(t).map(short)).toEqual([
      { label: 'Stack Child (TemplateURL)', propertyPath: 'Properties.TemplateURL', source: { kind: 'url', url: 'https://a/child.json' }, when: undefined },
    ]);
  });
});

describe('references that depend on parameters and conditions', () => {
  const CONDITIONS = { Conditions: { East: REGION_IS, Main: { 'Fn::Equals': [{ Ref: 'AWS::AccountId' }, '111111111111'] } } };
  const urls = (t: object) => references(t).map((r) => [r.source.kind === 'url' ? describeValue(r.source.url as Value) : r.source.kind, r.when]);

  test('GIVEN a URL chosen by a condition WHEN listed THEN one reference per URL, each with its condition', () => {
    expect(urls(stack({ TemplateURL: { 'Fn::If': ['East', 'https://a/east.json', 'https://a/other.json'] } }, {}, CONDITIONS))).toEqual([
      ["'https://a/east.json'", 'condition East is true'],
      ["'https://a/other.json'", 'condition East is false'],
    ]);
  });

  test('GIVEN nested conditions WHEN listed THEN the when joins every decision with and', () => {
    const url = { 'Fn::If': ['East', { 'Fn::If': ['Main', 'https://a/1.json', 'https://a/2.json'] }, 'https://a/2.json'] };
    expect(urls(stack({ TemplateURL: url }, {}, CONDITIONS))).toEqual([
      ["'https://a/1.json'", 'condition East is true and condition Main is true'],
      ["'https://a/2.json'", 'condition East is true and condition Main is false'],
    ]);
  });

  test('GIVEN a condition whose branches give the same URL WHEN listed THEN one reference without when (every world deploys it)', () => {
    expect(urls(stack({ TemplateURL: { 'Fn::If': ['East', 'https://a/same.json', 'https://a/same.json'] } }, {}, CONDITIONS))).toEqual([["'https://a/same.json'", undefined]]);
  });

  test('GIVEN a parameter with AllowedValues in the URL WHEN listed THEN one reference per value', () => {
    const t = stack({ TemplateURL: { 'Fn::Sub': 'https://a/${Env}.json' } }, {}, { Parameters: { Env: { Type: 'String', AllowedValues: ['dev', 'prod'] } } });
    expect(urls(t)).toEqual([
      ["'https://a/dev.json'", "parameter Env = 'dev'"],
      ["'https://a/prod.json'", "parameter Env = 'prod'"],
    ]);
  });

  test('GIVEN a condition choosing between two bodies WHEN listed THEN both bodies, each with its condition', () => {
    const t = stackSet({ TemplateBody: { 'Fn::If': ['East', '{"Description":"east"}', '{"Description":"other"}'] } }, CONDITIONS);
    expect(references(t).map((r) => [r.source, r.when])).toEqual([
      [{ kind: 'body', text: '{"Description":"east"}' }, 'condition East is true'],
      [{ kind: 'body', text: '{"Description":"other"}' }, 'condition East is false'],
    ]);
  });

  test('GIVEN a condition choosing between two unreadable values WHEN listed THEN both reasons, each with its condition', () => {
    const t = stack({ TemplateURL: { 'Fn::If': ['East', 1, 2] } }, {}, CONDITIONS);
    expect(references(t).map((r) => [r.source, r.when])).toEqual([
      [{ kind: 'unreadable', reason: 'its TemplateURL is not a string (1)' }, 'condition East is true'],
      [{ kind: 'unreadable', reason: 'its TemplateURL is not a string (2)' }, 'condition East is false'],
    ]);
  });

  test('GIVEN URLs with deploy-time parts that read alike in both worlds WHEN listed THEN one reference: sources are told apart by how they read', () => {
    // Both read https://a/${Fn::Select}, one because its index is out of range, the other because its index is a parameter.
    const url = {
      'Fn::If': ['East', { 'Fn::Join': ['', ['https://a/', { 'Fn::Select': [5, ['x']] }]] }, { 'Fn::Join': ['', ['https://a/', { 'Fn::Select': [{ Ref: 'P' }, ['x']] }]] }],
    };
    expect(urls(stack({ TemplateURL: url }, {}, { ...CONDITIONS, Parameters: PARAMETER }))).toEqual([['https://a/${Fn::Select}', undefined]]);
  });

  test('GIVEN a nested stack with a Condition WHEN listed THEN its reference holds only when the condition is true', () => {
    expect(urls(stack({ TemplateURL: 'https://a/child.json' }, { Condition: 'East' }, CONDITIONS))).toEqual([["'https://a/child.json'", 'condition East is true']]);
  });

  test('GIVEN a nested stack whose Condition is always false WHEN listed THEN no reference', () => {
    const t = stack({ TemplateURL: 'https://a/child.json' }, { Condition: 'Never' }, { Conditions: { Never: { 'Fn::Equals': ['a', 'b'] } } });
    expect(references(t)).toEqual([]);
  });

  test(`GIVEN a URL with more than ${MAX_COMBINATIONS} possible values WHEN listed THEN the first ones, then one unreadable reference that says why`, () => {
    const values = Array.from({ length: MAX_COMBINATIONS + 1 }, (_, i) => `v${i}`);
    const t = stack({ TemplateURL: { 'Fn::Sub': 'https://a/${Version}.json' } }, {}, { Parameters: { Version: { Type: 'String', AllowedValues: values } } });
    const found = references(t);
    expect(found).toHaveLength(MAX_COMBINATIONS + 1);
    expect(short(found[0])).toEqual({ label: 'Stack Child (TemplateURL)', propertyPath: 'Properties.TemplateURL', source: { kind: 'url', url: 'https://a/v0.json' }, when: "parameter Version = 'v0'" });
    expect(found[MAX_COMBINATIONS]).toStrictEqual({
      logicalId: 'Child',
      resourceType: 'AWS::CloudFormation::Stack',
      assetPath: undefined,
      cdkPath: undefined,
      label: 'AWS::CloudFormation::Stack Child',
      propertyPath: 'Properties',
      source: { kind: 'unreadable', reason: `the templates it deploys depend on more than ${MAX_COMBINATIONS} combinations of parameter values and conditions` },
      when: undefined,
    });
  });
});

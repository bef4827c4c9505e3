// Templates a template deploys through other resources (nested stacks, StackSets, Service Catalog products,
// SAM applications) are judged like any other, with the chain in the location; a reference the caller cannot
// read is AGW10. The engine only names the references; a resolver (here a map) reads them.
import { gatewayProperties } from './fixtures';
import { templateScope } from '../../src/engine/evaluate';
import { templateReferences } from '../../src/engine/references';
import { evaluateTemplateTree, MAX_REFERENCED_TEMPLATES, MAX_TEMPLATE_DEPTH, ReferenceResolver, walkTemplates } from '../../src/engine/template-tree';

const gateway = (type: string) => ({ Type: 'AWS::BedrockAgentCore::Gateway', Properties: gatewayProperties({ AuthorizerType: type, AuthorizerConfiguration: undefined }) });
const PUBLIC = { Resources: { Gw: gateway('NONE') } };
const SECURE = { Resources: { Gw: gateway('AWS_IAM') } };

/** Reads inline bodies as JSON and URLs from a map; anything else cannot be read. */
function resolver(files: Record<string, object>): ReferenceResolver {
  return (reference) => {
    const source = reference.source;
    if (source.kind === 'body') return { kind: 'template', template: JSON.parse(source.text), key: `body:${source.text}` };
    if (source.kind === 'url' && typeof source.url === 'string' && files[source.url]) return { kind: 'template', template: files[source.url] as any, key: source.url };
    return { kind: 'unreadable', reason: 'it is not a file of this app' };
  };
}

function judge(template: any, files: Record<string, object> = {}, options = {}) {
  return evaluateTemplateTree({ template, location: 'Parent/Stack', templatePath: 'Parent.template.json' }, options, resolver(files)).map(({ evaluation: e, via }) => ({
    where: `${e.location} :: ${e.logicalId}`,
    verdict: e.verdict,
    rules: e.findings.map((f) => f.ruleId),
    templatePath: e.templatePath,
    via,
  }));
}

describe('templates deployed through other resources', () => {
  test('GIVEN a StackSet whose TemplateBody holds a public gateway WHEN judged THEN AGW1 with the chain; its secure twin passes', () => {
    const parent = (body: object) => ({ Resources: { MySet: { Type: 'AWS::CloudFormation::StackSet', Properties: { StackSetName: 's', TemplateBody: JSON.stringify(body) } } } });
    expect(judge(parent(PUBLIC))).toEqual([
      { where: 'Parent/Stack -> StackSet MySet (TemplateBody) :: Gw', verdict: 'NON_COMPLIANT', rules: ['AGW1'], templatePath: 'Parent.template.json', via: 'MySet' },
    ]);
    expect(judge(parent(SECURE)).map((e) => e.verdict)).toEqual(['COMPLIANT']);
  });

  test('GIVEN a TemplateBody built with Fn::Sub of pseudo parameters only WHEN judged THEN it is read as written', () => {
    const body = (type: string) => ({ 'Fn::Sub': JSON.stringify({ Resources: { Gw: { Type: 'AWS::BedrockAgentCore::Gateway', Properties: { RoleArn: 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/x', AuthorizerType: type } } } }) });
    const parent = (type: string) => ({ Resources: { MySet: { Type: 'AWS::CloudFormation::StackSet', Properties: { TemplateBody: body(type) } } } });
    expect(judge(parent('NONE')).map((e) => e.rules)).toEqual([['AGW1']]);
    expect(judge(parent('AWS_IAM')).map((e) => e.verdict)).toEqual(['COMPLIANT']);
  });

  test('GIVEN a raw nested stack, a StackSet URL and a Service Catalog product pointing at readable templates WHEN judged THEN each gateway is judged', () => {
    const parent = {
      Resources: {
        Child: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: 'https://a/child.json' } },
        Set: { Type: 'AWS::CloudFormation::StackSet', Properties: { TemplateURL: 'https://a/set.json' } },
        Product: {
          Type: 'AWS::ServiceCatalog::CloudFormationProduct',
          Properties: { ProvisioningArtifactParameters: [{ Info: { LoadTemplateFromURL: 'https://a/v1.json' } }, { Info: { LoadTemplateFromURL: 'https://a/v2.json' } }] },
        },
      },
    };
    const files = { 'https://a/child.json': SECURE, 'https://a/set.json': PUBLIC, 'https://a/v1.json': SECURE, 'https://a/v2.json': { Resources: { V2: gateway('NONE') } } };
    expect(judge(parent, files).map((e) => [e.where, e.verdict])).toEqual([
      ['Parent/Stack/Child :: Gw', 'COMPLIANT'],
      ['Parent/Stack -> StackSet Set (TemplateURL) :: Gw', 'NON_COMPLIANT'],
      ['Parent/Stack -> Service Catalog product Product (ProvisioningArtifactParameters[0]) :: Gw', 'COMPLIANT'],
      ['Parent/Stack -> Service Catalog product Product (ProvisioningArtifactParameters[1]) :: V2', 'NON_COMPLIANT'],
    ]);
  });

  test('GIVEN a StackSet body that itself embeds a nested stack with a public gateway WHEN judged THEN the whole chain is named', () => {
    const inner = { Resources: { Deeper: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: 'https://a/deeper.json' } } } };
    const parent = { Resources: { MySet: { Type: 'AWS::CloudFormation::StackSet', Properties: { TemplateBody: JSON.stringify(inner) } } } };
    expect(judge(parent, { 'https://a/deeper.json': PUBLIC })).toEqual([
      expect.objectContaining({ where: 'Parent/Stack -> StackSet MySet (TemplateBody)/Deeper :: Gw', rules: ['AGW1'], via: 'MySet' }),
    ]);
  });

  test('GIVEN a remote URL WHEN judged THEN AGW10 names the reference and why; WHEN its prefix is allowed THEN nothing', () => {
    const parent = { Resources: { Shared: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: 'https://templates.example.com/vetted/net.json' } } } };
    const [finding] = evaluateTemplateTree({ template: parent, location: 'Parent/Stack' }, {}, resolver({}));
    expect(finding.evaluation).toEqual(
      expect.objectContaining({
        logicalId: 'Shared',
        location: 'Parent/Stack',
        verdict: 'NON_COMPLIANT',
        authorization: 'unresolved: Stack Shared (TemplateURL)',
        findings: [
          expect.objectContaining({
            ruleId: 'AGW10',
            propertyPath: 'Properties.TemplateURL',
            message: 'Stack Shared (TemplateURL) cannot be read by the guard: it is not a file of this app. Gateways in that template would deploy unchecked.',
            fix: expect.stringMatching(/allowedTemplateUrlPrefixes/),
          }),
        ],
      }),
    );
    expect(judge(parent, {}, { allowedTemplateUrlPrefixes: ['https://templates.example.com/vetted/'] })).toEqual([]);
    expect(judge(parent, {}, { allowedTemplateUrlPrefixes: ['https://templates.example.com/other/'] }).map((e) => e.rules)).toEqual([['AGW10']]);
  });

  test('GIVEN references the template itself cannot resolve (a token URL, a token body, a SAR application, an imported stack) WHEN judged THEN AGW10 for each', () => {
    const parent = {
      Parameters: { Url: { Type: 'String' } },
      Resources: {
        ByParam: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: { Ref: 'Url' } } },
        Tokened: { Type: 'AWS::CloudFormation::StackSet', Properties: { TemplateBody: { 'Fn::Join': ['', ['{"Resources":', { Ref: 'Url' }, '}']] } } },
        Sar: { Type: 'AWS::Serverless::Application', Properties: { Location: { ApplicationId: 'arn:aws:serverlessrepo:us-east-1:1:applications/x', SemanticVersion: '1.0.0' } } },
        Imported: { Type: 'AWS::ServiceCatalog::CloudFormationProduct', Properties: { ProvisioningArtifactParameters: [{ Info: { ImportFromPhysicalId: 'arn:aws:cloudformation:x' } }] } },
      },
    };
    const messages = evaluateTemplateTree({ template: parent, location: 'P' }, {}, resolver({})).map((t) => t.evaluation.findings[0].message);
    expect(messages).toEqual([
      expect.stringMatching(/^Stack ByParam \(TemplateURL\) cannot be read by the guard: its TemplateURL is only known at deploy time \(Ref Url: parameter Url has no AllowedValues/),
      expect.stringMatching(/^StackSet Tokened \(TemplateBody\) cannot be read by the guard: its TemplateBody holds values only known at deploy time \(Ref Url: /),
      expect.stringMatching(/^Serverless application Sar \(Location\) cannot be read by the guard: its Location .* is an application of the Serverless Application Repository/),
      expect.stringMatching(/^Service Catalog product Imported \(ProvisioningArtifactParameters\[0\]\) cannot be read by the guard: it imports the template of an already deployed stack/),
    ]);
  });

  test('GIVEN a URL chosen by a condition between an app template and a remote one WHEN judged THEN the remote world is AGW10 and named', () => {
    const parent = {
      Conditions: { Remote: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] } },
      Resources: { Child: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: { 'Fn::If': ['Remote', 'https://evil.example.com/t.json', 'https://a/child.json'] } } } },
    };
    const results = evaluateTemplateTree({ template: parent, location: 'P' }, {}, resolver({ 'https://a/child.json': SECURE }));
    expect(results.map((r) => [r.evaluation.logicalId, r.evaluation.verdict, r.evaluation.findings[0]?.message])).toEqual([
      ['Gw', 'COMPLIANT', undefined],
      ['Child', 'NON_COMPLIANT', 'When condition Remote is true: Stack Child (TemplateURL) cannot be read by the guard: it is not a file of this app. Gateways in that template would deploy unchecked.'],
    ]);
  });

  test('GIVEN a Fn::Transform among the properties of a StackSet WHEN judged THEN AGW10: the macro decides what it deploys', () => {
    const parent = { Resources: { Set: { Type: 'AWS::CloudFormation::StackSet', Properties: { 'TemplateBody': JSON.stringify(SECURE), 'Fn::Transform': { Name: 'M' } } } } };
    expect(judge(parent).map((e) => e.rules)).toEqual([['AGW10']]);
  });

  test('GIVEN a cycle of templates WHEN walked THEN each is read once and the walk ends', () => {
    const a = { Resources: { ToB: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: 'https://a/b.json' } }, Gw: gateway('AWS_IAM') } };
    const b = { Resources: { ToA: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: 'https://a/a.json' } }, Open: gateway('NONE') } };
    const visited = new Set(['https://a/a.json']);
    const walk = walkTemplates({ template: a, location: 'a' }, resolver({ 'https://a/a.json': a, 'https://a/b.json': b }), visited);
    expect(walk.templates.map((t) => t.location)).toEqual(['a/ToB']);
    expect(walk.unreadable).toEqual([]);
  });

  test('GIVEN references nested deeper than the bound WHEN walked THEN the walk stops there with AGW10', () => {
    // Every level has a different URL, so only the depth bound stops it.
    const level = (n: number): object => ({ Resources: { Next: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: `https://a/${n + 1}.json` } } } });
    const resolve: ReferenceResolver = (reference) => {
      const url = (reference.source as { url: string }).url;
      const n = Number(/(\d+)\.json$/.exec(url)![1]);
      return { kind: 'template', template: level(n) as any, key: url };
    };
    const walk = walkTemplates({ template: level(0) as any, location: 'root' }, resolve);
    expect(walk.templates).toHaveLength(MAX_TEMPLATE_DEPTH);
    expect(walk.unreadable).toEqual([expect.objectContaining({ logicalId: 'Next', reason: `it is nested more than ${MAX_TEMPLATE_DEPTH} templates deep, where the guard stops following references` })]);
  });

  test('GIVEN a Service Catalog artifact without a template yet (a ProductStack before synthesis) WHEN listed THEN no reference', () => {
    const t = { Resources: { P: { Type: 'AWS::ServiceCatalog::CloudFormationProduct', Properties: { ProvisioningArtifactParameters: [{ Info: {} }] } } } };
    expect(templateReferences(templateScope(t))).toEqual([]);
  });
});

describe('templates deployed by SDK calls (AwsCustomResource calling CloudFormation or Service Catalog)', () => {
  const PROVIDER = { 'Fn::GetAtt': ['AWS679f53fac002430cb0da5b7982bd22872D164C4C', 'Arn'] };
  const sdk = (call: object) => ({ Resources: { MakeStack: { Type: 'Custom::AWS', Properties: { ServiceToken: PROVIDER, Create: JSON.stringify(call) } } } });

  test('GIVEN CloudFormation.createStack with a TemplateBody holding a public gateway WHEN judged THEN AGW1 in the chain; its secure twin passes', () => {
    const call = (body: object) => ({ service: 'CloudFormation', action: 'createStack', parameters: { StackName: 's', TemplateBody: JSON.stringify(body) } });
    expect(judge(sdk(call(PUBLIC)))).toEqual([
      expect.objectContaining({ where: 'Parent/Stack -> SDK call MakeStack (Create: CloudFormation.createStack TemplateBody) :: Gw', rules: ['AGW1'], via: 'MakeStack' }),
    ]);
    expect(judge(sdk(call(SECURE))).map((e) => e.verdict)).toEqual(['COMPLIANT']);
  });

  test.each([
    [{ service: '@aws-sdk/client-cloudformation', action: 'CreateStackSetCommand', parameters: { TemplateURL: 'https://evil.example.com/t.json' } }, 'Properties.Create.parameters.TemplateURL'],
    [{ service: 'ServiceCatalog', action: 'createProduct', parameters: { ProvisioningArtifactParameters: { Info: { LoadTemplateFromURL: 'https://evil.example.com/t.json' } } } }, 'Properties.Create.parameters.ProvisioningArtifactParameters.Info.LoadTemplateFromURL'],
    [{ service: 'servicecatalog', action: 'CreateProvisioningArtifact', parameters: { Parameters: { Info: { LoadTemplateFromURL: 'https://evil.example.com/t.json' } } } }, 'Properties.Create.parameters.Parameters.Info.LoadTemplateFromURL'],
  ])('GIVEN an SDK call %j deploying a remote template WHEN judged THEN AGW10 at the parameter', (call, path) => {
    const [finding] = evaluateTemplateTree({ template: sdk(call) as any, location: 'P' }, {}, resolver({}));
    expect(finding.evaluation.findings[0]).toEqual(expect.objectContaining({ ruleId: 'AGW10', propertyPath: path }));
  });

  test('GIVEN a createStack call whose JSON holds a deploy-time value WHEN judged THEN AGW10: the template cannot be read', () => {
    const create = { 'Fn::Join': ['', ['{"service":"CloudFormation","action":"createStack","parameters":{"TemplateBody":"', { Ref: 'Body' }, '"}}']] };
    const template = { Resources: { MakeStack: { Type: 'Custom::AWS', Properties: { ServiceToken: PROVIDER, Create: create } } } };
    const [finding] = evaluateTemplateTree({ template: template as any, location: 'P' }, {}, resolver({}));
    expect(finding.evaluation.findings[0].message).toMatch(/^SDK call MakeStack \(Create: CloudFormation\.createStack\) cannot be read by the guard: its JSON text holds values only known at deploy time \(Ref Body: /);
  });

  test('GIVEN other CloudFormation calls (describeStacks) WHEN judged THEN nothing', () => {
    expect(judge(sdk({ service: 'CloudFormation', action: 'describeStacks', parameters: { StackName: 's' } }))).toEqual([]);
  });
});

describe('walking and judging a tree', () => {
  const stack = (logicalId: string, url: string, type = 'AWS::CloudFormation::Stack') => ({
    [logicalId]: { Type: type, Properties: type === 'AWS::Serverless::Application' ? { Location: url } : { TemplateURL: url } },
  });

  test('GIVEN a resolver that skips a reference (judged elsewhere) WHEN walked THEN nothing is read and nothing is unreadable', () => {
    const walk = walkTemplates({ template: { Resources: stack('Child', 'https://a/child.json') }, location: 'root' }, () => ({ kind: 'skip' }));

    expect(walk).toEqual({ templates: [], unreadable: [] });
  });

  test(`GIVEN a template that refers to ${MAX_REFERENCED_TEMPLATES} templates WHEN walked THEN all are read; one more THEN that one is unreadable, saying why`, () => {
    const root = (count: number) => ({ Resources: Object.assign({}, ...Array.from({ length: count }, (_, i) => stack(`S${i}`, `https://a/${i}.json`))) });
    const resolve: ReferenceResolver = (reference) => ({ kind: 'template', template: SECURE, key: (reference.source as { url: string }).url });

    const full = walkTemplates({ template: root(MAX_REFERENCED_TEMPLATES), location: 'root' }, resolve);
    const over = walkTemplates({ template: root(MAX_REFERENCED_TEMPLATES + 1), location: 'root' }, resolve);

    expect([full.templates.length, full.unreadable]).toEqual([MAX_REFERENCED_TEMPLATES, []]);
    expect(over.templates).toHaveLength(MAX_REFERENCED_TEMPLATES);
    expect(over.unreadable).toEqual([
      expect.objectContaining({
        logicalId: `S${MAX_REFERENCED_TEMPLATES}`,
        reason: `the app refers to more than ${MAX_REFERENCED_TEMPLATES} templates, where the guard stops following references`,
        url: `https://a/${MAX_REFERENCED_TEMPLATES}.json`,
      }),
    ]);
  });

  test('GIVEN a SAM application and a nested stack WHEN walked THEN both are named like nested stacks (Parent/LogicalId)', () => {
    const files = { 'https://a/app.json': SECURE, 'https://a/stack.json': SECURE };
    const root = { Resources: { ...stack('App', 'https://a/app.json', 'AWS::Serverless::Application'), ...stack('Nested', 'https://a/stack.json') } };

    expect(walkTemplates({ template: root, location: 'Parent' }, resolver(files)).templates.map((t) => [t.location, t.via])).toEqual([
      ['Parent/App', 'App'],
      ['Parent/Nested', 'Nested'],
    ]);
  });

  test('GIVEN the root gateway, a nested gateway and unreadable references at both levels WHEN the tree is judged THEN each says through which root resource it was reached', () => {
    const child = { Resources: { Open: gateway('NONE'), ...stack('Remote', 'https://elsewhere/x.json') } };
    const root = { Resources: { Own: gateway('NONE'), ...stack('Child', 'https://a/child.json'), ...stack('Far', 'https://elsewhere/y.json') } };

    const tree = evaluateTemplateTree({ template: root as any, location: 'Root' }, {}, resolver({ 'https://a/child.json': child }));

    expect(tree.map(({ evaluation: e, via }) => [e.location, e.logicalId, e.findings.map((f) => f.ruleId), via])).toEqual([
      ['Root', 'Own', ['AGW1'], undefined],
      ['Root/Child', 'Open', ['AGW1'], 'Child'],
      // Depth first: the child's reference is met before the root's next one.
      ['Root/Child', 'Remote', ['AGW10'], 'Child'],
      ['Root', 'Far', ['AGW10'], undefined],
    ]);
  });
});

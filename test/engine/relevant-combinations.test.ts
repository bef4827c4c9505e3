// Only the values that can change a verdict are explored: the authorizer type and configuration, the
// resource's Condition and the exemption. Parameters used elsewhere (Name, Description, Tags) never multiply
// the worlds, so a secure gateway in a template with many parameters is not failed by the 256 bound.
import { evaluateOne, gatewayProperties, ruleIds, template } from './fixtures';
import { MAX_COMBINATIONS } from '../../src/engine/evaluate';

const TEAMS = ['platform', 'data', 'ml', 'web'];
const TEN = Array.from({ length: 10 }, (_, i) => `v${i}`);

/** Three parameters with AllowedValues: 4 x 10 x 10 = 400 combinations. */
const PARAMETERS = {
  Team: { Type: 'String', AllowedValues: TEAMS },
  Env: { Type: 'String', AllowedValues: TEN },
  Tier: { Type: 'String', AllowedValues: TEN },
};

const NAME = { 'Fn::Sub': '${Team}-${Env}-gateway' };
const DESCRIPTION = { 'Fn::Join': [' ', ['Gateway of', { Ref: 'Team' }, 'tier', { Ref: 'Tier' }]] };

describe('combinations explored only over what decides the verdict', () => {
  test('GIVEN a literal AWS_IAM gateway whose Name and Description use three parameters (400 combinations) WHEN evaluated THEN compliant', () => {
    const e = evaluateOne(
      template(gatewayProperties({ AuthorizerType: 'AWS_IAM', AuthorizerConfiguration: undefined, Name: NAME, Description: DESCRIPTION }), { Parameters: PARAMETERS }),
    );
    expect(e.verdict).toBe('COMPLIANT');
    expect(e.findings).toEqual([]);
    expect(e.authorization).toBe('AWS_IAM');
  });

  test('GIVEN the same parameters in Tags and Metadata WHEN evaluated THEN still compliant', () => {
    const tags = [{ Key: 'team', Value: { Ref: 'Team' } }, { Key: 'env', Value: { Ref: 'Env' } }, { Key: 'tier', Value: { Ref: 'Tier' } }];
    const e = evaluateOne(
      template(gatewayProperties({ AuthorizerType: 'AWS_IAM', AuthorizerConfiguration: undefined, Name: NAME, Tags: tags }), { Parameters: PARAMETERS }, {
        Metadata: { owner: { 'Fn::Sub': '${Team}/${Env}/${Tier}' } },
      }),
    );
    expect(e.verdict).toBe('COMPLIANT');
  });

  test('GIVEN an authorizer type that depends on the same parameters WHEN one combination is NONE THEN it is judged per combination and names it', () => {
    // NONE only for team 'web' in env 'v3'; every other combination is AWS_IAM.
    const type = { 'Fn::If': ['WebV3', 'NONE', 'AWS_IAM'] };
    const conditions = { WebV3: { 'Fn::And': [{ 'Fn::Equals': [{ Ref: 'Team' }, 'web'] }, { 'Fn::Equals': [{ Ref: 'Env' }, 'v3'] }] } };
    const e = evaluateOne(
      template(gatewayProperties({ AuthorizerType: type, AuthorizerConfiguration: undefined, Name: NAME, Description: DESCRIPTION }), {
        Parameters: PARAMETERS,
        Conditions: conditions,
      }),
    );
    expect(e.verdict).toBe('NON_COMPLIANT');
    expect(ruleIds(e)).toEqual(['AGW1']);
    expect(e.findings[0].message).toBe("When parameter Team = 'web' and parameter Env = 'v3': AuthorizerType is NONE.");
    expect(e.authorization).toBe('AWS_IAM | NONE');
  });

  test('GIVEN an authorizer type built from all three parameters (400 combinations) WHEN evaluated THEN the bound fails closed and names what it explored', () => {
    const e = evaluateOne(
      template(gatewayProperties({ AuthorizerType: { 'Fn::Join': ['', [{ Ref: 'Team' }, { Ref: 'Env' }, { Ref: 'Tier' }]] }, AuthorizerConfiguration: undefined }), {
        Parameters: PARAMETERS,
      }),
    );
    expect(e.verdict).toBe('NON_COMPLIANT');
    expect(ruleIds(e)).toEqual(expect.arrayContaining(['AGW3', 'AGW2']));
    const bound = e.findings.find((f) => f.message.includes(`more than ${MAX_COMBINATIONS} combinations`))!;
    expect(bound.message).toBe(
      `The gateway depends on more than ${MAX_COMBINATIONS} combinations of the values that decide its authorization ` +
        `(parameter Team (4 values), parameter Env (10 values), parameter Tier (10 values)); the guard explored ${MAX_COMBINATIONS} of them and cannot prove the rest.`,
    );
  });

  test('GIVEN a parameter in the JWT configuration WHEN evaluated THEN its values are explored (the configuration decides the verdict)', () => {
    const jwt = {
      CustomJWTAuthorizer: {
        DiscoveryUrl: { 'Fn::If': ['Plain', 'http://idp.example.com/.well-known/openid-configuration', 'https://idp.example.com/.well-known/openid-configuration'] },
        AllowedClients: ['c'],
      },
    };
    const e = evaluateOne(
      template(gatewayProperties({ AuthorizerConfiguration: jwt, Name: NAME }), {
        Parameters: PARAMETERS,
        Conditions: { Plain: { 'Fn::Equals': [{ Ref: 'Tier' }, 'v9'] } },
      }),
    );
    expect(ruleIds(e)).toEqual(['AGW5']);
    expect(e.findings[0].message).toMatch(/^When parameter Tier = 'v9': DiscoveryUrl 'http:/);
  });

  test('GIVEN the resource Condition depends on a parameter WHEN the gateway is public THEN it is judged only where it is created', () => {
    const e = evaluateOne(
      template(gatewayProperties({ AuthorizerType: { 'Fn::If': ['IsProd', 'AWS_IAM', 'NONE'] }, AuthorizerConfiguration: undefined, Name: NAME }), {
        Parameters: PARAMETERS,
        Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Team' }, 'platform'] } },
      }, { Condition: 'IsProd' }),
    );
    expect(e.verdict).toBe('COMPLIANT');
  });
});

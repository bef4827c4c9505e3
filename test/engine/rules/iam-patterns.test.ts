import { actionPatternMatches, mayBeGatewayArn, mayMatchAction, surelyMatchesAction } from '../../../src/engine/rules/iam-patterns';
import { PartialString, Unknown } from '../../../src/engine/values';

const pseudo = (name: string) => new Unknown(`Ref ${name}`, 'a pseudo parameter is only known at deploy time', false, { pseudoParameter: true });
const anything = new Unknown('Fn::ImportValue X', 'exported by another stack');

describe('IAM patterns for AGW9', () => {
  test('GIVEN action patterns WHEN matched against InvokeGateway THEN IAM wildcards and case-insensitivity apply, regex characters do not', () => {
    expect(actionPatternMatches('bedrock-agentcore:Invoke*', 'bedrock-agentcore:InvokeGateway')).toBe(true);
    expect(actionPatternMatches('bedrock-agentcore:invoke?ateway', 'bedrock-agentcore:InvokeGateway')).toBe(true);
    expect(actionPatternMatches('bedrock-agentcore:Invoke.+', 'bedrock-agentcore:InvokeGateway')).toBe(false);
    expect(actionPatternMatches('bedrock-agentcore:InvokeAgentRuntime', 'bedrock-agentcore:InvokeGateway')).toBe(false);
  });

  test('GIVEN an action with a part only known at deploy time WHEN matched THEN it may match unless its literal parts rule it out; it never surely matches', () => {
    expect(mayMatchAction(new PartialString(['bedrock-agentcore:', anything]), 'bedrock-agentcore:InvokeGateway')).toBe(true);
    expect(mayMatchAction(new PartialString(['s3:', anything]), 'bedrock-agentcore:InvokeGateway')).toBe(false);
    expect(mayMatchAction(anything, 'bedrock-agentcore:InvokeGateway')).toBe(true);
    expect(surelyMatchesAction(anything, 'bedrock-agentcore:InvokeGateway')).toBe(false);
  });

  test('GIVEN a Lambda ARN with an unknown account WHEN it is 2,048 characters long (the longest ARN) THEN searched; one more THEN not searched, fails closed', () => {
    // The account counts as one character: the value is searched only up to the length of the longest ARN.
    const lambdaArn = (length: number) => {
      const prefix = 'arn:aws:lambda:us-east-1:';
      const middle = ':function:';
      return new PartialString([prefix, pseudo('AWS::AccountId'), `${middle}${'x'.repeat(length - prefix.length - 1 - middle.length)}`]);
    };
    expect(mayBeGatewayArn(lambdaArn(2048))).toBe(false);
    expect(mayBeGatewayArn(lambdaArn(2049))).toBe(true);
  });

  test('GIVEN an action pattern with other regex characters WHEN matched THEN they are literal characters, not dropped', () => {
    expect(actionPatternMatches('bedrock-agentcore:Invoke(Gateway)', 'bedrock-agentcore:InvokeGateway')).toBe(false);
    expect(actionPatternMatches('bedrock-agentcore:[I]nvokeGateway', 'bedrock-agentcore:InvokeGateway')).toBe(false);
    expect(actionPatternMatches('bedrock-agentcore:Invoke(Gateway)', 'bedrock-agentcore:Invoke(Gateway)')).toBe(true);
  });

  test.each([
    ['a number', 42],
    ['a list', ['*']],
    ['an object', { 'Fn::Unknown': '*' }],
    ['null', null],
  ])('GIVEN an Action entry that is %s, not a string WHEN matched THEN it matches no action', (_, value) => {
    expect(mayMatchAction(value, 'bedrock-agentcore:InvokeGateway')).toBe(false);
  });

  test.each([
    ['a literal gateway ARN', 'arn:aws-cn:bedrock-agentcore:cn-north-1:111111111111:gateway/gw-1', true],
    ['a gateway ARN without an ID', 'arn:aws:bedrock-agentcore:us-east-1:111111111111:gateway/', false],
    ['a runtime ARN', 'arn:aws:bedrock-agentcore:us-east-1:111111111111:runtime/rt-1', false],
    ['pseudo parameters and an ID only known at deploy time', new PartialString(['arn:', pseudo('AWS::Partition'), ':bedrock-agentcore:', pseudo('AWS::Region'), ':', pseudo('AWS::AccountId'), ':gateway/', anything]), true],
    ['pseudo parameters and a runtime', new PartialString(['arn:', pseudo('AWS::Partition'), ':bedrock-agentcore:', pseudo('AWS::Region'), ':', pseudo('AWS::AccountId'), ':runtime/', anything]), false],
    ['an account that could be anything, then a runtime', new PartialString(['arn:aws:bedrock-agentcore:us-east-1:', anything, ':runtime/rt-1']), true],
    ['an account pseudo parameter, then a runtime', new PartialString(['arn:aws:bedrock-agentcore:us-east-1:', pseudo('AWS::AccountId'), ':runtime/rt-1']), false],
    ['a Lambda ARN around an unknown', new PartialString(['arn:aws:lambda:us-east-1:', pseudo('AWS::AccountId'), ':function:', anything]), false],
    ['a value longer than any ARN (not searched)', new PartialString(['arn:aws:lambda:us-east-1:', pseudo('AWS::AccountId'), `:function:${'x'.repeat(3000)}`]), true],
    ['a gateway ARN with text before "arn:"', 'xarn:aws:bedrock-agentcore:us-east-1:111111111111:gateway/gw-1', false],
    ['an ARN that stops before its resource', new PartialString(['arn:aws:bedrock-agentcore:us-east-1:', pseudo('AWS::AccountId')]), false],
    ['a gateway ID from a pseudo parameter', new PartialString(['arn:aws:bedrock-agentcore:us-east-1:111111111111:gateway/', pseudo('AWS::StackName')]), true],
    ['the resource type from a pseudo parameter (AWS::StackName can be "gateway")', new PartialString(['arn:aws:bedrock-agentcore:us-east-1:111111111111:', pseudo('AWS::StackName'), '/gw-1']), true],
    ['a region pseudo parameter followed by a path (it holds no ":" to add the missing fields)', new PartialString(['arn:aws:bedrock-agentcore:', pseudo('AWS::Region'), '/gw-1']), false],
    ['"gateway" then a pseudo parameter (it holds no "/")', new PartialString(['arn:aws:bedrock-agentcore:us-east-1:111111111111:gateway', pseudo('AWS::StackName')]), false],
    ['"gateway" then an unknown that could hold anything', new PartialString(['arn:aws:bedrock-agentcore:us-east-1:111111111111:gateway', anything]), true],
  ])('GIVEN %s WHEN asked whether it can be a gateway ARN THEN %s', (_, value, expected) => {
    expect(mayBeGatewayArn(value)).toBe(expected);
  });
});

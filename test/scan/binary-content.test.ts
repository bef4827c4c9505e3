import { binaryContentProblem } from '../../src/scan/binary-content';
import { parseTemplate } from '../../src/scan/template-loader';

describe('binary content', () => {
  test('GIVEN a NUL byte anywhere in the sample WHEN checked THEN it is binary, and the message quotes none of it', () => {
    const text = 'Resources:\n  Gw: {}\n\u0000\u001b[2J';
    const problem = binaryContentProblem(text, 'image.yaml');
    expect(problem).toBe('image.yaml: not a text file (it holds binary data); expected a CloudFormation template (JSON or YAML)');
  });

  test('GIVEN mostly invalid UTF-8 and control bytes WHEN checked THEN it is binary', () => {
    const text = Buffer.from(Array.from({ length: 400 }, (_, i) => (i % 2 === 0 ? 0xff : 0x01))).toString('utf-8');
    expect(binaryContentProblem(text, 'x.json')).toMatch(/not a text file/);
  });

  test('GIVEN a text template with one stray control character WHEN checked THEN it is text (the parser reports it)', () => {
    const text = `Resources:\n  Gw:\n    Type: AWS::BedrockAgentCore::Gateway\n    Properties: {Name: "a\u001bb"}\n${'# comment\n'.repeat(20)}`;
    expect(binaryContentProblem(text, 't.yaml')).toBeUndefined();
  });

  test.each([['t.json'], ['t.yaml']])('GIVEN binary text parsed as %s THEN the problem says binary, is not a template, and echoes no byte', (file) => {
    const text = '\u0000\u0001\u009b2J\ufffdResources\u001b[31m';
    const result = parseTemplate(text, file);
    expect(result).toEqual({ ok: false, problem: `${file}: not a text file (it holds binary data); expected a CloudFormation template (JSON or YAML)`, notATemplate: true });
  });
});

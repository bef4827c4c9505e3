import { MAX_POLICY_DEPTH, MAX_POLICY_LENGTH, readPolicyDocument } from '../../../src/engine/rules/policy-document';
import { PartialString, Unknown } from '../../../src/engine/values';

const imported = (name: string) => new Unknown(`Fn::ImportValue ${name}`, 'exported by another stack');
const gatewayArn = (n: number) => new Unknown(`Fn::GetAtt Gw${n}.GatewayArn`, 'a resource attribute is only known at deploy time', false, { resource: `Gw${n}` });

/** `value` wrapped in `levels` arrays (`list`) or single-key objects (`object`). */
function nested(value: unknown, levels: number, kind: 'list' | 'object'): unknown {
  let out = value;
  for (let i = 0; i < levels; i++) out = kind === 'list' ? [out] : { Next: out };
  return out;
}

describe('readPolicyDocument: the statements of a resource policy, or why they cannot be read', () => {
  describe('a Policy that is not JSON text', () => {
    test('GIVEN no Policy WHEN read THEN unreadable: the Policy is missing', () => {
      expect(readPolicyDocument(undefined)).toStrictEqual({ kind: 'unreadable', reason: 'Policy is missing' });
    });

    test('GIVEN a Policy only known at deploy time WHEN read THEN unreadable, naming the expression and why', () => {
      expect(readPolicyDocument(imported('SharedPolicy'))).toStrictEqual({ kind: 'unreadable', reason: 'Fn::ImportValue SharedPolicy: exported by another stack' });
    });

    test('GIVEN a Policy object WHEN read THEN its Statement list is the statements', () => {
      const statements = [{ Effect: 'Allow', Principal: '*' }, { Effect: 'Deny', Principal: '*' }];
      expect(readPolicyDocument({ Version: '2012-10-17', Statement: statements })).toStrictEqual({ kind: 'read', statements });
    });

    test('GIVEN a Policy object with one Statement object, not a list WHEN read THEN that statement is the only one', () => {
      expect(readPolicyDocument({ Statement: { Effect: 'Allow', Principal: '*' } })).toStrictEqual({ kind: 'read', statements: [{ Effect: 'Allow', Principal: '*' }] });
    });

    test('GIVEN a Policy with no Statement WHEN read THEN read, with no statements', () => {
      expect(readPolicyDocument('{"Version":"2012-10-17"}')).toStrictEqual({ kind: 'read', statements: [] });
    });

    test.each([
      ['a list', '[{"Effect":"Allow"}]', 'it is not a JSON object ([{"Effect":"Allow"}])'],
      ['a number', '42', 'it is not a JSON object (42)'],
      ['a string', '"Statement"', "it is not a JSON object ('Statement')"],
    ])('GIVEN JSON text that is %s WHEN read THEN unreadable: not a JSON object', (_, text, reason) => {
      expect(readPolicyDocument(text)).toStrictEqual({ kind: 'unreadable', reason });
    });

    test('GIVEN a Statement only known at deploy time (whole, or in part) WHEN read THEN unreadable, naming it', () => {
      expect(readPolicyDocument({ Statement: imported('Statements') })).toStrictEqual({
        kind: 'unreadable',
        reason: 'its Statement is only known at deploy time (Fn::ImportValue Statements: exported by another stack)',
      });
      expect(readPolicyDocument({ Statement: new PartialString(['[', imported('Statements'), ']']) })).toStrictEqual({
        kind: 'unreadable',
        reason: 'its Statement is only known at deploy time (Fn::ImportValue Statements: exported by another stack)',
      });
    });

    test('GIVEN an error that does not come from reading the policy (a bug) WHEN read THEN it is thrown, not passed off as an unreadable policy', () => {
      const policy = {
        get Statement(): never {
          throw new Error('a bug');
        },
      };
      expect(() => readPolicyDocument(policy as never)).toThrow('a bug');
    });
  });

  describe('JSON text', () => {
    test('GIVEN JSON text WHEN read THEN its statements keep strings, numbers, booleans and nulls as they are', () => {
      const text = '{"Statement":[{"Sid":"One","Effect":"Allow","Principal":{"AWS":["*"]},"Priority":1,"Enabled":true,"Note":null}]}';
      expect(readPolicyDocument(text)).toStrictEqual({
        kind: 'read',
        statements: [{ Sid: 'One', Effect: 'Allow', Principal: { AWS: ['*'] }, Priority: 1, Enabled: true, Note: null }],
      });
    });

    test('GIVEN text that is not valid JSON WHEN read THEN unreadable, with the parser\'s reason', () => {
      const text = '{"Statement": [';
      let parserMessage = '';
      try {
        JSON.parse(text);
      } catch (error) {
        parserMessage = (error as Error).message;
      }
      expect(parserMessage).not.toBe('');
      expect(readPolicyDocument(text)).toStrictEqual({ kind: 'unreadable', reason: `it is not valid JSON (${parserMessage})` });
    });

    test(`GIVEN JSON text of exactly ${MAX_POLICY_LENGTH} characters WHEN read THEN read; one character more THEN unreadable: too long`, () => {
      const padded = (length: number) => {
        const start = '{"Statement":[],"Pad":"';
        return `${start}${'x'.repeat(length - start.length - 2)}"}`;
      };
      expect(padded(MAX_POLICY_LENGTH)).toHaveLength(MAX_POLICY_LENGTH);
      expect(readPolicyDocument(padded(MAX_POLICY_LENGTH))).toStrictEqual({ kind: 'read', statements: [] });
      expect(readPolicyDocument(padded(MAX_POLICY_LENGTH + 1))).toStrictEqual({ kind: 'unreadable', reason: `the policy is longer than ${MAX_POLICY_LENGTH} characters` });
    });

    test('GIVEN JSON text whose literal pieces together are too long WHEN read THEN unreadable: the pieces are counted together', () => {
      const half = 'x'.repeat(MAX_POLICY_LENGTH / 2);
      const policy = new PartialString([`{"Statement":[],"A":"${half}","B":"`, imported('B'), `","C":"${half}"}`]);
      expect(readPolicyDocument(policy)).toStrictEqual({ kind: 'unreadable', reason: `the policy is longer than ${MAX_POLICY_LENGTH} characters` });
    });

    test.each([
      ['the opening marker', '\uE000'],
      ['the closing marker', '\uE001'],
      ['a whole marker (which would stand for a deploy-time part)', '\uE0001\uE001'],
    ])('GIVEN JSON text containing %s the guard reserves WHEN read THEN unreadable', (_, characters) => {
      expect(readPolicyDocument(`{"Statement":[{"Sid":"${characters}"}]}`)).toStrictEqual({
        kind: 'unreadable',
        reason: 'the policy contains private-use characters the guard reserves',
      });
      // In any literal piece, not only when every piece has them.
      expect(readPolicyDocument(new PartialString(['{"Statement":[{"Resource":"', imported('Arn'), `","Sid":"${characters}"}]}`]))).toStrictEqual({
        kind: 'unreadable',
        reason: 'the policy contains private-use characters the guard reserves',
      });
    });
  });

  describe('JSON text with parts only known at deploy time (Fn::Join, Fn::Sub)', () => {
    test('GIVEN a string of the policy that is exactly one deploy-time part WHEN read THEN it is that part, with its origin', () => {
      const arn = gatewayArn(0);
      const document = readPolicyDocument(new PartialString(['{"Statement":[{"Effect":"Allow","Resource":"', arn, '"}]}']));
      expect(document).toStrictEqual({ kind: 'read', statements: [{ Effect: 'Allow', Resource: arn }] });
      expect(document.kind === 'read' && (document.statements[0] as { Resource: unknown }).Resource).toBe(arn);
    });

    test.each([
      ['after literal text', (u: Unknown) => ['arn:aws:iam::', u], (u: Unknown) => new PartialString(['arn:aws:iam::', u])],
      ['before literal text', (u: Unknown) => [u, ':root'], (u: Unknown) => new PartialString([u, ':root'])],
      ['around literal text', (u: Unknown) => ['arn:aws:iam::', u, ':root'], (u: Unknown) => new PartialString(['arn:aws:iam::', u, ':root'])],
    ])('GIVEN a string of the policy with a deploy-time part %s WHEN read THEN a partial string of both', (_, pieces, expected) => {
      const account = imported('Account');
      const policy = new PartialString(['{"Statement":[{"Principal":{"AWS":"', ...pieces(account), '"}}]}']);
      expect(readPolicyDocument(policy)).toStrictEqual({ kind: 'read', statements: [{ Principal: { AWS: expected(account) } }] });
    });

    test('GIVEN more than ten deploy-time parts WHEN read THEN each goes back where it stood, the tenth and later too', () => {
      const arns = [...Array(6).keys()].map(gatewayArn);
      // The literal pieces sit between the parts, so the last ARN is part 11 of the text.
      const parts: Array<string | Unknown> = ['{"Statement":[{"Resource":["'];
      arns.forEach((arn, i) => parts.push(arn, i < arns.length - 1 ? '","' : '"]}]}'));
      expect(parts.indexOf(arns[5])).toBe(11);
      const document = readPolicyDocument(new PartialString(parts));
      expect(document).toStrictEqual({ kind: 'read', statements: [{ Resource: arns }] });
    });

    test('GIVEN JSON whose structure is only complete at deploy time WHEN read THEN unreadable, naming the parts', () => {
      const policy = new PartialString(['{"Statement":', imported('Statements'), ',"Version":"', imported('Version'), '"}']);
      expect(readPolicyDocument(policy)).toStrictEqual({
        kind: 'unreadable',
        reason: 'its JSON is only complete at deploy time (Fn::ImportValue Statements: exported by another stack; Fn::ImportValue Version: exported by another stack)',
      });
    });

    test('GIVEN a key of the policy that is only known at deploy time WHEN read THEN unreadable', () => {
      const policy = new PartialString(['{"Statement":[{"Effect":"Allow","', imported('Key'), '":"*"}]}']);
      expect(readPolicyDocument(policy)).toStrictEqual({ kind: 'unreadable', reason: 'a key of the policy is only known at deploy time' });
    });

    test('GIVEN JSON text that is one string, only known at deploy time (whole, or in part) WHEN read THEN unreadable, naming the part', () => {
      const reason = 'Fn::ImportValue Policy: exported by another stack';
      expect(readPolicyDocument(new PartialString(['"', imported('Policy'), '"']))).toStrictEqual({ kind: 'unreadable', reason });
      expect(readPolicyDocument(new PartialString(['"{', imported('Policy'), '"']))).toStrictEqual({ kind: 'unreadable', reason });
    });

    test('GIVEN a Statement that is one deploy-time string inside the JSON WHEN read THEN unreadable, naming it', () => {
      expect(readPolicyDocument(new PartialString(['{"Statement":"', imported('Statements'), '"}']))).toStrictEqual({
        kind: 'unreadable',
        reason: 'its Statement is only known at deploy time (Fn::ImportValue Statements: exported by another stack)',
      });
    });
  });

  describe('nesting', () => {
    // The Statement is at depth 1, so a value wrapped in MAX_POLICY_DEPTH - 1 levels under it is at the deepest level read.
    test.each(['list', 'object'] as const)(`GIVEN a value nested exactly ${MAX_POLICY_DEPTH} levels deep in %ss WHEN read THEN read`, (kind) => {
      const statement = nested('*', MAX_POLICY_DEPTH - 1, kind);
      expect(readPolicyDocument(JSON.stringify({ Statement: statement }))).toStrictEqual({ kind: 'read', statements: kind === 'list' ? statement : [statement] });
    });

    test.each(['list', 'object'] as const)(`GIVEN a value nested ${MAX_POLICY_DEPTH + 1} levels deep in %ss WHEN read THEN unreadable: too deep`, (kind) => {
      expect(readPolicyDocument(JSON.stringify({ Statement: nested('*', MAX_POLICY_DEPTH, kind) }))).toStrictEqual({
        kind: 'unreadable',
        reason: `the policy is nested deeper than ${MAX_POLICY_DEPTH} levels`,
      });
    });
  });
});

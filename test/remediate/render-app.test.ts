import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { BILLING_GATEWAY, JWT_CHOICE, ORDERS_GATEWAY, sourceOf, withChanges } from './fixtures';
import { planReplacement, renderReplacementApp, ReplacementPlan } from '../../src/remediate';
import { mdCode, shellWord, tsComment, tsLiteral } from '../../src/remediate/quoting';
import { MockGateway } from '../audit/mock-control-plane';
import { tempDir } from '../scan/helpers';

// Everything that could end a string, a comment or a line in TypeScript, a shell word or Markdown.
const HOSTILE = '"\'`${process.exit(7)}` */ // \n\r\u2028\u2029 \\"); require(\'fs\').writeFileSync(\'pwned\', \'\'); $(touch pwned) | </script>';

// Values that decide how a setting is rendered (not only what it says) stay as they are, so that the
// plain and the hostile gateway take the same paths; identifiers are checked before rendering anyway.
const KEPT = new Set(['targetId', 'gatewayId', 'name', 'gatewayArn', 'interceptionPoints']);
// Maps whose keys are data.
const DATA_MAPS = new Set(['properties', 'customParameters', 'tags']);

/** Every string and every data-map key of `value` made hostile. */
function poison(value: unknown, key = ''): unknown {
  if (typeof value === 'string') {
    // A description has a length limit that decides between prop and escape hatch: replace, do not append.
    return KEPT.has(key) ? value : key === 'description' ? HOSTILE : `${value}${HOSTILE}`;
  }
  if (Array.isArray(value)) return value.map((v) => poison(v, key));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => {
      const inner = poison(v, k);
      return [k, DATA_MAPS.has(k) ? Object.fromEntries(Object.entries(inner as object).map(([mk, mv]) => [`${mk}${HOSTILE}`, mv])) : inner];
    }),
  );
}

function poisoned(gateway: MockGateway): MockGateway {
  return {
    ...gateway,
    details: poison(gateway.details) as Record<string, unknown>,
    targets: gateway.targets?.map((t) => ({ ...t, name: `${t.name}${HOSTILE}`, configuration: poison(t.configuration) as Record<string, unknown> })),
  };
}

function planOf(gateway: MockGateway, authorization: ReplacementPlan['authorization'] = { kind: 'cognito-m2m' }): ReplacementPlan {
  const outcome = planReplacement(sourceOf(gateway), { authorization });
  if (outcome.kind !== 'replace') throw new Error(`expected a replacement: ${JSON.stringify(outcome)}`);
  return outcome.plan;
}

/** The syntax tree's node kinds, in order: the program's shape, whatever its string contents. */
function shapeOf(source: string): string[] {
  const file = ts.createSourceFile('app.ts', source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const kinds: string[] = [];
  const visit = (node: ts.Node) => {
    kinds.push(ts.SyntaxKind[node.kind]);
    ts.forEachChild(node, visit);
  };
  visit(file);
  return kinds;
}

function stringLiterals(source: string): string[] {
  const file = ts.createSourceFile('app.ts', source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const out: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isStringLiteral(node)) out.push(node.text);
    ts.forEachChild(node, visit);
  };
  visit(file);
  return out;
}

function syntaxErrors(source: string): string[] {
  const result = ts.transpileModule(source, { reportDiagnostics: true, compilerOptions: { target: ts.ScriptTarget.ES2022 } });
  return (result.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

const TS_FILES = ['bin/app.ts', 'lib/replacement-gateway-stack.ts', 'lib/source-targets.ts'];

describe('generated code is not injectable', () => {
  test.each([
    ['orders (escape hatches, every target kind)', ORDERS_GATEWAY],
    ['billing (construct props only)', BILLING_GATEWAY],
  ])('GIVEN %s with hostile text in every string and map key WHEN rendered THEN each file has the same syntax tree as with plain text', (_name, gateway) => {
    const plain = renderReplacementApp(planOf(gateway), { libraryVersion: '^1.0.0' });
    const hostile = renderReplacementApp(planOf(poisoned(gateway)), { libraryVersion: '^1.0.0' });
    for (const file of TS_FILES) {
      expect(syntaxErrors(hostile[file])).toEqual([]);
      expect({ file, shape: shapeOf(hostile[file]) }).toEqual({ file, shape: shapeOf(plain[file]) });
    }
    // The hostile text is there, intact, as string data.
    const literals = TS_FILES.flatMap((f) => stringLiterals(hostile[f]));
    expect(literals.filter((l) => l.includes(HOSTILE)).length).toBeGreaterThan(5);
  });

  test('GIVEN a hostile description WHEN rendered THEN the string literal holds exactly the description', () => {
    const description = `x${HOSTILE}`;
    const files = renderReplacementApp(planOf(withChanges(BILLING_GATEWAY, { description })), { libraryVersion: '^1.0.0' });
    expect(stringLiterals(files['lib/replacement-gateway-stack.ts'])).toContain(description);
  });

  test('GIVEN JWT options WHEN rendered THEN they become customJwt() options as given', () => {
    const files = renderReplacementApp(planOf(BILLING_GATEWAY, JWT_CHOICE), { libraryVersion: '^1.0.0' });
    expect(files['lib/replacement-gateway-stack.ts']).toContain(`GatewayAuthorization.customJwt(${tsLiteral({
      discoveryUrl: JWT_CHOICE.discoveryUrl,
      allowedClients: JWT_CHOICE.allowedClients,
      allowedScopes: JWT_CHOICE.allowedScopes,
    }, '      ')})`);
    expect(files['lib/replacement-gateway-stack.ts']).not.toContain('TokenEndpointUrl');
  });

  test('GIVEN IAM WHEN rendered THEN awsIam() and a runbook that grants InvokeGateway', () => {
    const files = renderReplacementApp(planOf(BILLING_GATEWAY, { kind: 'iam' }), { libraryVersion: '^1.0.0' });
    expect(files['lib/replacement-gateway-stack.ts']).toContain('authorization: GatewayAuthorization.awsIam(),');
    expect(files['README.md']).toContain('{ "Effect": "Allow", "Action": "bedrock-agentcore:InvokeGateway", "Resource": "<GatewayArn>" }');
  });

  test('GIVEN the quoting helpers WHEN given line separators THEN they never leave a raw one', () => {
    expect(tsLiteral('a\u2028b\u2029c')).toBe('"a\\u2028b\\u2029c"');
    expect(tsComment('x\ny\u2028z')).toBe('"x\\ny\\u2028z"');
    expect(shellWord('it\'s $(x)')).toBe('\'it\'\\\'\'s $(x)\'');
    expect(shellWord('arn:aws:iam::1:role/a-b_c')).toBe('arn:aws:iam::1:role/a-b_c');
    expect(mdCode('a`b|c')).toBe('`"a\\u0060b\\u007cc"`');
    expect(mdCode('orders-gw')).toBe('`orders-gw`');
  });
});

describe('the runbook', () => {
  test('GIVEN hostile role and web ACL ARNs WHEN every shell block of the README runs (aws, npm, npx, curl stubbed) THEN nothing else runs and each argument arrives intact', () => {
    const roleArn = 'arn:aws:iam::111111111111:role/x$(touch pwned)`touch pwned2`\'; touch pwned3 #';
    const webAclArn = 'arn:aws:wafv2:us-east-1:111111111111:regional/webacl/$(touch pwned4)';
    const files = renderReplacementApp(planOf(withChanges(ORDERS_GATEWAY, { roleArn, webAclArn })), { libraryVersion: '^1.0.0' });
    const blocks = [...files['README.md'].matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1].replace(/^ {2}/gm, ''));
    expect(blocks.length).toBeGreaterThanOrEqual(8);
    const dir = tempDir('runbook-');
    const log = path.join(dir, 'calls.log');
    const stubs = 'aws() { printf \'%s\\0\' "$@" >> calls.log; printf \'\\n\' >> calls.log; }; npm() { :; }; npx() { :; }; curl() { :; };';
    for (const block of blocks) {
      const result = spawnSync('bash', ['-c', `${stubs}\n${block}`], { cwd: dir, encoding: 'utf-8' });
      expect({ block, status: result.status, stderr: result.stderr }).toEqual({ block, status: 0, stderr: '' });
    }
    expect(fs.readdirSync(dir).sort()).toEqual(['calls.log']);
    const args = fs.readFileSync(log, 'utf-8').split('\0');
    expect(args).toContain(roleArn.split('/').pop());
    expect(args).toContain(webAclArn);
    expect(args).toEqual(expect.arrayContaining(['delete-gateway', '--gateway-identifier', ORDERS_GATEWAY.gatewayId, 'Name=Resource,Value=arn:aws:bedrock-agentcore:us-east-1:111111111111:gateway/orders-gw-a1b2c3d4e5']));
  });

  test('GIVEN a replacement WHEN the runbook is written THEN it deletes every source target before the gateway, and names the metric', () => {
    const readme = renderReplacementApp(planOf(ORDERS_GATEWAY), { libraryVersion: '^1.0.0' })['README.md'];
    const deletes = readme.split('\n').filter((l) => l.startsWith('aws bedrock-agentcore-control delete-gateway'));
    expect(deletes).toEqual([
      ...ORDERS_GATEWAY.targets!.map((t) => `aws bedrock-agentcore-control delete-gateway-target --region us-east-1 --gateway-identifier orders-gw-a1b2c3d4e5 --target-id ${t.targetId}`),
      'aws bedrock-agentcore-control delete-gateway --region us-east-1 --gateway-identifier orders-gw-a1b2c3d4e5',
    ]);
    expect(readme).toContain('--namespace AWS/Bedrock-AgentCore --metric-name Invocations');
    expect(readme).toContain('--dimensions Name=Operation,Value=InvokeGateway Name=Protocol,Value=MCP Name=Resource,Value=arn:aws:bedrock-agentcore:us-east-1:111111111111:gateway/orders-gw-a1b2c3d4e5');
    expect(readme.indexOf('## 2. Deploy')).toBeLessThan(readme.indexOf('## 6. Delete the old gateway'));
  });

  test('GIVEN --skip-unsupported left something out WHEN the README is written THEN it lists it under "Not reproduced"', () => {
    const gw = { ...BILLING_GATEWAY, targets: [...BILLING_GATEWAY.targets!, { targetId: 'SLACKTGT01', name: 'slack|`x`', configuration: { targetConfiguration: { mcp: { connector: { source: { connectorId: 's' } } } } } }] };
    const outcome = planReplacement(sourceOf(gw), { authorization: { kind: 'iam' }, skipUnsupported: true });
    const files = renderReplacementApp((outcome as { plan: ReplacementPlan }).plan, { libraryVersion: '^1.0.0' });
    expect(files['README.md']).toContain('## Not reproduced');
    expect(files['README.md']).toContain('- `"target \\"slack\\u007c\\u0060x\\u0060\\" (SLACKTGT01): targetConfiguration.mcp.connector is a kind of target');
    expect(files['lib/source-targets.ts']).toContain('// NOT reproduced (--skip-unsupported): "target \\"slack|`x`\\" (SLACKTGT01)');
  });
});

// `npm run demo`: runs the real CDK CLI's `cdk synth` on the secure and the insecure variant of the example
// organisation (organisation.ts), prints what a reviewer wants to see, and exits 0 only when the secure
// app synthesized with every expected gateway checked and compliant, and the insecure app was blocked for
// exactly the expected findings (rule IDs and construct paths, not just a non-zero exit).
//
//   run-demo.ts [--outdir <dir>]   cloud assemblies go to <dir>/secure and <dir>/insecure (default .tmp/demo)
import { spawn } from 'child_process';
import { existsSync, readFileSync, rmSync } from 'fs';
import { join, relative } from 'path';
import { defenseInDepth } from './layers';
import type { GuardJsonReport, ReportedGateway } from '../../src/engine/report';

const ROOT = join(__dirname, '..', '..');
// The repository's real CDK CLI (devDependency `aws-cdk`), resolved like any module.
const CDK_CLI = require.resolve('aws-cdk/bin/cdk');
const TS_NODE = require.resolve('ts-node/register/transpile-only');
const REPORT = 'agentcore-gateway-authorization.json';

/** The gateways the platform guard must have checked in the secure app (all of them compliant). */
export const EXPECTED_SECURE_GATEWAYS = [
  'OrdersAgents/Gateway/JwtGateway/Resource',
  'InventoryAgents/Gateway/IamGateway/Resource',
  'PartnerAgents/Gateway/JwtGateway/Resource',
  'Prod/SupportTools/Gateway/JwtGateway/Resource',
];

/** Why the insecure app must be blocked: exactly these findings, rule ID and construct path. */
export const EXPECTED_INSECURE_FINDINGS = [
  'AGW1 ScratchpadAgents/Gateway/Resource',
  'AGW1 Prod/SupportTools/Gateway/JwtGateway/Resource',
];

/**
 * What insecure-app.ts changed to cause each expected finding (keys as in EXPECTED_INSECURE_FINDINGS). The demo
 * prints it under each blocked gateway: the secure app's SecureAgentCoreGateway shows up blocked in the
 * insecure app, and a reader must not take that for the construct rendering NONE by itself.
 */
export const INSECURE_CHANGES: Readonly<Record<string, string>> = {
  'AGW1 ScratchpadAgents/Gateway/Resource':
    'a team stack that only this variant has, using aws-cdk-lib\'s Gateway with GatewayAuthorizer.withNoAuth() ' +
    '(not SecureAgentCoreGateway).',
  'AGW1 Prod/SupportTools/Gateway/JwtGateway/Resource':
    'an escape hatch (addPropertyOverride) on the secure app\'s SecureAgentCoreGateway set AuthorizerType to NONE ' +
    'and deleted AuthorizerConfiguration. The construct never renders NONE itself.',
};

/** The part of the guard's JSON report the demo reads. */
export type GuardReport = Pick<GuardJsonReport, 'summary' | 'gateways'>;
type ReportGateway = ReportedGateway;

export interface Synthesis {
  readonly app: string;
  readonly outdir: string;
  readonly code: number;
  readonly output: string;
  readonly report?: GuardReport;
}

function synth(app: string, outdir: string): Promise<Synthesis> {
  rmSync(outdir, { recursive: true, force: true });
  const args = ['synth', '--app', `node -r ${TS_NODE} ${app}`, '--output', outdir, '--quiet', '--no-notices', '--no-version-reporting'];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CDK_CLI, ...args], { cwd: ROOT });
    let output = '';
    child.stdout.on('data', (d) => { output += d; });
    child.stderr.on('data', (d) => { output += d; });
    child.on('error', reject);
    child.on('close', (code) => {
      const reportFile = join(outdir, REPORT);
      const report = existsSync(reportFile) ? JSON.parse(readFileSync(reportFile, 'utf8')) as GuardReport : undefined;
      resolve({ app, outdir, code: code ?? 1, output, report });
    });
  });
}

/** Renders a CloudFormation value readably, resolving the references a synthesized template already fixes. */
export function render(value: unknown, resources: Record<string, any>): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const v = value as Record<string, any>;
    if ('Ref' in v) {
      const r = resources[v.Ref];
      if (r?.Type === 'AWS::Cognito::UserPoolDomain' && typeof r.Properties?.Domain === 'string') return r.Properties.Domain;
      if (r?.Type === 'AWS::Cognito::UserPoolResourceServer' && typeof r.Properties?.Identifier === 'string') return r.Properties.Identifier;
      return `<${v.Ref}>`;
    }
    if ('Fn::Join' in v) {
      const [sep, parts] = v['Fn::Join'];
      return (parts as unknown[]).map((p) => render(p, resources)).join(sep);
    }
    if ('Fn::GetAtt' in v) return `<${v['Fn::GetAtt'].join('.')}>`;
  }
  return JSON.stringify(value);
}

/** What a caller needs to know about one gateway, from the outputs its stack publishes. */
function describeGateway(outdir: string, g: ReportGateway): string[] {
  const template = g.templatePath ? JSON.parse(readFileSync(join(outdir, g.templatePath), 'utf8')) : {};
  const outputs: Record<string, { Value: unknown }> = template.Outputs ?? {};
  const out = (name: string) => (outputs[name] ? render(outputs[name].Value, template.Resources ?? {}) : undefined);
  const path = (g.constructPath ?? g.logicalId).replace(/\/(Jwt|Iam)Gateway\/Resource$/, '');
  const lines = [`  ${path.padEnd(26)} ${(out('GatewayMode') ?? '?').padEnd(12)} rendered as ${g.authorization}`];
  const tokenEndpoint = out('GatewayTokenEndpoint');
  if (tokenEndpoint) {
    lines.push(`  ${''.padEnd(26)} token endpoint ${tokenEndpoint}`, `  ${''.padEnd(26)} scopes         ${out('GatewayScopes')}`);
  } else if (g.authorization.startsWith('AWS_IAM')) {
    lines.push(`  ${''.padEnd(26)} callers sign with SigV4 and need bedrock-agentcore:InvokeGateway (granted with grantInvoke)`);
  } else {
    lines.push(`  ${''.padEnd(26)} tokens from the team's existing OpenID Connect provider`);
  }
  return lines;
}

/** Splits text into lines of at most `width` characters, at spaces. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  return line ? [...lines, line] : lines;
}

/** Problems with the secure app's synthesis; empty when it passed as expected. */
export function checkSecure(s: Synthesis): string[] {
  const problems: string[] = [];
  if (s.code !== 0) problems.push(`cdk synth of the secure app exited ${s.code}`);
  if (!s.report) return [...problems, `no guard report in ${s.outdir}: the guard did not run`];
  const checked = s.report.gateways.map((g) => g.constructPath ?? g.logicalId);
  for (const path of EXPECTED_SECURE_GATEWAYS.filter((p) => !checked.includes(p))) {
    problems.push(`the guard did not check ${path}`);
  }
  for (const g of s.report.gateways.filter((x) => x.verdict !== 'COMPLIANT')) {
    problems.push(`${g.constructPath}: ${g.verdict} (${g.findings.map((f) => f.ruleId).join(', ')})`);
  }
  return problems;
}

/** Problems with the insecure app's synthesis; empty when it was blocked for exactly the expected reasons. */
export function checkInsecure(s: Synthesis): string[] {
  const problems: string[] = [];
  if (s.code === 0) problems.push('cdk synth of the insecure app exited 0: it was NOT blocked');
  if (!s.report) return [...problems, `no guard report in ${s.outdir}: the guard did not run`];
  const found = s.report.gateways.flatMap((g) => g.findings.map((f) => `${f.ruleId} ${g.constructPath ?? g.logicalId}`));
  for (const f of EXPECTED_INSECURE_FINDINGS.filter((x) => !found.includes(x))) problems.push(`expected finding missing: ${f}`);
  for (const f of found.filter((x) => !EXPECTED_INSECURE_FINDINGS.includes(x))) problems.push(`unexpected finding: ${f}`);
  for (const f of EXPECTED_INSECURE_FINDINGS.filter((x) => !INSECURE_CHANGES[x])) problems.push(`no INSECURE_CHANGES entry says what caused ${f}`);
  // What the user sees: the CLI output names each finding's rule, with the gateway's path on the next line.
  for (const f of EXPECTED_INSECURE_FINDINGS) {
    const [rule, path] = f.split(' ');
    const printed = new RegExp(`\\[${rule}\\] [^\\n]*\\n +where: +${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} `);
    if (!printed.test(s.output)) problems.push(`cdk synth did not print [${rule}] with where: ${path}`);
  }
  return problems;
}

export async function runDemo(outRoot: string, log: (line: string) => void): Promise<number> {
  const started = Date.now();
  const [secure, insecure] = await Promise.all([
    synth(join('examples', 'demo', 'secure-app.ts'), join(outRoot, 'secure')),
    synth(join('examples', 'demo', 'insecure-app.ts'), join(outRoot, 'insecure')),
  ]);

  log('cdk-secure-agentcore-gateway demo: the real `cdk synth` on two variants of one organisation\'s app');
  log('(platform base applies RequireGatewayAuthorization to the App; team stacks; a CDK Pipelines stage)');
  log('');
  log(`1. Secure app (examples/demo/secure-app.ts): cdk synth exited ${secure.code}`);
  if (secure.report) {
    const s = secure.report.summary;
    log(`   The guard checked ${s.gateways} gateways: ${s.compliant} compliant, ${s.nonCompliant} non-compliant.`);
    for (const g of secure.report.gateways) describeGateway(secure.outdir, g).forEach((l) => log(` ${l}`));
  }
  const secureProblems = checkSecure(secure);

  log('');
  log(`2. Insecure app (examples/demo/insecure-app.ts): cdk synth exited ${insecure.code}${insecure.code !== 0 ? ' (blocked)' : ''}`);
  if (insecure.report) {
    const s = insecure.report.summary;
    log(`   The guard checked ${s.gateways} gateways: ${s.compliant} compliant, ${s.nonCompliant} non-compliant:`);
    for (const g of insecure.report.gateways.filter((x) => x.findings.length > 0)) {
      const path = g.constructPath ?? g.logicalId;
      for (const f of g.findings) {
        log(`   [${f.ruleId}] ${path} at ${f.propertyPath}: ${f.message}`);
        const change = INSECURE_CHANGES[`${f.ruleId} ${path}`];
        if (change) wrap(`Changed in this variant: ${change}`, 90).forEach((l) => log(`          ${l}`));
      }
      // The same gateway in the secure app, from that app's report: what it was before the change.
      const before = secure.report?.gateways.find((x) => (x.constructPath ?? x.logicalId) === path);
      if (before) log(`          In the secure app: ${before.verdict}, rendered as ${before.authorization}.`);
    }
    log(`   Full report (why, fix, SARIF): ${relative(ROOT, join(insecure.outdir, REPORT))}`);
  }
  const insecureProblems = checkInsecure(insecure);

  log('');
  log('3. Defense in depth: one line per layer this demo exercised');
  const layers = await defenseInDepth(secure, insecure);
  layers.lines.forEach((l) => log(l));

  log('');
  const problems = [
    ...secureProblems.map((p) => `secure app: ${p}`),
    ...insecureProblems.map((p) => `insecure app: ${p}`),
    ...layers.problems.map((p) => `layers: ${p}`),
  ];
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (problems.length === 0) {
    log(`PASS (${seconds}s): the secure app synthesized with all ${EXPECTED_SECURE_GATEWAYS.length} gateways checked, ` +
      `and the insecure app was blocked for exactly the ${EXPECTED_INSECURE_FINDINGS.length} expected findings.`);
    return 0;
  }
  log(`FAIL (${seconds}s):`);
  problems.forEach((p) => log(`  - ${p}`));
  if (secure.code !== 0) log(`\ncdk synth output of the secure app:\n${secure.output}`);
  return 1;
}

if (require.main === module) {
  const i = process.argv.indexOf('--outdir');
  const outRoot = i > 0 ? process.argv[i + 1] : join(ROOT, '.tmp', 'demo');
  runDemo(outRoot, (line) => console.log(line)).then((code) => { process.exitCode = code; }, (err) => {
    console.error(err);
    process.exitCode = 1;
  });
}

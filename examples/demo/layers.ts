// The demo's defense-in-depth summary: after the two `cdk synth` runs, the layers that come after the
// CDK app judge what the apps produced, and the demo prints one line per layer it exercised, with its
// verdict. `scan` runs in-process (the same `main` the bin runs); the Guard rule file the package ships
// is applied by the real cfn-guard binary, as a Guard hook or a CI step would apply it.
import { spawnSync } from 'child_process';
import { existsSync, readdirSync, statSync } from 'fs';
import { dirname, join, relative } from 'path';
import type { Synthesis } from './run-demo';
import { main } from '../../src/cli/main';
import type { GuardJsonReport } from '../../src/engine/report';
import { GUARD_RULES_FILE_NAME } from '../../src/hook/guard-rules';

const ROOT = join(__dirname, '..', '..');
/** The constructs SecureAgentCoreGateway renders its gateway as. */
const L3_GATEWAY = /\/(Jwt|Iam)Gateway\/Resource$/;
/** The insecure gateway that the pipeline stage writes before the guard blocks the App. */
const STAGE_FINDING = 'AGW1 Prod/SupportTools/Gateway/JwtGateway/Resource';

export interface Layers {
  readonly lines: string[];
  /** What a layer got wrong; the demo fails on any. */
  readonly problems: string[];
}

function line(when: string, layer: string, verdict: string, detail: string): string {
  return `   ${when.padEnd(10)} ${layer.padEnd(30)} ${verdict.padEnd(8)} ${detail}`;
}

/** Judges both apps' output with every layer the demo can run here. */
export async function defenseInDepth(secure: Synthesis, insecure: Synthesis): Promise<Layers> {
  const problems: string[] = [];
  const lines = [authoringLine(secure, insecure), synthLine(secure, insecure)];
  const scan = await scanLine(secure, insecure);
  const guard = guardRulesLine(insecure);
  lines.push(scan.line, guard.line);
  problems.push(...scan.problems, ...guard.problems);
  return { lines, problems };
}

function authoringLine(secure: Synthesis, insecure: Synthesis): string {
  const secureL3 = (secure.report?.gateways ?? []).filter((g) => L3_GATEWAY.test(g.constructPath ?? ''));
  const bypassed = (insecure.report?.gateways ?? []).filter((g) => L3_GATEWAY.test(g.constructPath ?? '') && g.findings.length > 0);
  const detail =
    `secure app: ${secureL3.filter((g) => g.verdict === 'COMPLIANT').length} of ${secureL3.length} gateways authorized by construction` +
    (bypassed.length > 0 ? `; insecure app: an escape hatch wrote NONE on ${bypassed.map((g) => g.constructPath).join(', ')}` : '');
  return line('authoring', 'SecureAgentCoreGateway', bypassed.length > 0 ? 'bypassed' : 'held', detail);
}

function synthLine(secure: Synthesis, insecure: Synthesis): string {
  const findings = (insecure.report?.gateways ?? []).flatMap((g) => g.findings.map((f) => `${f.ruleId} ${g.constructPath ?? g.logicalId}`));
  const detail = `secure app exit ${secure.code}; insecure app exit ${insecure.code}: ${findings.join(', ') || 'no findings'}`;
  return line('cdk synth', 'RequireGatewayAuthorization', insecure.code !== 0 ? 'stopped' : 'MISSED', detail);
}

/** `agentcore-gateway-guard scan <cdk.out> --format json`, in-process. */
async function scanCdkOut(outdir: string): Promise<{ code: number; findings: string[]; gateways: number }> {
  let stdout = '';
  const code = await main(['scan', outdir, '--format', 'json'], { stdout: (t) => void (stdout += t), stderr: () => undefined, env: {} });
  const report = JSON.parse(stdout) as Pick<GuardJsonReport, 'summary' | 'gateways'>;
  const findings = report.gateways.flatMap((g) => g.findings.map((f) => `${f.ruleId} ${g.constructPath ?? g.logicalId}`));
  return { code, findings, gateways: report.summary.gateways };
}

async function scanLine(secure: Synthesis, insecure: Synthesis): Promise<{ line: string; problems: string[] }> {
  const [good, bad] = await Promise.all([scanCdkOut(secure.outdir), scanCdkOut(insecure.outdir)]);
  const problems: string[] = [];
  if (good.code !== 0) problems.push(`scan of the secure cdk.out exited ${good.code}: ${good.findings.join(', ')}`);
  if (bad.code !== 1 || !bad.findings.includes(STAGE_FINDING)) problems.push(`scan of the insecure cdk.out exited ${bad.code} without ${STAGE_FINDING}`);
  const detail =
    `secure cdk.out exit ${good.code} (${good.gateways} gateways); insecure cdk.out (what synth wrote before it was blocked) ` +
    `exit ${bad.code}: ${bad.findings.join(', ') || 'no findings'}`;
  return { line: line('CI', 'agentcore-gateway-guard scan', bad.code === 1 ? 'stopped' : 'MISSED', detail), problems };
}

/** The cfn-guard binary of @cdklabs/cdk-validator-cfnguard (a dev dependency) for this machine, if any. */
function cfnGuardBinary(): string | undefined {
  const os = ({ linux: 'ubuntu', darwin: 'macos' } as Record<string, string>)[process.platform];
  const arch = ({ x64: 'x86_64', arm64: 'aarch64' } as Record<string, string>)[process.arch];
  const binary = join(dirname(require.resolve('@cdklabs/cdk-validator-cfnguard/package.json')), 'bin', os ?? '?', arch ?? '?', 'cfn-guard');
  return os && arch && existsSync(binary) ? binary : undefined;
}

function templatesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return f.startsWith('asset.') ? [] : templatesUnder(p);
    return f.endsWith('.template.json') ? [p] : [];
  });
}

/** The shipped rule file on the insecure app's templates, as the Guard hook would apply it at deploy time. */
function guardRulesLine(insecure: Synthesis): { line: string; problems: string[] } {
  const layer = 'Guard rule file (cfn-guard)';
  const binary = cfnGuardBinary();
  if (!binary) {
    return { line: line('deploy', layer, 'skipped', `no cfn-guard binary for ${process.platform}/${process.arch}`), problems: [] };
  }
  const rules = join(ROOT, 'rules', GUARD_RULES_FILE_NAME);
  const templates = templatesUnder(insecure.outdir);
  const run = spawnSync(binary, ['validate', '--rules', rules, ...templates.flatMap((t) => ['--data', t]), '--structured', '-o', 'json', '-S', 'none'], {
    encoding: 'utf8',
  });
  // 0: every template passed; 19: a rule failed. Anything else: cfn-guard could not run.
  if (run.status !== 0 && run.status !== 19) {
    return { line: line('deploy', layer, 'ERROR', `cfn-guard exited ${run.status}`), problems: [`cfn-guard exited ${run.status}: ${run.stderr}`] };
  }
  const failed = (JSON.parse(run.stdout) as Array<{ name: string; status: string; not_compliant?: Array<{ Rule: { name: string } }> }>)
    .filter((r) => r.status === 'FAIL')
    .map((r) => `${[...new Set((r.not_compliant ?? []).map((n) => n.Rule.name.split('_')[0]))].sort().join('+')} in ${relative(insecure.outdir, r.name)}`);
  const problems = failed.some((f) => f.startsWith('AGW1 in ')) ? [] : ['the Guard rule file did not fail the insecure templates with AGW1'];
  const detail = `insecure templates (${templates.length}), exit ${run.status}: ${failed.join(', ') || 'all passed'}`;
  return { line: line('deploy', layer, run.status === 19 ? 'stopped' : 'MISSED', detail), problems };
}

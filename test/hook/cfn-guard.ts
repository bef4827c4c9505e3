// Runs the real cfn-guard binary that the npm package @cdklabs/cdk-validator-cfnguard ships.
import { spawnSync } from 'child_process';
import { existsSync } from 'fs';
import { join } from 'path';

/** The cfn-guard binary for this machine's OS and CPU; throws naming the platform if there is none. */
export function cfnGuardBinary(): string {
  const os = ({ linux: 'ubuntu', darwin: 'macos' } as Record<string, string>)[process.platform];
  const arch = ({ x64: 'x86_64', arm64: 'aarch64' } as Record<string, string>)[process.arch];
  const binary = join(__dirname, '..', '..', 'node_modules', '@cdklabs', 'cdk-validator-cfnguard', 'bin', os ?? '?', arch ?? '?', 'cfn-guard');
  if (!os || !arch || !existsSync(binary)) {
    throw new Error(
      `No cfn-guard binary for ${process.platform}/${process.arch} at ${binary}. The dev dependency ` +
        '@cdklabs/cdk-validator-cfnguard ships Linux and macOS builds (x86_64, aarch64); run the tests on one of them.',
    );
  }
  return binary;
}

/** What cfn-guard decided for one data file. */
export interface GuardFileResult {
  readonly file: string;
  /** PASS, FAIL, or SKIP (no rule applied: no gateway). cfn-guard exits 0 for PASS and SKIP. */
  readonly status: 'PASS' | 'FAIL' | 'SKIP';
  /** The IDs (AGW1, ...) of the failed rules, sorted, without duplicates. */
  readonly ruleIds: string[];
  /** Every custom message of a failed clause. */
  readonly messages: string[];
}

/**
 * Validates data files against one rule file in a single cfn-guard run (it starts in milliseconds but is
 * slow on large templates, so keep the data small) and returns the result per file.
 */
export function cfnGuardValidate(rulesFile: string, dataPaths: string[]): Map<string, GuardFileResult> {
  const args = ['validate', '--rules', rulesFile, ...dataPaths.flatMap((d) => ['--data', d]), '--structured', '-o', 'json', '-S', 'none'];
  const run = spawnSync(cfnGuardBinary(), args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (run.error) throw run.error;
  // 0: every file passed or was skipped; 19: some rule failed. Anything else is a parse or usage error.
  if (run.status !== 0 && run.status !== 19) {
    throw new Error(`cfn-guard exited ${run.status}: ${run.stderr}${run.stdout.slice(0, 2000)}`);
  }
  const reports = JSON.parse(run.stdout) as any[];
  return new Map(
    reports.map((report) => {
      const ruleNames: string[] = (report.not_compliant ?? []).map((entry: any) => entry.Rule.name as string);
      const result: GuardFileResult = {
        file: report.name,
        status: report.status,
        ruleIds: [...new Set(ruleNames.map((n) => n.split('_')[0]))].sort(),
        messages: customMessages(report.not_compliant ?? []),
      };
      return [report.name, result];
    }),
  );
}

function customMessages(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) {
    value.forEach((v) => customMessages(v, out));
  } else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (key === 'custom_message' && typeof v === 'string') out.push(v);
      else customMessages(v, out);
    }
  }
  return out;
}

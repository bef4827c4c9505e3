// Offline verification of the integration tests' committed snapshots, the job `integ-runner` does for
// CDK libraries. integ-runner cannot do it here: its newest release (2.197.10) bundles a toolkit that reads
// cloud-assembly schema 53 at most, while aws-cdk-lib >= 2.258.0 (our floor is 2.269.0) writes schema 54,
// so it fails with "AssemblyVersionMismatch" before comparing anything. This module follows integ-runner's
// rules instead and synthesizes with the real CDK CLI of this repository, which reads schema 54:
//   - the snapshot of `test/integ.<name>.ts` lives in `test/integ.<name>.ts.snapshot/` (integ-runner's layout);
//   - every template must exist on both sides and be equal after asset hashes are normalized
//     (integ-runner's default `diffAssets: false`);
//   - unlike integ-runner, the assertion stack is compared too, with the `salt` that integ-tests puts
//     into every assertion (the synthesis time) normalized.
import { spawn } from 'child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { basename, join, relative } from 'path';

export const ROOT = join(__dirname, '..', '..');
export const TEST_DIR = join(ROOT, 'test');
const CDK = join(ROOT, 'node_modules', '.bin', 'cdk');
const TS_NODE = require.resolve('ts-node/register/transpile-only');

/** The integration tests: `test/integ.<name>.ts`, as integ-runner would discover them. */
export function discoverIntegTests(dir: string = TEST_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => /^integ\..+(?<!\.d)\.ts$/.test(f))
    .sort()
    .map((f) => join(dir, f));
}

export function snapshotDirOf(testFile: string): string {
  return `${testFile}.snapshot`;
}

/** The CDK app command for one integration test (type checking is done by `npm run check:types` and test/typecheck.e2e.test.ts). */
export function appCommandOf(testFile: string): string {
  return `node -r ${TS_NODE} ${testFile}`;
}

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the real CDK CLI. */
export function runCdk(args: string[], env: NodeJS.ProcessEnv = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(CDK, args, { cwd: ROOT, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/**
 * Synthesizes one integration test with `cdk synth` into `outdir`; throws with the CLI's output on failure.
 * Warnings and errors are recorded without stack traces (CDK_DISABLE_STACK_TRACE), which would name this
 * machine's folders.
 */
export async function synthIntegTest(testFile: string, outdir: string): Promise<void> {
  const result = await runCdk(
    ['synth', '--app', appCommandOf(testFile), '--output', outdir, '--quiet', '--no-notices', '--no-version-reporting'],
    { CDK_DISABLE_STACK_TRACE: '1' },
  );
  if (result.code !== 0) {
    throw new Error(`cdk synth of ${relative(ROOT, testFile)} exited ${result.code}:\n${result.stderr}${result.stdout}`);
  }
}

/** Files of a cloud assembly that a snapshot keeps and compares: templates and the integ manifest. */
export function snapshotFiles(assemblyDir: string): string[] {
  return readdirSync(assemblyDir).filter((f) => f.endsWith('.template.json') || f === 'integ.json').sort();
}

/**
 * Files copied into a snapshot: the cloud assembly without its asset directories (build outputs, several
 * MB for the integ-tests handler, never compared) and without `cdk.out` (the repository ignores that name).
 */
export function filesToKeep(assemblyDir: string): string[] {
  return readdirSync(assemblyDir).filter((f) => !f.startsWith('asset.') && f !== 'cdk.out').sort();
}

/**
 * A file of a fresh synthesis as the snapshot keeps it: `*.metadata.json` without its construct creation
 * stack traces (`aws:cdk:creationStack`), which name the folders of the machine that synthesized it and are
 * never compared; every other file byte for byte. (The CDK CLI refuses `aws:` context, so these traces, unlike
 * those of warnings, cannot be turned off for `cdk synth` from outside the app.)
 */
export function snapshotFileContent(file: string, content: Buffer): Buffer {
  if (!file.endsWith('.metadata.json')) {
    return content;
  }
  const metadata = JSON.parse(content.toString('utf8')) as Record<string, Array<{ type?: string }>>;
  const kept = Object.fromEntries(Object.entries(metadata)
    .map(([path, entries]) => [path, entries.filter((e) => e.type !== 'aws:cdk:creationStack')] as const)
    .filter(([, entries]) => entries.length > 0));
  return Buffer.from(JSON.stringify(kept, undefined, 2) + '\n');
}

const ASSET_HASH = /\b[0-9a-f]{64}\b/g;

/** Normalizes what legitimately differs between two syntheses of the same code. */
export function canonicalize(value: unknown, key?: string): unknown {
  if (typeof value === 'string') {
    return key === 'salt' ? '<salt>' : value.replace(ASSET_HASH, '<asset-hash>');
  }
  if (Array.isArray(value)) {
    return value.map((v) => canonicalize(v));
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, canonicalize(v, k)]));
  }
  return value;
}

/** Paths (`Resources/Foo/Properties/Bar`) at which two JSON values differ; at most `limit` of them. */
export function jsonDifferences(expected: unknown, actual: unknown, path: string[] = [], out: string[] = [], limit = 20): string[] {
  if (out.length >= limit) {
    return out;
  }
  const where = path.join('/') || '(root)';
  if (typeof expected !== typeof actual || Array.isArray(expected) !== Array.isArray(actual) || expected === null || actual === null) {
    if (expected !== actual) {
      out.push(`${where}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`.slice(0, 400));
    }
    return out;
  }
  if (typeof expected !== 'object') {
    if (expected !== actual) {
      out.push(`${where}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`.slice(0, 400));
    }
    return out;
  }
  const e = expected as Record<string, unknown>;
  const a = actual as Record<string, unknown>;
  for (const k of new Set([...Object.keys(e), ...Object.keys(a)])) {
    if (!(k in a)) {
      out.push(`${[...path, k].join('/')}: in the snapshot, missing now`);
    } else if (!(k in e)) {
      out.push(`${[...path, k].join('/')}: new, not in the snapshot`);
    } else {
      jsonDifferences(e[k], a[k], [...path, k], out, limit);
    }
  }
  return out;
}

/** Every difference between a committed snapshot and a fresh synthesis; empty when the snapshot is current. */
export function compareSnapshot(snapshotDir: string, actualDir: string): string[] {
  if (!existsSync(snapshotDir)) {
    return [`no snapshot at ${relative(ROOT, snapshotDir)}`];
  }
  const problems: string[] = [];
  const expectedFiles = snapshotFiles(snapshotDir);
  const actualFiles = snapshotFiles(actualDir);
  for (const f of expectedFiles.filter((x) => !actualFiles.includes(x))) {
    problems.push(`${f}: in the snapshot, but no longer synthesized`);
  }
  for (const f of actualFiles) {
    if (!expectedFiles.includes(f)) {
      problems.push(`${f}: synthesized, but not in the snapshot`);
      continue;
    }
    const expected = canonicalize(JSON.parse(readFileSync(join(snapshotDir, f), 'utf8')));
    const actual = canonicalize(JSON.parse(readFileSync(join(actualDir, f), 'utf8')));
    problems.push(...jsonDifferences(expected, actual).map((d) => `${f}: ${d}`));
  }
  return problems;
}

/** Synthesizes `testFile` into a temporary directory, calls `use` with it, and removes it. */
export async function withSynthesized<T>(testFile: string, use: (dir: string) => T | Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), `agw-${basename(testFile)}-`));
  try {
    await synthIntegTest(testFile, dir);
    return await use(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs `fn` over `items` with at most `limit` at a time (the CI machine has two cores). */
export async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  });
  await Promise.all(workers);
  return results;
}

/** Every template file in the committed snapshots (for the cfn-lint gate). */
export function snapshotTemplates(): string[] {
  return discoverIntegTests()
    .map(snapshotDirOf)
    .filter(existsSync)
    .flatMap((dir) => readdirSync(dir).filter((f) => f.endsWith('.template.json')).map((f) => join(dir, f)));
}

// Scan benchmark, measured side by side in one run: `agentcore-gateway-guard scan` of a generated
// cloud assembly (5,000 resources by default), alternating with a floor that only reads and parses the
// same templates, and optionally with another build of the CLI (say, the release before a change):
//
//   npx projen compile && npx projen bench:scan
//   BENCH_SCAN_BASELINE=/path/to/other/checkout/lib/cli/main.js BENCH_SCAN_BASELINE_LABEL=v1.2.3 npx projen bench:scan
//
// Every run is a fresh `node` process, as in CI; medians and ratios are reported, not absolute times.
import { execFileSync } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { generateApp } from './app-generator';

const ROOT = join(__dirname, '..');
const RESOURCES = Number(process.env.BENCH_SCAN_RESOURCES ?? 5000);
const REPS = Number(process.env.BENCH_REPS ?? 7);
const CLI = join(ROOT, 'lib', 'cli', 'main.js');
const BASELINE = process.env.BENCH_SCAN_BASELINE ? resolve(process.env.BENCH_SCAN_BASELINE) : undefined;

/** The floor: what any scanner must do at least (start node, read and parse every template). */
const READ_AND_PARSE = `
const fs = require('fs'), path = require('path');
const walk = (dir) => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
  e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith('.template.json') ? [path.join(dir, e.name)] : []);
let resources = 0;
for (const file of walk(process.argv[1])) resources += Object.keys(JSON.parse(fs.readFileSync(file, 'utf8')).Resources ?? {}).length;
process.stdout.write(String(resources));
`;

interface Variant {
  readonly name: string;
  readonly args: readonly string[];
}

function timeOnce(variant: Variant): number {
  const start = process.hrtime.bigint();
  // A secure assembly: every variant must succeed (exit 0); a failure throws and stops the benchmark.
  execFileSync(process.execPath, variant.args as string[], { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function countTemplates(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce(
    (n, e) => n + (e.isDirectory() ? countTemplates(join(dir, e.name)) : e.name.endsWith('.template.json') ? 1 : 0), 0);
}

function main(): void {
  if (!existsSync(CLI)) {
    throw new Error(`bench:scan runs the compiled CLI (${CLI}), which is missing: run \`npx projen compile\` first`);
  }
  if (BASELINE && !existsSync(BASELINE)) {
    throw new Error(`BENCH_SCAN_BASELINE: ${BASELINE} does not exist; give the path of another build's lib/cli/main.js`);
  }
  const work = mkdtempSync(join(tmpdir(), 'agw-bench-scan-'));
  try {
    const outdir = join(work, 'cdk.out');
    const { app, resourceCount } = generateApp({ resources: RESOURCES, stacks: Math.max(10, Math.round(RESOURCES / 100)), outdir });
    app.synth();
    const templates = countTemplates(outdir);
    const variants: Variant[] = [
      { name: 'read and parse', args: ['-e', READ_AND_PARSE, outdir] },
      { name: 'scan', args: [CLI, 'scan', outdir, '--format', 'json'] },
      ...(BASELINE ? [{ name: 'baseline scan', args: [BASELINE, 'scan', outdir, '--format', 'json'] }] : []),
    ];
    process.stderr.write(`scan, ${resourceCount} resources in ${templates} templates `);
    const samples: { [name: string]: number[] } = {};
    for (let r = 0; r < REPS; r++) {
      for (const v of variants) {
        (samples[v.name] ??= []).push(timeOnce(v));
        process.stderr.write('.');
      }
    }
    process.stderr.write('\n');
    const m = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
    const rows = [
      '| Resources | Templates | read and parse (ms) | scan (ms) | scan / read and parse |' + (BASELINE ? ' baseline scan (ms) | scan / baseline |' : ''),
      '|---:|---:|---:|---:|---:|' + (BASELINE ? '---:|---:|' : ''),
      `| ${resourceCount} | ${templates} | ${m['read and parse'].toFixed(0)} | ${m.scan.toFixed(0)} | ${(m.scan / m['read and parse']).toFixed(2)} |`
        + (BASELINE ? ` ${m['baseline scan'].toFixed(0)} | ${(m.scan / m['baseline scan']).toFixed(2)} |` : ''),
    ];
    process.stdout.write(`${rows.join('\n')}\n\nmedians of ${REPS} alternating runs, each a fresh node process; node ${process.version}${BASELINE ? `; baseline: ${process.env.BENCH_SCAN_BASELINE_LABEL ?? BASELINE}` : ''}\n`);
    const dir = join(ROOT, 'bench', 'results');
    mkdirSync(dir, { recursive: true });
    const results = {
      started: new Date().toISOString(),
      node: process.version,
      resources: resourceCount,
      templates,
      reps: REPS,
      baseline: BASELINE ? (process.env.BENCH_SCAN_BASELINE_LABEL ?? 'another build') : undefined,
      samplesMs: samples,
      medianMs: m,
    };
    writeFileSync(join(dir, 'scan-latest.json'), JSON.stringify(results, null, 2) + '\n');
    writeFileSync(join(dir, 'scan-latest.md'), rows.join('\n') + '\n');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main();

// Synth-time benchmarks, measured side by side in one run: variants alternate (A B C A B C ...) so
// that machine noise hits them alike, and each size reports medians and ratios, not absolute times.
//
//   npx projen bench                      # full run: 1,000 / 5,000 / 20,000 resources
//   BENCH_SIZES=1000 BENCH_REPS=3 npx projen bench
import { execFileSync } from 'child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import type { RunSpec, Variant } from './run-once';

interface Sample { readonly ms: number; readonly resources: number; readonly gateMs?: number }

const ROOT = join(__dirname, '..');
const SIZES = (process.env.BENCH_SIZES ?? '1000,5000,20000').split(',').map(Number);
const REPS = Number(process.env.BENCH_REPS ?? 5);
const L3_GATEWAYS = Number(process.env.BENCH_GATEWAYS ?? 50);

function stacksFor(resources: number): number {
  // 50 stacks at 5,000 resources (100 each); CloudFormation allows 500 resources a stack.
  return Math.max(10, Math.round(resources / 100));
}

function once(spec: RunSpec, validation: boolean): Sample {
  const out = execFileSync(process.execPath, [
    '--max-old-space-size=12288', '-r', 'ts-node/register/transpile-only', join(__dirname, 'run-once.ts'), JSON.stringify(spec),
  ], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
    env: { ...process.env, CDK_VALIDATION: validation ? 'true' : 'false', TS_NODE_TRANSPILE_ONLY: 'true' },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return JSON.parse(out.trim().split('\n').pop()!) as Sample;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Runs the variants alternately `reps` times and returns each variant's samples. */
function alternate(specs: { [variant: string]: RunSpec }, reps: number, validation: boolean): { [variant: string]: Sample[] } {
  const samples: { [variant: string]: Sample[] } = {};
  for (let r = 0; r < reps; r++) {
    for (const [name, spec] of Object.entries(specs)) {
      (samples[name] ??= []).push(once(spec, validation));
      process.stderr.write('.');
    }
  }
  return samples;
}

interface GuardRow {
  readonly resources: number;
  readonly stacks: number;
  readonly validation: boolean;
  readonly reps: number;
  readonly medianMs: { readonly none: number; readonly noop: number; readonly guard: number };
  /** guard / none and noop / none. */
  readonly guardRatio: number;
  readonly noopRatio: number;
  /** (guard - noop) / none, in percentage points. */
  readonly guardOverNoopPoints: number;
  /** (guard - none) / resources, from whole synth times (noisy). */
  readonly guardMsPerThousandResources: number;
  /** Median time of the guard's own check, measured inside the process. */
  readonly gateMs: number;
  /** gateMs / resources: constant across sizes means the guard's cost grows linearly with the app. */
  readonly gateMsPerThousandResources: number;
  /** gateMs / none: the guard's own share of synth time. */
  readonly gateShareOfSynth: number;
}

function guardRow(resources: number, reps: number, validation: boolean): GuardRow {
  const stacks = stacksFor(resources);
  const spec = (variant: Variant): RunSpec => ({ variant, resources, stacks });
  const s = alternate({ none: spec('none'), noop: spec('noop'), guard: spec('guard') }, reps, validation);
  const m = { none: median(s.none.map((x) => x.ms)), noop: median(s.noop.map((x) => x.ms)), guard: median(s.guard.map((x) => x.ms)) };
  const actual = s.none[0].resources;
  const gateMs = median(s.guard.map((x) => x.gateMs ?? Number.NaN));
  return {
    resources: actual,
    stacks,
    validation,
    reps,
    medianMs: m,
    guardRatio: m.guard / m.none,
    noopRatio: m.noop / m.none,
    guardOverNoopPoints: ((m.guard - m.noop) / m.none) * 100,
    guardMsPerThousandResources: ((m.guard - m.none) / actual) * 1000,
    gateMs,
    gateMsPerThousandResources: (gateMs / actual) * 1000,
    gateShareOfSynth: gateMs / m.none,
  };
}

function main(): void {
  const started = new Date().toISOString();
  const rows: GuardRow[] = [];
  for (const size of SIZES) {
    process.stderr.write(`guard, ${size} resources `);
    rows.push(guardRow(size, REPS, false));
    process.stderr.write('\n');
  }
  const contextSize = SIZES[Math.min(1, SIZES.length - 1)];
  process.stderr.write(`guard, ${contextSize} resources, CDK validation on `);
  const contextRow = guardRow(contextSize, Math.min(REPS, 3), true);
  process.stderr.write(`\nL3 vs L2, ${L3_GATEWAYS} gateways `);
  const l = alternate({ l2: { variant: 'l2', gateways: L3_GATEWAYS }, l3: { variant: 'l3', gateways: L3_GATEWAYS } }, REPS, false);
  process.stderr.write('\n');
  const l2 = median(l.l2.map((x) => x.ms));
  const l3 = median(l.l3.map((x) => x.ms));

  const results = {
    started,
    node: process.version,
    cdkVersion: JSON.parse(readFileSync(require.resolve('aws-cdk-lib/package.json'), 'utf8')).version as string,
    reps: REPS,
    guard: rows,
    guardWithValidation: contextRow,
    l3VsL2: { gateways: L3_GATEWAYS, medianMs: { l2, l3 }, ratio: l3 / l2 },
  };

  const pct = (r: number) => `${((r - 1) * 100).toFixed(1)}%`;
  const lines = [
    '| Resources | Stacks | CDK validation | none (ms) | no-op aspect (ms) | guard (ms) | no-op vs none | guard vs none | guard - no-op | guard check (ms) | check per 1k resources (ms) | check / synth |',
    '|---:|---:|:---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...[...rows, contextRow].map((r) => `| ${r.resources} | ${r.stacks} | ${r.validation ? 'on' : 'off'} | ${r.medianMs.none.toFixed(0)} | ${r.medianMs.noop.toFixed(0)} | ${r.medianMs.guard.toFixed(0)} | ${pct(r.noopRatio)} | ${pct(r.guardRatio)} | ${r.guardOverNoopPoints.toFixed(1)} pp | ${r.gateMs.toFixed(1)} | ${r.gateMsPerThousandResources.toFixed(2)} | ${(r.gateShareOfSynth * 100).toFixed(1)}% |`),
    '',
    '| Gateways | aws-cdk-lib Gateway, default Cognito (ms) | SecureAgentCoreGateway (ms) | ratio |',
    '|---:|---:|---:|---:|',
    `| ${L3_GATEWAYS} | ${l2.toFixed(0)} | ${l3.toFixed(0)} | ${(l3 / l2).toFixed(2)} |`,
  ];
  process.stdout.write(`${lines.join('\n')}\n\nmedians of ${REPS} alternating runs; node ${process.version}; aws-cdk-lib ${results.cdkVersion}\n`);
  const dir = join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'latest.json'), JSON.stringify(results, null, 2) + '\n');
  writeFileSync(join(dir, 'latest.md'), lines.join('\n') + '\n');
}

main();

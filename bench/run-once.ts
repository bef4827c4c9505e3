// One measurement in a fresh process: build an app, synthesize it, print the elapsed time as JSON.
// A fresh process per run keeps one variant's JIT warm-up and garbage from leaking into the next.
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { App, AspectPriority, Aspects, IAspect, Stack } from 'aws-cdk-lib';
import * as agentcore from 'aws-cdk-lib/aws-bedrockagentcore';
import { IConstruct } from 'constructs';
import { generateApp } from './app-generator';
import { guardAspect } from './guard-variant';
import { SecureAgentCoreGateway } from '../src';

export type Variant = 'none' | 'noop' | 'guard' | 'l2' | 'l3';

export interface RunSpec {
  readonly variant: Variant;
  /** For none/noop/guard: resources in the generated app. */
  readonly resources?: number;
  readonly stacks?: number;
  /** For l2/l3: how many gateways. */
  readonly gateways?: number;
}

class NoopAspect implements IAspect {
  public visit(_node: IConstruct): void {
    // The floor: what CDK's traversal alone costs.
  }
}

function run(spec: RunSpec): { ms: number; resources: number; gateMs?: number } {
  const outdir = mkdtempSync(join(tmpdir(), 'agw-bench-'));
  try {
    const start = process.hrtime.bigint();
    let resources: number;
    let app: App;
    let gateMs: (() => number) | undefined;
    if (spec.variant === 'l2' || spec.variant === 'l3') {
      app = new App({ outdir });
      const stack = new Stack(app, 'Gateways', { env: { account: '111111111111', region: 'us-east-1' } });
      for (let i = 0; i < spec.gateways!; i++) {
        if (spec.variant === 'l2') {
          new agentcore.Gateway(stack, `Gateway${i}`);
        } else {
          new SecureAgentCoreGateway(stack, `Gateway${i}`);
        }
      }
      resources = spec.gateways!;
    } else {
      const generated = generateApp({ resources: spec.resources!, stacks: spec.stacks!, outdir });
      app = generated.app;
      resources = generated.resourceCount;
      if (spec.variant === 'noop') {
        Aspects.of(app).add(new NoopAspect(), { priority: AspectPriority.READONLY });
      } else if (spec.variant === 'guard') {
        gateMs = guardAspect(app);
      }
    }
    app.synth();
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    return { ms, resources, gateMs: gateMs?.() };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

const spec = JSON.parse(process.argv[2]) as RunSpec;
process.stdout.write(JSON.stringify(run(spec)) + '\n');

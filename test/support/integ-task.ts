// `npm run integ:verify` / `integ:update` / `integ:deploy`: see test/support/integ-snapshots.ts for why
// this replaces integ-runner, and the README's "Integration tests" section for how to use it.
//
//   integ-task.ts verify [test...]   synthesize each integ test and fail if its committed snapshot is stale
//   integ-task.ts update [test...]   rewrite the snapshots (offline; review the diff before committing)
//   integ-task.ts deploy [test...]   deploy to the current AWS account and region, check every assertion
//                                    result, then destroy (add --no-clean to keep the stacks)
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { basename, join, relative } from 'path';
import {
  ROOT, appCommandOf, compareSnapshot, discoverIntegTests, filesToKeep, mapLimited, runCdk, snapshotDirOf, snapshotFileContent, withSynthesized,
} from './integ-snapshots';

function selectTests(names: string[]): string[] {
  const all = discoverIntegTests();
  if (names.length === 0) {
    return all;
  }
  return names.map((n) => {
    const found = all.find((f) => basename(f) === n || basename(f) === `integ.${n}.ts` || basename(f, '.ts') === n);
    if (!found) {
      throw new Error(`no integration test '${n}'; known: ${all.map((f) => basename(f)).join(', ')}`);
    }
    return found;
  });
}

async function verify(tests: string[]): Promise<number> {
  const started = Date.now();
  const results = await mapLimited(tests, 2, (t) => withSynthesized(t, (dir) => compareSnapshot(snapshotDirOf(t), dir)));
  let failed = 0;
  tests.forEach((t, i) => {
    const problems = results[i];
    if (problems.length === 0) {
      console.log(`  UNCHANGED  ${basename(t)}`);
    } else {
      failed++;
      console.log(`  CHANGED    ${basename(t)}`);
      problems.forEach((p) => console.log(`             ${p}`));
    }
  });
  console.log(`\nIntegration snapshots: ${tests.length - failed} passed, ${failed} failed (${((Date.now() - started) / 1000).toFixed(1)}s)`);
  if (failed > 0) {
    console.log('A snapshot is stale. If the change is intended, run `npm run integ:update` and review the diff; ' +
      'with an AWS account, prove it with `npm run integ:deploy` first.');
  }
  return failed === 0 ? 0 : 1;
}

async function update(tests: string[]): Promise<number> {
  await mapLimited(tests, 2, (t) => withSynthesized(t, (dir) => {
    const target = snapshotDirOf(t);
    rmSync(target, { recursive: true, force: true });
    mkdirSync(target, { recursive: true });
    for (const f of filesToKeep(dir)) {
      writeFileSync(join(target, f), snapshotFileContent(f, readFileSync(join(dir, f))));
    }
    console.log(`  UPDATED    ${relative(ROOT, target)}`);
  }));
  return 0;
}

/** Assertion results the integ-tests constructs publish as stack outputs; every one must be a success. */
export function failedAssertions(outputs: Record<string, Record<string, string>>): string[] {
  const failures: string[] = [];
  let seen = 0;
  for (const [stack, values] of Object.entries(outputs)) {
    for (const [key, value] of Object.entries(values)) {
      if (!key.startsWith('AssertionResults')) {
        continue;
      }
      seen++;
      let status: string | undefined;
      try {
        status = JSON.parse(value).status;
      } catch {
        status = undefined;
      }
      if (status !== 'success') {
        failures.push(`${stack}.${key}: ${value}`);
      }
    }
  }
  if (seen === 0) {
    failures.push('no assertion results in the stack outputs');
  }
  return failures;
}

async function deploy(tests: string[], clean: boolean): Promise<number> {
  let failed = 0;
  for (const t of tests) {
    const work = mkdtempSync(join(tmpdir(), 'agw-integ-deploy-'));
    const outputsFile = join(work, 'outputs.json');
    const common = ['--app', appCommandOf(t), '--all', '--output', join(work, 'cdk.out')];
    console.log(`\n=== ${basename(t)}: deploying`);
    try {
      const deployed = await runCdk(['deploy', ...common, '--require-approval', 'never', '--outputs-file', outputsFile]);
      process.stdout.write(deployed.stderr);
      if (deployed.code !== 0) {
        failed++;
        console.log(`  FAILED     ${basename(t)}: cdk deploy exited ${deployed.code}`);
        continue;
      }
      const failures = failedAssertions(JSON.parse(readFileSync(outputsFile, 'utf8')));
      if (failures.length > 0) {
        failed++;
        console.log(`  FAILED     ${basename(t)}`);
        failures.forEach((f) => console.log(`             ${f}`));
      } else {
        console.log(`  PASSED     ${basename(t)}`);
      }
    } finally {
      if (clean) {
        const destroyed = await runCdk(['destroy', ...common, '--force']);
        if (destroyed.code !== 0) {
          failed++;
          console.log(`  DESTROY FAILED for ${basename(t)}: ${destroyed.stderr}`);
        }
      }
      rmSync(work, { recursive: true, force: true });
    }
  }
  console.log(`\nIntegration tests deployed: ${tests.length - failed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const clean = !rest.includes('--no-clean');
  const tests = selectTests(rest.filter((a) => !a.startsWith('--')));
  switch (command) {
    case 'verify':
      return verify(tests);
    case 'update':
      return update(tests);
    case 'deploy':
      return deploy(tests, clean);
    default:
      console.error('usage: integ-task.ts verify|update|deploy [test...] [--no-clean]');
      return 2;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  });
}

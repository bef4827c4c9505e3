import { awscdk, javascript, JsonFile } from 'projen';

// The floor is the oldest aws-cdk-lib whose stable `aws_bedrockagentcore.Gateway` L2 has every prop
// SecureAgentCoreGateway passes through. The L2 itself is stable since 2.255.0 and `Validations` is
// older still, but `policyEngineConfiguration` only arrived in 2.269.0. What the L2 lacks (even at
// 2.276.0) goes through L1s that 2.269.0 already has: `CfnResourcePolicy` and the typed `CfnGateway`
// properties `wafConfiguration`, `CustomJWTAuthorizer.privateEndpoint` and `advertisedScopeMapping`.
const CDK_FLOOR = '2.269.0';
// The newest aws-cdk-lib the suite also runs against (`test:latest`). Pinned through the lock file so
// CI is reproducible; `projen upgrade` moves it.
const CDK_LATEST = '2.276.0';

// Which pass runs a test file is decided by its name, so a new file lands in the right one without a list
// to keep up to date. `npm test` runs every other *.test.ts (the unit and in-process suites); `npm run
// test:e2e` runs these, which start other programs or check the whole project:
//   *.cli.test.ts              starts a process: the real CDK CLI, the packed package's CLI, the demo runner
//   *.cfn-lint.test.ts         the real cfn-lint's verdict is the subject of the test
//   *.integ-snapshots.test.ts  reads the committed integration-test snapshots
//   *.e2e.test.ts              any other end-to-end check (every README example, type-checking the demo)
// A unit suite may still lint the templates it synthesized with cfn-lint in one `afterAll` (a second each).
const E2E_TEST_FILES = '\\.(cli|cfn-lint|integ-snapshots|e2e)\\.test\\.ts$';

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-secure-agentcore-gateway',
  description:
    'Amazon Bedrock AgentCore gateways that can never be deployed without inbound authorization: a secure-by-default L3 construct and a synth-time guard (CDK Aspect) for whole apps.',
  author: 'cdk-secure-agentcore-gateway contributors',
  authorAddress: 'maintainers@example.com',
  repositoryUrl: 'https://github.com/cdk-secure-agentcore-gateway/cdk-secure-agentcore-gateway.git',
  keywords: ['aws-cdk', 'cdk', 'bedrock', 'agentcore', 'gateway', 'mcp', 'cognito', 'oauth', 'security', 'aspect', 'guardrail'],
  license: 'Apache-2.0',
  stability: 'experimental',

  cdkVersion: CDK_FLOOR,
  constructsVersion: '10.5.1',
  jsiiVersion: '~6.0.0',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  minNodeVersion: '20.0.0',

  devDeps: [
    // The real CDK CLI, used by tests to run `cdk synth` on small apps.
    'aws-cdk@2.1148.1',
    'cdk-nag@^3.0.2',
    // Lets the suite run a second time against the newest aws-cdk-lib (see `test:latest`).
    `aws-cdk-lib-latest@npm:aws-cdk-lib@${CDK_LATEST}`,
    // Integration tests (test/integ.*.ts): the assertions a deployment runs. Their snapshots are verified
    // by test/support/integ-task.ts, not by @aws-cdk/integ-runner: its newest release (2.197.10) reads
    // cloud-assembly schema 53 at most, and aws-cdk-lib >= 2.258.0 writes schema 54.
    '@aws-cdk/integ-tests-alpha@2.245.0-alpha.0',
    // The guard must also catch the alpha module's Gateway. 2.261.0-alpha.0 is the newest alpha whose
    // peer range includes our floor (2.269.0-alpha.0 names an aws-bedrock-alpha that was never published).
    '@aws-cdk/aws-bedrock-agentcore-alpha@2.261.0-alpha.0',
    '@aws-cdk/aws-bedrock-alpha@2.261.0-alpha.0',
    // Only `agentcore-gateway-guard audit` loads the AWS SDK, lazily. It cannot be an optional peer
    // dependency: jsii rejects every non-jsii package in peerDependencies ("Unable to locate jsii
    // assembly"), and npm ignores peerDependenciesMeta without a peerDependencies entry. Users who run
    // `audit` install it themselves; the CLI names the package when it is missing.
    '@aws-sdk/client-bedrock-agentcore-control@^3.1142.0',
    // Validates the CLI's SARIF output against the SARIF 2.1.0 JSON schema it ships (no network needed).
    '@microsoft/jest-sarif@1.0.0-beta.0',
    // The real cfn-guard binary (bin/<os>/<arch>/cfn-guard) judges the shipped Guard rule file in tests.
    '@cdklabs/cdk-validator-cfnguard@^0.0.62',
    // Evaluates the generated service control policy against request contexts (AGPL-3.0: tests only,
    // never shipped).
    '@cloud-copilot/iam-simulate@^0.1.173',
    // Mutation testing of src/engine (`npm run test:mutation`). 9.x is the newest line that supports Node 20.
    '@stryker-mutator/core@9.5.1',
    '@stryker-mutator/jest-runner@9.5.1',
    // A faster transformer for the unit tests (type checking stays with jsii, tsc and eslint).
    '@swc/core@^1.16.22',
    '@swc/jest@^0.2.39',
  ],
  // The `agentcore-gateway-guard` CLI (src/cli). Its YAML parser ships inside the package: jsii
  // accepts non-jsii runtime dependencies only when they are bundled.
  bundledDeps: ['yaml@^2.9.1'],
  bin: { 'agentcore-gateway-guard': 'lib/cli/main.js' },

  publishToPypi: {
    distName: 'cdk-secure-agentcore-gateway',
    module: 'cdk_secure_agentcore_gateway',
  },
  publishToMaven: {
    javaPackage: 'io.github.cdk_secure_agentcore_gateway',
    mavenGroupId: 'io.github.cdk-secure-agentcore-gateway',
    mavenArtifactId: 'cdk-secure-agentcore-gateway',
  },
  publishToNuget: {
    dotNetNamespace: 'CdkSecureAgentCoreGateway',
    packageId: 'CdkSecureAgentCoreGateway',
  },
  publishToGo: {
    moduleName: 'github.com/cdk-secure-agentcore-gateway/cdk-secure-agentcore-gateway-go',
  },

  jestOptions: {
    // Snapshots are assertions: a changed snapshot must fail the suite, not be rewritten silently.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    // `npm test` leaves the end-to-end suites to `npm run test:e2e` (see E2E_TEST_FILES). On the command line,
    // not in the config, so that `npx jest <path>` still runs any one test file.
    extraCliOptions: ['--testPathIgnorePatterns', '/node_modules/', E2E_TEST_FILES],
    jestConfig: {
      // Tests that run the real CDK CLI or cfn-lint take seconds each on a 2-core machine.
      testTimeout: 180_000,
      // Stryker's sandboxes (npm run test:mutation) are copies of the project: never modules or tests of this one.
      modulePathIgnorePatterns: ['<rootDir>/.stryker-tmp/'],
      // Coverage is the library's: not the tests' helpers, nor the README examples they write to .tmp/.
      collectCoverageFrom: ['src/**/*.ts'],
      // swc only strips types (faster than ts-jest); `check:types` type-checks the tests with tsc instead.
      transform: {
        '^.+\\.[t]sx?$': new javascript.Transform('@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }),
      },
    },
  },

  gitignore: ['cdk.out', '*.cdk.out', '/.tmp/', '/.tmp-*/'],
  eslintOptions: { dirs: ['src'], devdirs: ['test', 'bench', 'projenrc', 'examples'] },
  npmignoreEnabled: true,
});

// `test:latest`: the in-process suites (unit and e2e) again, with every `aws-cdk-lib` import (ours,
// cdk-nag's, the tests') resolved to the newest aws-cdk-lib instead of the floor (jest.latest.config.js).
const testLatest = project.addTask('test:latest', {
  description: 'Run the in-process tests against the newest aws-cdk-lib (the others use the floor version)',
  exec: 'jest --passWithNoTests --config jest.latest.config.js',
  receiveArgs: true,
});

// Integration tests (test/integ.<name>.ts, snapshots in test/integ.<name>.ts.snapshot/). `npm test` verifies
// the committed snapshots offline; maintainers update them, and anyone with an AWS account can deploy them.
const INTEG_TASK = 'ts-node --transpile-only test/support/integ-task.ts';
const integVerify = project.addTask('integ:verify', {
  description: 'Synthesize every integration test and fail if its committed snapshot is stale (offline, no AWS credentials)',
  exec: `${INTEG_TASK} verify`,
  receiveArgs: true,
});
project.addTask('integ:update', {
  description: 'Rewrite the integration-test snapshots (offline); review the diff before committing',
  exec: `${INTEG_TASK} update`,
  receiveArgs: true,
});
project.addTask('integ:deploy', {
  description: 'Deploy the integration tests to the current AWS account and region, check every assertion, then destroy them',
  exec: `${INTEG_TASK} deploy`,
  receiveArgs: true,
});
// API.md is generated from the doc comments; in CI a stale copy fails the run instead of shipping.
const apiDocs = project.addTask('check:api-docs', {
  description: 'Regenerate API.md and, in CI, fail if the committed copy was stale',
  steps: [
    { spawn: 'docgen' },
    {
      condition: 'node -e "if (!process.env.CI) process.exit(1)"',
      exec: 'git diff --exit-code -- API.md || (echo "API.md is stale: run npx projen docgen and commit it" && exit 1)',
    },
  ],
});
// jest only strips types (swc) and jsii checks src/ only: tsc checks everything else that is TypeScript.
const checkTypes = project.addTask('check:types', {
  description: 'Type-check the tests, examples and benchmarks (jest and ts-node only strip their types)',
  steps: ['test', 'examples', 'bench'].map((dir) => ({ exec: `tsc --noEmit -p ${dir}/tsconfig.json` })),
});
// `npm test`: compile (jsii must accept the public API on every run, not only at release time), API.md,
// types, the fast jest suites, eslint. Minutes, not tens of minutes.
project.testTask.prependSpawn(checkTypes);
project.testTask.prependSpawn(apiDocs);
project.testTask.prependSpawn(project.compileTask);

// `npm run test:e2e`: everything `npm test` leaves out. CI (.ci/run) runs both.
project.addTask('test:e2e', {
  description: 'Run the end-to-end suites (real CDK CLI, packed CLI, demo, README examples, cfn-lint gates), the in-process suites against the newest aws-cdk-lib, and verify the integration snapshots',
  // Its own JUnit file, so it does not overwrite the one `npm test` wrote.
  env: { JEST_JUNIT_OUTPUT_NAME: 'junit-e2e.xml' },
  steps: [
    {
      // Ignores every test path that does NOT end like an e2e file; arguments (paths) narrow it further.
      exec: `jest --testPathIgnorePatterns /node_modules/ '^(?!.*${E2E_TEST_FILES})' --passWithNoTests --ci --coverage=false`,
      receiveArgs: true,
    },
    { spawn: testLatest.name },
    { spawn: integVerify.name },
  ],
});

// Synth-time benchmarks (not part of `test`: they take minutes and measure ratios, not pass/fail).
project.addTask('bench', {
  description: 'Benchmark the guard and SecureAgentCoreGateway at synth time; writes bench/results/latest.{json,md}',
  exec: 'ts-node --transpile-only bench/bench.ts',
});
// `scan` of a generated 5,000-resource cloud assembly against a read-and-parse floor and, optionally, another
// build of the CLI (BENCH_SCAN_BASELINE=<its lib/cli/main.js>); runs the compiled CLI, so compile first.
project.addTask('bench:scan', {
  description: 'Benchmark `agentcore-gateway-guard scan` of a generated cdk.out; writes bench/results/scan-latest.{json,md}',
  exec: 'ts-node --transpile-only bench/scan.ts',
});
project.npmignore?.exclude('/bench/', '/.ci/', '/jest.latest.config.js', '/.tmp/', '/.tmp-*/', 'cdk.out');
// Type-checked and linted like the tests (the root tsconfig is jsii's and covers src/ only).
for (const dir of ['bench', 'examples']) {
  new JsonFile(project, `${dir}/tsconfig.json`, {
    obj: {
      extends: '../tsconfig.json',
      compilerOptions: { noEmit: true, rootDir: '..', stripInternal: true, isolatedModules: true },
      include: ['**/*.ts'],
      exclude: ['node_modules'],
    },
  });
}

// Mutation testing of src/engine with Stryker (`npm run test:mutation`): the engine's own fast tests against
// every small change Stryker makes to it. Not part of `test` or CI: it takes tens of minutes on two cores.
// stryker.config.mjs holds the options, the 90% break threshold and why each surviving rule mutant is
// equivalent; jest.mutation.config.js picks the tests.
project.addTask('test:mutation', {
  description: 'Mutation-test src/engine with Stryker (slow; not part of test); fails below a 90% mutation score',
  exec: 'stryker run',
  receiveArgs: true,
});
project.gitignore.exclude('/.stryker-tmp/', '/reports/');
project.npmignore?.exclude('/stryker.config.mjs', '/jest.mutation.config.js', '/.stryker-tmp/', '/reports/');
// The CloudFormation Guard rule file ships in the package (rules/), for the Guard hook construct and for
// anyone who runs cfn-guard or deploys a hook without CDK. It is generated from the engine's rules;
// test/hook/guard-rules.test.ts fails when the committed copy is stale.
project.addTask('guard-rules', {
  description: 'Regenerate rules/agentcore-gateway-authorization.guard from src/hook/guard-rules.ts',
  exec: 'ts-node --transpile-only test/support/guard-rules-file.ts',
});
project.npmignore?.include('/rules/*.guard');

// `npm run demo`: the real `cdk synth` on the example organisation's secure and insecure apps
// (examples/demo/); exits 0 only if the secure app passed and the insecure one was blocked for the
// expected findings. Transpile-only: the demo's types are checked by `check:types` (and test/typecheck.e2e.test.ts).
project.addTask('demo', {
  description: 'Synthesize the example secure and insecure apps with the real CDK CLI and print what the guard decided',
  exec: 'ts-node --transpile-only examples/demo/run-demo.ts',
  receiveArgs: true,
});
project.npmignore?.exclude('/examples/');

project.synth();

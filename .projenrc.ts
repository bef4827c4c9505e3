import { awscdk, javascript } from 'projen';

// The floor is the oldest aws-cdk-lib whose stable `aws_bedrockagentcore.Gateway` L2 has every prop
// SecureAgentCoreGateway passes through. The L2 itself is stable since 2.255.0 and `Validations` is
// older still, but `policyEngineConfiguration` only arrived in 2.269.0.
const CDK_FLOOR = '2.269.0';
// The newest aws-cdk-lib the suite also runs against (`test:latest`). Pinned through the lock file so
// CI is reproducible; `projen upgrade` moves it.
const CDK_LATEST = '2.276.0';

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
    // Only `agentcore-gateway-guard audit` loads the AWS SDK, lazily. It cannot be an optional peer
    // dependency: jsii rejects every non-jsii package in peerDependencies ("Unable to locate jsii
    // assembly"), and npm ignores peerDependenciesMeta without a peerDependencies entry. Users who run
    // `audit` install it themselves; the CLI names the package when it is missing.
    '@aws-sdk/client-bedrock-agentcore-control@^3.1142.0',
    // Validates the CLI's SARIF output against the SARIF 2.1.0 JSON schema it ships (no network needed).
    '@microsoft/jest-sarif@1.0.0-beta.0',
  ],
  // The `agentcore-gateway-guard` CLI (src/audit). Its YAML parser ships inside the package: jsii
  // accepts non-jsii runtime dependencies only when they are bundled.
  bundledDeps: ['yaml@^2.9.1'],
  bin: { 'agentcore-gateway-guard': 'lib/audit/cli.js' },

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
    jestConfig: {
      // Tests that run the real CDK CLI or cfn-lint take seconds each on a 2-core machine.
      testTimeout: 180_000,
    },
  },

  gitignore: ['cdk.out', '*.cdk.out', '.bench/', '/.tmp/'],
  npmignoreEnabled: true,
});

// `test:latest`: the same jest suite with every `aws-cdk-lib` import (ours, cdk-nag's, the tests')
// resolved to the newest aws-cdk-lib instead of the floor.
project.addTask('test:latest', {
  description: 'Run the unit tests against the newest aws-cdk-lib (the default `test` uses the floor version)',
  exec: 'jest --passWithNoTests --config jest.latest.config.js',
  receiveArgs: true,
});
project.testTask.spawn(project.tasks.tryFind('test:latest')!);

project.synth();

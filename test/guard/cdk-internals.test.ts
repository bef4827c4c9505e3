// Canary for the aws-cdk-lib internals the guard relies on (src/guard/cdk-internals.ts). It runs in the
// default suite (oldest supported aws-cdk-lib) and in `test:latest` (newest): when a release changes one of
// these, the failure names the internal instead of leaving a guard that silently checks less.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnResource, cx_api, Stack, Stage } from 'aws-cdk-lib';
import { CfnGateway } from 'aws-cdk-lib/aws-bedrockagentcore';
import {
  CLI_ENVIRONMENT_VARIABLES,
  FAIL_SYNTH_CONTEXT,
  OUTDIR_ENVIRONMENT_VARIABLE,
  RAW_OVERRIDES_FIELD,
  rawOverrides,
  renderElement,
  runAfterEverySynthesis,
  runByCdkToolkit,
} from '../../src/guard/cdk-internals';

/** Fails with a message that names the internal and what the guard needs from it. */
function canary(internal: string, holds: boolean, needed: string): void {
  if (!holds) {
    throw new Error(`aws-cdk-lib internal changed: ${internal}. The guard needs ${needed}; update src/guard/cdk-internals.ts.`);
  }
}

function gateway(): CfnGateway {
  const stack = new Stack(new App(), 'Stack', { env: { account: '111111111111', region: 'us-east-1' } });
  return new CfnGateway(stack, 'Gateway', {
    name: 'canary',
    protocolType: 'MCP',
    roleArn: 'arn:aws:iam::111111111111:role/r',
    authorizerType: 'AWS_IAM',
  });
}

describe('aws-cdk-lib internals the guard uses', () => {
  test(`GIVEN addOverride('Type') WHEN read THEN CfnResource.${RAW_OVERRIDES_FIELD} holds it`, () => {
    const stack = new Stack(new App(), 'Stack');
    const resource = new CfnResource(stack, 'R', { type: 'AWS::SNS::Topic' });
    resource.addOverride('Type', 'AWS::BedrockAgentCore::Gateway');
    const overrides = rawOverrides(resource);
    canary(`CfnResource.${RAW_OVERRIDES_FIELD} (private field)`, overrides?.Type === 'AWS::BedrockAgentCore::Gateway', 'it to hold the overrides added with addOverride()');
    expect(overrides).toEqual({ Type: 'AWS::BedrockAgentCore::Gateway' });
  });

  test('GIVEN an escape-hatch override WHEN rendered THEN CfnElement._toCloudFormation() shows it (the typed getter does not)', () => {
    const gw = gateway();
    gw.addPropertyOverride('AuthorizerType', 'NONE');
    const fragment = renderElement(gw) as { Resources?: { [id: string]: { Properties?: { AuthorizerType?: unknown } } } };
    const rendered = Object.values(fragment?.Resources ?? {})[0]?.Properties?.AuthorizerType;
    canary('CfnElement._toCloudFormation() (@internal)', rendered === 'NONE', 'it to render the resource with every override applied');
    expect(rendered).toBe('NONE');
    expect(gw.authorizerType).toBe('AWS_IAM');
  });

  test('GIVEN aws-cdk-lib cx_api WHEN read THEN the context key and CLI environment variables are the ones the gate reads', () => {
    const api = cx_api as unknown as { [name: string]: unknown };
    canary('cx_api.FAIL_SYNTH_ON_VALIDATION_ERRORS_CONTEXT', api.FAIL_SYNTH_ON_VALIDATION_ERRORS_CONTEXT === FAIL_SYNTH_CONTEXT, `the context key '${FAIL_SYNTH_CONTEXT}'`);
    canary(
      'cx_api.CLI_ASM_VERSION_ENV / cx_api.CLI_VERSION_ENV',
      api.CLI_ASM_VERSION_ENV === CLI_ENVIRONMENT_VARIABLES[0] && api.CLI_VERSION_ENV === CLI_ENVIRONMENT_VARIABLES[1],
      `the CDK CLI to announce itself with ${CLI_ENVIRONMENT_VARIABLES.join(' and ')}`,
    );
    expect([api.CLI_ASM_VERSION_ENV, api.CLI_VERSION_ENV]).toEqual(CLI_ENVIRONMENT_VARIABLES);
  });

  test('GIVEN the environment WHEN a CLI variable is set THEN the app counts as run by a CDK toolkit', () => {
    expect(runByCdkToolkit({})).toBe(false);
    expect(runByCdkToolkit({ CDK_CLI_VERSION: '2.1148.1' })).toBe(true);
    expect(runByCdkToolkit({ CDK_CLI_ASM_VERSION: '54.0.0' })).toBe(true);
  });

  test('GIVEN aws-cdk-lib cx_api WHEN read THEN the CLI names its output directory in the variable the exit check reads', () => {
    const api = cx_api as unknown as { [name: string]: unknown };
    canary('cx_api.OUTDIR_ENV', api.OUTDIR_ENV === OUTDIR_ENVIRONMENT_VARIABLE, `the CDK CLI to name its output directory in ${OUTDIR_ENVIRONMENT_VARIABLE}`);
    expect(api.OUTDIR_ENV).toBe(OUTDIR_ENVIRONMENT_VARIABLE);
  });

  test('GIVEN runAfterEverySynthesis WHEN an App with a nested Stage synthesizes (validation skipped) THEN the hook runs for both, once each, after each manifest is on disk', () => {
    // No guard is made in this file, so this test owns the hook on this copy of aws-cdk-lib.
    const seen: string[] = [];
    const hook = (stage: Stage, assembly: cx_api.CloudAssembly) => seen.push(`${stage.node.path || 'App'}: ${fs.existsSync(path.join(assembly.directory, 'manifest.json'))}`);
    runAfterEverySynthesis(hook);
    runAfterEverySynthesis(hook);
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'canary-')) });
    new Stack(new Stage(app, 'Prod'), 'Api');
    // aws-cdk-lib's own schema validation is slow and irrelevant here.
    process.env.CDK_VALIDATION = 'false';
    try {
      app.synth({ skipValidation: true });
    } finally {
      delete process.env.CDK_VALIDATION;
    }
    canary(
      'Stage.prototype.synth (App.synth() calls super.synth(); nested Stages synthesize through their synth())',
      seen.join(', ') === 'Prod: true, App: true',
      'every App and Stage synthesis to end in Stage.prototype.synth, returning the assembly it wrote',
    );
    expect(seen).toEqual(['Prod: true', 'App: true']);
  });
});

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fileURLToPath } from 'url';
import { App, Aspects, attachCustomSynthesis, Stack, Stage } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { cfnGateway, ENV, failures, flatFindings, guardedApp, publicGateway, stack, synthError } from './app-fixtures';
import { addScenario, Scenario } from './apps/embedded-scenarios';
import { BYPASSES } from './bypass-fixtures';
import { RequireGatewayAuthorization } from '../../src/guard';
import { readStartEnvironment, runByToolkit } from '../../src/guard/guard-process';

const REPORT = 'agentcore-gateway-authorization';
const STALE_REPORT = { summary: { gateways: 3, compliant: 3, nonCompliant: 0, exempt: 0 }, gateways: [] };

function readReport(app: App): any {
  return JSON.parse(fs.readFileSync(path.join(app.outdir, `${REPORT}.json`), 'utf-8'));
}

function readSarif(app: App): any {
  return JSON.parse(fs.readFileSync(path.join(app.outdir, `${REPORT}.sarif`), 'utf-8'));
}

function verdicts(app: App): Array<[string | undefined, string, string]> {
  return readReport(app).gateways.map((g: any) => [g.constructPath, g.logicalId, g.verdict]);
}

function writeStaleReport(app: App): void {
  fs.mkdirSync(app.outdir, { recursive: true });
  fs.writeFileSync(path.join(app.outdir, `${REPORT}.json`), JSON.stringify(STALE_REPORT));
  fs.writeFileSync(path.join(app.outdir, `${REPORT}.sarif`), '{}');
}

describe('the verdict is on the written assembly', () => {
  describe('1. validation skipped', () => {
    test('GIVEN a stale "compliant" report WHEN app.synth({ skipValidation: true }) with a NONE gateway THEN synthesis fails and the report is this run\'s', () => {
      // GIVEN
      const app = guardedApp();
      writeStaleReport(app);
      publicGateway(stack(app), 'Open');

      // WHEN
      let message = '';
      try {
        app.synth({ skipValidation: true });
      } catch (e) {
        message = (e as Error).message;
      }

      // THEN
      expect(message).toMatch(/^RequireGatewayAuthorization: 1 AgentCore gateway would deploy without enforced inbound authorization/);
      expect(flatFindings(message).join('\n')).toContain('[AGW1] Stack/Open (Stack, logical ID Open) at Properties.AuthorizerType: AuthorizerType is NONE.');
      expect(readReport(app).summary).toEqual({ gateways: 1, compliant: 0, nonCompliant: 1, exempt: 0 });
      expect(readSarif(app).runs[0].results.map((r: any) => r.ruleId)).toEqual(['AGW1']);
    });

    test('GIVEN the twin: a secure gateway and a stale report WHEN app.synth({ skipValidation: true }) THEN it passes and the report describes this run', () => {
      const app = guardedApp();
      writeStaleReport(app);
      cfnGateway(stack(app), 'Secure');
      app.synth({ skipValidation: true });
      expect(verdicts(app)).toEqual([['Stack/Secure', 'Secure', 'COMPLIANT']]);
    });

    test('GIVEN a stale report WHEN synthesis fails for another reason before the assembly is written THEN no report is left', () => {
      const app = guardedApp();
      writeStaleReport(app);
      const s = stack(app);
      cfnGateway(s, 'Secure');
      new Construct(s, 'Broken').node.addValidation({ validate: () => ['an unrelated problem'] });
      expect(synthError(app)).toMatch(/an unrelated problem/);
      expect(fs.existsSync(path.join(app.outdir, `${REPORT}.json`))).toBe(false);
      expect(fs.existsSync(path.join(app.outdir, `${REPORT}.sarif`))).toBe(false);
    });
  });

  describe('2. changed after the check', () => {
    test.each([
      ['synthesis-hook', [['AGW1', 'Hooked/Gw']]],
      ['stack-synthesizer', [['AGW1', 'Mutated/Gw']]],
      ['stack-subclass', [['AGW1', 'Injected']]],
      ['disguised-resource', [['AGW1', 'Disguised/Topic']]],
      ['raw-element', [['AGW1', 'Raw/Element']]],
      ['late-stage', [['AGW1', 'Late/Api/Gw']]],
    ])('GIVEN %s that writes a NONE gateway WHEN synthesized THEN synthesis fails naming it', (name, expected) => {
      const app = guardedApp();
      BYPASSES[name](app, false);
      expect(failures(app)).toEqual(expected);
      expect(readReport(app).summary.nonCompliant).toBe(1);
    });

    test.each(Object.keys(BYPASSES))('GIVEN the twin of %s that writes a secure gateway WHEN synthesized THEN it passes', (name) => {
      const app = guardedApp();
      BYPASSES[name](app, true);
      app.synth();
      expect(readReport(app).summary).toEqual({ gateways: 1, compliant: 1, nonCompliant: 0, exempt: 0 });
    });

    test('GIVEN a gateway only the written template has WHEN it fails THEN the message names the stack, template file and logical ID (no construct path)', () => {
      const app = guardedApp();
      BYPASSES['stack-subclass'](app, false);
      expect(flatFindings(synthError(app)).join('\n')).toContain('[AGW1] Injected (Injecting, template Injecting.template.json, logical ID Injected) at Properties.AuthorizerType');
      expect(readReport(app).gateways).toEqual([
        expect.objectContaining({ logicalId: 'Injected', location: 'Injecting, template Injecting.template.json', templatePath: 'Injecting.template.json', verdict: 'NON_COMPLIANT' }),
      ]);
      expect(readReport(app).gateways[0].constructPath).toBeUndefined();
    });

    test('GIVEN a hook that makes a NONE construct secure before it is written WHEN synthesized THEN it passes: the template deploys, not the construct', () => {
      const app = guardedApp();
      const s = stack(app, 'Hooked');
      const gateway = publicGateway(s, 'Gw');
      attachCustomSynthesis(new Construct(s, 'Hook'), { onSynthesize: () => gateway.addPropertyOverride('AuthorizerType', 'AWS_IAM') });
      app.synth();
      expect(readReport(app).gateways).toEqual([expect.objectContaining({ constructPath: 'Hooked/Gw', authorization: 'AWS_IAM', verdict: 'COMPLIANT' })]);
    });

    test('GIVEN a caller that handles validation failures itself WHEN a hook makes a gateway public after validation THEN synthesis still fails (no annotation could say so)', () => {
      const app = guardedApp({}, { context: { '@aws-cdk/core:failSynthOnValidationErrors': false } });
      BYPASSES['synthesis-hook'](app, false);
      expect(failures(app)).toEqual([['AGW1', 'Hooked/Gw']]);
    });

    test('GIVEN a guard applied to a Stage WHEN that Stage is synthesized on its own with a bypass THEN its synth() fails', () => {
      const stage = new Stage(new App(), 'Prod', { env: ENV });
      RequireGatewayAuthorization.applyTo(stage);
      const api = new Stack(stage, 'Api');
      const gateway = cfnGateway(api, 'Gw');
      attachCustomSynthesis(new Construct(api, 'Hook'), { onSynthesize: () => gateway.addPropertyOverride('AuthorizerType', 'NONE') });
      let message = '';
      try {
        stage.synth({ skipValidation: true });
      } catch (e) {
        message = (e as Error).message;
      }
      expect(flatFindings(message).join('\n')).toMatch(/\[AGW1\] Prod\/Api\/Gw \(Prod\/Api, logical ID Gw\)/);
    });
  });

  test('GIVEN an App from another copy of aws-cdk-lib than the guard\'s WHEN synthesized THEN it fails closed and says how to fix it', () => {
    // Stands in for a second aws-cdk-lib installed side by side: a Stage prototype the guard never hooked.
    const copyOf = (prototype: object, parent: object) => {
      const copy = Object.create(parent);
      for (const name of Object.getOwnPropertyNames(prototype)) {
        if (name !== 'constructor') Object.defineProperty(copy, name, Object.getOwnPropertyDescriptor(prototype, name)!);
      }
      return copy;
    };
    class ForeignApp extends App {}
    Object.setPrototypeOf(ForeignApp.prototype, copyOf(App.prototype, copyOf(Stage.prototype, Object.getPrototypeOf(Stage.prototype))));
    const app = new ForeignApp({ outdir: guardedApp().outdir });
    RequireGatewayAuthorization.applyTo(app);
    publicGateway(stack(app), 'Open');
    expect(() => app.synth()).toThrow(
      /comes from another copy of aws-cdk-lib than the one cdk-secure-agentcore-gateway uses, so the guard cannot judge the assembly it writes and fails closed\. Fix: install a single aws-cdk-lib/,
    );
  });

  describe('reports never lie', () => {
    test('GIVEN a failing synthesis WHEN the reports are read THEN every SARIF artifact location names a file that exists, and the manifest is withdrawn', () => {
      const app = guardedApp();
      const s = stack(app);
      publicGateway(s, 'Open');
      publicGateway(new Stack(new Stage(app, 'Prod'), 'Api', { env: ENV }), 'InStage');
      synthError(app);
      const uris: string[] = readSarif(app).runs[0].results.map((r: any) => r.locations[0].physicalLocation.artifactLocation.uri);
      expect(uris).toHaveLength(2);
      for (const uri of uris) {
        const file = uri.startsWith('file:') ? fileURLToPath(uri) : path.resolve(uri);
        expect(fs.existsSync(file)).toBe(true);
        expect(fs.readFileSync(file, 'utf-8')).toContain('"NONE"');
      }
      // No tool can deploy the rejected assembly; its templates stay for inspection.
      expect(fs.existsSync(path.join(app.outdir, 'manifest.json'))).toBe(false);
      expect(fs.existsSync(path.join(app.outdir, 'Stack.template.json'))).toBe(true);
    });

    test('GIVEN synth() called twice WHEN the first failed THEN the second fails with the same message (the assembly is judged once)', () => {
      const app = guardedApp();
      publicGateway(stack(app), 'Open');
      const first = synthError(app);
      expect(synthError(app)).toBe(first);
    });

    test('GIVEN a passing synthesis WHEN synth() is called again THEN the report is still there', () => {
      const app = guardedApp();
      cfnGateway(stack(app), 'Secure');
      app.synth();
      app.synth();
      expect(verdicts(app)).toEqual([['Stack/Secure', 'Secure', 'COMPLIANT']]);
    });
  });

  describe('how the process was started', () => {
    test('GIVEN the environment the CDK CLI sets WHEN read THEN it says a toolkit runs the app and which directory it reads', () => {
      expect(readStartEnvironment({ CDK_CLI_VERSION: '2.1148.1', CDK_OUTDIR: 'cdk.out' })).toEqual({ runByToolkit: true, toolkitOutdir: path.resolve('cdk.out') });
      expect(readStartEnvironment({})).toEqual({ runByToolkit: false, toolkitOutdir: undefined });
      // A test runner that only sets CDK_OUTDIR is not a toolkit that reads the directory after exit.
      expect(readStartEnvironment({ CDK_OUTDIR: 'cdk.out' })).toEqual({ runByToolkit: false, toolkitOutdir: undefined });
    });

    test('GIVEN a process started by the CLI WHEN team code deleted the variables since THEN it still counts as run by a toolkit', () => {
      const state = { start: { runByToolkit: true }, policies: [], toolkitSyntheses: [], rejected: new Map(), exitCheckInstalled: false };
      expect(process.env.CDK_CLI_VERSION).toBeUndefined();
      expect(runByToolkit(state)).toBe(true);
      expect(runByToolkit({ ...state, start: { runByToolkit: false } })).toBe(false);
    });
  });
});

describe('templates deployed through other resources, on the written assembly', () => {
  test.each<Scenario>(['stack-set-body', 'stack-set-asset', 'remote-url'])(
    'GIVEN a guard applied to one stack only WHEN that stack deploys an insecure template through a resource (%s) THEN the stack\'s guard judges it',
    (scenario) => {
      const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'guard-written-')) });
      const top = new Stack(app, 'Top', { env: ENV });
      Aspects.of(top).add(new RequireGatewayAuthorization());
      addScenario(top, scenario, false);
      expect(flatFindings(synthError(app))).toEqual([expect.stringMatching(scenario === 'remote-url' ? /^\[AGW10\] Top\/Shared / : /^\[AGW1\] Gw \(Top -> StackSet MySet /)]);
    },
  );

  test('GIVEN a guard on another stack WHEN a stack without a guard deploys an insecure template through a resource THEN that guard does not judge it', () => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'guard-written-')) });
    Aspects.of(new Stack(app, 'Guarded', { env: ENV })).add(new RequireGatewayAuthorization());
    addScenario(new Stack(app, 'Other', { env: ENV }), 'stack-set-body', false);
    expect(() => app.synth()).not.toThrow();
  });
});

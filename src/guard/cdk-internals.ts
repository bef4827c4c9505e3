// Every place where the guard relies on aws-cdk-lib behaviour that is not public API, in one module.
// test/guard/cdk-internals.test.ts is the canary: it runs against the oldest supported and the newest
// aws-cdk-lib and fails naming the internal when a release changes one of these.
import { CfnElement, CfnResource, cx_api, Stage, StageSynthesisOptions } from 'aws-cdk-lib';

/** The private field of `CfnResource` that holds what `addOverride()` / `addPropertyOverride()` set. */
export const RAW_OVERRIDES_FIELD = 'rawOverrides';

/**
 * The core context key with which a caller (the CDK CLI, or a test) says it handles validation
 * failures itself (aws-cdk-lib's `cx_api.FAIL_SYNTH_ON_VALIDATION_ERRORS_CONTEXT`).
 */
export const FAIL_SYNTH_CONTEXT = '@aws-cdk/core:failSynthOnValidationErrors';

/**
 * Environment variables the CDK CLI and toolkit library set when they run the app
 * (aws-cdk-lib's `cx_api.CLI_ASM_VERSION_ENV` and `cx_api.CLI_VERSION_ENV`).
 */
export const CLI_ENVIRONMENT_VARIABLES: readonly string[] = ['CDK_CLI_ASM_VERSION', 'CDK_CLI_VERSION'];

/**
 * The raw overrides of a resource (`addOverride('Type', ...)` included), or undefined when aws-cdk-lib
 * no longer keeps them where this module looks. Callers must then treat every resource as a candidate.
 */
export function rawOverrides(resource: CfnResource): { readonly [key: string]: unknown } | undefined {
  const overrides = (resource as unknown as { [RAW_OVERRIDES_FIELD]?: unknown })[RAW_OVERRIDES_FIELD];
  if (typeof overrides !== 'object' || overrides === null) return undefined;
  return overrides as { readonly [key: string]: unknown };
}

/**
 * What an element will deploy, overrides included: its template fragment, resolved (`_toCloudFormation()`
 * is `@internal`; the typed L1 getters do not see escape hatches).
 */
export function renderElement(element: CfnElement): unknown {
  return element.stack.resolve(element._toCloudFormation());
}

/** Whether a CDK toolkit (the CLI or the toolkit library) runs this app. */
export function runByCdkToolkit(env: NodeJS.ProcessEnv = process.env): boolean {
  return CLI_ENVIRONMENT_VARIABLES.some((name) => env[name] !== undefined);
}

/**
 * The environment variable in which the CDK CLI names the output directory it reads the cloud assembly
 * from after the app exits (aws-cdk-lib's `cx_api.OUTDIR_ENV`).
 */
export const OUTDIR_ENVIRONMENT_VARIABLE = 'CDK_OUTDIR';

/** Marks a `Stage.prototype` whose `synth` already runs the guard's hook. Shared by every copy of this library. */
const SYNTH_HOOKED = Symbol.for('cdk-secure-agentcore-gateway.Stage.synth.hooked');

type HookablePrototype = { [SYNTH_HOOKED]?: true; synth: (options?: StageSynthesisOptions) => cx_api.CloudAssembly };

/** What runs after every `synth()` of an App or Stage, with the assembly that synthesis wrote. */
export type AfterSynthesis = (stage: Stage, assembly: cx_api.CloudAssembly) => void;

/**
 * Runs `after` whenever an App or a Stage finishes `synth()`: after every stack synthesizer, synthesis hook
 * and validation plugin has run and the manifest is on disk, whatever the synthesis options
 * (`skipValidation` included). This is the only point after which nothing of the synthesis can still
 * change the assembly, and aws-cdk-lib offers no public hook there, so the guard wraps `Stage.prototype.synth`
 * (once per copy of aws-cdk-lib). Relies on: `App.synth()` calling `super.synth()`, nested Stages being
 * synthesized through their `synth()` method, and `Stage.synth()` returning the assembly it wrote.
 * If `after` throws, `synth()` throws.
 */
export function runAfterEverySynthesis(after: AfterSynthesis): void {
  const prototype = Stage.prototype as unknown as HookablePrototype;
  if (prototype[SYNTH_HOOKED]) return;
  const synth = prototype.synth;
  Object.defineProperty(prototype, SYNTH_HOOKED, { value: true });
  prototype.synth = function guardedSynth(this: Stage, options?: StageSynthesisOptions): cx_api.CloudAssembly {
    const assembly = synth.call(this, options);
    after(this, assembly);
    return assembly;
  };
}

/**
 * Whether `stage`'s `synth()` runs the hook: false when the App or Stage comes from another copy of
 * aws-cdk-lib than the one this library loaded (two versions installed side by side).
 */
export function synthesisIsHooked(stage: Stage): boolean {
  let base: object | undefined;
  for (let p = Object.getPrototypeOf(stage); p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    if (Object.prototype.hasOwnProperty.call(p, 'synth')) base = p;
  }
  return base !== undefined && (base as HookablePrototype)[SYNTH_HOOKED] === true;
}

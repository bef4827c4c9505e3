// Every place where the guard relies on aws-cdk-lib behaviour that is not public API, in one module.
// test/guard/cdk-internals.test.ts is the canary: it runs against the oldest supported and the newest
// aws-cdk-lib and fails naming the internal when a release changes one of these.
import { CfnElement, CfnResource } from 'aws-cdk-lib';

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

// What the guard must know about the whole process rather than one App: how the process was started (read
// once, when the first guard is made, before team code can change the environment), every guard's policy,
// and which App wrote the output directory that a CDK toolkit will read. Kept on `process` under a global
// symbol, so that every copy of this library in the process shares it.
import * as path from 'path';
import { Stage } from 'aws-cdk-lib';
import { OUTDIR_ENVIRONMENT_VARIABLE, runByCdkToolkit } from './cdk-internals';

/** What one application of the guard asks for. */
export interface GuardPolicy {
  readonly allowExemptions: boolean;
  /** Accept AUTHENTICATE_ONLY gateways whose policy engine enforces (rule AGW8). */
  readonly allowAuthenticateOnlyWithEnforcedPolicyEngine: boolean;
  readonly additionalAllowedAuthorizerTypes: readonly string[];
  /** URL prefixes under which a template the guard cannot read is not a finding. */
  readonly allowedTemplateUrlPrefixes: readonly string[];
  readonly reportFileName: string;
}

/** How the process was started, as it was when the first guard was made. */
export interface StartEnvironment {
  /** A CDK toolkit (the CLI or the toolkit library) runs the app. */
  readonly runByToolkit: boolean;
  /** The absolute output directory the CDK CLI reads after the app exits, when a CDK toolkit runs the app. */
  readonly toolkitOutdir?: string;
}

/** One synthesis of an App into the toolkit's output directory. */
export interface ToolkitSynthesis {
  readonly root: Stage;
  /** The assembly `synth()` returned (a later `synth()` returns the same one without writing anything). */
  readonly assembly: object;
  /** SHA-256 of the manifest that synthesis wrote. */
  readonly manifestHash: string;
}

/** The guard's process-wide state. */
export interface GuardProcess {
  readonly start: StartEnvironment;
  /** The policy of every guard made in this process, in order. */
  readonly policies: GuardPolicy[];
  /** Every App synthesis into `start.toolkitOutdir`, in order (only under a CDK toolkit). */
  readonly toolkitSyntheses: ToolkitSynthesis[];
  /** The error of every App or Stage whose last assembly the guard rejected (only under a CDK toolkit). */
  readonly rejected: Map<Stage, string>;
  exitCheckInstalled: boolean;
}

const PROCESS_STATE = Symbol.for('cdk-secure-agentcore-gateway.RequireGatewayAuthorization.process');

/** The guard's state in this process; the first call reads the start environment. */
export function guardProcess(): GuardProcess {
  const holder = process as unknown as { [PROCESS_STATE]?: GuardProcess };
  let state = holder[PROCESS_STATE];
  if (!state) {
    state = { start: readStartEnvironment(), policies: [], toolkitSyntheses: [], rejected: new Map(), exitCheckInstalled: false };
    Object.defineProperty(holder, PROCESS_STATE, { value: state, enumerable: false });
  }
  return state;
}

/**
 * The start environment from `env` (the process environment by default). The output directory counts only
 * when the toolkit's own variables are set too: a test runner or script that only sets `CDK_OUTDIR` is
 * not a toolkit that will read the directory after the process exits.
 */
export function readStartEnvironment(env: NodeJS.ProcessEnv = process.env): StartEnvironment {
  const toolkit = runByCdkToolkit(env);
  const outdir = env[OUTDIR_ENVIRONMENT_VARIABLE];
  return { runByToolkit: toolkit, toolkitOutdir: toolkit && outdir ? path.resolve(outdir) : undefined };
}

/**
 * Whether a CDK toolkit runs this app: as the process started, or as it is now. Team code can delete the
 * variables after the guard was made, but not before.
 */
export function runByToolkit(state: GuardProcess = guardProcess()): boolean {
  return state.start.runByToolkit || runByCdkToolkit();
}

/**
 * The strictest of the policies applied in this process: exemptions, and AUTHENTICATE_ONLY behind an enforcing
 * policy engine, only if every guard allows them; only
 * the extra authorizer types and template URL prefixes that every guard allows. Judges what no guard judged.
 */
export function strictestPolicy(policies: readonly GuardPolicy[], defaultReportFileName: string): GuardPolicy {
  if (policies.length === 0) {
    return {
      allowExemptions: false,
      allowAuthenticateOnlyWithEnforcedPolicyEngine: false,
      additionalAllowedAuthorizerTypes: [],
      allowedTemplateUrlPrefixes: [],
      reportFileName: defaultReportFileName,
    };
  }
  const allowedByAll = policies[0].additionalAllowedAuthorizerTypes.filter((type) =>
    policies.every((p) => p.additionalAllowedAuthorizerTypes.includes(type)),
  );
  const prefixesOfAll = policies[0].allowedTemplateUrlPrefixes.filter((prefix) =>
    policies.every((p) => p.allowedTemplateUrlPrefixes.includes(prefix)),
  );
  return {
    allowExemptions: policies.every((p) => p.allowExemptions),
    allowAuthenticateOnlyWithEnforcedPolicyEngine: policies.every((p) => p.allowAuthenticateOnlyWithEnforcedPolicyEngine),
    additionalAllowedAuthorizerTypes: allowedByAll,
    allowedTemplateUrlPrefixes: prefixesOfAll,
    reportFileName: policies[0].reportFileName,
  };
}

// The synthesis gate: how `RequireGatewayAuthorization` makes synthesis fail.
//
// The verdict is on what was written. After an App or Stage has synthesized (every stack synthesizer,
// synthesis hook, rendering override and nested Stage has run, and the manifest is on disk), the guard
// reads the templates of that assembly from disk, the way `agentcore-gateway-guard scan cdk.out` does, and
// `synth()` throws if any gateway is insecure. `skipValidation` does not skip it, and a stack selection or
// `--ignore-errors` of the CLI cannot hide it: the app itself fails. (CDK's policy validation plugins also
// run after the assembly is written, but under the CLI their failures only count for the stacks the CLI
// selected, a plugin cannot fail synthesis by throwing, and registering one makes CDK hash every file in
// the output directory, assets included, twice per synthesis.)
//
// The verdict is an error of its own, laid out by `formatBlockedSynthesis` and named by its label, not an
// entry of CDK's list of validation errors: no construct path (and never the App's empty `[]`) precedes it.
// Before any template is written, a construct validation indexes the tree and annotates gateways (for
// callers that read annotations instead of catching errors, see construct-annotations.ts); it never
// returns an error. Under a CDK toolkit, a check when the process exits makes sure that the assembly the
// toolkit will read is one a guard judged (toolkit-output-check.ts).
import { App, cx_api, Stage } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { FAIL_SYNTH_CONTEXT, runAfterEverySynthesis, synthesisIsHooked } from './cdk-internals';
import { annotateGateways } from './construct-annotations';
import { ConstructIndex } from './construct-index';
import { GuardPolicy, guardProcess, runByToolkit } from './guard-process';
import { Application, policyKey } from './judging';
import { removeReports, reportFiles, writeReports } from './reports';
import { checkToolkitOutputOnExit, GuardedApps, recordToolkitSynthesis } from './toolkit-output-check';
import { judgeWrittenAssembly, reported, verdictError, withdrawAssembly } from './written-assembly';

export type { GuardPolicy } from './guard-process';

const SESSION = Symbol.for('cdk-secure-agentcore-gateway.RequireGatewayAuthorization.session');

/** The guard's state on one App or Stage (kept on the Stage itself, never in module state). */
interface Session {
  readonly root: Stage;
  readonly applications: Application[];
  /** The construct index the early check of the current synthesis built, if it ran. */
  index?: ConstructIndex;
  /** The assembly judged last, and the error it failed with. */
  judged?: { readonly assembly: cx_api.CloudAssembly; readonly error?: string };
}

/**
 * Prepares the process for a new guard, before any synthesis: every later `synth()` of an App or Stage is
 * followed by the guard's verdict on what it wrote, and under the CDK CLI the output directory is checked
 * once more when the process exits.
 */
export function guardCreated(policy: GuardPolicy): void {
  runAfterEverySynthesis(afterSynthesis);
  const state = guardProcess();
  if (!state.start.toolkitOutdir) return;
  state.policies.push(policy);
  if (!state.exitCheckInstalled) {
    state.exitCheckInstalled = true;
    process.on('exit', (code) => checkToolkitOutputOnExit(code, state, GUARDED_APPS));
  }
}

/**
 * Registers an application of the guard at `scope` for the synthesis under way. Idempotent: the same
 * policy at the same scope is registered once, and one verdict per App or Stage covers every application
 * registered on it.
 */
export function registerGuard(scope: IConstruct, policy: GuardPolicy): void {
  const root = Stage.isStage(scope) ? scope : Stage.of(scope);
  if (!root) {
    throw new Error(`RequireGatewayAuthorization: ${scope.node.path || 'the root construct'} is not inside an App or Stage, so there is no synthesis to check.`);
  }
  if (!synthesisIsHooked(root)) {
    throw new Error(
      `RequireGatewayAuthorization: ${root.node.path || 'the App'} comes from another copy of aws-cdk-lib than the one cdk-secure-agentcore-gateway uses, ` +
        'so the guard cannot judge the assembly it writes and fails closed. Fix: install a single aws-cdk-lib (`npm ls aws-cdk-lib` shows the copies).',
    );
  }
  let session = (root as unknown as { [SESSION]?: Session })[SESSION];
  if (!session) {
    const created: Session = { root, applications: [] };
    Object.defineProperty(root, SESSION, { value: created, enumerable: false });
    root.node.addValidation({
      validate: () => {
        created.index = annotateGateways(root, created.applications, callerHandlesFailures(root));
        return [];
      },
    });
    session = created;
  }
  const key = policyKey(policy);
  if (!session.applications.some((a) => a.scope === scope && policyKey(a.policy) === key)) {
    session.applications.push({ scope, policy });
  }
  // A synthesis starts: what an earlier one indexed, judged or reported no longer describes it.
  session.index = undefined;
  session.judged = undefined;
  removeReports(root.outdir, policy.reportFileName);
}

function sessionOf(stage: Stage): Session | undefined {
  const session = (stage as unknown as { [SESSION]?: Session })[SESSION];
  return session && session.applications.length > 0 ? session : undefined;
}

function afterSynthesis(stage: Stage, assembly: cx_api.CloudAssembly): void {
  recordToolkitSynthesis(stage, assembly, guardProcess());
  const session = sessionOf(stage);
  if (session) judgeSession(session, assembly);
}

/**
 * The verdict on the assembly `session.root` wrote: writes the reports and throws when it fails. The same
 * assembly (`synth()` returns a cached one when called again) is judged once.
 */
function judgeSession(session: Session, assembly?: cx_api.CloudAssembly): void {
  if (assembly && session.judged?.assembly === assembly) {
    if (session.judged.error) throw new Error(session.judged.error);
    return;
  }
  const root = session.root;
  const judgment = judgeWrittenAssembly(root, session.applications, session.index);
  const baseName = session.applications[0].policy.reportFileName;
  writeReports(root.outdir, baseName, `cdk synth (${root.node.path || 'App'})`, reported(judgment));
  const error = verdictError(root, judgment, reportFiles(root.outdir, baseName).json, callerHandlesFailures(root));
  if (assembly) session.judged = { assembly, error };
  const state = guardProcess();
  if (state.start.toolkitOutdir) {
    if (error) state.rejected.set(root, error);
    else state.rejected.delete(root);
  }
  if (error) {
    withdrawAssembly(root.outdir);
    throw new Error(error);
  }
}

/** Whether a guard was applied anywhere in `root`'s tree (on it, a Stage in it, or a construct in them). */
function isGuarded(root: Stage): boolean {
  return guardedStages(root).length > 0;
}

/** Judges again what every guard in `root`'s tree judged, as it is on disk now; the errors, if any. */
function rejudge(root: Stage): string[] {
  const errors: string[] = [];
  for (const stage of guardedStages(root)) {
    try {
      judgeSession(sessionOf(stage)!);
    } catch (e) {
      errors.push((e as Error).message);
    }
  }
  return errors;
}

/** What the toolkit output check asks of the guards of an App. */
export const GUARDED_APPS: GuardedApps = { isGuarded, rejudge };

function guardedStages(root: Stage): Stage[] {
  return [root, ...root.node.findAll().filter((c): c is Stage => c !== root && Stage.isStage(c))].filter((s) => sessionOf(s) !== undefined);
}

/**
 * Whether the caller said (with the core context key) that it fails on validation errors by itself.
 * Never true under a CDK toolkit, as the process started or as it is now (the CLI sets that key too):
 * there `cdk synth --ignore-errors` or a stack selection would skip error annotations, so the guard throws.
 */
function callerHandlesFailures(root: Stage): boolean {
  if (!App.isApp(root)) return false;
  if (runByToolkit()) return false;
  const value = root.node.tryGetContext(FAIL_SYNTH_CONTEXT);
  return value === false || value === 'false';
}

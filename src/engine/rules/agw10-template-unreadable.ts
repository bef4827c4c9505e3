import { INCLUDE_TRANSFORM, MacroUse } from '../macros';
import { describeValue, Value } from '../values';
import { GatewayRule, NOT_APPLICABLE, RuleViolation } from './rule';

/** A template a resource refers to, which could not be read, and why. */
export interface UnreadableTemplate {
  /** How the chain names the reference, e.g. `StackSet MySet (TemplateBody)`. */
  readonly label: string;
  readonly propertyPath: string;
  /** Why it cannot be read, as a clause (`its TemplateURL ... is not a file of this app`). */
  readonly reason: string;
  /** The combination of parameter values and conditions that leads there, when not every one does. */
  readonly when?: string;
}

/**
 * AGW10: a template the guard cannot read. It judges references (nested stacks, StackSets, Service Catalog
 * products, included snippets) and macros, not a gateway's own properties, so its `evaluate` never applies:
 * the engine asks `unreadableTemplateViolation` and `macroViolation` where it meets one.
 */
export const AGW10: GatewayRule = {
  id: 'AGW10',
  title: 'Template the guard cannot read (a referenced template or a macro)',
  why:
    'A nested stack, StackSet or Service Catalog product deploys whatever its template holds, an AWS::Include ' +
    'pastes a snippet from S3 and a macro deploys whatever it returns. When the guard cannot read that template ' +
    'at synth time (a remote URL, a value only known at deploy time, a macro), every gateway in it, public ones ' +
    'included, would deploy unchecked.',
  fix:
    'Ship the template with the app so the guard judges it: a NestedStack, a servicecatalog ProductStack, an ' +
    'aws_s3_assets.Asset whose URL the resource uses (asset.httpUrl), or an inline TemplateBody written as a ' +
    'literal. If the template is vetted elsewhere, have the one who applies the guard allow its URL prefix with ' +
    'RequireGatewayAuthorizationProps.allowedTemplateUrlPrefixes. A macro runs at deploy time: remove it, or ' +
    'have the deploy-time GatewayAuthorizationGuardHook judge the processed template.',
  scanFix:
    'Scan the referenced template too: keep it next to the parent and refer to it by a relative path (as ' +
    '`aws cloudformation package` takes it), or scan the cdk.out that holds it as a file asset. If the template is ' +
    'vetted elsewhere, allow its URL prefix with --allow-template-url-prefix <prefix> (as ' +
    'RequireGatewayAuthorizationProps.allowedTemplateUrlPrefixes does at synth time). A macro runs at deploy time: ' +
    'remove it, or scan the processed template (aws cloudformation get-template --template-stage Processed).',
  liveFix: () => 'The live audit judges each deployed gateway, whichever template created it: fix the gateways it reports.',
  replacesGateway: false,
  evaluate: () => NOT_APPLICABLE,
};

/** The violation for a reference whose template cannot be read. */
export function unreadableTemplateViolation(reference: UnreadableTemplate): RuleViolation {
  const when = reference.when ? `When ${reference.when}: ` : '';
  return {
    message: `${when}${reference.label} cannot be read by the guard: ${reference.reason}. Gateways in that template would deploy unchecked.`,
    propertyPath: reference.propertyPath,
  };
}

/** The violation for a macro that rewrites a whole template, a section of it, or a resource. */
export function macroViolation(use: MacroUse, scope: string): RuleViolation {
  if (use.macro === INCLUDE_TRANSFORM) {
    return {
      message:
        `${INCLUDE_TRANSFORM} pastes the snippet at ${describeValue(use.location as Value)} into ${scope} at deploy time; ` +
        'the guard does not read it, so gateways it adds or changes would deploy unchecked.',
      propertyPath: use.path,
    };
  }
  return {
    message: `Macro ${use.macro} rewrites ${scope} at deploy time; the guard cannot see its output, so gateways it adds or changes would deploy unchecked.`,
    propertyPath: use.path,
  };
}

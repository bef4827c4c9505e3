import { GatewayRule, NOT_APPLICABLE } from './rule';

/**
 * A template reference (a nested stack's template, a SAM application's Location) that the scanner could not
 * read or would not follow, so whatever gateways it deploys were not checked.
 */
export interface UnreadableReference {
  /** The logical ID of the resource that deploys the template. */
  readonly logicalId: string;
  /** Its construct path, when the template records one. */
  readonly constructPath?: string;
  /** Where the reference is written, e.g. `Properties.TemplateURL` or `Metadata.aws:asset:path`. */
  readonly propertyPath: string;
  /** The reference as written (a path), or the file it resolved to. */
  readonly reference: string;
  /** Why it was not read, as a clause: "it resolves to /etc/passwd, outside ...". */
  readonly reason: string;
}

/**
 * AGW10: a referenced template cannot be read or followed. The scanner fails closed: a template it could not
 * read may deploy a public gateway. The rule judges references, not gateways, so `evaluate` never applies;
 * the scanner reports it through `unreadableReferenceMessage`.
 */
export const AGW10: GatewayRule = {
  id: 'AGW10',
  title: 'Referenced template cannot be read, so its gateways cannot be checked',
  why:
    'A nested stack or application deploys the template it points at. When that template cannot be read (missing, ' +
    'not a regular file, too large, or outside what may be read), any gateway it creates goes unchecked, so the ' +
    'guard fails closed instead of skipping it.',
  fix:
    'Point the reference at a regular template file that is part of the app (for a CDK app, run cdk synth again so ' +
    'the nested templates are written into the cloud assembly), or check that template separately.',
  scanFix:
    'Point the reference at a regular template file inside the folders being scanned, or allow the folder that holds ' +
    'it with --allow-read <folder> (a cloud assembly only ever refers to files inside itself: run cdk synth again). ' +
    'A template above the size limit can be read with --max-file-size <MB>.',
  liveFix: () =>
    'Check the template the nested stack deploys: scan it, or audit the gateways the deployed stack created.',
  replacesGateway: false,
  evaluate: () => NOT_APPLICABLE,
};

/** The finding's message for one reference that could not be followed. */
export function unreadableReferenceMessage(reference: UnreadableReference): string {
  return (
    `The template that ${reference.logicalId} deploys (${reference.reference}) was not checked: ${reference.reason}. ` +
    'Gateways in it cannot be proven to have authorization.'
  );
}

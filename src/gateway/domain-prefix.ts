import { createHash } from 'crypto';
import { Aws, Fn, Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { RESERVED_DOMAIN_WORDS } from './validation';

const READABLE_MAX = 30;

/**
 * A Cognito hosted-domain prefix that Cognito accepts and that does not collide.
 *
 * Cognito prefixes are unique per region across ALL accounts and must not contain `aws`, `amazon` or
 * `cognito`. aws-cdk-lib's Gateway derives its prefix from the construct path alone and lowercases it,
 * so a stack named `AwsAgents` is rejected and the same app in a second account collides.
 *
 * Here the prefix is a readable part (stack and gateway ids, reserved words removed) followed by a
 * hash that covers the construct path and, when the stack's environment is known at synth time, the
 * account and region. For environment-agnostic stacks the account is only known at deploy time, so
 * the last part comes from the stack's own id (`AWS::StackId`), which is unique to every deployed
 * stack: no token is ever lowercased or hashed at synth time.
 */
export function generateDomainPrefix(gateway: IConstruct, scope: IConstruct): string {
  const stack = Stack.of(scope);
  const readable = readablePart([stack.node.id, gateway.node.id]);
  const envKnown = !Token.isUnresolved(stack.account) && !Token.isUnresolved(stack.region);
  const hash = shortHash(envKnown ? [scope.node.path, stack.account, stack.region] : [scope.node.path]);
  if (envKnown) {
    return `${readable}-${hash}`;
  }
  // The last 12 hex digits of the stack's UUID: arn:...:stack/<name>/<8-4-4-4-12>.
  const stackUuidTail = Fn.select(4, Fn.split('-', Fn.select(2, Fn.split('/', Aws.STACK_ID))));
  return `${readable}-${hash}-${stackUuidTail}`;
}

/** Lowercase letters, digits and single hyphens from the ids, with every reserved word removed. */
export function readablePart(ids: string[]): string {
  let text = ids
    .filter((id) => !Token.isUnresolved(id))
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-');
  // Removing a word can join two halves of another (`aawsws` -> `aws`), so repeat until stable.
  let previous: string;
  do {
    previous = text;
    for (const word of RESERVED_DOMAIN_WORDS) {
      text = text.split(word).join('');
    }
  } while (text !== previous);
  text = text.replace(/-+/g, '-').replace(/^-+|-+$/g, '').slice(0, READABLE_MAX).replace(/-+$/, '');
  return text === '' ? 'gateway' : text;
}

function shortHash(parts: string[]): string {
  // Hex digits cannot spell a reserved word (no w, s, m, z, o, n, g, i or t).
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 8);
}

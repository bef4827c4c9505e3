import { RemediationControlPlane } from '../../src/audit/control-plane';
import { MAX_TARGETS, readSourceGateway, RemediationError } from '../../src/remediate';
import { conform, MAX_DEPTH, ShapeProblem, STRING, struct, union } from '../../src/remediate/shapes';

const NO_WAIT = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1, sleep: async () => {}, random: () => 0 };

function awsError(name: string, status: number, message = name): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });
}

/** An in-memory control plane: `pages` of target IDs, and per-call failures. */
function fakeControlPlane(options: {
  pages?: string[][];
  loop?: boolean;
  failGateway?: Error;
  throttleTargets?: number;
  vanished?: string[];
}): RemediationControlPlane & { calls: string[] } {
  const calls: string[] = [];
  let throttles = options.throttleTargets ?? 0;
  const pages = options.pages ?? [[]];
  return {
    calls,
    async getGatewayConfiguration(id) {
      calls.push(`GetGateway ${id}`);
      if (options.failGateway) throw options.failGateway;
      return { gatewayId: id };
    },
    async listGatewayTargets(_id, token) {
      const index = token === undefined ? 0 : Number(token);
      calls.push(`ListGatewayTargets ${index}`);
      const next = options.loop ? '1' : index + 1 < pages.length ? String(index + 1) : undefined;
      return { items: pages[index].map((targetId) => ({ targetId })), nextToken: next };
    },
    async getGatewayTarget(_id, targetId) {
      calls.push(`GetGatewayTarget ${targetId}`);
      if (throttles-- > 0) throw awsError('ThrottlingException', 429);
      if (options.vanished?.includes(targetId)) throw awsError('ResourceNotFoundException', 404);
      return { targetId };
    },
  };
}

describe('reading the source gateway', () => {
  test('GIVEN targets on three pages and a throttled read WHEN read THEN every target, in order, with the retry counted', async () => {
    const cp = fakeControlPlane({ pages: [['A', 'B'], ['C'], ['D']], throttleTargets: 2 });
    const source = await readSourceGateway(cp, 'gw-1', 'us-east-1', NO_WAIT);
    expect(source.targets.map((t) => t.targetId)).toEqual(['A', 'B', 'C', 'D']);
    expect(source.throttledRetries).toBe(2);
    expect(cp.calls.filter((c) => c.startsWith('ListGatewayTargets'))).toEqual(['ListGatewayTargets 0', 'ListGatewayTargets 1', 'ListGatewayTargets 2']);
  });

  test('GIVEN a page token that repeats WHEN read THEN it stops with a message instead of looping', async () => {
    await expect(readSourceGateway(fakeControlPlane({ pages: [['A'], ['B']], loop: true }), 'gw-1', 'us-east-1', NO_WAIT)).rejects.toThrow(
      'ListGatewayTargets of gw-1 returned the same page token twice; stopped to avoid an endless loop after 2 item(s)',
    );
  });

  test('GIVEN more targets than remediate reads WHEN read THEN it stops at the first page past the limit, with a message', async () => {
    const page = Array.from({ length: MAX_TARGETS / 2 }, (_, i) => `T${i}`);
    const cp = fakeControlPlane({ pages: [page, page, ['X'], ['never-read']] });
    const read = readSourceGateway(cp, 'gw-1', 'us-east-1', NO_WAIT);
    await expect(read).rejects.toBeInstanceOf(RemediationError);
    await expect(read).rejects.toThrow(`ListGatewayTargets of gw-1 returned more than ${MAX_TARGETS} item(s); stopped there instead of reading without end`);
    expect(cp.calls.filter((c) => c.startsWith('ListGatewayTargets'))).toEqual(['ListGatewayTargets 0', 'ListGatewayTargets 1', 'ListGatewayTargets 2']);
    expect(cp.calls.some((c) => c.startsWith('GetGatewayTarget'))).toBe(false);
  });

  test('GIVEN a target deleted between list and read WHEN read THEN it is left out with a warning', async () => {
    const source = await readSourceGateway(fakeControlPlane({ pages: [['A', 'B']], vanished: ['B'] }), 'gw-1', 'us-east-1', NO_WAIT);
    expect(source.targets.map((t) => t.targetId)).toEqual(['A']);
    expect(source.warnings).toEqual(['target B was deleted while it was being read; it is not part of the replacement']);
  });

  test.each([
    ['ResourceNotFoundException', 404, /gateway gw-1 was not found in eu-west-1 .* Check the gateway ID and the region: `agentcore-gateway-guard audit --region eu-west-1` lists/],
    ['AccessDeniedException', 403, /gateway gw-1 could not be read in eu-west-1: AccessDeniedException: .* needs bedrock-agentcore:GetGateway, ListGatewayTargets and GetGatewayTarget there/],
    ['UnrecognizedClientException', 403, /credentials are not valid there: check them, and whether eu-west-1 is an opt-in region/],
  ])('GIVEN GetGateway fails with %s WHEN read THEN a RemediationError that says what to check', async (name, status, message) => {
    const read = readSourceGateway(fakeControlPlane({ failGateway: awsError(name, status) }), 'gw-1', 'eu-west-1', NO_WAIT);
    await expect(read).rejects.toThrow(RemediationError);
    await expect(readSourceGateway(fakeControlPlane({ failGateway: awsError(name, status) }), 'gw-1', 'eu-west-1', NO_WAIT)).rejects.toThrow(message);
  });
});

describe('shapes', () => {
  test('GIVEN a union with two members set WHEN conformed THEN a problem names both', () => {
    const problems: ShapeProblem[] = [];
    conform({ a: 'x', b: 'y' }, union({ a: STRING, b: STRING }), 'u', problems);
    expect(problems).toEqual([{ path: 'u', message: 'sets a and b, but exactly one is allowed' }]);
  });

  test('GIVEN a value nested deeper than the limit WHEN conformed THEN refused, not walked', () => {
    const deep: any = {};
    let node = deep;
    for (let i = 0; i < MAX_DEPTH + 5; i++) {
      node.next = {};
      node = node.next;
    }
    const shape: any = struct({});
    shape.fields.next = { kind: 'recursive', shape: () => shape };
    const problems: ShapeProblem[] = [];
    conform(deep, shape, '', problems);
    expect(problems).toEqual([expect.objectContaining({ message: `nested more than ${MAX_DEPTH} levels deep` })]);
  });
});

import { retryReason, withRetry } from '../../src/audit/retry';

function awsError(name: string, status?: number, extra: object = {}) {
  return Object.assign(new Error(`${name} happened`), { name, $metadata: { httpStatusCode: status }, ...extra });
}

describe('retryReason', () => {
  test.each([
    [awsError('ThrottlingException', 429), 'throttled'],
    [awsError('TooManyRequestsException', 400), 'throttled'],
    [awsError('SomethingNew', 429), 'throttled'],
    [awsError('SomethingNew', 400, { $retryable: { throttling: true } }), 'throttled'],
    [awsError('InternalServerException', 500), 'transient'],
    [awsError('ServiceUnavailable', 503), 'transient'],
    [Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), 'transient'],
    [awsError('AccessDeniedException', 403), undefined],
    [awsError('ValidationException', 400), undefined],
    [awsError('ResourceNotFoundException', 404), undefined],
    [Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }), undefined],
    [undefined, undefined],
  ])('GIVEN %s WHEN classified THEN %s', (error, expected) => {
    expect(retryReason(error)).toBe(expected);
  });
});

describe('withRetry', () => {
  test('GIVEN a call throttled twice WHEN retried THEN it succeeds on the third attempt after growing, jittered, capped backoffs', async () => {
    // GIVEN
    const sleeps: number[] = [];
    const retries: Array<[string, number, number]> = [];
    let calls = 0;
    const call = async () => {
      calls++;
      if (calls <= 3) throw awsError('ThrottlingException', 429);
      return 'ok';
    };

    // WHEN
    const result = await withRetry(
      call,
      { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 300, sleep: async (ms) => void sleeps.push(ms), random: () => 0.5 },
      (reason, attempt, delay) => retries.push([reason, attempt, delay]),
    );

    // THEN: 0.5 x min(300, 100 x 2^(attempt-1))
    expect(result).toBe('ok');
    expect(sleeps).toEqual([50, 100, 150]);
    expect(retries).toEqual([
      ['throttled', 1, 50],
      ['throttled', 2, 100],
      ['throttled', 3, 150],
    ]);
  });

  test('GIVEN a call that keeps failing WHEN the attempts run out THEN the last error is thrown', async () => {
    let calls = 0;
    const failing = async () => {
      calls++;
      throw awsError('ThrottlingException', 429);
    };

    await expect(withRetry(failing, { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1, sleep: async () => {} })).rejects.toThrow('ThrottlingException happened');
    expect(calls).toBe(3);
  });

  test('GIVEN an error that is not retryable WHEN called THEN it is thrown at once', async () => {
    let calls = 0;
    const denied = async () => {
      calls++;
      throw awsError('AccessDeniedException', 403);
    };

    await expect(withRetry(denied, { maxAttempts: 5, baseDelayMs: 1, maxDelayMs: 1, sleep: async () => {} })).rejects.toThrow('AccessDeniedException happened');
    expect(calls).toBe(1);
  });
});

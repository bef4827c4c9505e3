/** How often and how patiently a throttled or transiently failing call is repeated. */
export interface RetryPolicy {
  /** Attempts in total, the first included. */
  readonly maxAttempts: number;
  /** The backoff before the first retry; it doubles each time (with full jitter). */
  readonly baseDelayMs: number;
  /** The longest single backoff. */
  readonly maxDelayMs: number;
  /** Waits; tests pass a fake. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** A number in [0, 1); tests pass a fixed one. */
  readonly random?: () => number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 8, baseDelayMs: 250, maxDelayMs: 10_000 };

/** Why a failed call may succeed if repeated. */
export type RetryReason = 'throttled' | 'transient';

const THROTTLING_ERRORS = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
]);
const TRANSIENT_ERRORS = new Set(['InternalServerException', 'InternalFailure', 'ServiceUnavailable', 'ServiceUnavailableException', 'TimeoutError', 'RequestTimeout']);
const TRANSIENT_NETWORK_CODES = new Set(['ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ECONNABORTED', 'EAI_AGAIN']);

/** Classifies an error from the AWS SDK (or the network under it). */
export function retryReason(error: unknown): RetryReason | undefined {
  const err = error as { name?: string; code?: string; $retryable?: { throttling?: boolean }; $metadata?: { httpStatusCode?: number } } | undefined;
  if (!err) {
    return undefined;
  }
  const status = err.$metadata?.httpStatusCode;
  if (THROTTLING_ERRORS.has(err.name ?? '') || err.$retryable?.throttling || status === 429) {
    return 'throttled';
  }
  if (TRANSIENT_ERRORS.has(err.name ?? '') || (status !== undefined && status >= 500) || TRANSIENT_NETWORK_CODES.has(err.code ?? '')) {
    return 'transient';
  }
  return undefined;
}

/**
 * Runs `call`, repeating it after an exponential backoff with full jitter while it fails for a
 * retryable reason and attempts remain. Reports each retry through `onRetry`; throws the last error.
 */
export async function withRetry<T>(
  call: () => Promise<T>,
  policy: RetryPolicy,
  onRetry?: (reason: RetryReason, attempt: number, delayMs: number, error: unknown) => void,
): Promise<T> {
  const sleep = policy.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = policy.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const reason = retryReason(error);
      if (!reason || attempt >= policy.maxAttempts) {
        throw error;
      }
      const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      const delayMs = Math.round(random() * ceiling);
      onRetry?.(reason, attempt, delayMs, error);
      await sleep(delayMs);
    }
  }
}

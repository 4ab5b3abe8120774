import type { StoreError } from "../store.ts";

/**
 * Bounded retries for reads only. A read that meets a 5xx or a dropped connection is tried again
 * a couple of times, with exponential backoff and full jitter, within one deadline. Not retried
 * here: a timeout (the deadline is spent) and a 429 (Google's quotas are per minute: a second
 * later it has not refilled, and each retry spends more of it; the cache's next refresh and the
 * writer's backoff wait long enough). Writes never come through here: an append that failed may
 * still have landed, and only the journal writer, which reads before retrying, can tell
 * (docs/architecture.md, "Reliability rules").
 */

export interface ReadRetryOptions {
  /** Attempts in all, first one included. */
  attempts: number;
  /** The whole read, retries and waits included, ends by then (ms since epoch). */
  deadline: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** For tests: a fixed random source. */
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_READ_RETRY = { attempts: 3, baseDelayMs: 250, maxDelayMs: 4_000 } as const;

/** Retryable, but not within the call: the time is spent, or the quota is. */
const NOT_RETRIED_IN_CALL = new Set(["google_timeout", "google_quota"]);

/** Full jitter: a random wait in [0, min(max, base·2^attempt)], at least `floor` (Retry-After). */
export function backoffWithJitter(
  attempt: number,
  options: Pick<ReadRetryOptions, "baseDelayMs" | "maxDelayMs" | "random">,
  floorMs = 0,
): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** attempt);
  const random = options.random ?? Math.random;
  return Math.max(floorMs, Math.round(random() * ceiling));
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `call(timeoutMs)` until it succeeds, fails for good, or runs out of attempts or time.
 * `classify` turns whatever was thrown into a StoreError (with retryable and, optionally, a
 * Retry-After hint).
 */
export async function withReadRetry<T>(
  call: (timeoutMs: number) => Promise<T>,
  classify: (error: unknown) => { error: StoreError; retryAfterMs?: number },
  options: ReadRetryOptions,
): Promise<T> {
  const wait = options.sleep ?? sleep;
  for (let attempt = 0; ; attempt++) {
    const remaining = options.deadline - Date.now();
    try {
      return await call(Math.max(1, remaining));
    } catch (thrown) {
      const { error, retryAfterMs } = classify(thrown);
      if (!error.retryable || NOT_RETRIED_IN_CALL.has(error.code) || attempt + 1 >= options.attempts) throw error;
      const delay = backoffWithJitter(attempt, options, Math.min(retryAfterMs ?? 0, options.maxDelayMs));
      // Leave the next attempt at least a second of its own; otherwise give up now.
      if (Date.now() + delay + 1_000 > options.deadline) throw error;
      await wait(delay);
    }
  }
}

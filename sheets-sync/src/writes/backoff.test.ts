import { expect, test } from "vitest";
import { backoffDelay } from "./backoff.ts";

test.each([
  [0, 0, 500],
  [0, 1, 1000],
  [3, 0, 4000],
  [3, 1, 8000],
  [10, 0, 30_000],
  [10, 1, 60_000],
])("attempt %i with jitter %f waits %i ms: from ~1 s up to a minute", (attempt, random, ms) => {
  expect(backoffDelay(attempt, { random: () => random })).toBe(ms);
});

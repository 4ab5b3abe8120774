import { expect, test } from "vitest";
import { FailedAuthLimiter } from "./failed-auth-limiter.ts";

test("the 11th bad token within a minute is refused until the first one is a minute old", () => {
  const limiter = new FailedAuthLimiter(10, 60_000);
  for (let i = 0; i < 10; i++) {
    expect(limiter.retryAfterMs("10.0.0.1", 1000 + i)).toBe(0);
    limiter.recordFailure("10.0.0.1", 1000 + i);
  }
  expect(limiter.retryAfterMs("10.0.0.1", 2000)).toBe(59_000);
  expect(limiter.retryAfterMs("10.0.0.2", 2000)).toBe(0);
  expect(limiter.retryAfterMs("10.0.0.1", 61_000)).toBe(0);
});

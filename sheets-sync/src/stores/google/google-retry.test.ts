import { describe, expect, test } from "vitest";
import { StoreError } from "../store.ts";
import { backoffWithJitter, withReadRetry } from "./google-retry.ts";

const classify = (error: unknown) => ({ error: error as StoreError });
const noSleep = async () => {};

describe("google-retry", () => {
  test("backoffWithJitter() stays within base·2^attempt, capped, and honours a Retry-After floor", () => {
    const options = { baseDelayMs: 250, maxDelayMs: 4_000 };
    expect(backoffWithJitter(0, { ...options, random: () => 0.999 })).toBeLessThanOrEqual(250);
    expect(backoffWithJitter(3, { ...options, random: () => 1 })).toBe(2_000);
    expect(backoffWithJitter(10, { ...options, random: () => 1 })).toBe(4_000);
    expect(backoffWithJitter(0, { ...options, random: () => 0 }, 1_500)).toBe(1_500);
  });

  test("withReadRetry() retries a retryable error up to the attempt limit, then throws it", async () => {
    let calls = 0;
    const unavailable = new StoreError("google_unavailable", "503", true);
    await expect(
      withReadRetry(
        async () => {
          calls++;
          throw unavailable;
        },
        classify,
        { attempts: 3, deadline: Date.now() + 60_000, baseDelayMs: 10, maxDelayMs: 10, sleep: noSleep },
      ),
    ).rejects.toBe(unavailable);
    expect(calls).toBe(3);
  });

  test("withReadRetry() does not retry what needs a person, nor a timeout, nor a 429 (the per-minute quota has not refilled a second later)", async () => {
    for (const error of [
      new StoreError("google_forbidden", "403", false),
      new StoreError("google_timeout", "slow", true),
      new StoreError("google_quota", "429", true),
    ]) {
      let calls = 0;
      await expect(
        withReadRetry(
          async () => {
            calls++;
            throw error;
          },
          classify,
          { attempts: 3, deadline: Date.now() + 60_000, baseDelayMs: 10, maxDelayMs: 10, sleep: noSleep },
        ),
      ).rejects.toBe(error);
      expect(calls).toBe(1);
    }
  });

  test("withReadRetry() gives up early rather than overrun its deadline, and passes the time left", async () => {
    const budgets: number[] = [];
    await expect(
      withReadRetry(
        async (timeoutMs) => {
          budgets.push(timeoutMs);
          throw new StoreError("google_unavailable", "503", true);
        },
        classify,
        { attempts: 5, deadline: Date.now() + 1_200, baseDelayMs: 500, maxDelayMs: 500, random: () => 1, sleep: noSleep },
      ),
    ).rejects.toMatchObject({ code: "google_unavailable" });
    expect(budgets).toHaveLength(1);
    expect(budgets[0]).toBeGreaterThan(1_000);
    expect(budgets[0]).toBeLessThanOrEqual(1_200);
  });

  test("withReadRetry() returns the first success", async () => {
    let calls = 0;
    const value = await withReadRetry(
      async () => {
        if (++calls < 2) throw new StoreError("google_network", "reset", true);
        return "ok";
      },
      classify,
      { attempts: 3, deadline: Date.now() + 60_000, baseDelayMs: 1, maxDelayMs: 1, sleep: noSleep },
    );
    expect([value, calls]).toEqual(["ok", 2]);
  });
});

import { vi } from "vitest";

/**
 * Time for the writer's tests. The tests that check what the writer does over a while (it
 * retries, it does not spin, the drain stopped) run on fake timers (`useWriterTime`): its backoff
 * fires at once, and a minute of it costs no real time. A file that uses it calls
 * `afterEach(useRealTimers)` itself: the files of a worker share this module, so a hook
 * registered here would run for the first file only.
 */

/** For the tests that watch the writer over a while: its timers, not the real clock. */
export function useWriterTime(): void {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
}

/** Real timers again, after each test of a file that used the writer's time. */
export function useRealTimers(): void {
  vi.useRealTimers();
}

/** Lets `ms` of the writer's time pass: at once on fake timers, for real otherwise. */
export async function passTime(ms: number): Promise<void> {
  if (vi.isFakeTimers()) await vi.advanceTimersByTimeAsync(ms);
  else await new Promise((resolve) => setTimeout(resolve, ms));
}

/** Waits until `check` holds, at most `ms` of the writer's time. */
export async function until(check: () => boolean, ms = 3000): Promise<void> {
  for (let waited = 0; !check(); waited += 10) {
    if (waited > ms) throw new Error("timed out");
    await passTime(10);
  }
}

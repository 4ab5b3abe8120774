/**
 * The day the integration tests take as today. The sheets-sync processes they start get it as
 * `SHEETS_SYNC_NOW`, and the tests derive their expectations from it, so the suite gives the same
 * answer whatever the real date. vitest.config.ts sets it for the integration project (a fixed
 * default; `npm test` runs the date-sensitive suites a second time with a clock a year ahead).
 * End-to-end tests leave it unset: Chromium runs on the real clock, so the service does too.
 */
export function testNow(): Date | undefined {
  const value = process.env.RETE_URP_TEST_NOW;
  return value ? new Date(value) : undefined;
}

/** For tests whose expectations need the date: fails loudly where no test clock is set. */
export function requireTestNow(): Date {
  const now = testNow();
  if (!now) throw new Error("RETE_URP_TEST_NOW is not set: run this suite through vitest.config.ts (npm test)");
  return now;
}

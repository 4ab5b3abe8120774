import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

/**
 * The day the integration tests take as today (test/support/test-clock.ts). Fixed, so the suite
 * gives the same answer on any day; the year-ahead project runs the date-sensitive suites again
 * with the clock a year after the real date: a test that hard-codes a date, and so would turn red
 * on some future day, fails now.
 */
const TEST_NOW = process.env.RETE_URP_TEST_NOW ?? "2026-11-10T09:00:00+01:00";
const YEAR_AHEAD = new Date(Date.now() + 365 * 24 * 3600 * 1000).toISOString();

/** The integration suites whose expectations come from the test clock (requireTestNow). */
const DATE_SENSITIVE = ["cli/cli.test.ts", "cli/cli-google.test.ts", "cli/invite.test.ts"];

/**
 * For the projects that spawn the sheets-sync bin: its dist/ built once per run, then the demo
 * workspace `init --demo` makes, once per run, for every file to copy.
 */
const GLOBAL_SETUP = ["support/build-sheets-sync.ts", "support/demo-template.ts"];

/**
 * Test files at once. Most of them spend their time waiting on something else (a sheets-sync
 * process, a browser, LibreOffice, a timer), not on the CPU, so even a 2-core machine runs four;
 * RETE_URP_TEST_WORKERS (or --maxWorkers) says otherwise. Each file starts its own services on
 * ephemeral ports, in temp folders of its own, so files never share state.
 */
const WORKERS = Number(process.env.RETE_URP_TEST_WORKERS ?? Math.max(4, availableParallelism() + 2));

/**
 * How long `expect.poll` waits for what a browser shows or a service wrote: vitest's default, one
 * second, is a guess about the machine's speed, and with three files at once on two cores a write
 * through the outbox can take longer. An assertion that holds passes as soon as it does.
 */
const POLL = { timeout: 15_000, interval: 50 };

/**
 * Files of a project share their worker's modules instead of importing everything again: sheets-sync
 * with googleapis, exceljs and Fastify, or Playwright and the e2e helpers, take seconds of CPU to
 * load, once per worker rather than once per file. Safe where no test replaces a module or a
 * global (vi.mock, vi.stubGlobal) and no file changes what a shared module holds: not the
 * extension's unit tests (a `chrome` stub per file). The e2e files that override a fixture do it
 * on a `test` of their own (extensionTest() in e2e/support/extension-test.ts, where the shared
 * one refuses); the Firefox files stay apart, two of them.
 */
const SHARED_MODULES = { isolate: false };

/**
 * One vitest run for the whole repo, in projects: unit tests beside the code, cross-package
 * tests in test/, and the end-to-end suites that drive the built extension in Chromium and Firefox.
 */
export default defineConfig({
  test: {
    maxWorkers: WORKERS,
    projects: [
      { test: { name: "shared", root: "shared", include: ["src/**/*.test.ts"], ...SHARED_MODULES } },
      {
        test: {
          name: "sheets-sync",
          root: "sheets-sync",
          include: ["src/**/*.test.ts"],
          ...SHARED_MODULES,
          // Some of these write real workbooks and databases, two dozen times over (the workbook's
          // lock, the journal on a failing disk): a second on a quiet machine, more than vitest's
          // default 5 s on two cores busy with the browsers. A limit for a hang, not a timing.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: "extension",
          root: "extension",
          include: ["src/**/*.test.ts", "src/**/*.test.tsx"],
          // A `chrome` stub (storage.local, storage.onChanged) for every test, emptied before each.
          setupFiles: ["src/testing/setup.ts"],
        },
      },
      {
        test: {
          // The HTTP API, on a service started in the test's own process: with the unit tests,
          // what `npm run test:quick` runs.
          name: "api",
          root: "test",
          ...SHARED_MODULES,
          include: ["api/**/*.test.ts"],
          globalSetup: GLOBAL_SETUP,
          testTimeout: 60_000,
          hookTimeout: 60_000,
          expect: { poll: POLL },
          env: { RETE_URP_TEST_NOW: TEST_NOW },
        },
      },
      {
        test: {
          name: "integration",
          root: "test",
          ...SHARED_MODULES,
          include: ["**/*.test.ts"],
          exclude: ["api/**", "e2e/**", "firefox/**", "**/node_modules/**"],
          globalSetup: GLOBAL_SETUP,
          testTimeout: 60_000,
          hookTimeout: 60_000,
          expect: { poll: POLL },
          env: { RETE_URP_TEST_NOW: TEST_NOW },
        },
      },
      {
        test: {
          name: "year-ahead",
          root: "test",
          ...SHARED_MODULES,
          include: DATE_SENSITIVE,
          globalSetup: GLOBAL_SETUP,
          testTimeout: 60_000,
          hookTimeout: 60_000,
          expect: { poll: POLL },
          env: { RETE_URP_TEST_NOW: YEAR_AHEAD },
        },
      },
      {
        test: {
          name: "e2e",
          root: "test",
          ...SHARED_MODULES,
          include: ["e2e/**/*.test.ts"],
          globalSetup: GLOBAL_SETUP,
          testTimeout: 180_000,
          hookTimeout: 180_000,
          expect: { poll: POLL },
        },
      },
      {
        test: {
          // The Firefox build in Debian's firefox-esr, driven over WebDriver BiDi (FIREFOX_PATH).
          name: "firefox",
          root: "test",
          include: ["firefox/**/*.test.ts"],
          globalSetup: GLOBAL_SETUP,
          testTimeout: 180_000,
          hookTimeout: 180_000,
          expect: { poll: POLL },
        },
      },
    ],
  },
});

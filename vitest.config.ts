import { defineConfig } from "vitest/config";

/**
 * The day the integration tests take as today (test/support/test-clock.ts). Fixed, so the suite
 * gives the same answer on any day; `npm test` runs the date-sensitive suites again with
 * RETE_URP_TEST_NOW a year after the real date.
 */
const TEST_NOW = process.env.RETE_URP_TEST_NOW ?? "2026-11-10T09:00:00+01:00";

/** Builds the sheets-sync bin's dist/ once per run, for the projects that spawn it. */
const BUILD_SHEETS_SYNC = "support/build-sheets-sync.ts";

/**
 * One vitest run for the whole repo, in projects: unit tests beside the code, cross-package
 * tests in test/, and the end-to-end suites that drive the built extension in Chromium and Firefox.
 */
export default defineConfig({
  test: {
    projects: [
      { test: { name: "shared", root: "shared", include: ["src/**/*.test.ts"] } },
      { test: { name: "sheets-sync", root: "sheets-sync", include: ["src/**/*.test.ts"] } },
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
          name: "integration",
          root: "test",
          include: ["**/*.test.ts"],
          exclude: ["e2e/**", "firefox/**", "**/node_modules/**"],
          globalSetup: [BUILD_SHEETS_SYNC],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          env: { RETE_URP_TEST_NOW: TEST_NOW },
        },
      },
      {
        test: {
          name: "e2e",
          root: "test",
          include: ["e2e/**/*.test.ts"],
          globalSetup: [BUILD_SHEETS_SYNC],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          // The Firefox build in Debian's firefox-esr, driven over WebDriver BiDi (FIREFOX_PATH).
          name: "firefox",
          root: "test",
          include: ["firefox/**/*.test.ts"],
          globalSetup: [BUILD_SHEETS_SYNC],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});

import { defineConfig } from "vitest/config";

/**
 * One vitest run for the whole repo, in projects: unit tests beside the code, cross-package
 * tests in test/, and the end-to-end suite that drives the built extension in Chromium.
 */
export default defineConfig({
  test: {
    projects: [
      { test: { name: "shared", root: "shared", include: ["src/**/*.test.ts"] } },
      { test: { name: "sheets-sync", root: "sheets-sync", include: ["src/**/*.test.ts"] } },
      { test: { name: "extension", root: "extension", include: ["src/**/*.test.ts", "src/**/*.test.tsx"] } },
      {
        test: {
          name: "integration",
          root: "test",
          include: ["**/*.test.ts"],
          exclude: ["e2e/**", "**/node_modules/**"],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: "e2e",
          root: "test",
          include: ["e2e/**/*.test.ts"],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});

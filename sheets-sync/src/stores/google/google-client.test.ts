import { createRequire } from "node:module";
import { expect, test } from "vitest";

/**
 * One copy of google-auth-library: the one sheets-sync builds its credential with is the one the
 * Sheets client (@googleapis/sheets → googleapis-common) checks it against, so the auth object
 * is passed as it is typed, without a cast (google-client.ts).
 */
test("sheets-sync and googleapis-common load the same google-auth-library", () => {
  const require = createRequire(import.meta.url);
  const ours = require.resolve("google-auth-library");
  const common = createRequire(require.resolve("@googleapis/sheets")).resolve("googleapis-common");
  const theirs = createRequire(common).resolve("google-auth-library");
  expect(theirs).toBe(ours);
});

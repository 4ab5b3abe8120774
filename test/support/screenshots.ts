import { join } from "node:path";
import { REPO_ROOT } from "./sheets-sync.ts";

/**
 * Screenshots are for a person to look at (`npm run screenshots`), not for the suite to judge:
 * taken only when RETE_URP_SCREENSHOTS=1, into test-results/screenshots/. A plain `npm test`
 * spends no time on them.
 */
export const SCREENSHOTS_WANTED = process.env.RETE_URP_SCREENSHOTS === "1";
export const SCREENSHOT_DIR = join(REPO_ROOT, "test-results/screenshots");

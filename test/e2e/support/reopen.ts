import type { Page } from "playwright-core";
import { expect } from "vitest";

/**
 * Opens the popup again and again (each opening revalidates) until `check` holds: for what the
 * service sees only after it re-reads an edited workbook or tokens file, within a second or two.
 */
export async function reopenUntil(page: Page, check: () => Promise<boolean>, what: string): Promise<void> {
  await expect
    .poll(
      async () => {
        if (await check()) return true;
        await page.reload();
        await page.getByTestId("updated-at").waitFor();
        return check();
      },
      { timeout: 30_000, interval: 500, message: what },
    )
    .toBe(true);
}

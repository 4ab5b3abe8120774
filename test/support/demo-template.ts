import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { runCli } from "./sheets-sync.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** A folder holding what `init --demo` made (rete-urp.xlsx, state/), copied by demoWorkspace(). */
    demoTemplate: string;
  }
}

/**
 * Global setup of the projects that start services on the demo sheet: runs the real
 * `sheets-sync init --demo` once per run, on the project's test clock, and hands the folder to
 * every file (`inject("demoTemplate")`), which copies it instead of running init again: a copy
 * takes milliseconds, init a second or two. `init --demo` itself is tested in cli/.
 */
export default async function demoTemplate(project: TestProject): Promise<() => Promise<void>> {
  const dir = await mkdtemp(join(tmpdir(), "rete-urp-demo-"));
  const now = project.config.env?.RETE_URP_TEST_NOW ?? process.env.RETE_URP_TEST_NOW;
  const init = await runCli(
    ["init", "--demo", "--workbook", join(dir, "rete-urp.xlsx"), "--state-dir", join(dir, "state")],
    now ? { SHEETS_SYNC_NOW: new Date(now).toISOString() } : {},
  );
  if (init.code !== 0) throw new Error(`init --demo failed: ${init.stderr}`);
  project.provide("demoTemplate", dir);
  return () => rm(dir, { recursive: true, force: true });
}

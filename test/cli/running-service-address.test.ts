import { rm } from "node:fs/promises";
import { afterEach, expect, test } from "vitest";
import { demoWorkspace, type RunningService, runCli, startService, type Workspace } from "../support/sheets-sync.ts";

/**
 * `invite create` and `feed create` in a second terminal beside a service started on another port
 * (`PORT=41080 npm start`): their links name the running service's real address, which it records
 * in the state database it shares with the CLI, not the default :8787. Once it stops, or when it
 * was killed, the default again.
 */

const workspaces: Workspace[] = [];
let service: RunningService | undefined;
afterEach(async () => {
  await service?.stop();
  service = undefined;
  for (const ws of workspaces.splice(0)) await rm(ws.dir, { recursive: true, force: true });
});

const lastLine = (stdout: string) => stdout.trim().split("\n").at(-1)!;

test("the CLI's links name the running service's address; after it stops or is killed, the default", async () => {
  const ws = await demoWorkspace();
  workspaces.push(ws);
  const store = ["--workbook", ws.workbook, "--state-dir", ws.stateDir];
  service = await startService({ workbook: ws.workbook, stateDir: ws.stateDir });
  expect(service.port).not.toBe(8787);

  const invite = await runCli(["invite", "create", "--email", "sara.folli@lugo.esempio.it", ...store]);
  expect(invite.code).toBe(0);
  expect(lastLine(invite.stdout)).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${service.port}/invito/[A-Za-z0-9_-]{24}$`));
  const feed = await runCli(["feed", "create", "--email", "sara.folli@lugo.esempio.it", ...store]);
  expect(lastLine(feed.stdout)).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${service.port}/api/v1/calendar\\.ics\\?key=`));
  // What the service's own links use wins over it only when asked: --base-url.
  const asked = await runCli([
    "invite",
    "create",
    "--email",
    "sara.folli@lugo.esempio.it",
    "--base-url",
    "https://urp.example.it",
    ...store,
  ]);
  expect(lastLine(asked.stdout)).toMatch(/^https:\/\/urp\.example\.it\/invito\//);

  await service.stop();
  const stopped = await runCli(["invite", "create", "--email", "sara.folli@lugo.esempio.it", ...store]);
  expect(lastLine(stopped.stdout)).toMatch(/^http:\/\/127\.0\.0\.1:8787\/invito\//);

  // Killed: its record stays behind, and is ignored.
  await service.restart();
  await service.kill();
  const killed = await runCli(["invite", "create", "--email", "sara.folli@lugo.esempio.it", ...store]);
  expect(lastLine(killed.stdout)).toMatch(/^http:\/\/127\.0\.0\.1:8787\/invito\//);
  service = undefined;
});

import { spawnSync } from "node:child_process";
import { expect, test } from "vitest";
// @ts-expect-error: plain JavaScript beside the bin, so that it runs on any Node (no types).
import { MINIMUM_NODE, nodeTooOld } from "../../bin/node-version.js";

test("a Node older than 22.13 gets one line saying which Node is needed; 22.13 and 24 run", () => {
  expect(MINIMUM_NODE).toBe("22.13.0");
  expect(nodeTooOld("20.20.2")).toMatch(/^Rete URP richiede Node\.js 22\.13\.0 o più recente .*qui c'è 20\.20\.2: installalo/);
  expect(nodeTooOld("22.12.0")).toMatch(/22\.12\.0/);
  expect(nodeTooOld("22.13.0")).toBeUndefined();
  expect(nodeTooOld("24.22.3")).toBeUndefined();
  expect(nodeTooOld("25.0.0")).toBeUndefined();
});

test("the bin hides node:sqlite's experimental warning (Node 22) and prints every other warning", () => {
  const script = `
    const { quietSqliteWarning } = await import(${JSON.stringify(new URL("../../bin/node-version.js", import.meta.url).href)});
    quietSqliteWarning();
    const { DatabaseSync } = await import("node:sqlite");
    new DatabaseSync(":memory:").close();
    process.emitWarning("un altro avviso");`;
  const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
  expect(run.status).toBe(0);
  expect(run.stderr).not.toMatch(/SQLite/);
  expect(run.stderr).toMatch(/Warning: un altro avviso/);
});

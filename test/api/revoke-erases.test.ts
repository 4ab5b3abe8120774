import { randomUUID } from "node:crypto";
import { AccessRevokedSchema } from "@rete-urp/shared";
import { expect, test } from "vitest";
import { eventually } from "../support/sheets-sync.ts";
import { stateRows } from "../support/state-database.ts";
import { type ApiHarness, apiEachTest, COORDINATOR, LUGO_REFERENT, postJson } from "./api-harness.ts";

/**
 * The coordinator's "Revoca accesso" ends the access and erases what the service keeps about the
 * person (the same erasure as `sheets-sync forget`), but the records of the access itself (the
 * access log, which is what it is for, and the invitations, so an old link still says "revocato"). A write of theirs still waiting for the sheet makes the erasure wait.
 */

let api: ApiHarness;
let coordinator: string;
let sara: string;

apiEachTest(async (started) => {
  api = started;
  coordinator = await api.tokenFor(COORDINATOR);
  sara = await api.tokenFor(LUGO_REFERENT);
});

/** Every table of the state database whose rows mention `text`. */
function tablesMentioning(text: string): string[] {
  const tables = stateRows<{ name: string }>(api.stateDir, "SELECT name FROM sqlite_master WHERE type = 'table'").map((row) => row.name);
  return tables.filter((table) =>
    JSON.stringify(stateRows(api.stateDir, `SELECT * FROM ${table}`))
      .toLowerCase()
      .includes(text.toLowerCase()),
  );
}

test("a revoke erases the person's data from the state database, all but the records of her access", async () => {
  const practice = await api.call(
    "/api/v1/practices",
    postJson({ id: randomUUID(), title: "Sportello prenotazioni online", tags: ["servizi"] }, sara),
  );
  expect(practice.status).toBe(201);
  // What the service keeps of her now: her token, the workbook's ledger of the row she wrote, the applied write.
  await eventually(async () => tablesMentioning(LUGO_REFERENT).includes("workbook_versions"), 10_000, "her row in the ledger");
  expect(tablesMentioning(LUGO_REFERENT)).toEqual(expect.arrayContaining(["api_tokens", "workbook_versions", "journal"]));

  const revoked = await api.call("/api/v1/access/revoke", postJson({ email: LUGO_REFERENT }, coordinator));
  expect(revoked.status).toBe(200);
  expect(AccessRevokedSchema.parse(await revoked.json())).toEqual({
    email: LUGO_REFERENT,
    tokenRevoked: true,
    invitationRevoked: false,
    feedRevoked: false,
    dataErased: true,
  });
  expect(tablesMentioning(LUGO_REFERENT)).toEqual(["access_log"]);
  // What went, in the service's log, as `forget` prints it (the token went with the revoke itself).
  expect(api.logs).toContain(
    `revoca di ${LUGO_REFERENT}: dati cancellati dallo stato (righe nel registro del file .xlsx 1, scritture già applicate (journal) 1)`,
  );
  expect(tablesMentioning("Sara Folli")).toEqual([]);
  expect((await api.call("/api/v1/snapshot", { token: sara })).status).toBe(401);
});

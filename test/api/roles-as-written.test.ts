import { HealthSchema, RosterResponseSchema, SnapshotSchema } from "@rete-urp/shared";
import { expect, test } from "vitest";
import { eventually } from "../support/sheets-sync.ts";
import { readTab, setCellByHeader } from "../support/workbook-files.ts";
import { type ApiHarness, apiEachTest, COORDINATOR, DELEGATE, LUGO_REFERENT } from "./api-harness.ts";

/**
 * The Referenti `Ruolo` as people write it: "Coordinatrice" is the Coordinatore, "Delegata" the
 * Delegato, and either may open Coordinamento; the cell stays as written.
 */

let api: ApiHarness;

apiEachTest(async (started) => {
  api = started;
});

/** Types `ruolo` (and a new phone, to tell when the service has read the row) into the row of `email`. */
async function writeRole(email: string, ruolo: string, phone: string): Promise<void> {
  await setCellByHeader(api.workbook, "Referenti", { header: "Email", value: email }, "Ruolo", ruolo);
  await setCellByHeader(api.workbook, "Referenti", { header: "Email", value: email }, "Telefono", phone);
}

test("a Coordinatrice and a Delegata are the Coordinatore and the Delegato: 200 on /snapshot and on /coordination, the cell kept as written", async () => {
  const lugo = await api.tokenFor(LUGO_REFERENT);
  const people = [
    { email: COORDINATOR, written: " Coordinatrice", role: "Coordinatore", phone: "0545 900001" },
    { email: DELEGATE, written: "Delegata\u200B", role: "Delegato", phone: "0545 900002" },
  ] as const;
  for (const person of people) await writeRole(person.email, person.written, person.phone);
  // Both rows read again, and valid: in the roster with their new phone and the dropdown's role.
  await eventually(
    async () => {
      const roster = RosterResponseSchema.parse(await (await api.call("/api/v1/roster", { token: lugo })).json()).roster;
      return people.every((person) => roster.some((r) => r.email === person.email && r.phone === person.phone && r.role === person.role));
    },
    10_000,
    "the two rows read with their roles",
  );
  const health = HealthSchema.parse(await (await api.call("/api/v1/health")).json());
  expect(health.problems).toBe(0);

  for (const person of people) {
    const token = await api.tokenFor(person.email);
    const snapshot = await api.call("/api/v1/snapshot", { token });
    expect(snapshot.status, person.written).toBe(200);
    expect(SnapshotSchema.parse(await snapshot.json()).me.role).toBe(person.role);
    expect((await api.call("/api/v1/coordination", { token })).status, person.written).toBe(200);
  }

  const rows = await readTab(api.workbook, "Referenti");
  const ruolo = rows[0]!.findIndex((cell) => cell.value === "Ruolo");
  const email = rows[0]!.findIndex((cell) => cell.value === "Email");
  const written = (address: string) => rows.find((row) => row[email]?.value === address)?.[ruolo]?.value;
  expect([written(COORDINATOR), written(DELEGATE)]).toEqual([" Coordinatrice", "Delegata\u200B"]);
});

test("a Dirigente d'area is a Dirigente: the API, not Coordinamento", async () => {
  await writeRole(LUGO_REFERENT, "Dirigente d'area", "0545 900003");
  const token = await api.tokenFor(LUGO_REFERENT);
  const me = await eventually(
    async () => {
      const answer = await api.call("/api/v1/snapshot", { token });
      if (answer.status !== 200) return undefined;
      const snapshot = SnapshotSchema.parse(await answer.json());
      return snapshot.roster.some((r) => r.email === LUGO_REFERENT && r.phone === "0545 900003") && snapshot.me;
    },
    10_000,
    "the row read again",
  );
  expect(me.role).toBe("Dirigente");
  expect((await api.call("/api/v1/coordination", { token })).status).toBe(403);
});

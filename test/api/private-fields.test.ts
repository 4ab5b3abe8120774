import { CoordinationSchema, RosterResponseSchema, SnapshotDeltaSchema, SnapshotSchema } from "@rete-urp/shared";
import { describe, expect, test } from "vitest";
import { eventually } from "../support/sheets-sync.ts";
import { setCellByHeader } from "../support/workbook-files.ts";
import { type ApiHarness, apiEachTest, COORDINATOR, LUGO_REFERENT } from "./api-harness.ts";

/**
 * The Referenti tab's `Note` is the coordinators' own: what they write about a colleague ("in
 * malattia fino a marzo") never reaches the other referents, in the snapshot, its deltas or the
 * roster; the Coordinamento view shows it to the Coordinatore and the Delegato.
 */

let api: ApiHarness;
let referent: string;
let coordinator: string;

apiEachTest(async (started) => {
  api = started;
  referent = await api.tokenFor(LUGO_REFERENT);
  coordinator = await api.tokenFor(COORDINATOR);
});

/** A colleague of the Lugo referent, in the demo roster. */
const MARCO = "marco.ricci@lugo.esempio.it";
const NOTE = "in malattia fino a marzo";
/** What the popup's views show of a colleague (Contatti, the sharer of a practice, the access list): nothing else is sent. */
const SERVED_FIELDS = ["active", "email", "ente", "firstName", "id", "lastName", "phone", "role"];

const versionOf = (etag: string | null) => /^W\/"(.+)"$/.exec(etag ?? "")?.[1] ?? "";

/** Marco's Note and Telefono, as the coordinator types them; resolves once the service serves the phone. */
async function editMarco(note: string, phone: string): Promise<void> {
  await setCellByHeader(api.workbook, "Referenti", { header: "Email", value: MARCO }, "Note", note);
  await setCellByHeader(api.workbook, "Referenti", { header: "Email", value: MARCO }, "Telefono", phone);
  await eventually(
    async () => {
      const roster = RosterResponseSchema.parse(await (await api.call("/api/v1/roster", { token: referent })).json());
      return roster.roster.some((person) => person.email === MARCO && person.phone === phone);
    },
    10_000,
    `Marco's phone ${phone}`,
  );
}

/** No byte of `secret` in `text`, in any case (a boolean, so a failure does not print the whole body). */
function expectNoNote(text: string, secret: string, where: string) {
  expect(text.toLowerCase().includes(secret.toLowerCase()), `the note in ${where}`).toBe(false);
}

describe("the Referenti tab's Note", () => {
  test("never reaches a referent: not in /snapshot, not in /roster, not in a delta", async () => {
    await editMarco(NOTE, "0545 111111");

    const snapshot = await api.call("/api/v1/snapshot", { token: referent });
    expect(snapshot.status).toBe(200);
    const snapshotText = await snapshot.text();
    expectNoNote(snapshotText, NOTE, "/snapshot");
    // The roster still carries what the popup shows: name, ente, role, email, phone.
    const marco = SnapshotSchema.parse(JSON.parse(snapshotText)).roster.find((person) => person.email === MARCO);
    expect(marco).toMatchObject({ firstName: "Marco", lastName: "Ricci", ente: "Lugo", role: "Responsabile URP", phone: "0545 111111" });
    for (const person of JSON.parse(snapshotText).roster) expect(Object.keys(person).sort()).toEqual(SERVED_FIELDS);

    const roster = await api.call("/api/v1/roster", { token: referent });
    expect(roster.status).toBe(200);
    const rosterText = await roster.text();
    expectNoNote(rosterText, NOTE, "/roster");
    for (const person of JSON.parse(rosterText).roster) expect(Object.keys(person).sort()).toEqual(SERVED_FIELDS);

    // Marco's row changes again, note and phone: the delta brings the phone, never the note.
    const since = versionOf(snapshot.headers.get("etag"));
    const second = "rientra il 2 marzo, part-time";
    await editMarco(second, "0545 222222");
    const delta = await api.call(`/api/v1/snapshot?since=${since}`, { token: referent });
    expect(delta.status).toBe(200);
    const deltaText = await delta.text();
    const parsed = SnapshotDeltaSchema.parse(JSON.parse(deltaText));
    expect(parsed.since).toBe(since);
    expect(JSON.stringify(parsed.changes.roster)).toContain("0545 222222");
    const raw = JSON.parse(deltaText).changes.roster;
    for (const person of [...(raw.replace ?? []), ...(raw.upsert ?? []).map((entry: { record: object }) => entry.record)]) {
      expect(Object.keys(person).sort()).toEqual(SERVED_FIELDS);
    }
    expectNoNote(deltaText, second, "delta");
    expectNoNote(deltaText, NOTE, "delta");
  });

  test("a change of the Note alone changes nothing a referent is served", async () => {
    const before = await api.call("/api/v1/snapshot", { token: referent });
    const etag = before.headers.get("etag");
    await setCellByHeader(api.workbook, "Referenti", { header: "Email", value: MARCO }, "Note", NOTE);
    // The coordinator sees the note once the service has read it; the referent's snapshot is the same one.
    await eventually(
      async () => {
        const answer = await api.call("/api/v1/coordination", { token: coordinator });
        return JSON.stringify(await answer.json()).includes(NOTE);
      },
      10_000,
      "the note in /coordination",
    );
    const after = await api.call("/api/v1/snapshot", { token: referent, headers: { "if-none-match": etag ?? "" } });
    expect(after.status).toBe(304);
  });

  test("the Coordinamento view shows it to the coordinator, with who it is about", async () => {
    await editMarco(NOTE, "0545 111111");
    const answer = await api.call("/api/v1/coordination", { token: coordinator });
    expect(answer.status).toBe(200);
    const coordination = CoordinationSchema.parse(await answer.json());
    expect(coordination.referentNotes).toEqual([{ email: MARCO, name: "Marco Ricci", ente: "Lugo", active: true, note: NOTE }]);
    // A referent who does not coordinate gets no view at all.
    expect((await api.call("/api/v1/coordination", { token: referent })).status).toBe(403);
  });
});

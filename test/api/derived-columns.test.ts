import { randomUUID } from "node:crypto";
import { type CellValue, isoInstantToSerial, plainDateToSerial, SnapshotSchema } from "@rete-urp/shared";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { eventually } from "../support/sheets-sync.ts";
import { readTab, setCellByHeader } from "../support/workbook-files.ts";
import { type ApiHarness, LUGO_REFERENT, postJson, startApi } from "./api-harness.ts";

/**
 * Issue 11.4: beside an ID that refers to a meeting or a publication, the workbook shows what it
 * is (Data riunione, Titolo pubblicazione), written with each row and kept up to date by the
 * service when the meeting moves or the publication is retitled; answers carry their time as a
 * date-time cell in Rome time.
 */

let api: ApiHarness;
let lugo: string;
const NOW = "2026-11-23T09:00:00Z";

beforeEach(async () => {
  api = await startApi(NOW);
  lugo = await api.tokenFor(LUGO_REFERENT);
});
afterEach(async () => {
  await api.close();
});

const snapshot = async (token: string) => SnapshotSchema.parse(await (await api.call("/api/v1/snapshot", { token })).json());
const put = (body: unknown, token: string) => ({ ...postJson(body, token), method: "PUT" });

/** A tab's rows as header → value, in sheet order. */
async function rows(tab: string): Promise<Record<string, CellValue>[]> {
  const [header = [], ...body] = await readTab(api.workbook, tab);
  return body
    .filter((row) => row.some((cell) => cell.value !== null))
    .map((row) => Object.fromEntries(header.map((cell, i) => [String(cell.value), row[i]?.value ?? null])));
}

const serialOf = (isoDate: string) => {
  const [year, month, day] = isoDate.split("-").map(Number) as [number, number, number];
  return plainDateToSerial({ year, month, day });
};

describe("derived columns and timestamps in the workbook", () => {
  test("written with each row: the meeting's date beside its ID, the publication's title, the answer's time in Rome", async () => {
    const { nextMeeting, publications } = await snapshot(lugo);
    const next = nextMeeting!;
    expect((await api.call(`/api/v1/meetings/${next.id}/attendance`, put({ answer: "yes" }, lugo))).status).toBe(200);
    const proposalId = randomUUID();
    expect(
      (await api.call("/api/v1/proposals", postJson({ id: proposalId, meetingId: next.id, title: "Orari estivi" }, lugo))).status,
    ).toBe(201);
    const bando = publications.find((publication) => publication.title.startsWith("Bando"))!;
    const proof = "https://www.comune.lugo.ra.it/notizie/bando";
    expect((await api.call(`/api/v1/publications/${bando.id}/published`, postJson({ url: proof }, lugo))).status).toBe(200);

    const answer = (await rows("Presenze")).find((row) => row.Email === LUGO_REFERENT)!;
    expect(answer).toMatchObject({ Riunione: next.id, "Data riunione": serialOf(next.start.slice(0, 10)), Risposta: "Partecipo" });
    // 09:00 UTC on 23 November is 10:00 in Rome.
    expect(answer.Aggiornato).toBeCloseTo(isoInstantToSerial(NOW), 9);
    expect(answer.Aggiornato).toBeCloseTo(serialOf("2026-11-23") + 10 / 24, 9);
    const proposal = (await rows("Proposte")).find((row) => row.ID === proposalId)!;
    expect(proposal["Data riunione"]).toBe(serialOf(next.start.slice(0, 10)));
    const outcome = (await rows("Esiti pubblicazioni")).find((row) => row["Link pubblicazione"] === proof)!;
    expect(outcome).toMatchObject({ Pubblicazione: bando.id, "Titolo pubblicazione": bando.title, Ente: "Lugo" });

    // And it all reads back: the answer's time is the instant it was given.
    await api.service.cache.refresh();
    const { attendance } = await (await api.call(`/api/v1/meetings/${next.id}/attendance`, { token: lugo })).json();
    expect(attendance).toContainEqual(expect.objectContaining({ email: LUGO_REFERENT, updatedAt: new Date(NOW).toISOString() }));
  });

  test("the meeting moved and the publication retitled by hand: the service rewrites those cells only, rows in place", async () => {
    const next = (await snapshot(lugo)).nextMeeting!;
    expect((await api.call(`/api/v1/meetings/${next.id}/attendance`, put({ answer: "no" }, lugo))).status).toBe(200);
    const tari = (await rows("Pubblicazioni")).find((row) => String(row.Titolo).startsWith("Avviso TARI"))!;
    const presenzeBefore = await rows("Presenze");
    const forNext = presenzeBefore.filter((row) => row.Riunione === next.id);
    expect(forNext.length).toBeGreaterThan(1);
    expect(new Set(forNext.map((row) => row["Data riunione"]))).toEqual(new Set([serialOf(next.start.slice(0, 10))]));

    // The coordinator moves the meeting a week later, retitles the publication, and edits a name in Presenze.
    const moved = new Date(Date.parse(next.start) + 7 * 86_400_000).toISOString().slice(0, 10);
    await setCellByHeader(api.workbook, "Riunioni", { header: "ID", value: next.id }, "Data", moved.split("-").reverse().join("/"));
    await setCellByHeader(api.workbook, "Pubblicazioni", { header: "ID", value: String(tari.ID) }, "Titolo", "Avviso TARI 2027");
    const someone = forNext.find((row) => row.Email !== LUGO_REFERENT)!;
    await setCellByHeader(api.workbook, "Presenze", { header: "ID", value: String(someone.ID) }, "Nome", "Nome corretto a mano");
    await api.service.cache.refresh();

    const presenze = await eventually(
      async () => {
        const now = await rows("Presenze");
        return now.filter((row) => row.Riunione === next.id).every((row) => row["Data riunione"] === serialOf(moved)) && now;
      },
      15_000,
      "Data riunione follows the moved meeting",
    );
    // Same rows, same order; only Data riunione changed, and the hand edit is kept.
    expect(presenze.map((row) => row.ID)).toEqual(presenzeBefore.map((row) => row.ID));
    presenze.forEach((row, i) => {
      const before = presenzeBefore[i]!;
      const expected = {
        ...before,
        ...(row.Riunione === next.id ? { "Data riunione": serialOf(moved) } : {}),
        ...(row.ID === someone.ID ? { Nome: "Nome corretto a mano" } : {}),
      };
      expect(row).toEqual(expected);
    });
    await eventually(
      async () =>
        (await rows("Esiti pubblicazioni"))
          .filter((row) => row.Pubblicazione === tari.ID)
          .every((row) => row["Titolo pubblicazione"] === "Avviso TARI 2027"),
      15_000,
      "Titolo pubblicazione follows the new title",
    );
    // Nothing is reported about the derived cells, stale or not.
    await api.service.cache.refresh();
    expect(api.service.cache.current!.data.problems).toEqual([]);
  });
});

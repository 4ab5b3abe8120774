import type { Meeting, MyPublication, Project, Snapshot } from "@rete-urp/shared";
import { expect, test } from "vitest";
import { testMeeting } from "../testing/meetings";
import { testTranslator } from "../testing/test-translator";
import { BADGE_COLORS, badgeState } from "./badge";

const t = testTranslator("it");
const now = new Date("2026-11-23T09:00:00+01:00");

const meeting = (start: string, kind: Meeting["kind"] = "ordinary"): Meeting => testMeeting(start, { kind, status: "confirmed" });

const publication = (overdue: boolean): MyPublication => ({
  id: `p-${overdue}`,
  title: "Avviso TARI",
  sourceUrl: "",
  deadline: "2026-11-20",
  enti: ["Lugo"],
  notes: "",
  published: false,
  publishedUrl: "",
  publishedAt: "",
  overdue,
});

function snapshot(meetings: Meeting[], publications: MyPublication[] = [], projects: Project[] = []): Snapshot {
  return {
    me: { email: "marco.ricci@lugo.esempio.it", firstName: "Marco", lastName: "Ricci", ente: "Lugo", role: "Referente" },
    attendance: [],
    proposals: [],
    publications,
    actions: [],
    nextMeeting: null,
    meetings,
    roster: [],
    practices: [],
    projects,
    projectUpdates: [],
    settings: {
      meetingMonths: [],
      startTime: "10:00",
      durationMinutes: 120,
      defaultLocation: "",
      defaultVideoUrl: "",
      suggestedTags: [],
    } as unknown as Snapshot["settings"],
    enti: [],
    generatedAt: null,
    stale: false,
  };
}

test("badgeState() shows the days to the meeting in teal when nothing is overdue", () => {
  expect(badgeState(snapshot([meeting("2026-11-28T10:00:00+01:00")]), now, t)).toEqual({
    text: "5g",
    color: BADGE_COLORS.normal,
    title: "Rete URP — prossima riunione: 5g",
  });
});

test('badgeState() adds "!" and turns orange when a publication is overdue', () => {
  const state = badgeState(snapshot([meeting("2026-11-28T10:00:00+01:00")], [publication(true), publication(false)]), now, t);
  expect(state).toEqual({ text: "5g!", color: BADGE_COLORS.overdue, title: "Rete URP — prossima riunione: 5g — 1 pubblicazione scaduta" });
});

test('badgeState() keeps a four-character time whole, and shows "!" alone with no meeting', () => {
  expect(badgeState(snapshot([meeting("2026-11-23T18:00:00+01:00")], [publication(true)]), now, t).text).toBe("oggi");
  expect(badgeState(snapshot([], [publication(true)]), now, t)).toMatchObject({ text: "!", color: BADGE_COLORS.overdue });
});

test("badgeState() stays red for an urgent meeting even with overdue publications", () => {
  const state = badgeState(snapshot([meeting("2026-11-25T10:00:00+01:00", "urgent")], [publication(true)]), now, t);
  expect(state).toMatchObject({ text: "2g!", color: BADGE_COLORS.urgent });
});

test("badgeState() leaves a meeting six weeks ahead off the badge, and names its day in the tooltip; an overdue publication still shows", () => {
  expect(badgeState(snapshot([meeting("2027-01-05T10:00:00+01:00")]), now, t)).toEqual({
    text: "",
    color: BADGE_COLORS.normal,
    title: "Rete URP — prossima riunione: martedì 5 gennaio 2027",
  });
  expect(badgeState(snapshot([meeting("2027-01-05T10:00:00+01:00")], [publication(true)]), now, t)).toMatchObject({
    text: "!",
    color: BADGE_COLORS.overdue,
  });
  expect(badgeState(snapshot([meeting("2027-01-05T10:00:00+01:00", "urgent")]), now, t)).toMatchObject({
    text: "43g",
    color: BADGE_COLORS.urgent,
  });
});

const project = (title: string, deadline: string, over: Partial<Project> = {}): Project => ({
  id: `p-${title}`,
  title,
  description: "",
  enti: [],
  lead: "Unione",
  contact: "",
  status: "active",
  nextStep: "Raccogliere le FAQ",
  deadline,
  url: "",
  ...over,
});

test('badgeState() adds "!" and names the project when a next step of my ente is due within three days', () => {
  const projects = [
    project("Sportello unico", "2026-11-26"),
    // Not mine, too far, or concluded: none of them counts.
    project("Guida social", "2026-11-24", { enti: ["Conselice"] }),
    project("Archivio foto", "2026-11-27"),
    project("Carta dei servizi", "2026-11-24", { status: "done" }),
  ];
  expect(badgeState(snapshot([meeting("2026-11-28T10:00:00+01:00")], [], projects), now, t)).toEqual({
    text: "5g!",
    color: BADGE_COLORS.overdue,
    title: "Rete URP — prossima riunione: 5g — Sportello unico: prossimo passo entro il 26 novembre",
  });
});

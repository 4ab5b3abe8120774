import type { Meeting, Snapshot } from "@rete-urp/shared";
import { beforeEach, expect, test } from "vitest";
import { wasNotified } from "../lib/storage";
import { lugoSnapshot } from "../testing/fake-service";
import { testTranslator } from "../testing/test-translator";
import { notifyMeetings, notifyProjectSteps, withdrawReminders } from "./notifications";

const t = testTranslator("it");
let shown: { id: string; title: string; message: string }[] = [];

beforeEach(() => {
  shown = [];
  // The rest of `chrome` the reminders use, recorded instead of shown.
  Object.assign(chrome, {
    notifications: {
      create: async (id: string, options: { title: string; message: string }) =>
        void shown.push({ id, title: options.title, message: options.message }),
      getAll: async () => Object.fromEntries(shown.map((notification) => [notification.id, true])),
      clear: async (id: string) => {
        const before = shown.length;
        shown = shown.filter((notification) => notification.id !== id);
        return shown.length < before;
      },
    },
    runtime: { getManifest: () => ({ icons: { 128: "icon128.png" } }), getURL: (path: string) => `chrome-extension://test/${path}` },
  });
});

const urgent: Meeting = {
  id: "urgente-alluvione",
  start: "2027-01-12T15:00:00+01:00",
  end: "2027-01-12T16:00:00+01:00",
  kind: "urgent",
  status: "planned",
  location: "Sala del Consiglio, Lugo",
  videoUrl: "",
  agendaUrl: "",
  minutesUrl: "",
  notes: "",
  source: "sheet",
};
const withMeetings = (meetings: Meeting[]): Snapshot => ({ ...lugoSnapshot(), meetings, nextMeeting: null });

test("a cancelled urgent meeting is announced as cancelled, once, to those who were told about it", async () => {
  await notifyMeetings(withMeetings([urgent]), new Date("2027-01-10T09:00:00+01:00"), t, true);
  expect(shown.map((n) => n.title)).toEqual(["Riunione urgente della rete URP"]);

  const cancelled = { ...urgent, status: "cancelled" as const, changedAt: "2027-01-11T08:00:00.000Z" };
  await notifyMeetings(withMeetings([cancelled]), new Date("2027-01-11T09:30:00+01:00"), t, true);
  await notifyMeetings(withMeetings([cancelled]), new Date("2027-01-11T10:30:00+01:00"), t, true);
  expect(shown.map((n) => n.title)).toEqual(["Riunione urgente della rete URP", "Riunione annullata"]);
});

test("a cancellation is not announced to someone who never heard of the meeting", async () => {
  const cancelled = { ...urgent, status: "cancelled" as const, changedAt: "2027-01-11T08:00:00.000Z" };
  await notifyMeetings(withMeetings([cancelled]), new Date("2027-01-11T09:30:00+01:00"), t, true);
  expect(shown).toEqual([]);
});

test("a moved meeting is announced once with the day it had, and again only if it moves again", async () => {
  const moved: Meeting = {
    ...urgent,
    kind: "ordinary",
    id: "ordinaria-gennaio",
    start: "2027-01-26T10:00:00+01:00",
    end: "2027-01-26T12:00:00+01:00",
    movedFrom: "2027-01-19T10:00:00+01:00",
    changedAt: "2027-01-09T08:00:00.000Z",
  };
  const now = new Date("2027-01-10T09:00:00+01:00");
  await notifyMeetings(withMeetings([moved]), now, t, true);
  await notifyMeetings(withMeetings([moved]), now, t, true);
  expect(shown).toEqual([
    {
      id: "moved:ordinaria-gennaio:2027-01-26T10:00:00+01:00",
      title: "Riunione spostata",
      message: "martedì 26 gennaio 2027, 10:00–12:00\nSala del Consiglio, Lugo\nSpostata: era martedì 19 gennaio 2027",
    },
  ]);
  await notifyMeetings(withMeetings([{ ...moved, start: "2027-01-27T10:00:00+01:00", end: "2027-01-27T12:00:00+01:00" }]), now, t, true);
  expect(shown.map((n) => n.id)).toEqual([
    "moved:ordinaria-gennaio:2027-01-26T10:00:00+01:00",
    "moved:ordinaria-gennaio:2027-01-27T10:00:00+01:00",
  ]);
});

test("with reminders off nothing is shown", async () => {
  await notifyMeetings(withMeetings([urgent]), new Date("2027-01-10T09:00:00+01:00"), t, false);
  expect(shown).toEqual([]);
});

test("withdrawReminders() takes back the reminders on screen, and remembers them, so none is shown again once access is back", async () => {
  const now = new Date("2027-01-10T09:00:00+01:00");
  await notifyMeetings(withMeetings([urgent]), now, t, true);
  expect(shown).toHaveLength(1);
  await withdrawReminders();
  expect(shown).toEqual([]);
  expect(await wasNotified(`urgent:${urgent.id}:${urgent.start}`)).toBe(true);
  await notifyMeetings(withMeetings([urgent]), now, t, true);
  expect(shown).toEqual([]);
});

test("a project step of my ente due within three days is announced once; a new date is announced again", async () => {
  const step = {
    id: "p-sportello",
    title: "Sportello unico",
    description: "",
    enti: ["Lugo" as const],
    lead: "Unione" as const,
    contact: "",
    status: "active" as const,
    nextStep: "Inviare le FAQ",
    deadline: "2026-11-12",
    url: "",
  };
  const snapshot = { ...lugoSnapshot(), projects: [step, { ...step, id: "p-altro", enti: ["Cotignola" as const] }] };
  await notifyProjectSteps(snapshot, new Date("2026-11-08T09:00:00+01:00"), t, true);
  expect(shown).toEqual([]);
  await notifyProjectSteps(snapshot, new Date("2026-11-09T09:00:00+01:00"), t, true);
  await notifyProjectSteps(snapshot, new Date("2026-11-10T09:00:00+01:00"), t, true);
  expect(shown.map((n) => [n.title, n.message])).toEqual([
    ["Prossimo passo: Sportello unico", "Inviare le FAQ\nScadenza: 12 novembre 2026"],
  ]);
  await notifyProjectSteps(
    { ...snapshot, projects: [{ ...step, deadline: "2026-11-13" }] },
    new Date("2026-11-10T10:00:00+01:00"),
    t,
    true,
  );
  expect(shown).toHaveLength(2);
  await notifyProjectSteps(
    { ...snapshot, projects: [{ ...step, deadline: "2026-11-13" }] },
    new Date("2026-11-10T11:00:00+01:00"),
    t,
    false,
  );
  expect(shown).toHaveLength(2);
});

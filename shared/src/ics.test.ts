import { expect, test } from "vitest";
import { eventContent, meetingsToIcs, meetingUid, meetingUids } from "./ics.ts";
import type { Meeting } from "./records/meeting.ts";

const meeting: Meeting = {
  id: "m-1",
  start: "2027-03-30T10:00:00+02:00",
  end: "2027-03-30T12:00:00+02:00",
  kind: "urgent",
  status: "confirmed",
  location: "Sede dell'Unione, Piazza dei Martiri 1; Lugo",
  videoUrl: "https://meet.example.it/urp",
  agendaUrl: "https://example.it/odg",
  notes: "Portare i dati",
  minutesUrl: "",
  source: "sheet",
};

test("meetingsToIcs() writes Rome wall-clock times with TZID, a VTIMEZONE, escaped text and CRLF lines", () => {
  const ics = meetingsToIcs(
    [
      meeting,
      {
        ...meeting,
        id: "rule-2027-05",
        kind: "ordinary",
        source: "rule",
        start: "2027-05-18T10:00:00+02:00",
        end: "2027-05-18T12:00:00+02:00",
      },
      { ...meeting, id: "m-x", status: "cancelled" },
    ],
    { now: new Date("2027-01-01T08:00:00Z") },
  );
  const lines = ics.split("\r\n");
  expect(lines[0]).toBe("BEGIN:VCALENDAR");
  expect(ics).toContain("BEGIN:VTIMEZONE\r\nTZID:Europe/Rome");
  expect(lines).toContain("DTSTART;TZID=Europe/Rome:20270330T100000");
  expect(lines).toContain("DTEND;TZID=Europe/Rome:20270330T120000");
  expect(lines).toContain("UID:m-1@rete-urp.bassaromagna");
  expect(lines).toContain("UID:ordinaria-2027-05@rete-urp.bassaromagna");
  expect(lines).toContain("DTSTAMP:20270101T080000Z");
  expect(lines).toContain("SUMMARY:Riunione urgente Rete URP");
  expect(lines).toContain("LOCATION:Sede dell'Unione\\, Piazza dei Martiri 1\\; Lugo");
  expect(lines).toContain("SUMMARY:Riunione Rete URP (da confermare)");
  expect(lines.filter((line) => line.startsWith("STATUS:"))).toEqual(["STATUS:CONFIRMED", "STATUS:TENTATIVE", "STATUS:CANCELLED"]);
  expect(lines.every((line) => new TextEncoder().encode(line).length <= 75)).toBe(true);
  expect(ics.endsWith("END:VCALENDAR\r\n")).toBe(true);
});

const ordinary = (id: string, start: string, overrides: Partial<Meeting> = {}): Meeting => ({
  ...meeting,
  id,
  kind: "ordinary",
  start,
  end: start.replace("T10:", "T12:"),
  ...overrides,
});

test("UIDs: the month's for the rule meeting and the row replacing it, the row's ID for urgent and cancelled meetings", () => {
  expect(meetingUid(ordinary("rule-2027-05", "2027-05-18T10:00:00+02:00", { source: "rule" }))).toBe(
    "ordinaria-2027-05@rete-urp.bassaromagna",
  );
  expect(meetingUid(ordinary("m-may", "2027-05-25T10:00:00+02:00"))).toBe("ordinaria-2027-05@rete-urp.bassaromagna");
  expect(meetingUid(ordinary("m-may", "2027-05-18T10:00:00+02:00", { status: "cancelled" }))).toBe("m-may@rete-urp.bassaromagna");
  expect(meetingUid(meeting)).toBe("m-1@rete-urp.bassaromagna");
  expect(meetingUid({ ...meeting, status: "cancelled" }, "example.it")).toBe("m-1@example.it");
});

test("meetingUids() never gives one UID twice: a second ordinary row of a month, an ID typed twice", () => {
  const calendar = [
    ordinary("m-a", "2027-05-18T10:00:00+02:00", { status: "cancelled" }),
    ordinary("m-b", "2027-05-25T10:00:00+02:00"),
    ordinary("m-c", "2027-05-27T10:00:00+02:00"),
    { ...meeting, id: "m-b", start: "2027-05-28T10:00:00+02:00" },
    { ...meeting, id: "m-b", start: "2027-05-29T10:00:00+02:00" },
  ];
  const uids = [...meetingUids(calendar).values()];
  expect(uids).toEqual([
    "m-a@rete-urp.bassaromagna",
    "ordinaria-2027-05@rete-urp.bassaromagna",
    "m-c@rete-urp.bassaromagna",
    "m-b@rete-urp.bassaromagna",
    "m-b-2@rete-urp.bassaromagna",
  ]);
  const ics = meetingsToIcs(calendar, { now: new Date("2027-01-01T08:00:00Z") });
  expect(ics.split("\r\n").filter((line) => line.startsWith("UID:"))).toEqual(uids.map((uid) => `UID:${uid}`));
});

test("SEQUENCE is the meeting's own (0 when it has none): the feed and a single download agree", () => {
  const moved = { ...meeting, sequence: 3, movedFrom: "2027-03-23T10:00:00+01:00", changedAt: "2027-01-01T08:00:00.000Z" };
  const lines = meetingsToIcs([moved, { ...meeting, id: "m-2" }], { now: new Date("2027-01-01T08:00:00Z") }).split("\r\n");
  expect(lines.filter((line) => line.startsWith("SEQUENCE:"))).toEqual(["SEQUENCE:3", "SEQUENCE:0"]);
  const single = meetingsToIcs([moved], { now: new Date("2027-02-01T08:00:00Z") }).split("\r\n");
  expect(single).toContain("UID:m-1@rete-urp.bassaromagna");
  expect(single).toContain("SEQUENCE:3");
});

test("eventContent() holds what a calendar shows, not what it cannot (Pianificata vs Confermata, the minutes)", () => {
  const planned = ordinary("m-may", "2027-05-25T10:00:00+02:00", { status: "planned" });
  expect(eventContent({ ...planned, status: "confirmed", minutesUrl: "https://example.it/verbale" })).toEqual(eventContent(planned));
  expect(eventContent({ ...planned, status: "cancelled" })).not.toEqual(eventContent(planned));
  expect(eventContent({ ...planned, start: "2027-05-25T11:00:00+02:00" })).not.toEqual(eventContent(planned));
  expect(eventContent({ ...planned, notes: "altro" })).not.toEqual(eventContent(planned));
});

test("a held meeting's minutes are its URL and its description's first line; before it is held, the link is the video", () => {
  const minutes = "https://example.it/verbale-2027-03";
  const held = eventContent({ ...meeting, status: "held", minutesUrl: minutes });
  expect(held).toContain(`URL:${minutes}`);
  expect(held.find((line) => line.startsWith("DESCRIPTION:"))).toBe(
    "DESCRIPTION:Verbale: https://example.it/verbale-2027-03\\nOrdine del giorno: https://example.it/odg\\nPortare i dati",
  );
  // A minutes link typed before the meeting is over says nothing yet.
  const confirmed = eventContent({ ...meeting, minutesUrl: minutes });
  expect(confirmed).toContain("URL:https://meet.example.it/urp");
  expect(confirmed.join("\n")).not.toContain("Verbale");
});

test("an action's deadline is an all-day event, keyed by the action; one without a deadline has none", () => {
  const action = {
    id: "a-1",
    meetingId: "m-1",
    meetingDate: "",
    projectId: "",
    text: "Inviare gli orari estivi, entro venerdì",
    enti: ["Lugo" as const, "Fusignano" as const],
    deadline: "2027-03-31",
    status: "open" as const,
    doneBy: "",
    doneAt: "",
  };
  const ics = meetingsToIcs([], { now: new Date("2027-01-01T08:00:00Z"), actions: [action, { ...action, id: "a-2", deadline: "" }] });
  const lines = ics.split("\r\n");
  expect(lines).toContain("UID:azione-a-1@rete-urp.bassaromagna");
  expect(lines).toContain("DTSTART;VALUE=DATE:20270331");
  // DTEND is exclusive: the day after, across the end of the month.
  expect(lines).toContain("DTEND;VALUE=DATE:20270401");
  expect(lines).toContain("SUMMARY:Scadenza: Inviare gli orari estivi\\, entro venerdì");
  expect(lines.filter((line) => line === "BEGIN:VEVENT")).toHaveLength(1);
});

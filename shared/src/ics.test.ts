import { expect, test } from "vitest";
import { meetingsToIcs } from "./ics.ts";
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
    [meeting, { ...meeting, id: "rule-2027-05", kind: "ordinary", source: "rule", start: "2027-05-18T10:00:00+02:00", end: "2027-05-18T12:00:00+02:00" }, { ...meeting, id: "m-x", status: "cancelled" }],
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

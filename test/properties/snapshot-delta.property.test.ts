import {
  ACTION_STATUSES,
  ATTENDANCE_ANSWERS,
  applySnapshotDelta,
  BASSA_ROMAGNA,
  MEETING_KINDS,
  MEETING_STATUSES,
  PROJECT_STATUSES,
  PROPOSAL_STATUSES,
  RUOLI,
  type Snapshot,
  SnapshotDeltaMismatch,
  SnapshotDeltaSchema,
  SnapshotSchema,
  snapshotDelta,
  sortPracticesNewestFirst,
} from "@rete-urp/shared";
import fc from "fast-check";
import { describe, expect, test } from "vitest";

/**
 * The snapshot delta (GET /api/v1/snapshot?since=…): whatever two snapshots are, the delta from
 * the first to the second, sent as JSON and read back with the client's schema, applied to the
 * first gives the second, order included. IDs come from a small pool so that lists overlap,
 * move, and sometimes repeat an ID (two rows typed with one).
 */

const ID_POOL = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"] as const;
const id = fc.constantFrom(...ID_POOL);
const text = fc.string({ maxLength: 10 });
const isoDate = fc.constantFrom("2026-10-30", "2026-11-01", "2026-11-02", "2027-01-19");
const isoDateTime = fc.constantFrom("2027-01-19T10:00:00+01:00", "2027-03-16T10:00:00+01:00", "2027-05-18T11:00:00+02:00");
const ENTI = BASSA_ROMAGNA.map((one) => one.name);
const ente = fc.constantFrom(...ENTI);

const practice = fc.record({
  id,
  date: isoDate,
  title: text,
  description: text,
  url: fc.constant("https://example.it/p"),
  excerpt: text,
  tags: fc.array(text, { maxLength: 2 }),
  ente: fc.oneof(ente, fc.constant("" as const)),
  author: text,
  authorEmail: fc.constant("a@esempio.it"),
});
const meeting = fc.record(
  {
    id,
    start: isoDateTime,
    end: isoDateTime,
    kind: fc.constantFrom(...MEETING_KINDS),
    status: fc.constantFrom(...MEETING_STATUSES),
    location: text,
    videoUrl: fc.constant(""),
    agendaUrl: fc.constant(""),
    minutesUrl: fc.constant(""),
    notes: text,
    source: fc.constantFrom("sheet" as const, "rule" as const),
    movedFrom: isoDateTime,
    sequence: fc.nat({ max: 5 }),
  },
  { requiredKeys: ["id", "start", "end", "kind", "status", "location", "videoUrl", "agendaUrl", "minutesUrl", "notes", "source"] },
);
const referent = fc.record({
  id,
  firstName: text,
  lastName: text,
  ente,
  role: fc.constantFrom(...RUOLI),
  email: fc.constant("r@esempio.it"),
  phone: text,
  active: fc.boolean(),
});
const attendance = fc.record({
  id,
  meetingId: fc.constantFrom("m-1", "rule-2027-03"),
  email: fc.constant("x@esempio.it"),
  name: text,
  ente: fc.oneof(ente, fc.constant("" as const)),
  answer: fc.constantFrom(...ATTENDANCE_ANSWERS),
  delegate: text,
  updatedAt: fc.constant(""),
});
const proposal = fc.record({
  id,
  meetingId: fc.constant("m-1"),
  date: isoDate,
  title: text,
  description: text,
  url: fc.constant(""),
  excerpt: text,
  ente: fc.oneof(ente, fc.constant("" as const)),
  author: text,
  authorEmail: fc.constant("a@esempio.it"),
  status: fc.constantFrom(...PROPOSAL_STATUSES),
  projectId: fc.constantFrom("", "p-1"),
});
const project = fc.record({
  id,
  title: text,
  description: text,
  enti: fc.subarray([...ENTI]),
  lead: fc.oneof(ente, fc.constant("" as const)),
  contact: fc.constant("a@esempio.it"),
  status: fc.constantFrom(...PROJECT_STATUSES),
  nextStep: text,
  deadline: fc.oneof(isoDate, fc.constant("")),
  url: fc.constant(""),
});
const projectUpdate = fc.record({
  id,
  projectId: fc.constantFrom("a", "b"),
  date: fc.oneof(isoDate, fc.constant("")),
  text,
  url: fc.constant(""),
  ente: fc.oneof(ente, fc.constant("" as const)),
  author: text,
  authorEmail: fc.constant("a@esempio.it"),
});
const publication = fc.record({
  id,
  title: text,
  sourceUrl: fc.constant("https://example.it/s"),
  deadline: isoDate,
  enti: fc.subarray([...ENTI]),
  notes: text,
  published: fc.boolean(),
  publishedUrl: fc.constant(""),
  publishedAt: fc.constant(""),
  overdue: fc.boolean(),
});

const action = fc.record({
  id,
  meetingId: fc.constantFrom("", "m-1"),
  meetingDate: fc.constantFrom("", "2026-09-15"),
  projectId: fc.constantFrom("", "p-1"),
  text,
  enti: fc.subarray([...ENTI]),
  deadline: fc.oneof(fc.constant(""), isoDate),
  status: fc.constantFrom(...ACTION_STATUSES),
  doneBy: text,
  doneAt: fc.oneof(fc.constant(""), isoDate),
});

/** Mostly one record per ID, as the service serves them; now and then an ID twice. */
function list<T extends { id: string }>(record: fc.Arbitrary<T>): fc.Arbitrary<T[]> {
  return fc.oneof(
    { weight: 5, arbitrary: fc.uniqueArray(record, { selector: (r) => r.id, maxLength: ID_POOL.length }) },
    { weight: 1, arbitrary: fc.array(record, { maxLength: 6 }) },
  );
}

const me = fc.record({
  email: fc.constant("marco.ricci@lugo.esempio.it"),
  firstName: text,
  lastName: fc.constant("Ricci"),
  ente,
  role: fc.constantFrom(...RUOLI),
});
const settings = fc.record({
  meetingMonths: fc.subarray([1, 3, 5, 7, 9, 11]),
  startTime: fc.constantFrom("09:30", "10:00"),
  durationMinutes: fc.constantFrom(90, 120),
  defaultLocation: text,
  defaultVideoUrl: fc.constant(""),
  suggestedTags: fc.array(text, { maxLength: 2 }),
});

const snapshot: fc.Arbitrary<Snapshot> = fc
  .record({
    me,
    attendance: list(attendance),
    proposals: list(proposal),
    publications: list(publication),
    actions: list(action),
    nextMeeting: fc.option(meeting, { nil: null }),
    meetings: list(meeting),
    roster: list(referent),
    practices: list(practice),
    projects: list(project),
    projectUpdates: list(projectUpdate),
    settings,
    // The Enti tab's active enti: some of the ten, now and then one with another site.
    enti: fc.subarray([...BASSA_ROMAGNA]).chain((enti) =>
      fc.constantFrom(
        enti,
        enti.map((one, i) => (i === 0 ? { ...one, site: "https://nuovo.example.it" } : one)),
      ),
    ),
    generatedAt: fc.option(fc.constantFrom("2026-11-10T08:00:00.000Z", "2026-11-10T08:01:00.000Z"), { nil: null }),
    stale: fc.boolean(),
  })
  // The service's order: practices newest first.
  .map((s) => ({ ...s, practices: sortPracticesNewestFirst(s.practices) }));

/** A snapshot a few edits away from `old`: lists filtered, records changed, added, moved. */
const edited = (old: Snapshot): fc.Arbitrary<Snapshot> => {
  const editList = <T extends { id: string }>(records: T[], record: fc.Arbitrary<T>) =>
    fc
      .tuple(fc.shuffledSubarray(records, { minLength: 0, maxLength: records.length }), fc.array(record, { maxLength: 3 }), fc.boolean())
      .map(([kept, added, inOrder]) => {
        const ids = new Set(kept.map((r) => r.id));
        const fresh = added.filter((r) => {
          if (ids.has(r.id)) return false;
          ids.add(r.id);
          return true;
        });
        // Kept in their old order, or shuffled; the new ones anywhere.
        const base = inOrder ? records.filter((r) => kept.includes(r)) : kept;
        const result = [...base];
        for (const r of fresh) result.splice(Math.floor(result.length / 2), 0, r);
        return result;
      });
  return fc
    .record({
      practices: editList(old.practices, practice),
      meetings: editList(old.meetings, meeting),
      roster: editList(old.roster, referent),
      attendance: editList(old.attendance, attendance),
      proposals: editList(old.proposals, proposal),
      publications: editList(old.publications, publication),
      actions: editList(old.actions, action),
      projects: editList(old.projects, project),
      projectUpdates: editList(old.projectUpdates, projectUpdate),
      generatedAt: fc.constant("2026-11-10T08:05:00.000Z"),
      stale: fc.boolean(),
    })
    .map((lists) => ({ ...old, ...lists, practices: sortPracticesNewestFirst(lists.practices) }));
};

const pairs = fc.oneof(
  fc.tuple(snapshot, snapshot),
  snapshot.chain((old) => fc.tuple(fc.constant(old), edited(old))),
);

/** The delta as the client gets it: JSON over the wire, read with the shared schema. */
const overTheWire = (old: Snapshot, next: Snapshot) =>
  SnapshotDeltaSchema.parse(JSON.parse(JSON.stringify(snapshotDelta(old, next, { since: "v1", version: "v2" }))));

describe("snapshot delta", () => {
  test("applied to the old snapshot, the delta gives the new one, order included (practices newest first)", () => {
    fc.assert(
      fc.property(pairs, ([old, next]) => {
        // Both as the client stores them: parsed with the snapshot schema.
        const cached = SnapshotSchema.parse(old);
        const delta = overTheWire(old, next);
        expect(delta).toMatchObject({ since: "v1", version: "v2" });
        const applied = applySnapshotDelta(cached, delta);
        expect(applied).toEqual(SnapshotSchema.parse(next));
        expect(applied.practices.map((p) => p.id)).toEqual(next.practices.map((p) => p.id));
      }),
      { numRuns: 500 },
    );
  });

  test("a snapshot compared with itself changes nothing but its generation time and staleness", () => {
    fc.assert(
      fc.property(snapshot, (s) => {
        expect(snapshotDelta(s, s)).toEqual({ version: "", since: "", changes: {}, generatedAt: s.generatedAt, stale: s.stale });
      }),
    );
  });

  test("a cached list that is not the one the delta was made from (an extra record the outbox guessed) is a mismatch, never a wrong list", () => {
    fc.assert(
      fc.property(
        pairs,
        practice.map((p) => ({ ...p, id: "guessed-by-the-outbox" })),
        fc.nat(),
        ([old, next], guess, where) => {
          const delta = overTheWire(old, next);
          const change = delta.changes.practices;
          fc.pre(change !== undefined && change.replace === undefined);
          const practices = [...old.practices];
          practices.splice(where % (practices.length + 1), 0, guess);
          expect(() => applySnapshotDelta({ ...old, practices }, delta)).toThrow(SnapshotDeltaMismatch);
        },
      ),
    );
  });

  test("one practice added to a thousand: the delta carries that practice and its place, nothing else", () => {
    const many = Array.from({ length: 1000 }, (_, i) => ({
      id: `p-${i}`,
      date: "2026-10-01",
      title: `Prassi ${i}`,
      description: "",
      url: "",
      excerpt: "",
      tags: [],
      ente: "Lugo" as const,
      author: "Marco Ricci",
      authorEmail: "marco.ricci@lugo.esempio.it",
    }));
    const old = fc.sample(snapshot, { numRuns: 1, seed: 7 })[0]!;
    const before = { ...old, practices: sortPracticesNewestFirst(many) };
    const added = { ...many[0]!, id: "p-new", date: "2026-11-10", title: "Nuova" };
    const after = { ...before, practices: sortPracticesNewestFirst([...many, added]), generatedAt: "2026-11-10T09:00:00.000Z" };
    const delta = snapshotDelta(before, after, { since: "v1", version: "v2" });
    expect(Object.keys(delta.changes)).toEqual(["practices"]);
    expect(delta.changes.practices).toEqual({ upsert: [{ at: 0, record: added }], check: expect.any(String) });
    expect(delta).not.toHaveProperty("me");
    expect(delta).not.toHaveProperty("settings");
    expect(delta).not.toHaveProperty("nextMeeting");
    expect(applySnapshotDelta(before, delta)).toEqual(after);
  });
});

import * as z from "zod/mini";
import { ActionSchema } from "./records/action.ts";
import { AttendanceSchema } from "./records/attendance.ts";
import { NetworkEnteSchema } from "./records/ente.ts";
import { MeetingSchema } from "./records/meeting.ts";
import { PracticeSchema } from "./records/practice.ts";
import { ProjectSchema } from "./records/project.ts";
import { ProjectUpdateSchema } from "./records/project-update.ts";
import { ProposalSchema } from "./records/proposal.ts";
import { MyPublicationSchema } from "./records/publication.ts";
import { MeSchema, ReferentSchema } from "./records/referent.ts";
import { SettingsSchema } from "./records/settings.ts";
import { IsoDateTimeSchema } from "./schema-parts.ts";
import type { Snapshot } from "./schemas.ts";

/**
 * What changed in a snapshot since a version the client holds (GET /api/v1/snapshot?since=…,
 * docs/architecture.md "Snapshot deltas"). A version names one snapshot as one referent was
 * served it: the opaque value of its ETag. The service answers a delta only from a version it
 * still remembers for that referent; the client applies it to the snapshot it cached under that
 * version, and takes the full snapshot whenever anything does not fit.
 *
 * Each list of the snapshot changes by its records' IDs: `remove` names the records gone,
 * `upsert` brings every record new, changed, or moved, with its index `at` in the new list; the
 * records not named keep their relative order. `check` is a hash of the new list's IDs in order:
 * a list that does not come out with it was not the list the delta was made from (a guess the
 * outbox added, a lost write), and the client falls back. A list whose IDs repeat (two rows typed
 * with one ID) cannot be keyed: it comes whole, as `replace`. The service owns the order (practices
 * newest first): the client's result has the full snapshot's order exactly.
 */

/** The snapshot's lists, each keyed by its records' `id`. */
export const SNAPSHOT_LISTS = [
  "practices",
  "meetings",
  "roster",
  "attendance",
  "proposals",
  "publications",
  "actions",
  "projects",
  "projectUpdates",
] as const;
export type SnapshotList = (typeof SNAPSHOT_LISTS)[number];

function listChangeSchema<T extends z.ZodMiniType>(record: T) {
  return z.object({
    replace: z.optional(z.array(record)),
    remove: z.optional(z.array(z.string())),
    upsert: z.optional(z.array(z.object({ at: z.int().check(z.nonnegative()), record }))),
    check: z.optional(z.string()),
  });
}

export const SnapshotDeltaSchema = z.object({
  /** The version the answer brings the client to (its ETag's value). */
  version: z.string(),
  /** The version it was made from: the client's, or the client must not apply it. */
  since: z.string(),
  /** Only the lists that changed. */
  changes: z.object({
    practices: z.optional(listChangeSchema(PracticeSchema)),
    meetings: z.optional(listChangeSchema(MeetingSchema)),
    roster: z.optional(listChangeSchema(ReferentSchema)),
    attendance: z.optional(listChangeSchema(AttendanceSchema)),
    proposals: z.optional(listChangeSchema(ProposalSchema)),
    publications: z.optional(listChangeSchema(MyPublicationSchema)),
    actions: z.optional(listChangeSchema(ActionSchema)),
    projects: z.optional(listChangeSchema(ProjectSchema)),
    projectUpdates: z.optional(listChangeSchema(ProjectUpdateSchema)),
  }),
  /** Present only when changed. */
  me: z.optional(MeSchema),
  settings: z.optional(SettingsSchema),
  enti: z.optional(z.array(NetworkEnteSchema)),
  nextMeeting: z.optional(z.nullable(MeetingSchema)),
  generatedAt: z.nullable(IsoDateTimeSchema),
  stale: z.boolean(),
});
export type SnapshotDelta = z.infer<typeof SnapshotDeltaSchema>;

type Keyed = { id: string };
export interface ListChange<T extends Keyed> {
  replace?: T[];
  remove?: string[];
  upsert?: { at: number; record: T }[];
  check?: string;
}

/** A delta that does not fit the snapshot it is applied to: the client takes the full snapshot. */
export class SnapshotDeltaMismatch extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SnapshotDeltaMismatch";
  }
}

/**
 * A 53-bit hash of a text (cyrb53), in base 36: what tells a changed record from an unchanged
 * one, and the IDs' order of a list. Not cryptographic: a change it misses costs a stale record
 * until that record changes again (once in 2^53).
 */
export function hashText(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/** The `check` of a list: its IDs in order. */
export function listCheck(records: readonly Keyed[]): string {
  return hashText(`${records.length}\u0000${records.map((record) => record.id).join("\u0000")}`);
}

/** What a delta needs of an old list: its IDs in order and a hash of each record. */
export interface ListDigest {
  ids: readonly string[];
  hashes: readonly string[];
  /** True when an ID repeats: the list cannot be keyed. */
  repeated: boolean;
}

export function digestList(records: readonly Keyed[]): ListDigest {
  const ids = records.map((record) => record.id);
  return { ids, hashes: records.map((record) => hashText(JSON.stringify(record))), repeated: new Set(ids).size !== ids.length };
}

/** What a delta needs of an old snapshot: its lists' digests and a hash of each other part. */
export interface SnapshotDigest {
  lists: Record<SnapshotList, ListDigest>;
  me: string;
  settings: string;
  enti: string;
  nextMeeting: string;
}

/** The snapshot's digest; `digest` makes each list's (the service memoises the lists every referent shares). */
export function digestSnapshot(snapshot: Snapshot, digest: (records: readonly Keyed[]) => ListDigest = digestList): SnapshotDigest {
  const lists = {} as Record<SnapshotList, ListDigest>;
  for (const name of SNAPSHOT_LISTS) lists[name] = digest(snapshot[name]);
  return {
    lists,
    me: hashText(JSON.stringify(snapshot.me)),
    settings: hashText(JSON.stringify(snapshot.settings)),
    enti: hashText(JSON.stringify(snapshot.enti)),
    nextMeeting: hashText(JSON.stringify(snapshot.nextMeeting)),
  };
}

/**
 * Indexes into `sequence` of one longest strictly increasing subsequence (patience sorting,
 * O(n log n)): the records that kept their relative order and need not move.
 */
function longestIncreasing(sequence: readonly number[]): Set<number> {
  const tails: number[] = [];
  const previous = new Array<number>(sequence.length);
  for (let i = 0; i < sequence.length; i++) {
    const value = sequence[i]!;
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sequence[tails[mid]!]! < value) lo = mid + 1;
      else hi = mid;
    }
    previous[i] = lo > 0 ? tails[lo - 1]! : -1;
    tails[lo] = i;
  }
  const kept = new Set<number>();
  for (let i = tails.length > 0 ? tails[tails.length - 1]! : -1; i >= 0; i = previous[i]!) kept.add(i);
  return kept;
}

/**
 * How `records` differ from the list `old` digests; undefined when they do not. `current` is
 * `records`' own digest (passed when the caller has it already).
 */
export function listChange<T extends Keyed>(
  old: ListDigest,
  records: readonly T[],
  current: ListDigest = digestList(records),
): ListChange<T> | undefined {
  const same =
    old.ids.length === current.ids.length && old.ids.every((id, i) => id === current.ids[i] && old.hashes[i] === current.hashes[i]);
  if (same) return undefined;
  if (old.repeated || current.repeated) return { replace: [...records] };
  const newIndex = new Map(current.ids.map((id, i) => [id, i]));
  const remove = old.ids.filter((id) => !newIndex.has(id));
  // The records in both lists, in the old order, by their new index: those on a longest
  // increasing run stay where they are; the others move, as upserts.
  const kept = old.ids.flatMap((id, i) => {
    const at = newIndex.get(id);
    return at === undefined ? [] : [{ at, hash: old.hashes[i]! }];
  });
  const still = new Set([...longestIncreasing(kept.map((entry) => entry.at))].map((i) => kept[i]!.at));
  const upsert: { at: number; record: T }[] = [];
  const oldHash = new Map(kept.map((entry) => [entry.at, entry.hash]));
  records.forEach((record, at) => {
    if (!still.has(at) || oldHash.get(at) !== current.hashes[at]) upsert.push({ at, record });
  });
  // Every record would come anyway: the list itself is shorter.
  if (upsert.length === records.length) return { replace: [...records] };
  return {
    ...(remove.length > 0 ? { remove } : {}),
    ...(upsert.length > 0 ? { upsert } : {}),
    check: listCheck(records),
  };
}

/** The list `change` makes of `cached`; throws SnapshotDeltaMismatch when the change was made from another list. */
export function applyListChange<T extends Keyed>(cached: readonly T[], change: ListChange<T>): T[] {
  if (change.replace) return [...change.replace];
  const upsert = [...(change.upsert ?? [])].sort((a, b) => a.at - b.at);
  const ids = new Set(cached.map((record) => record.id));
  if (ids.size !== cached.length) throw new SnapshotDeltaMismatch("IDs repeated in the cached list");
  for (const id of change.remove ?? []) if (!ids.has(id)) throw new SnapshotDeltaMismatch(`removed ${id} is not in the cached list`);
  const leaving = new Set([...(change.remove ?? []), ...upsert.map((entry) => entry.record.id)]);
  const staying = cached.filter((record) => !leaving.has(record.id));
  const length = staying.length + upsert.length;
  const result: T[] = [];
  let next = 0;
  let fromStaying = 0;
  for (let at = 0; at < length; at++) {
    if (next < upsert.length && upsert[next]!.at === at) result.push(upsert[next++]!.record);
    else result.push(staying[fromStaying++]!);
  }
  if (next !== upsert.length || fromStaying !== staying.length) throw new SnapshotDeltaMismatch("upsert index out of place");
  if (change.check !== undefined && listCheck(result) !== change.check)
    throw new SnapshotDeltaMismatch("the list does not come out as the service's");
  return result;
}

/** The delta from the snapshot `old` digests to `current`, as the service sends it. */
export function snapshotDeltaFrom(
  old: SnapshotDigest,
  current: Snapshot,
  versions: { since: string; version: string },
  currentDigest: SnapshotDigest = digestSnapshot(current),
  change: <T extends Keyed>(old: ListDigest, records: readonly T[], current: ListDigest) => ListChange<T> | undefined = listChange,
): SnapshotDelta {
  const changes: Record<string, ListChange<Keyed>> = {};
  for (const name of SNAPSHOT_LISTS) {
    const listDelta = change(old.lists[name], current[name] as readonly Keyed[], currentDigest.lists[name]);
    if (listDelta) changes[name] = listDelta;
  }
  return {
    version: versions.version,
    since: versions.since,
    changes: changes as SnapshotDelta["changes"],
    ...(old.me === currentDigest.me ? {} : { me: current.me }),
    ...(old.settings === currentDigest.settings ? {} : { settings: current.settings }),
    ...(old.enti === currentDigest.enti ? {} : { enti: current.enti }),
    ...(old.nextMeeting === currentDigest.nextMeeting ? {} : { nextMeeting: current.nextMeeting }),
    generatedAt: current.generatedAt,
    stale: current.stale,
  };
}

/** What changed from `old` to `current`: applySnapshotDelta(old, snapshotDelta(old, current)) equals `current`. */
export function snapshotDelta(old: Snapshot, current: Snapshot, versions = { since: "", version: "" }): SnapshotDelta {
  return snapshotDeltaFrom(digestSnapshot(old), current, versions);
}

/**
 * The snapshot `delta` makes of `cached`, the snapshot the client holds under `delta.since` (the
 * caller checks that). Throws SnapshotDeltaMismatch when a list does not fit.
 */
export function applySnapshotDelta(cached: Snapshot, delta: SnapshotDelta): Snapshot {
  const next: Snapshot = {
    ...cached,
    generatedAt: delta.generatedAt,
    stale: delta.stale,
    ...(delta.me === undefined ? {} : { me: delta.me }),
    ...(delta.settings === undefined ? {} : { settings: delta.settings }),
    ...(delta.enti === undefined ? {} : { enti: delta.enti }),
    ...(delta.nextMeeting === undefined ? {} : { nextMeeting: delta.nextMeeting }),
  };
  for (const name of SNAPSHOT_LISTS) {
    const change = delta.changes[name] as ListChange<Keyed> | undefined;
    if (change) (next as Record<SnapshotList, Keyed[]>)[name] = applyListChange(cached[name] as readonly Keyed[], change);
  }
  return next;
}

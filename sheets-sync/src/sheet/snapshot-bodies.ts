import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import {
  formatPlainDate,
  type Me,
  nextMeeting,
  type Practice,
  type Project,
  type ProjectUpdate,
  type Referent,
  romePlainDate,
  type Snapshot,
  servedReferent,
  sortPracticesNewestFirst,
} from "@rete-urp/shared";
import type { Clock } from "../clock.ts";
import { networkJobsFor } from "./network-jobs.ts";
import { latestProjectUpdates } from "./projects.ts";
import type { CacheState, SheetCache } from "./sheet-cache.ts";
import type { SheetData } from "./sheet-data.ts";
import { SnapshotVersions } from "./snapshot-versions.ts";

/**
 * The snapshot each referent is served, as bytes ready to send: built once per (data version,
 * caller, next meeting, staleness, day) and reused, so a poll that changes nothing costs a map
 * lookup; its version (the ETag's value); the delta from an earlier version that referent was
 * served, when it is still remembered; each gzipped on first demand, when that pays.
 */

export interface SnapshotBody {
  key: string;
  /** UTF-8 bytes, encoded once: a 4 MB snapshot is not re-encoded for every 200. */
  body: Buffer;
  /** The same bytes gzipped, made on first demand (about 12× smaller for a large sheet). */
  gzipped?: Buffer;
  etag: string;
  /** The ETag's value: the version a client names in `?since=`. */
  version: string;
  /** What the body holds, for the deltas from this version. */
  snapshot: Snapshot;
  /** The last delta answered from this version, by the version it came from. */
  delta?: { since: string; body: Buffer; gzipped?: Buffer };
}

/** Bodies smaller than this go out as they are: gzip would save little and cost a call. */
const GZIP_MIN_BYTES = 2048;
/** A delta is gzipped from this size on, when that makes it smaller: every byte counts for a small answer. */
const DELTA_GZIP_MIN_BYTES = 256;

export class SnapshotBodies {
  private readonly bodies = new Map<string, SnapshotBody>();
  private readonly versions = new SnapshotVersions();
  // The lists every referent shares, made once per decoded data: one array each, so their
  // digests (snapshot-versions.ts) are made once too. The roster is the active rows as the
  // referents are served them (servedReferent: no `Note`), so neither a snapshot nor a delta
  // made from it can carry a note, and a change of a note alone changes no one's snapshot.
  private readonly sharedLists = new WeakMap<
    SheetData,
    { practices: Practice[]; roster: Referent[]; projects: Project[]; projectUpdates: ProjectUpdate[] }
  >();

  constructor(private readonly source: { clock: Clock; cache: SheetCache }) {}

  /** What `me` is served now from `state`. */
  current(me: Me, state: CacheState): SnapshotBody {
    const now = this.source.clock.now();
    const next = nextMeeting(state.calendar, now);
    const stale = this.source.cache.stale;
    // The day is part of the key: what is overdue changes at midnight without any edit.
    const key = `${state.version}|${next?.id ?? ""}|${stale}|${formatPlainDate(romePlainDate(now))}`;
    const cached = this.bodies.get(me.email);
    if (cached?.key === key) return cached;
    const lists = this.listsOf(state.data);
    const content = {
      me,
      nextMeeting: next,
      meetings: state.calendar,
      roster: lists.roster,
      practices: lists.practices,
      projects: lists.projects,
      projectUpdates: lists.projectUpdates,
      settings: state.data.settings,
      enti: [...state.data.network.enti],
      ...networkJobsFor(state, me, now),
      stale,
    };
    // The ETag covers the content, not generatedAt: a refresh that changes nothing stays a 304.
    // Weak, because the same content goes out gzipped or not (RFC 9110 §8.8.3).
    const version = createHash("sha1").update(JSON.stringify(content)).digest("base64url");
    const snapshot: Snapshot = { ...content, generatedAt: this.source.cache.lastRefreshAt?.toISOString() ?? null };
    const body = Buffer.from(JSON.stringify(snapshot), "utf8");
    const entry: SnapshotBody = { key, body, etag: `W/"${version}"`, version, snapshot };
    this.bodies.set(me.email, entry);
    this.versions.remember(me.email, version, snapshot);
    return entry;
  }

  /**
   * The delta from `since` to `current` for `me`, encoded once per (since, current body);
   * undefined when `since` is forgotten (the caller then sends the whole snapshot).
   */
  delta(me: Me, current: SnapshotBody, since: string): SnapshotBody["delta"] {
    if (current.delta?.since === since) return current.delta;
    const delta = this.versions.delta(me.email, since, current.snapshot, current.version);
    if (!delta) return undefined;
    current.delta = { since, body: Buffer.from(JSON.stringify(delta), "utf8") };
    return current.delta;
  }

  private listsOf(data: SheetData) {
    let lists = this.sharedLists.get(data);
    if (!lists) {
      lists = {
        practices: sortPracticesNewestFirst(data.practices),
        roster: data.referents.filter((referent) => referent.active).map(servedReferent),
        projects: data.projects,
        projectUpdates: latestProjectUpdates(data),
      };
      this.sharedLists.set(data, lists);
    }
    return lists;
  }
}

/**
 * The bytes to send and whether they are gzipped: a snapshot from 2 KB, a delta from 256 bytes
 * and only when gzip makes it smaller; each compressed once and kept beside its body.
 */
export function encoded(
  item: { body: Buffer; gzipped?: Buffer },
  kind: "snapshot" | "delta",
  acceptsGzip: boolean,
): { bytes: Buffer; gzip: boolean } {
  if (!acceptsGzip) return { bytes: item.body, gzip: false };
  if (kind === "snapshot") {
    if (item.body.length < GZIP_MIN_BYTES) return { bytes: item.body, gzip: false };
    item.gzipped ??= gzipSync(item.body);
    return { bytes: item.gzipped, gzip: true };
  }
  if (item.body.length < DELTA_GZIP_MIN_BYTES) return { bytes: item.body, gzip: false };
  item.gzipped ??= gzipSync(item.body, { level: 9 });
  return item.gzipped.length < item.body.length ? { bytes: item.gzipped, gzip: true } : { bytes: item.body, gzip: false };
}

import {
  digestList,
  digestSnapshot,
  type ListChange,
  type ListDigest,
  listChange,
  type Snapshot,
  type SnapshotDelta,
  type SnapshotDigest,
  snapshotDeltaFrom,
} from "@rete-urp/shared";

/** How many versions of one referent's snapshot are remembered: older ones get the full snapshot. */
export const VERSIONS_PER_REFERENT = 16;

/**
 * The versions of the snapshot each referent was served, as digests (IDs and a hash per record,
 * not the records), so that `?since=<version>` can be answered with what changed since
 * (shared/src/snapshot-delta.ts). Memory is bounded: the last VERSIONS_PER_REFERENT versions per
 * referent, and the lists every referent shares (practices, meetings, roster…) are digested once
 * per list object and shared by every referent's version that holds them. A restart forgets
 * everything: clients then get the full snapshot once.
 */
export class SnapshotVersions {
  private readonly byEmail = new Map<string, Map<string, SnapshotDigest>>();
  private readonly listDigests = new WeakMap<readonly object[], ListDigest>();
  /** Per old list digest, the last change computed from it: every referent moving to the same new list shares it. */
  private readonly changes = new WeakMap<ListDigest, { to: ListDigest; change: ListChange<{ id: string }> | undefined }>();

  constructor(private readonly perReferent = VERSIONS_PER_REFERENT) {}

  /** Remembers `snapshot` as `version` of `email`'s snapshot. */
  remember(email: string, version: string, snapshot: Snapshot): void {
    let versions = this.byEmail.get(email);
    if (!versions) {
      versions = new Map();
      this.byEmail.set(email, versions);
    }
    if (versions.has(version)) {
      // Served again (a day passed, a refresh back to an older state): now the most recent.
      const digest = versions.get(version)!;
      versions.delete(version);
      versions.set(version, digest);
      return;
    }
    versions.set(
      version,
      digestSnapshot(snapshot, (records) => this.digestOf(records)),
    );
    while (versions.size > this.perReferent) versions.delete(versions.keys().next().value!);
  }

  /** True when `version` of `email`'s snapshot is still remembered. */
  knows(email: string, version: string): boolean {
    return this.byEmail.get(email)?.has(version) ?? false;
  }

  /**
   * What changed in `email`'s snapshot from `since` to `current`, served as `version` (which
   * `remember` was told); undefined when `since` is not remembered.
   */
  delta(email: string, since: string, current: Snapshot, version: string): SnapshotDelta | undefined {
    const versions = this.byEmail.get(email);
    const old = versions?.get(since);
    const now = versions?.get(version);
    if (!old || !now) return undefined;
    return snapshotDeltaFrom(old, current, { since, version }, now, (from, records, to) => {
      const known = this.changes.get(from);
      if (known?.to === to) return known.change as ListChange<(typeof records)[number]> | undefined;
      const change = listChange(from, records, to);
      this.changes.set(from, { to, change });
      return change;
    });
  }

  private digestOf(records: readonly { id: string }[]): ListDigest {
    let digest = this.listDigests.get(records);
    if (!digest) {
      digest = digestList(records);
      this.listDigests.set(records, digest);
    }
    return digest;
  }
}

import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { mkdir, readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { INVITATION_CODE } from "@rete-urp/shared";
import { z } from "zod";
import { stateFileLockError } from "./state-file-lock.ts";
import { writeFileAtomic } from "./stores/atomic-file.ts";
import { withFileLock } from "./stores/file-lock.ts";

/**
 * Invitations: how a referent gets their personal token without a terminal. A coordinator (or
 * `sheets-sync invite create`) makes one for an email of the roster; the referent pastes its link
 * in the extension's options, which redeems the code once for a token of their own.
 *
 * A code is 18 random bytes in base64url (24 characters, `INVITATION_CODE`); like the tokens,
 * only its SHA-256 is stored, in `<state dir>/invitations.json`, with the email, when it was
 * made, when it expires, and when it was used or revoked. One pending invitation per email: a new
 * one revokes the one before. Every change happens under the file lock the CLI and the service
 * both honour (stores/file-lock.ts), re-reading the file inside it, so `invite create` beside a
 * running service, or two redeems of one code at once, never lose or double anything.
 */

export const DEFAULT_INVITATION_DAYS = 7;
export const MAX_INVITATION_DAYS = 90;
/** Used, expired and revoked invitations are listed for this long after they ended, then forgotten. */
const KEEP_ENDED_DAYS = 90;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Waits up to a minute for another process's write (each holds the lock for milliseconds). */
const LOCK_WAIT_MS = 60_000;

const InvitationRecordSchema = z.object({
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  email: z.string(),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  usedAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
});
const InvitationFileSchema = z.object({ invitations: z.array(InvitationRecordSchema) });
export type InvitationRecord = z.infer<typeof InvitationRecordSchema>;

export type InvitationState = "pending" | "used" | "expired" | "revoked";

/** What an invitation is at `now`: used and revoked are final; a pending one expires at `expiresAt`. */
export function invitationState(record: InvitationRecord, now: Date): InvitationState {
  if (record.usedAt) return "used";
  if (record.revokedAt) return "revoked";
  return Date.parse(record.expiresAt) <= now.getTime() ? "expired" : "pending";
}

/** The states as `invite list` prints them. */
export const INVITATION_STATE_LABELS: Record<InvitationState, string> = {
  pending: "in attesa",
  used: "usato",
  expired: "scaduto",
  revoked: "revocato",
};

const hashCode = (code: string) => createHash("sha256").update(code, "utf8").digest();

/** The moment an invitation stopped being pending (or will), for pruning. */
function endedAt(record: InvitationRecord): number {
  return Date.parse(record.usedAt ?? record.revokedAt ?? record.expiresAt);
}

export type RedeemOutcome<T> =
  | { outcome: "redeemed"; record: InvitationRecord; result: T }
  | { outcome: "unknown" }
  | { outcome: Exclude<InvitationState, "pending">; record: InvitationRecord };

export class InvitationStore {
  constructor(readonly path: string) {}

  static inStateDir(stateDir: string): InvitationStore {
    return new InvitationStore(join(stateDir, "invitations.json"));
  }

  /** Every invitation remembered, oldest first (no code: only hashes are stored). */
  async list(): Promise<InvitationRecord[]> {
    return this.read();
  }

  /** The pending invitation of each email at `now`, by email. */
  async pendingByEmail(now: Date): Promise<Map<string, InvitationRecord>> {
    const pending = new Map<string, InvitationRecord>();
    for (const record of await this.read()) if (invitationState(record, now) === "pending") pending.set(record.email, record);
    return pending;
  }

  /**
   * A new invitation for `email`, valid `days` days from `now`; the pending one it replaces (if
   * any) is revoked. Returns the code: the only time it is ever visible.
   */
  async create(
    email: string,
    now: Date,
    days = DEFAULT_INVITATION_DAYS,
  ): Promise<{ code: string; record: InvitationRecord; replaced: boolean }> {
    if (!Number.isInteger(days) || days < 1 || days > MAX_INVITATION_DAYS)
      throw new RangeError(`days: 1–${MAX_INVITATION_DAYS}, not ${days}`);
    const address = email.trim().toLowerCase();
    const code = randomBytes(18).toString("base64url");
    const record: InvitationRecord = {
      hash: hashCode(code).toString("hex"),
      email: address,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + days * DAY_MS).toISOString(),
      usedAt: null,
      revokedAt: null,
    };
    return this.update(now, (records) => {
      const { records: kept, revoked } = revokePending(records, address, now);
      return { records: [...kept, record], result: { code, record, replaced: revoked } };
    });
  }

  /** Revokes the pending invitation of `email`; false when there was none. */
  async revoke(email: string, now: Date): Promise<boolean> {
    const address = email.trim().toLowerCase();
    return this.update(now, (records) => {
      const { records: kept, revoked } = revokePending(records, address, now);
      return { records: kept, result: revoked, unchanged: !revoked };
    });
  }

  /**
   * Redeems `code` once. An unknown code is answered without taking the lock (a guessing client
   * costs a read of a small file). A known one is judged again inside the lock: used, revoked or
   * expired at `now` refuse; a pending one is handed to `grant` (which may throw to refuse, e.g.
   * the referent is no longer active: then nothing is written and the code stays pending), and
   * marked used only once `grant` has succeeded, so a failure never burns the code. Two redeems
   * of one code, in one process or two, take the lock in turn: exactly one gets "redeemed".
   */
  async redeem<T>(code: string, now: Date, grant: (record: InvitationRecord) => Promise<T>): Promise<RedeemOutcome<T>> {
    if (!INVITATION_CODE.test(code)) return { outcome: "unknown" };
    const presented = hashCode(code);
    if (!findByHash(await this.read(), presented)) return { outcome: "unknown" };
    return this.update<RedeemOutcome<T>>(now, async (records) => {
      const found = findByHash(records, presented);
      if (!found) return { records, result: { outcome: "unknown" }, unchanged: true };
      const state = invitationState(found, now);
      if (state !== "pending") return { records, result: { outcome: state, record: found }, unchanged: true };
      const result = await grant(found);
      const used = { ...found, usedAt: now.toISOString() };
      return { records: records.map((r) => (r === found ? used : r)), result: { outcome: "redeemed", record: used, result } };
    });
  }

  /**
   * Read-modify-write under the lock every process honours (`invitations.json.lock`), re-reading
   * the file inside it. Invitations that ended more than KEEP_ENDED_DAYS ago are dropped on the way.
   */
  private async update<T>(now: Date, change: (records: InvitationRecord[]) => Promise<Change<T>> | Change<T>): Promise<T> {
    await mkdir(dirname(this.path), { recursive: true });
    return withFileLock(
      this.path,
      async (lock) => {
        const { records, result, unchanged } = await change(await this.read());
        if (unchanged) return result;
        const horizon = now.getTime() - KEEP_ENDED_DAYS * DAY_MS;
        const kept = records.filter((record) => invitationState(record, now) === "pending" || endedAt(record) >= horizon);
        lock.assertHeld();
        await writeFileAtomic(this.path, `${JSON.stringify({ invitations: kept }, null, 2)}\n`);
        return result;
      },
      {
        waitMs: LOCK_WAIT_MS,
        error: stateFileLockError(this.path),
      },
    );
  }

  private async read(): Promise<InvitationRecord[]> {
    let text: string;
    try {
      text = await readFile(this.path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw error;
    }
    const parsed = InvitationFileSchema.safeParse(JSON.parse(text));
    if (!parsed.success) throw new Error(`${this.path} non è un file di inviti valido: ${parsed.error.issues[0]?.message}`);
    return parsed.data.invitations;
  }
}

interface Change<T> {
  records: InvitationRecord[];
  result: T;
  /** Nothing to write. */
  unchanged?: boolean;
}

function revokePending(records: InvitationRecord[], email: string, now: Date): { records: InvitationRecord[]; revoked: boolean } {
  let revoked = false;
  const kept = records.map((record) => {
    if (record.email !== email || invitationState(record, now) !== "pending") return record;
    revoked = true;
    return { ...record, revokedAt: now.toISOString() };
  });
  return { records: kept, revoked };
}

/** The record whose hash is the presented one, comparing every stored hash in constant time. */
function findByHash(records: readonly InvitationRecord[], presented: Buffer): InvitationRecord | undefined {
  let match: InvitationRecord | undefined;
  for (const record of records) {
    if (timingSafeEqual(presented, Buffer.from(record.hash, "hex")) && match === undefined) match = record;
  }
  return match;
}

import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { DAY_MS, INVITATION_CODE } from "@rete-urp/shared";
import { z } from "zod";
import { importLegacyFile, type StateDatabase } from "../state/database.ts";
import { recordAccess } from "./access-log.ts";
import { issueToken, once, parseJson, removeTokens, withTokenTables } from "./tokens.ts";

/**
 * Invitations: how a referent gets their personal token without a terminal. A coordinator (or
 * `sheets-sync invite create`) makes one for an email of the roster; the referent pastes its link
 * in the extension's options, which redeems the code once for a token of their own.
 *
 * A code is 18 random bytes in base64url (24 characters, `INVITATION_CODE`); like the tokens,
 * only its SHA-256 is stored, in the state database, with the email, when it was made, when it
 * expires, and when it was used or revoked. One pending invitation per email: a new one revokes
 * the one before. Every change is one transaction of the database the CLI and the service share,
 * so `invite create` beside a running service, or two redeems of one code at once, never lose or
 * double anything. Each change is recorded in the access log (access-log.ts) in its own
 * transaction, with who made it: `by`, a coordinator's email or the CLI's name.
 */

export const DEFAULT_INVITATION_DAYS = 7;
export const MAX_INVITATION_DAYS = 90;
/**
 * Used, expired and revoked invitations are listed for this long after they ended, then forgotten:
 * at every change of the invitations, and by the service's hourly trim (state/retention.ts).
 */
export const KEEP_ENDED_DAYS = 90;
/** Where an earlier version kept the invitations, imported once into the database. */
const LEGACY_FILE = "invitations.json";

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
  | { outcome: "redeemed"; record: InvitationRecord; result: T; token: string }
  | { outcome: "unknown" }
  | { outcome: Exclude<InvitationState, "pending">; record: InvitationRecord };

/** What `revokeAccess` ended: the pending invitation, and how many tokens and feed keys. */
export interface AccessRevocation {
  invitation: boolean;
  tokens: number;
  feedKeys: number;
}

export class InvitationStore {
  constructor(readonly stateDir: string) {}

  static inStateDir(stateDir: string): InvitationStore {
    return new InvitationStore(stateDir);
  }

  /** Every invitation remembered, oldest first (no code: only hashes are stored). */
  async list(): Promise<InvitationRecord[]> {
    return withInvitations(this.stateDir, (database) => rows(database).map(({ id: _, ...record }) => record));
  }

  /** The pending invitation of each email at `now`, by email. */
  async pendingByEmail(now: Date): Promise<Map<string, InvitationRecord>> {
    const pending = new Map<string, InvitationRecord>();
    for (const record of await this.list()) if (invitationState(record, now) === "pending") pending.set(record.email, record);
    return pending;
  }

  /**
   * A new invitation for `email`, made by `by`, valid `days` days from `now`; the pending one it
   * replaces (if any) is revoked. Returns the code: the only time it is ever visible.
   */
  async create(
    email: string,
    now: Date,
    by: string,
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
    return this.change(now, (database) => {
      const replaced = revokePending(database, address, now);
      insert(database, record);
      if (replaced) recordAccess(database, now, { kind: "invitation_revoked", by, email: address });
      recordAccess(database, now, { kind: "invitation_created", by, email: address });
      return { code, record, replaced };
    });
  }

  /** `by` revokes the pending invitation of `email`; false when there was none. Its token, if any, stays. */
  async revoke(email: string, now: Date, by: string): Promise<boolean> {
    const address = email.trim().toLowerCase();
    return this.change(now, (database) => {
      const revoked = revokePending(database, address, now);
      if (revoked) recordAccess(database, now, { kind: "invitation_revoked", by, email: address });
      return revoked;
    });
  }

  /**
   * Ends everything that lets `email` in, in one transaction and in the order a redeem takes
   * them (invitation, then token): a redeem that races it either committed first, and its token
   * is deleted here, or finds the invitation revoked. Recorded as `by`'s when there was anything
   * to end.
   */
  async revokeAccess(email: string, now: Date, by: string): Promise<AccessRevocation> {
    const address = email.trim().toLowerCase();
    return this.change(now, (database) => {
      const revoked = {
        invitation: revokePending(database, address, now),
        tokens: removeTokens(database, "api_tokens", address),
        feedKeys: removeTokens(database, "feed_keys", address),
      };
      if (revoked.invitation || revoked.tokens > 0 || revoked.feedKeys > 0)
        recordAccess(database, now, { kind: "access_revoked", by, email: address });
      return revoked;
    });
  }

  /**
   * What the invitation of `code` is at `now`, or "unknown": for the page its link opens
   * (GET /invito/<code>). Only reads, by the code's hash, as `redeem` judges it: nothing is
   * written, not even the pruning of ended invitations, so opening a link changes nothing.
   */
  async stateOf(code: string, now: Date): Promise<InvitationState | "unknown"> {
    if (!INVITATION_CODE.test(code)) return "unknown";
    const presented = hashCode(code);
    return withInvitations(this.stateDir, (database) => judge(database, presented, now).outcome);
  }

  /**
   * Redeems `code` once, for a new personal token of its email. `grant` judges a pending
   * invitation first (it may throw to refuse, e.g. the referent is no longer active: then nothing
   * is written and the code stays pending); then one transaction judges it again, marks it used
   * and creates the token, so a revoke that landed meanwhile wins and no token outlives it. In one
   * process the redeems of a code take turns, so `grant` runs for the first only; across
   * processes the transaction alone decides: exactly one gets "redeemed". The access log records
   * the redeem in that transaction, as the invitee's: whoever pasted the link holds a token in
   * their name, and cannot be told apart (the code is a bearer secret).
   */
  async redeem<T>(code: string, now: Date, grant: (record: InvitationRecord) => Promise<T> | T): Promise<RedeemOutcome<T>> {
    if (!INVITATION_CODE.test(code)) return { outcome: "unknown" };
    const presented = hashCode(code);
    return withInvitations(this.stateDir, (database) =>
      inTurn(`${database.path}\n${presented.toString("hex")}`, async (): Promise<RedeemOutcome<T>> => {
        const judged = judge(database, presented, now);
        if (judged.outcome !== "pending") return judged;
        const result = await grant(judged.record);
        return database.transaction(() => {
          const again = judge(database, presented, now);
          if (again.outcome !== "pending") return again;
          const used = { ...again.record, usedAt: now.toISOString() };
          database.db.prepare("UPDATE invitations SET used_at = ? WHERE id = ?").run(used.usedAt, again.id);
          const token = issueToken(database, "api_tokens", used.email, now);
          recordAccess(database, now, { kind: "invitation_redeemed", by: used.email, email: used.email });
          return { outcome: "redeemed", record: used, result, token };
        });
      }),
    );
  }

  /** One transaction; invitations that ended more than KEEP_ENDED_DAYS ago are dropped on the way. */
  private async change<T>(now: Date, change: (database: StateDatabase) => T): Promise<T> {
    return withInvitations(this.stateDir, (database) =>
      database.transaction(() => {
        const result = change(database);
        const horizon = now.getTime() - KEEP_ENDED_DAYS * DAY_MS;
        const forget = database.db.prepare("DELETE FROM invitations WHERE id = ?");
        for (const { id, ...record } of rows(database))
          if (invitationState(record, now) !== "pending" && endedAt(record) < horizon) forget.run(id);
        return result;
      }),
    );
  }
}

type Row = InvitationRecord & { id: number };

function rows(database: StateDatabase): Row[] {
  return database.db
    .prepare("SELECT id, hash, email, created_at, expires_at, used_at, revoked_at FROM invitations ORDER BY id")
    .all()
    .map((row) => ({
      id: Number(row.id),
      hash: String(row.hash),
      email: String(row.email),
      createdAt: String(row.created_at),
      expiresAt: String(row.expires_at),
      usedAt: row.used_at === null ? null : String(row.used_at),
      revokedAt: row.revoked_at === null ? null : String(row.revoked_at),
    }));
}

/** `or` is "OR IGNORE" for an import: a hash listed twice (a hand-edited file) must not stop the rest. */
function insert(database: StateDatabase, record: InvitationRecord, or = ""): void {
  database.db
    .prepare(`INSERT ${or} INTO invitations (hash, email, created_at, expires_at, used_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?)`)
    .run(record.hash, record.email, record.createdAt, record.expiresAt, record.usedAt, record.revokedAt);
}

function revokePending(database: StateDatabase, email: string, now: Date): boolean {
  const revoke = database.db.prepare("UPDATE invitations SET revoked_at = ? WHERE id = ?");
  let revoked = false;
  for (const { id, ...record } of rows(database)) {
    if (record.email !== email || invitationState(record, now) !== "pending") continue;
    revoke.run(now.toISOString(), id);
    revoked = true;
  }
  return revoked;
}

/**
 * The invitation whose hash is the presented one, as it is at `now`, comparing every stored hash
 * in constant time.
 */
function judge(
  database: StateDatabase,
  presented: Buffer,
  now: Date,
): { outcome: "pending"; record: InvitationRecord; id: number } | Exclude<RedeemOutcome<never>, { outcome: "redeemed" }> {
  let match: Row | undefined;
  for (const row of rows(database)) {
    if (timingSafeEqual(presented, Buffer.from(row.hash, "hex")) && match === undefined) match = row;
  }
  if (!match) return { outcome: "unknown" };
  const { id, ...record } = match;
  const state = invitationState(record, now);
  return state === "pending" ? { outcome: state, record, id } : { outcome: state, record };
}

const turns = new Map<string, Promise<unknown>>();

/** Runs `run` after every earlier call with the same key, in this process, has ended. */
async function inTurn<T>(key: string, run: () => Promise<T>): Promise<T> {
  const mine = (turns.get(key) ?? Promise.resolve()).catch(() => {}).then(run);
  turns.set(key, mine);
  try {
    return await mine;
  } finally {
    if (turns.get(key) === mine) turns.delete(key);
  }
}

/** Runs `use` with the token tables and the invitations table made, the earlier version's files imported. */
function withInvitations<T>(stateDir: string, use: (database: StateDatabase) => T | Promise<T>): Promise<T> {
  return withTokenTables(stateDir, async (database) => {
    await once(prepared, database, () => prepareInvitations(database, stateDir));
    return use(database);
  });
}

const prepared = new WeakMap<StateDatabase, Promise<void>>();

async function prepareInvitations(database: StateDatabase, stateDir: string): Promise<void> {
  database.db.exec(`CREATE TABLE IF NOT EXISTS invitations (
    id INTEGER PRIMARY KEY,
    hash TEXT NOT NULL UNIQUE,
    email TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT,
    revoked_at TEXT
  )`);
  await importLegacyFile(
    database,
    stateDir,
    LEGACY_FILE,
    (text) => {
      const parsed = InvitationFileSchema.safeParse(parseJson(text));
      if (!parsed.success)
        throw new Error(`${join(stateDir, LEGACY_FILE)} non è un file di inviti valido: ${parsed.error.issues[0]?.message}`);
      for (const record of parsed.data.invitations) insert(database, record, "OR IGNORE");
    },
    (path) => readFile(path, "utf8"),
  );
}

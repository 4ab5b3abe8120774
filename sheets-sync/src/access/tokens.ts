import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { importLegacyFile, StateDatabase } from "../state/database.ts";
import { recordAccess } from "./access-log.ts";

/**
 * Personal tokens, one per referent, and calendar feed keys: 256 random bits, shown once, kept
 * only as a SHA-256 hash in the state database. Every check reads its table (a few dozen rows,
 * no copy kept in memory), so what `token create` or `token revoke` did in another process holds
 * in the running service as soon as the command answers.
 *
 * A personal token made or revoked with `by` (the CLI's commands pass it) is recorded in the
 * access log (access-log.ts) in the same transaction. The service itself never makes one but
 * through a redeemed invitation, nor revokes one but with a person's access, both recorded in
 * invitations.ts; calendar feed keys are not access to the API and are not recorded.
 */

export interface TokenRecord {
  email: string;
  hash: string;
  createdAt: string;
}

/**
 * Two tables, not a column: a feed URL ends up in calendar apps and their sync logs, so revoking
 * one kind never touches the other. `file` is where an earlier version kept the same records.
 */
export type TokenTable = "api_tokens" | "feed_keys";
const TABLES: Record<TokenTable, { prefix: string; file: string }> = {
  api_tokens: { prefix: "urp_", file: "tokens.json" },
  feed_keys: { prefix: "cal_", file: "feed-keys.json" },
};

const LegacyFile = z.object({
  tokens: z.array(z.object({ email: z.string(), hash: z.string().regex(/^[0-9a-f]{64}$/), createdAt: z.string() })),
});

const hashToken = (token: string) => createHash("sha256").update(token, "utf8").digest();

export class TokenStore {
  private constructor(
    readonly stateDir: string,
    private readonly table: TokenTable,
  ) {}

  /** The personal API tokens of the referents. */
  static inStateDir(stateDir: string): TokenStore {
    return new TokenStore(stateDir, "api_tokens");
  }

  /** Calendar feed keys. */
  static feedKeys(stateDir: string): TokenStore {
    return new TokenStore(stateDir, "feed_keys");
  }

  async list(): Promise<TokenRecord[]> {
    return withTokenTables(this.stateDir, (database) => tokenRows(database, this.table));
  }

  /**
   * Creates a token for `email` and returns it: the only time it is ever visible. With `by` (who
   * made it: the CLI's name), a personal token is recorded in the access log.
   */
  async create(email: string, now: Date, by?: string): Promise<string> {
    return withTokenTables(this.stateDir, (database) =>
      database.transaction(() => {
        const token = issueToken(database, this.table, email, now);
        if (by !== undefined && this.table === "api_tokens") recordAccess(database, now, { kind: "token_created", by, email });
        return token;
      }),
    );
  }

  /**
   * Removes every token of `email`; returns how many. With `logged` (who, and the clock's now), a
   * revocation of personal tokens that removed any is recorded in the access log.
   */
  async revoke(email: string, logged?: { by: string; now: Date }): Promise<number> {
    return withTokenTables(this.stateDir, (database) =>
      database.transaction(() => {
        const removed = removeTokens(database, this.table, email);
        if (logged && removed > 0 && this.table === "api_tokens")
          recordAccess(database, logged.now, { kind: "token_revoked", by: logged.by, email });
        return removed;
      }),
    );
  }

  /** Revokes every token of `email` and creates a new one, in one transaction: a feed key's "new address". */
  async rotate(email: string, now: Date): Promise<string> {
    return withTokenTables(this.stateDir, (database) =>
      database.transaction(() => {
        removeTokens(database, this.table, email);
        return issueToken(database, this.table, email, now);
      }),
    );
  }

  /** The email a token belongs to, or undefined. Compares every stored hash in constant time. */
  async verify(token: string): Promise<string | undefined> {
    const presented = hashToken(token);
    const records = await withTokenTables(this.stateDir, (database) => tokenRows(database, this.table));
    let match: string | undefined;
    for (const { email, hash } of records) {
      if (timingSafeEqual(presented, Buffer.from(hash, "hex")) && match === undefined) match = email;
    }
    return match;
  }
}

/** A new token of `email` in `table`, inside the caller's transaction (a redeemed invitation's is in the redeem's). */
export function issueToken(database: StateDatabase, table: TokenTable, email: string, now: Date): string {
  const token = `${TABLES[table].prefix}${randomBytes(32).toString("base64url")}`;
  database.db
    .prepare(`INSERT INTO ${table} (hash, email, created_at) VALUES (?, ?, ?)`)
    .run(hashToken(token).toString("hex"), email.toLowerCase(), now.toISOString());
  return token;
}

/** Deletes every token of `email` in `table`, inside the caller's transaction; returns how many. */
export function removeTokens(database: StateDatabase, table: TokenTable, email: string): number {
  return Number(database.db.prepare(`DELETE FROM ${table} WHERE email = ?`).run(email.toLowerCase()).changes);
}

function tokenRows(database: StateDatabase, table: TokenTable): TokenRecord[] {
  return database.db
    .prepare(`SELECT email, hash, created_at FROM ${table} ORDER BY id`)
    .all()
    .map((row) => ({ email: String(row.email), hash: String(row.hash), createdAt: String(row.created_at) }));
}

/**
 * Runs `use` on the state database with the token tables made and the files of an earlier
 * version imported. The connection is held for this call only: the CLI exits right after, and the
 * service's other state keeps it open anyway, so closing costs nothing there.
 */
export async function withTokenTables<T>(stateDir: string, use: (database: StateDatabase) => T | Promise<T>): Promise<T> {
  await mkdir(stateDir, { recursive: true });
  const database = StateDatabase.openIn(stateDir);
  try {
    await once(prepared, database, () => prepareTokenTables(database, stateDir));
    return await use(database);
  } finally {
    database.close();
  }
}

const prepared = new WeakMap<StateDatabase, Promise<void>>();

/**
 * `prepare` run once per open connection, shared by the calls that arrive meanwhile: two imports
 * of one file at once would both try to rename it. Forgotten on failure, so the next call retries.
 */
export async function once(memo: WeakMap<StateDatabase, Promise<void>>, database: StateDatabase, prepare: () => Promise<void>) {
  let running = memo.get(database);
  if (!running) {
    running = prepare();
    memo.set(database, running);
    running.catch(() => memo.delete(database));
  }
  return running;
}

async function prepareTokenTables(database: StateDatabase, stateDir: string): Promise<void> {
  for (const [table, { file }] of Object.entries(TABLES)) {
    // An explicit id: list() shows the order of creation, which a VACUUM could renumber in a bare rowid.
    database.db.exec(
      `CREATE TABLE IF NOT EXISTS ${table} (id INTEGER PRIMARY KEY, hash TEXT NOT NULL UNIQUE, email TEXT NOT NULL, created_at TEXT NOT NULL)`,
    );
    await importLegacyFile(
      database,
      stateDir,
      file,
      (text) => {
        const parsed = LegacyFile.safeParse(parseJson(text));
        if (!parsed.success) throw new Error(`${join(stateDir, file)} non è un file di token valido: ${parsed.error.issues[0]?.message}`);
        // OR IGNORE: a hash listed twice (a hand-edited file) is the same token, not a reason to refuse the rest.
        const insert = database.db.prepare(`INSERT OR IGNORE INTO ${table} (hash, email, created_at) VALUES (?, ?, ?)`);
        for (const record of parsed.data.tokens) insert.run(record.hash, record.email.toLowerCase(), record.createdAt);
      },
      (path) => readFile(path, "utf8"),
    );
  }
}

/** JSON text, or undefined when it is not JSON: the schema then names the file as not valid. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

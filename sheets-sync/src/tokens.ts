import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { mkdir, readFile, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { z } from "zod";
import { stateFileLockError } from "./state-file-lock.ts";
import { writeFileAtomic } from "./stores/atomic-file.ts";
import { withFileLock } from "./stores/file-lock.ts";

/**
 * Personal tokens, one per referent: 256 random bits, shown once, stored only as a SHA-256
 * hash in the state dir. The service re-reads the file when it changes, so `token create` and
 * `token revoke` take effect on a running service within a second.
 */

const TokenRecord = z.object({ email: z.string(), hash: z.string().regex(/^[0-9a-f]{64}$/), createdAt: z.string() });
const TokenFile = z.object({ tokens: z.array(TokenRecord) });
export type TokenRecord = z.infer<typeof TokenRecord>;

/** Waits up to a minute for another process's write (each holds the lock for milliseconds). */
const LOCK_WAIT_MS = 60_000;

const hashToken = (token: string) => createHash("sha256").update(token, "utf8").digest();

export class TokenStore {
  private records: TokenRecord[] = [];
  private hashes: { email: string; hash: Buffer }[] = [];
  /** inode, size and mtime of the file as last read: every save is a new file (an atomic rename). */
  private loadedStamp = "";
  private checkedAt = 0;
  private reloading: Promise<void> | undefined;

  constructor(
    readonly path: string,
    private readonly prefix = "urp_",
  ) {}

  /** The personal API tokens of the referents. */
  static inStateDir(stateDir: string): TokenStore {
    return new TokenStore(join(stateDir, "tokens.json"));
  }

  /**
   * Calendar feed keys: separate from the API tokens (a feed URL ends up in calendar apps and
   * their sync logs), so revoking one never touches the other.
   */
  static feedKeys(stateDir: string): TokenStore {
    return new TokenStore(join(stateDir, "feed-keys.json"), "cal_");
  }

  async list(): Promise<TokenRecord[]> {
    await this.reload(true);
    return [...this.records];
  }

  /** Creates a token for `email` and returns it: the only time it is ever visible. */
  async create(email: string, now: Date): Promise<string> {
    return this.update((records) => {
      const { token, record } = this.newToken(email, now);
      return { records: [...records, record], result: token };
    });
  }

  /** Removes every token of `email`; returns how many. */
  async revoke(email: string): Promise<number> {
    return this.update((records) => {
      const kept = records.filter((record) => record.email !== email.toLowerCase());
      return { records: kept, result: records.length - kept.length };
    });
  }

  /** Revokes every token of `email` and creates a new one, in one step: a feed key's "new address". */
  async rotate(email: string, now: Date): Promise<string> {
    return this.update((records) => {
      const { token, record } = this.newToken(email, now);
      return { records: [...records.filter((r) => r.email !== email.toLowerCase()), record], result: token };
    });
  }

  private newToken(email: string, now: Date): { token: string; record: TokenRecord } {
    const token = `${this.prefix}${randomBytes(32).toString("base64url")}`;
    return { token, record: { email: email.toLowerCase(), hash: hashToken(token).toString("hex"), createdAt: now.toISOString() } };
  }

  /**
   * Read-modify-write under a lock that every process honours (`tokens.json.lock`, a directory,
   * the file lock of stores/file-lock.ts): the CLI's `token create` and the service's new feed
   * keys, or two CLIs at once, each re-read the file inside the lock, so none loses what another
   * just wrote.
   */
  private async update<T>(change: (records: TokenRecord[]) => { records: TokenRecord[]; result: T }): Promise<T> {
    await mkdir(dirname(this.path), { recursive: true });
    return withFileLock(
      this.path,
      async (lock) => {
        const current = await this.readRecords();
        const { records, result } = change(current.records);
        // Held for milliseconds; a process stalled past the lock's staleness must not save over a newer file.
        lock.assertHeld();
        await writeFileAtomic(this.path, `${JSON.stringify({ tokens: records }, null, 2)}\n`);
        this.use(records, stampOf(await stat(this.path)));
        return result;
      },
      {
        waitMs: LOCK_WAIT_MS,
        error: stateFileLockError(this.path),
      },
    );
  }

  /** The email a token belongs to, or undefined. Compares every stored hash in constant time. */
  async verify(token: string): Promise<string | undefined> {
    await this.reload(false);
    const presented = hashToken(token);
    // A token the CLI (or a redeemed invitation in another process) made a moment ago is not in
    // the copy checked under a second ago: on a miss the file is looked at again (one stat; the
    // bad-token limiter bounds how often a stranger can cause it), so a new token works at once.
    const known = this.match(presented);
    if (known !== undefined) return known;
    await this.reload(true);
    return this.match(presented);
  }

  private match(presented: Buffer): string | undefined {
    let match: string | undefined;
    for (const { email, hash } of this.hashes) {
      if (timingSafeEqual(presented, hash) && match === undefined) match = email;
    }
    return match;
  }

  /**
   * Re-reads the file when its mtime changed; at most once a second unless forced. Concurrent
   * callers share one reload: a burst of requests at start must all wait for the first load.
   */
  private async reload(force: boolean): Promise<void> {
    if (this.reloading) return this.reloading;
    const now = Date.now();
    if (!force && now - this.checkedAt < 1000) return;
    this.checkedAt = now;
    this.reloading = this.readFile().finally(() => {
      this.reloading = undefined;
    });
    return this.reloading;
  }

  private async readFile(): Promise<void> {
    const { records, stamp } = await this.readRecords(this.loadedStamp);
    if (stamp !== this.loadedStamp || stamp === "") this.use(records, stamp);
  }

  /** The file's records and stamp; no records for a missing file; not re-read when the stamp is `unchanged`. */
  private async readRecords(unchanged?: string): Promise<{ records: TokenRecord[]; stamp: string }> {
    let stamp: string;
    try {
      stamp = stampOf(await stat(this.path));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return { records: [], stamp: "" };
      throw error;
    }
    if (stamp === unchanged) return { records: this.records, stamp };
    const parsed = TokenFile.safeParse(JSON.parse(await readFile(this.path, "utf8")));
    if (!parsed.success) throw new Error(`${this.path} non è un file di token valido: ${parsed.error.issues[0]?.message}`);
    return { records: parsed.data.tokens, stamp };
  }

  private use(records: TokenRecord[], stamp: string): void {
    this.records = records;
    this.hashes = records.map((record) => ({ email: record.email, hash: Buffer.from(record.hash, "hex") }));
    this.loadedStamp = stamp;
  }
}

const stampOf = (stats: { ino: number; size: number; mtimeMs: number }) => `${stats.ino}:${stats.size}:${stats.mtimeMs}`;

import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { mkdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { writeFileAtomic } from "./stores/atomic-file.ts";

/**
 * Personal tokens, one per referent: 256 random bits, shown once, stored only as a SHA-256
 * hash in the state dir. The service re-reads the file when it changes, so `token create` and
 * `token revoke` take effect on a running service within a second.
 */

const TokenRecord = z.object({ email: z.string(), hash: z.string().regex(/^[0-9a-f]{64}$/), createdAt: z.string() });
const TokenFile = z.object({ tokens: z.array(TokenRecord) });
export type TokenRecord = z.infer<typeof TokenRecord>;

const hashToken = (token: string) => createHash("sha256").update(token, "utf8").digest();

export class TokenStore {
  private records: TokenRecord[] = [];
  private hashes: { email: string; hash: Buffer }[] = [];
  private loadedMtime = -1;
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
    await this.reload(true);
    const token = `${this.prefix}${randomBytes(32).toString("base64url")}`;
    this.records.push({ email: email.toLowerCase(), hash: hashToken(token).toString("hex"), createdAt: now.toISOString() });
    await this.save();
    return token;
  }

  /** Removes every token of `email`; returns how many. */
  async revoke(email: string): Promise<number> {
    await this.reload(true);
    const before = this.records.length;
    this.records = this.records.filter((record) => record.email !== email.toLowerCase());
    await this.save();
    return before - this.records.length;
  }

  /** The email a token belongs to, or undefined. Compares every stored hash in constant time. */
  async verify(token: string): Promise<string | undefined> {
    await this.reload(false);
    const presented = hashToken(token);
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
    let mtime: number;
    try {
      mtime = (await stat(this.path)).mtimeMs;
    } catch {
      this.records = [];
      this.hashes = [];
      this.loadedMtime = -1;
      return;
    }
    if (mtime === this.loadedMtime) return;
    const parsed = TokenFile.safeParse(JSON.parse(await readFile(this.path, "utf8")));
    if (!parsed.success) throw new Error(`${this.path} non è un file di token valido: ${parsed.error.issues[0]?.message}`);
    this.records = parsed.data.tokens;
    this.hashes = this.records.map((record) => ({ email: record.email, hash: Buffer.from(record.hash, "hex") }));
    this.loadedMtime = mtime;
  }

  private async save(): Promise<void> {
    await mkdir(join(this.path, ".."), { recursive: true });
    await writeFileAtomic(this.path, `${JSON.stringify({ tokens: this.records }, null, 2)}\n`);
    this.hashes = this.records.map((record) => ({ email: record.email, hash: Buffer.from(record.hash, "hex") }));
    this.loadedMtime = (await stat(this.path)).mtimeMs;
  }
}

import { randomBytes } from "node:crypto";
import type { Stats } from "node:fs";
import { type FileHandle, lstat, open, readdir, readlink, realpath, rename, stat, unlink } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";

export interface AtomicWriteOptions {
  /**
   * Runs after the new content is on disk in the temp file and just before it replaces the
   * target; throwing here leaves the target untouched (and the temp file is removed).
   */
  beforeReplace?: () => Promise<void>;
}

/**
 * Replaces a file so that a crash at any moment leaves either the old content or the new one,
 * never a torn file: write a temp file beside it, fsync, rename over, fsync the directory.
 *
 * The replaced file stays the same file for its users: a symlink is followed and its target is
 * replaced (the link stays a link), and the new content keeps the old file's mode, owner and
 * group. A brand-new file is private (0600): these files hold personal data and tokens.
 * Whatever fails, the temp file is removed.
 */
export async function writeFileAtomic(path: string, data: Uint8Array | string, options: AtomicWriteOptions = {}): Promise<void> {
  const target = await resolveWriteTarget(path);
  const existing = await statIfExists(target);
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
  let handle: FileHandle | undefined;
  try {
    handle = await open(temp, "wx", 0o600);
    await handle.writeFile(data);
    if (existing) await keepIdentity(handle, existing);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await options.beforeReplace?.();
    await rename(temp, target);
  } catch (error) {
    await handle?.close().catch(() => {});
    await unlink(temp).catch(() => {});
    throw error;
  }
  await fsyncDirectory(dirname(target));
}

/**
 * The file a write to `path` must replace: the end of its symlink chain, even when that target
 * does not exist yet; `path` itself when it is not a link.
 */
export async function resolveWriteTarget(path: string): Promise<string> {
  let current = resolve(path);
  for (let hops = 0; hops < 40; hops++) {
    try {
      return await realpath(current);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
    // Missing: either a new file, or a dangling link whose target is still to be created.
    const info = await lstat(current).catch(() => undefined);
    if (!info?.isSymbolicLink()) return current;
    current = resolve(dirname(current), await readlink(current));
  }
  return current;
}

/** The temp files writeFileAtomic makes for `target`: `.<name>.<anything>.tmp` beside it. */
export function isTempFileOf(target: string, candidate: string): boolean {
  const prefix = `.${basename(target)}.`;
  return candidate.startsWith(prefix) && candidate.endsWith(".tmp") && candidate.length > prefix.length + ".tmp".length;
}

/**
 * Removes the temp files a crashed or failed write left beside `path`'s target. Only safe while
 * no write of that file can be running: the caller holds the file's write lock.
 */
export async function removeStaleTempFiles(path: string): Promise<string[]> {
  const target = await resolveWriteTarget(path);
  const dir = dirname(target);
  const names = await readdir(dir).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names) {
    if (!isTempFileOf(target, name)) continue;
    try {
      await unlink(join(dir, name));
      removed.push(name);
    } catch {
      // Gone already, or not ours to remove: nothing to clean.
    }
  }
  return removed;
}

export async function fsyncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, "r");
  try {
    await handle.sync();
  } catch {
    // Some filesystems refuse fsync on a directory; the rename is still atomic there.
  } finally {
    await handle.close();
  }
}

async function statIfExists(path: string): Promise<Stats | undefined> {
  try {
    return await stat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/**
 * Gives the temp file the replaced file's owner, group and mode. Owner first: chown may clear
 * setuid/setgid bits, chmod then puts the mode back exactly. A process that may not give the
 * file away (not root) still keeps the group when it belongs to it, and otherwise the file
 * becomes its own with the old mode, as any editor's save would.
 */
async function keepIdentity(handle: FileHandle, existing: Stats): Promise<void> {
  const mine = await handle.stat();
  if (mine.uid !== existing.uid || mine.gid !== existing.gid) {
    try {
      await handle.chown(existing.uid, existing.gid);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EPERM") throw error;
      await handle.chown(-1, existing.gid).catch(() => {});
    }
  }
  await handle.chmod(existing.mode & 0o7777);
}

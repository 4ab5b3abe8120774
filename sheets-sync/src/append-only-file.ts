import { type FileHandle, open } from "node:fs/promises";

/**
 * A file that only grows by whole, fsynced chunks of lines (the journal, the dead letters, the
 * workbook ledger).
 * Either an append is entirely on disk when `append` resolves, or the file is cut back to where
 * it was and `append` throws: a full disk, an I/O error, a short write or a failed fsync never
 * leave half a line for the next one to be glued onto.
 */

/** The part of a `FileHandle` an append-only file uses; tests inject one that fails. */
export interface AppendHandle {
  write(data: Uint8Array): Promise<{ bytesWritten: number }>;
  datasync(): Promise<void>;
  truncate(length: number): Promise<void>;
  stat(): Promise<{ size: number }>;
  close(): Promise<void>;
}

/** Opens `path` for appending (created when missing). */
export type OpenAppendFile = (path: string) => Promise<AppendHandle>;

export const openForAppend: OpenAppendFile = (path) => open(path, "a", 0o600);

export type DiskWriteFailure = "no_space" | "io" | "short_write" | "sync" | "closed";

/** An append that is not on disk: nothing of it is, and whoever waited for it must be told. */
export class DiskWriteError extends Error {
  constructor(
    readonly failure: DiskWriteFailure,
    readonly path: string,
    options?: { cause?: unknown },
  ) {
    super(`${path}: ${failure}${options?.cause instanceof Error ? ` (${options.cause.message})` : ""}`, options);
    this.name = "DiskWriteError";
  }
}

/** What an errno from a write means for whoever waits on it. */
export function diskFailureOf(error: unknown): DiskWriteFailure {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === "ENOSPC" || code === "EDQUOT" || code === "EFBIG" ? "no_space" : "io";
}

/** Cuts a file back to `length` in place (no free space needed) and makes that durable. */
export async function truncateFile(path: string, length: number): Promise<void> {
  const handle = await open(path, "r+");
  try {
    await handle.truncate(length);
    await handle.datasync();
  } finally {
    await handle.close();
  }
}

/**
 * Cuts off what follows the file's last newline (a line a crash or a full disk interrupted,
 * never acknowledged to anyone), in place, so the next append starts on a line of its own.
 * Returns the bytes cut; a missing file has none. Only for a writer that holds the file alone.
 */
export async function cutTornTail(path: string): Promise<number> {
  let handle: FileHandle;
  try {
    handle = await open(path, "r+");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return 0;
    throw error;
  }
  try {
    const size = (await handle.stat()).size;
    // Backwards from the end, a chunk at a time: lines are short, the file may not be.
    const chunk = Buffer.alloc(4096);
    let end = size;
    while (end > 0) {
      const start = Math.max(0, end - chunk.length);
      const { bytesRead } = await handle.read(chunk, 0, end - start, start);
      const newline = chunk.subarray(0, bytesRead).lastIndexOf(0x0a);
      if (newline >= 0) {
        end = start + newline + 1;
        break;
      }
      end = start;
    }
    if (end === size) return 0;
    await handle.truncate(end);
    await handle.datasync();
    return size - end;
  } finally {
    await handle.close();
  }
}

export class AppendOnlyFile {
  private queue: Promise<unknown> = Promise.resolve();
  /** Set when cutting a failed append back did not work either: repaired before the next one. */
  private damaged = false;

  private constructor(
    readonly path: string,
    private handle: AppendHandle | undefined,
    /** Where the last durable append ended: everything after it is a failed one. */
    private goodLength: number,
  ) {}

  static async open(path: string, openFile: OpenAppendFile = openForAppend): Promise<AppendOnlyFile> {
    const handle = await openFile(path);
    try {
      return new AppendOnlyFile(path, handle, (await handle.stat()).size);
    } catch (error) {
      await handle.close().catch(() => {});
      throw error;
    }
  }

  /** Bytes durably in the file. */
  get length(): number {
    return this.goodLength;
  }

  /** Appends `data` (whole lines) durably, or leaves the file as it was and throws a DiskWriteError. */
  append(data: Uint8Array): Promise<void> {
    const result = this.queue.then(() => this.appendNow(data));
    this.queue = result.catch(() => {});
    return result;
  }

  async close(): Promise<void> {
    await this.queue;
    const handle = this.handle;
    this.handle = undefined;
    await handle?.close();
  }

  private async appendNow(data: Uint8Array): Promise<void> {
    const handle = this.handle;
    if (!handle) throw new DiskWriteError("closed", this.path);
    if (this.damaged) await this.cutBack(handle, true);
    let written: number;
    try {
      ({ bytesWritten: written } = await handle.write(data));
    } catch (error) {
      await this.cutBack(handle);
      throw new DiskWriteError(diskFailureOf(error), this.path, { cause: error });
    }
    // Node writes once: fewer bytes than asked means the disk filled up mid-line. A partial
    // line is never completed later, since the rest may never fit: it is cut off and refused.
    if (written !== data.byteLength) {
      await this.cutBack(handle);
      throw new DiskWriteError("short_write", this.path, {
        cause: new Error(`scritti ${written} byte su ${data.byteLength}`),
      });
    }
    try {
      await handle.datasync();
    } catch (error) {
      // After a failed fsync the kernel may have dropped the pages: what is on disk is
      // unknown, so the append is refused and cut off, and its callers answer 503.
      await this.cutBack(handle);
      throw new DiskWriteError(diskFailureOf(error) === "no_space" ? "no_space" : "sync", this.path, { cause: error });
    }
    this.goodLength += data.byteLength;
  }

  /**
   * Truncates back to the last durable append (ftruncate needs no free space). When even that
   * fails the file stays marked damaged and the next append repairs it first, or fails.
   */
  private async cutBack(handle: AppendHandle, mustSucceed = false): Promise<void> {
    try {
      await handle.truncate(this.goodLength);
      await handle.datasync();
      this.damaged = false;
    } catch (error) {
      this.damaged = true;
      if (mustSucceed) throw new DiskWriteError(diskFailureOf(error), this.path, { cause: error });
    }
  }
}

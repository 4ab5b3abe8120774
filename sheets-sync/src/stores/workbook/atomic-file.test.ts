import { chmod, chown, lstat, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { isTempFileOf, removeStaleTempFiles, resolveWriteTarget, writeFileAtomic } from "./atomic-file.ts";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "atomic-file-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const isRoot = process.getuid?.() === 0;

describe("writeFileAtomic keeps the file the same file", () => {
  test("mode 0664 stays 0664 (and 0640 stays 0640), whatever the umask", async () => {
    const path = join(dir, "rete-urp.xlsx");
    for (const mode of [0o664, 0o640]) {
      await writeFile(path, "old");
      await chmod(path, mode);
      await writeFileAtomic(path, "new");
      expect((await stat(path)).mode & 0o7777).toBe(mode);
      expect(await readFile(path, "utf8")).toBe("new");
    }
  });

  test("a new file is private: 0600", async () => {
    const path = join(dir, "nuovo.json");
    await writeFileAtomic(path, "{}");
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  test.runIf(isRoot)("owner and group are kept (chown to another user: as root only, as npm test says for a normal user)", async () => {
    const path = join(dir, "rete-urp.xlsx");
    await writeFile(path, "old");
    await chown(path, 1234, 2345);
    await writeFileAtomic(path, "new");
    const info = await stat(path);
    expect([info.uid, info.gid]).toEqual([1234, 2345]);
  });

  test("through a symlink the target is replaced and the link stays a link", async () => {
    const target = join(dir, "condivisa", "rete-urp.xlsx");
    await mkdir(join(dir, "condivisa"));
    await writeFile(target, "old");
    const link = join(dir, "link.xlsx");
    await symlink(target, link);
    await writeFileAtomic(link, "new");
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(await readFile(target, "utf8")).toBe("new");
    // The temp file was made beside the target, not beside the link, and is gone.
    expect(await readdir(join(dir, "condivisa"))).toEqual(["rete-urp.xlsx"]);
  });

  test("a dangling symlink gets its target created", async () => {
    const link = join(dir, "link.xlsx");
    await symlink("vero.xlsx", link);
    expect(await resolveWriteTarget(link)).toBe(join(dir, "vero.xlsx"));
    await writeFileAtomic(link, "new");
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(await readFile(join(dir, "vero.xlsx"), "utf8")).toBe("new");
  });
});

describe("temp files", () => {
  test("a failure between the temp write and the rename leaves the old file and no temp file", async () => {
    const path = join(dir, "rete-urp.xlsx");
    await writeFile(path, "old");
    let seenTemp: string[] = [];
    const failure = writeFileAtomic(path, "new", {
      beforeReplace: async () => {
        seenTemp = (await readdir(dir)).filter((name) => isTempFileOf(path, name));
        throw new Error("disco pieno");
      },
    });
    await expect(failure).rejects.toThrow("disco pieno");
    expect(seenTemp).toHaveLength(1);
    expect(await readdir(dir)).toEqual(["rete-urp.xlsx"]);
    expect(await readFile(path, "utf8")).toBe("old");
  });

  test("a failed write (the target is a directory) leaves no temp file", async () => {
    const path = join(dir, "cartella");
    await mkdir(path);
    await writeFile(join(path, "x"), "");
    await expect(writeFileAtomic(path, "new")).rejects.toThrow();
    expect((await readdir(dir)).sort()).toEqual(["cartella"]);
  });

  test("removeStaleTempFiles removes this file's temp files only", async () => {
    const path = join(dir, "rete-urp.xlsx");
    await writeFile(path, "x");
    const stale = [".rete-urp.xlsx.123.1700000000000.tmp", ".rete-urp.xlsx.456.a1b2c3.tmp"];
    const others = [".altro.xlsx.1.2.tmp", "rete-urp.xlsx.tmp", ".rete-urp.xlsx.sheets-sync.lock", ".~lock.rete-urp.xlsx#"];
    for (const name of [...stale, ...others]) await writeFile(join(dir, name), "");
    expect((await removeStaleTempFiles(path)).sort()).toEqual(stale.sort());
    expect((await readdir(dir)).sort()).toEqual(["rete-urp.xlsx", ...others].sort());
  });
});

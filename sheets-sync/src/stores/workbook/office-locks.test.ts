import { mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { findOfficeLock, officeLockNames, workbookLockedError } from "./office-locks.ts";

describe("officeLockNames", () => {
  const names = (file: string) => officeLockNames(file).map((entry) => entry.name);

  test("LibreOffice: .~lock.<name>#", () => {
    expect(names("rete-urp.xlsx")).toContain(".~lock.rete-urp.xlsx#");
  });

  test("Excel keeps the whole name after ~$, however long", () => {
    expect(names("rete-urp.xlsx")).toContain("~$rete-urp.xlsx");
    expect(names("Rete URP coordinamento 2027.xlsx")).toContain("~$Rete URP coordinamento 2027.xlsx");
    expect(names("1.xlsx")).toEqual([".~lock.1.xlsx#", "~$1.xlsx"]);
  });

  test("Word's shortened owner file: two characters dropped from 8, one at 7, none below", () => {
    expect(names("12345678.xlsx")).toContain("~$345678.xlsx");
    expect(names("rete-urp.xlsx")).toContain("~$te-urp.xlsx");
    expect(names("1234567.xlsx")).toEqual([".~lock.1234567.xlsx#", "~$1234567.xlsx", "~$234567.xlsx"]);
    expect(names("123456.xlsx")).toEqual([".~lock.123456.xlsx#", "~$123456.xlsx"]);
  });
});

describe("findOfficeLock", () => {
  let dir: string;
  let workbook: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "office-locks-"));
    workbook = join(dir, "rete-urp.xlsx");
    await writeFile(workbook, "");
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  test("nothing beside the workbook: no lock; files of other workbooks do not count", async () => {
    await writeFile(join(dir, "~$altro.xlsx"), "");
    await writeFile(join(dir, ".~lock.altro.xlsx#"), "");
    await writeFile(join(dir, "rete-urp.xlsx.bak"), "");
    expect(await findOfficeLock([workbook])).toBeUndefined();
  });

  test.each([
    [".~lock.rete-urp.xlsx#", "LibreOffice"],
    ["~$rete-urp.xlsx", "Microsoft Office"],
    ["~$te-urp.xlsx", "Microsoft Office"],
    ["~$RETE-URP.XLSX", "Microsoft Office"],
    [".~lock.Rete-URP.xlsx#", "LibreOffice"],
  ])("%s is found, as %s", async (name, program) => {
    await writeFile(join(dir, name), "");
    expect(await findOfficeLock([workbook])).toEqual({ path: join(dir, name), program });
  });

  test("a lock beside a symlink's target or beside the link both count", async () => {
    const elsewhere = await mkdtemp(join(tmpdir(), "office-locks-target-"));
    try {
      const link = join(elsewhere, "link.xlsx");
      await symlink(workbook, link);
      await writeFile(join(dir, "~$rete-urp.xlsx"), "");
      expect((await findOfficeLock([link, workbook]))?.path).toBe(join(dir, "~$rete-urp.xlsx"));
      await rm(join(dir, "~$rete-urp.xlsx"));
      await writeFile(join(elsewhere, ".~lock.link.xlsx#"), "");
      expect((await findOfficeLock([link, workbook]))?.path).toBe(join(elsewhere, ".~lock.link.xlsx#"));
    } finally {
      await rm(elsewhere, { recursive: true, force: true });
    }
  });

  test("the error is retryable and names the program and the lock file", () => {
    const error = workbookLockedError(workbook, { path: join(dir, "~$rete-urp.xlsx"), program: "Microsoft Office" });
    expect(error).toMatchObject({ code: "workbook_locked", retryable: true });
    expect(error.message).toContain("Microsoft Office");
    expect(error.message).toContain("~$rete-urp.xlsx");
  });
});

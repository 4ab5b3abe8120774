/// <reference types="node" />
// Node types for this test only (it reads the sources); the extension itself runs in a browser.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { z } from "./zod";

/** Every `z.<builder>` written in shared/ and the extension, types (z.infer, z.ZodType) aside. */
function buildersUsed(): Set<string> {
  const roots = [join(import.meta.dirname, "../../../shared/src"), join(import.meta.dirname, "..")];
  const used = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) && !path.includes("vendor")) {
        for (const match of readFileSync(path, "utf8").matchAll(/\bz\.([a-z]\w*)(?:\.([a-z]\w*))?\(/g)) {
          used.add(match[1] === "iso" ? `iso.${match[2]}` : match[1]!);
        }
      }
    }
  };
  roots.forEach(walk);
  return used;
}

test("the bundle's zod shim has every builder the code calls", () => {
  const missing = [...buildersUsed()].filter((name) => {
    const [head, tail] = name.split(".") as [string, string | undefined];
    const value = (z as Record<string, unknown>)[head];
    return tail ? typeof (value as Record<string, unknown> | undefined)?.[tail] !== "function" : typeof value !== "function";
  });
  expect(missing, "add these to extension/src/vendor/zod.ts").toEqual([]);
});

import { describe, expect, test } from "vitest";
import { stripUnholdableChars } from "./text.ts";

describe("stripUnholdableChars", () => {
  test("removes U+FFFE, U+FFFF, lone surrogates and C0 controls other than tab and line feed", () => {
    expect(stripUnholdableChars("a\uFFFFb\uFFFEc")).toBe("abc");
    expect(stripUnholdableChars("x\uD800y\uDC00z")).toBe("xyz");
    expect(stripUnholdableChars("end\uD83D")).toBe("end");
    expect(stripUnholdableChars("\u0000\u0007\u000B\u000C\r\u001Fok")).toBe("ok");
  });

  test("keeps tab, line feed, surrogate pairs and every other character", () => {
    const kept = "tab\there\nnew line 😀 è € \u00A0 \u007F \uFFFD \uFDD0 \u{10FFFD}";
    expect(stripUnholdableChars(kept)).toBe(kept);
  });
});

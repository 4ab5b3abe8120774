import { readFileSync } from "node:fs";
import { expect, test } from "vitest";

/**
 * The palette of base.css, read from the stylesheet itself, in both schemes: the edge of every
 * control (text fields, secondary buttons, chips, the attendance answers, the add panel's radio
 * cards, the selected tab) must stand out at least 3:1 from what is inside it and around it
 * (WCAG 1.4.11), computed as WCAG 2 defines contrast. Card borders (--border) are decoration
 * and may stay soft.
 */

/** A stylesheet's text, as written (vitest would hand a CSS import over empty). */
const css = (path: string) => readFileSync(new URL(path, import.meta.url), "utf8");
const BASE = css("./base.css");

/** The custom properties declared in a block of CSS: `--name: #rrggbb;`. */
function variables(block: string): Record<string, string> {
  return Object.fromEntries(
    [...block.matchAll(/(--[\w-]+):\s*(#[0-9a-f]{6})\s*;/gi)].map(([, name, value]) => [name, value!.toLowerCase()]),
  );
}

/** The light palette (the first `:root`) and the dark one (the same, overridden under prefers-color-scheme: dark). */
function palettes(): { light: Record<string, string>; dark: Record<string, string> } {
  const light = variables(/:root\s*\{([^}]*)\}/.exec(BASE)?.[1] ?? "");
  const darkBlock = /@media\s*\(prefers-color-scheme:\s*dark\)\s*\{\s*:root\s*\{([^}]*)\}/.exec(BASE)?.[1] ?? "";
  return { light, dark: { ...light, ...variables(darkBlock) } };
}

/** WCAG 2 relative luminance of an sRGB colour. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((at) => {
    const channel = Number.parseInt(hex.slice(at, at + 2), 16) / 255;
    return channel <= 0.04045 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

test("the contrast computed is WCAG's: black on white 21:1, a colour on itself 1:1, #767676 on white 4.54:1", () => {
  expect(contrast("#000000", "#ffffff")).toBeCloseTo(21, 5);
  expect(contrast("#5b6875", "#5b6875")).toBe(1);
  expect(contrast("#767676", "#ffffff")).toBeCloseTo(4.54, 2);
});

test.each(["light", "dark"] as const)(
  "%s: a control's border stands out at least 3:1 from the page, the surfaces and the chips' fill",
  (scheme) => {
    const palette = palettes()[scheme];
    const border = palette["--control-border"];
    expect(border, "--control-border is declared").toMatch(/^#[0-9a-f]{6}$/);
    const against = Object.fromEntries(
      (["--bg", "--surface", "--surface-2"] as const).map((surface) => [surface, Number(contrast(border!, palette[surface]!).toFixed(2))]),
    );
    for (const [surface, ratio] of Object.entries(against))
      expect(ratio, `${scheme} --control-border on ${surface}`).toBeGreaterThanOrEqual(3);
    // The focus ring and an invalid field's red edge, on the same surfaces.
    for (const other of ["--focus", "--danger"] as const)
      for (const surface of ["--bg", "--surface"] as const)
        expect(contrast(palette[other]!, palette[surface]!), `${scheme} ${other} on ${surface}`).toBeGreaterThanOrEqual(3);
  },
);

/** The declarations of the rule whose selector list is exactly `selector`, in a stylesheet. */
function rule(sheet: string, selector: string): string {
  const escaped = selector.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/\s+/g, "\\s*");
  const found = new RegExp(`(?:^|\\})\\s*${escaped}\\s*\\{([^}]*)\\}`, "m").exec(sheet);
  if (!found) throw new Error(`no rule for ${selector}`);
  return found[1]!;
}

const SHEETS: Record<string, string> = {
  "base.css": BASE,
  "tabs.css": css("./tabs.css"),
  "attendance-panel.css": css("../views/attendance/attendance-panel.css"),
  "add-panel.css": css("../views/add/add-panel.css"),
};

test.each([
  { sheet: "base.css", selector: 'input:not([type="checkbox"], [type="radio"]),\nselect,\ntextarea' },
  { sheet: "base.css", selector: ".button-secondary" },
  { sheet: "base.css", selector: ".chip" },
  { sheet: "tabs.css", selector: ".tab-active" },
  { sheet: "attendance-panel.css", selector: ".segment" },
  { sheet: "add-panel.css", selector: ".add-kind-option" },
])("$selector ($sheet) is outlined with --control-border, not the cards' soft --border", ({ sheet, selector }) => {
  const declarations = rule(SHEETS[sheet]!, selector);
  expect(declarations).toMatch(/border(-color)?:[^;]*var\(--control-border\)/);
  expect(declarations).not.toMatch(/var\(--border\)/);
});

test("the cards' soft border is below 3:1 (so it must never be a control's only edge)", () => {
  const { light, dark } = palettes();
  expect(contrast(light["--border"]!, light["--surface"]!)).toBeLessThan(3);
  expect(contrast(dark["--border"]!, dark["--surface"]!)).toBeLessThan(3);
});

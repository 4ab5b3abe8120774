// What the popup costs to open: its JS and CSS, raw and gzip, against the budget in
// bundle-budget.json (docs/extension.md, "Build"); then, apart, the chunks it loads only on demand
// (the other tabs, the .ics writer, the Coordinamento view), which are not in the budget. Exits 1
// when the popup is over budget, so `npm run build` fails. Usage: node scripts/bundle-size.mjs DIR
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const budgetKB = JSON.parse(readFileSync(new URL("./bundle-budget.json", import.meta.url), "utf8")).popupGzipKB;
const dir = process.argv[2] ?? "build/chrome-mv3-prod";
const html = readFileSync(join(dir, "popup.html"), "utf8");
const assets = [...html.matchAll(/(?:src|href)="\/?([^"]+\.(?:js|css))"/g)].map((match) => match[1]);
let raw = 0;
let gzip = 0;
/** zod names its classes "$ZodObject", "$ZodString", …: strings minification keeps. */
const ZOD_MARK = /\$Zod[A-Z][A-Za-z]+/;
const withZod = [];
const line = (name, bytes, zipped) =>
  console.log(`${name.padEnd(40)} ${(bytes / 1024).toFixed(1).padStart(7)} KB  gzip ${(zipped / 1024).toFixed(1).padStart(6)} KB`);
for (const asset of assets) {
  const bytes = readFileSync(join(dir, asset));
  const zipped = gzipSync(bytes, { level: 9 }).length;
  raw += bytes.length;
  gzip += zipped;
  line(asset, bytes.length, zipped);
  if (asset.endsWith(".js") && ZOD_MARK.test(bytes.toString("utf8"))) withZod.push(asset);
}
line("popup total", raw, gzip);

// Every other script or style at the top of the build that no page loads: a dynamic import().
const pages = readdirSync(dir)
  .filter((name) => name.endsWith(".html"))
  .map((name) => readFileSync(join(dir, name), "utf8"))
  .join("\n");
const onDemand = readdirSync(dir).filter((name) => /\.(js|css)$/.test(name) && !pages.includes(name));
if (onDemand.length > 0) console.log("loaded on demand (not in the budget):");
for (const asset of onDemand) {
  const bytes = readFileSync(join(dir, asset));
  line(`  ${asset}`, bytes.length, gzipSync(bytes, { level: 9 }).length);
}

if (assets.length === 0) {
  console.error("popup.html names no script nor stylesheet: nothing to measure");
  process.exit(1);
}
// The schemas live in the worker and in chunks loaded on demand (lib/storage.ts, "Trust").
if (withZod.length > 0) {
  console.error(
    `the popup's first paint carries zod (${withZod.join(", ")}): import values from "@rete-urp/shared/schema-free" ` +
      "and leave parsing to the background worker or to a chunk loaded on demand",
  );
  process.exit(1);
}
if (gzip > budgetKB * 1024) {
  console.error(
    `popup JS + CSS ${(gzip / 1024).toFixed(1)} KB gzip is over its budget of ${budgetKB} KB (scripts/bundle-budget.json): ` +
      "load a view lazily or drop a dependency rather than raising the budget",
  );
  process.exit(1);
}
console.log(`budget: popup JS + CSS ${(gzip / 1024).toFixed(1)} KB gzip ≤ ${budgetKB} KB`);

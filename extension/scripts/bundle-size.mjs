// What the popup costs to open: its JS and CSS, raw and gzip, against the 100 KB budget of
// docs/extension.md ("Build"). Usage: node scripts/bundle-size.mjs DIR
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const dir = process.argv[2] ?? "build/chrome-mv3-prod";
const html = readFileSync(join(dir, "popup.html"), "utf8");
const assets = [...html.matchAll(/(?:src|href)="\/?([^"]+\.(?:js|css))"/g)].map((match) => match[1]);
let raw = 0;
let gzip = 0;
for (const asset of assets) {
  const bytes = readFileSync(join(dir, asset));
  const zipped = gzipSync(bytes, { level: 9 }).length;
  raw += bytes.length;
  gzip += zipped;
  console.log(`${asset.padEnd(40)} ${(bytes.length / 1024).toFixed(1).padStart(7)} KB  gzip ${(zipped / 1024).toFixed(1).padStart(6)} KB`);
}
console.log(`${"popup total".padEnd(40)} ${(raw / 1024).toFixed(1).padStart(7)} KB  gzip ${(gzip / 1024).toFixed(1).padStart(6)} KB`);

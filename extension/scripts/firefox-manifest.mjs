// Firefox MV3 refuses `background.service_worker`, which Plasmo always writes (docs/extension.md,
// "Build"): rewrite it as an event page (`background.scripts`) and add the add-on id Firefox
// requires to keep storage and permissions across updates. Usage: node scripts/firefox-manifest.mjs DIR
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.argv[2];
if (!dir) {
  console.error("usage: node scripts/firefox-manifest.mjs build/firefox-mv3-prod");
  process.exit(2);
}
const path = join(dir, "manifest.json");
const manifest = JSON.parse(readFileSync(path, "utf8"));

const worker = manifest.background?.service_worker;
if (worker) {
  manifest.background = { scripts: [worker], ...(manifest.background.type ? { type: manifest.background.type } : {}) };
}
manifest.browser_specific_settings = {
  gecko: { id: "rete-urp@bassaromagna.it", strict_min_version: "121.0" },
};

writeFileSync(path, JSON.stringify(manifest, null, 2) + "\n");
console.log(`${path}: background ${JSON.stringify(manifest.background)}, gecko id ${manifest.browser_specific_settings.gecko.id}`);

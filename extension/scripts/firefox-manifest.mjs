// Firefox MV3 refuses `background.service_worker`, which Plasmo always writes (docs/extension.md,
// "Build"): rewrite it as an event page (`background.scripts`), drop what only Chrome reads, and
// add what Firefox and addons.mozilla.org need in `browser_specific_settings`. Usage: node scripts/firefox-manifest.mjs DIR
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
// Chrome's: the key that fixes the extension's ID, and the schema of what a policy may set
// (storage.managed_schema). Firefox knows neither: its ID is the gecko id below, and it reads
// managed storage from policies.json (`3rdparty.Extensions.<gecko id>`) with no schema
// (docs/criteri-browser.md).
delete manifest.key;
delete manifest.storage;
manifest.browser_specific_settings = {
  gecko: {
    // Keeps storage and granted permissions across updates.
    id: "rete-urp@bassaromagna.it",
    // 140 (an ESR) is the first desktop Firefox that knows `data_collection_permissions`, which
    // also covers `optional_host_permissions` (128); Mozilla's linter warns on anything lower.
    strict_min_version: "140.0",
    // Required of every new add-on on addons.mozilla.org. No analytics, no telemetry, nothing to
    // us or third parties: the only requests go to the sheets-sync address the user types in the
    // options, carrying what the user chooses to send (docs/extension.md, "Firefox").
    data_collection_permissions: { required: ["none"] },
  },
  // Firefox for Android learnt `data_collection_permissions` in 142; without its own minimum the
  // desktop one (140) would apply there too, and the linter says so.
  gecko_android: { strict_min_version: "142.0" },
};

writeFileSync(path, `${JSON.stringify(manifest, null, 2)}\n`);
const gecko = manifest.browser_specific_settings.gecko;
console.log(`${path}: background ${JSON.stringify(manifest.background)}, gecko id ${gecko.id}, Firefox ${gecko.strict_min_version}+`);

// npm run release -- --key FILE --public-url URL [--out DIR]: everything IT publishes for the
// browsers to install and update the extension from the ente's server (extension-release.mjs
// says what), written to DIR (release/ at the repo root, git-ignored). Builds both targets first
// unless they already match their sources, and signs the Chrome package with Chromium itself.
// The key is IT's: made once (`openssl genpkey …`, printed when it is missing), kept safe, never
// on the server; the extension's ID comes from it. See docs/installazione.md.
import { isAbsolute, join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { requireSupportedNode } from "../sheets-sync/bin/node-version.js";
import { buildExtensionTargets, ROOT, TARGETS } from "./extension-build.mjs";
import { checkReleaseInput, ReleaseInputError, SERVER_FOLDER, writeRelease } from "./extension-release.mjs";
import { CHROMIUM_HINT, findChromium } from "./find-chromium.mjs";

requireSupportedNode();

const USAGE = "npm run release -- --key chiave.pem --public-url https://urp.unione.example.it [--out cartella]";

/** A path as short as it can be said: relative to the repo when inside it. */
const show = (path) => {
  const inside = relative(ROOT, path);
  return inside && !inside.startsWith("..") && !isAbsolute(inside) ? inside : path;
};

function refuse(message, status = 2) {
  console.error(message);
  process.exit(status);
}

let options;
try {
  ({ values: options } = parseArgs({
    options: { key: { type: "string" }, "public-url": { type: "string" }, out: { type: "string" } },
    strict: true,
    allowPositionals: false,
  }));
} catch (error) {
  // Node's own messages, in English and long: the option, and what is wrong with it, in one line.
  const what = /'([^']+)'/.exec(error.message)?.[1] ?? "";
  const problem = {
    ERR_PARSE_ARGS_UNKNOWN_OPTION: `opzione sconosciuta ${what}`,
    ERR_PARSE_ARGS_INVALID_OPTION_VALUE: `${what.split(" ")[0]} vuole un valore`,
    ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL: `argomento inatteso ${what}`,
  }[error.code];
  refuse(`${problem ?? error.message.split("\n")[0]}; uso: ${USAGE}`);
}
if (!options["public-url"]) refuse(`manca --public-url, l'indirizzo https:// del server che pubblica l'estensione; uso: ${USAGE}`);
// npm runs scripts from the repo root: a relative path is the one typed, from where npm was run.
const here = process.env.INIT_CWD || process.cwd();
const keyFile = options.key && resolve(here, options.key);
const out = options.out ? resolve(here, options.out) : join(ROOT, "release");

try {
  // What was asked, before the build (a minute the first time) and before anything is written.
  checkReleaseInput({ keyFile, publicUrl: options["public-url"] });
  const chromium = findChromium();
  if (!chromium) refuse(CHROMIUM_HINT, 1);
  if (!buildExtensionTargets(["chrome", "firefox"])) refuse("l'estensione non è in questo checkout: niente da pubblicare", 1);
  const release = writeRelease({
    keyFile,
    publicUrl: options["public-url"],
    out,
    chromeDir: TARGETS.chrome.dir,
    firefoxDir: TARGETS.firefox.dir,
    chromium,
  });
  const lines = [
    `Rete URP — estensione ${release.version} pronta in ${show(out)} (LEGGIMI.txt dice che cosa contiene)`,
    `  Chrome, Chromium, Edge: identificativo ${release.id}, update_url ${release.urls.updatesXml}`,
  ];
  if (release.declaredId) {
    lines.push(
      `    attenzione: la chiave non è quella dichiarata in extension/package.json (identificativo ${release.declaredId}): nei criteri usa ${release.id}`,
    );
  }
  lines.push(
    `  Firefox: identificativo ${release.geckoId}; fai firmare rete-urp-firefox.zip su addons.mozilla.org («On your own») e metti il file firmato accanto agli altri come rete-urp.xpi`,
  );
  if (release.oldXpiRemoved) lines.push("    tolto il rete-urp.xpi della versione precedente: va firmato quello nuovo");
  lines.push(`  Poi copia la cartella sul server in ${SERVER_FOLDER}/ (docs/installazione.md); la chiave resta qui, non sul server.`);
  console.log(lines.join("\n"));
} catch (error) {
  if (error instanceof ReleaseInputError) refuse(error.message);
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}

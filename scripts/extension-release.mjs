// What IT publishes so that browsers install and update the extension from the ente's own server
// (docs/installazione.md, "Pubblicare l'estensione"; docs/criteri-browser.md): one folder, served
// by deploy/Caddyfile at <public URL>/estensione/, holding
//   rete-urp.crx          the Chrome build signed by Chromium itself with the key IT keeps
//   updates.xml           Chrome's update manifest (gupdate, protocol 2.0), the policies' update_url
//   rete-urp-firefox.zip  the Firefox build, for Mozilla to sign (addons.mozilla.org, unlisted)
//   updates.json          Firefox's update manifest
//   LEGGIMI.txt           what to do with them, in Italian
//   SHA256SUMS            their checksums, as `sha256sum -c` reads them
// every file 0644 and the folder 0755: a web server running as another user reads them all
// (Chromium writes its .crx 0600). Both manifests name their update manifest (`update_url`), so
// a browser that installed this version finds the next one there, whatever the policy says.
import { spawnSync } from "node:child_process";
import { createHash, createPrivateKey, createPublicKey } from "node:crypto";
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
// The zip library Plasmo itself packages the extension with (a dependency of plasmo).
import { zipSync } from "fflate";
import { tsImport } from "tsx/esm/api";
import { extensionIdOfKey } from "./extension-id.mjs";

// The one https-only rule of the project (shared/src/https-only.ts), in TypeScript: tsx loads it on any supported Node.
const { serviceUrlProblem } = await tsImport("../shared/src/https-only.ts", import.meta.url);

/** Below the public address, where deploy/Caddyfile serves the folder (`handle_path /estensione/*`). */
export const PUBLISHED_PATH = "/estensione";
/** Where deploy/Caddyfile's `root` looks for the folder on the server. */
export const SERVER_FOLDER = "/var/www/rete-urp/estensione";

export const FILES = {
  crx: "rete-urp.crx",
  updatesXml: "updates.xml",
  firefoxZip: "rete-urp-firefox.zip",
  updatesJson: "updates.json",
  readme: "LEGGIMI.txt",
  sums: "SHA256SUMS",
  /** Not written here: the file Mozilla signs, which IT puts beside the others. */
  xpi: "rete-urp.xpi",
};

/** The command that makes a key Chromium can sign with (PKCS#8 PEM, whatever the OpenSSL version). */
export const newKeyCommand = (path) => `openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out ${path}`;

/** A refusal of what was asked, in one line for the person who typed it. */
export class ReleaseInputError extends Error {}

/**
 * The public address without a trailing slash; throws a ReleaseInputError for what browsers must
 * not download the extension from: not an address, or http:// to another machine (the update
 * manifests would travel in clear, and Firefox refuses them). Loopback http:// is for trials.
 */
export function publicBase(value) {
  const problem = serviceUrlProblem(value ?? "");
  if (problem === "cleartext") {
    throw new ReleaseInputError(
      `--public-url: "${value}" è http:// verso un'altra macchina: i browser scaricherebbero l'estensione e i suoi aggiornamenti in chiaro; usa l'indirizzo https:// del server (http:// solo verso questa stessa macchina, per le prove)`,
    );
  }
  const url = problem ? undefined : new URL(value.trim());
  if (!url || url.search || url.hash || url.username || url.password) {
    throw new ReleaseInputError(
      `--public-url: serve l'indirizzo https:// del server che pubblica i file, per esempio https://urp.unione.example.it, non "${value}"`,
    );
  }
  return url.href.replace(/\/+$/, "");
}

/** The addresses the browsers are given, below the public one. */
export function publishedUrls(base) {
  const at = (name) => `${base}${PUBLISHED_PATH}/${name}`;
  return { crx: at(FILES.crx), updatesXml: at(FILES.updatesXml), xpi: at(FILES.xpi), updatesJson: at(FILES.updatesJson) };
}

/**
 * The signing key: the private half as PKCS#8 PEM (what Chromium reads) and the public half as the
 * manifest's `key` (base64 DER), which fixes the extension's ID. Throws a ReleaseInputError when
 * the file is missing or is not an RSA private key.
 */
export function readSigningKey(path) {
  if (!path)
    throw new ReleaseInputError(
      `manca --key: il file .pem della chiave privata che firma l'estensione (${newKeyCommand("rete-urp-chrome.pem")} la crea, una volta sola)`,
    );
  if (!existsSync(path)) {
    throw new ReleaseInputError(
      `--key: ${path} non esiste; la prima volta creala con \`${newKeyCommand(path)}\` e custodiscila con una copia di riserva: da lei dipende l'identificativo dell'estensione`,
    );
  }
  let privateKey;
  try {
    privateKey = createPrivateKey(readFileSync(path));
  } catch {
    throw new ReleaseInputError(
      `--key: ${path} non è una chiave privata in formato PEM (${newKeyCommand("rete-urp-chrome.pem")} ne crea una)`,
    );
  }
  if (privateKey.asymmetricKeyType !== "rsa") {
    throw new ReleaseInputError(
      `--key: ${path} è una chiave ${privateKey.asymmetricKeyType}, Chromium firma solo con RSA (${newKeyCommand("rete-urp-chrome.pem")})`,
    );
  }
  return {
    pem: privateKey.export({ type: "pkcs8", format: "pem" }),
    publicKey: createPublicKey(privateKey).export({ type: "spki", format: "der" }).toString("base64"),
  };
}

/** Checks what was asked before anything is built; throws a ReleaseInputError. */
export function checkReleaseInput({ keyFile, publicUrl }) {
  readSigningKey(keyFile);
  publicBase(publicUrl);
}

const escapeXml = (text) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/'/g, "&apos;").replace(/"/g, "&quot;");

/** Chrome's update manifest: the latest version of the extension `id` and where its CRX is. */
export function chromeUpdateManifest({ id, version, crxUrl }) {
  return `<?xml version='1.0' encoding='UTF-8'?>
<gupdate xmlns='http://www.google.com/update2/response' protocol='2.0'>
  <app appid='${escapeXml(id)}'>
    <updatecheck codebase='${escapeXml(crxUrl)}' version='${escapeXml(version)}' />
  </app>
</gupdate>
`;
}

/** Firefox's update manifest: the latest version of the add-on `geckoId` and where its signed XPI is. */
export function firefoxUpdateManifest({ geckoId, version, xpiUrl }) {
  return `${JSON.stringify({ addons: { [geckoId]: { updates: [{ version, update_link: xpiUrl }] } } }, null, 2)}\n`;
}

function readManifest(dir) {
  const path = join(dir, "manifest.json");
  if (!existsSync(path)) throw new Error(`${path} non esiste: manca la build dell'estensione`);
  return JSON.parse(readFileSync(path, "utf8"));
}

/**
 * The folder, ready to be written: made when missing, else emptied of what an earlier release
 * wrote (the old signed XPI too: it is for the old version). Anything else in it is not ours to
 * delete, so the release refuses the folder. Returns whether an old XPI was removed.
 */
function prepareOut(out) {
  mkdirSync(out, { recursive: true });
  const ours = new Set(Object.values(FILES));
  const others = readdirSync(out).filter((name) => !ours.has(name));
  if (others.length > 0) {
    throw new ReleaseInputError(
      `--out: ${out} contiene altri file (${others.slice(0, 3).join(", ")}${others.length > 3 ? ", …" : ""}): indica una cartella vuota o quella di una release precedente`,
    );
  }
  const oldXpi = existsSync(join(out, FILES.xpi));
  for (const name of ours) rmSync(join(out, name), { force: true });
  chmodSync(out, 0o755);
  return oldXpi;
}

/** The Chrome build with `manifest` in place of its own, packed and signed by Chromium (`--pack-extension`). */
function packCrx({ chromeDir, manifest, key, chromium, work }) {
  const extension = join(work, "rete-urp");
  cpSync(chromeDir, extension, { recursive: true });
  writeFileSync(join(extension, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  const keyFile = join(work, "key.pem");
  writeFileSync(keyFile, key.pem, { mode: 0o600 });
  const packed = spawnSync(
    chromium,
    [
      "--headless=new",
      "--no-sandbox",
      "--disable-gpu",
      // A profile of its own: with the default one, a Chromium already open would get the command instead.
      `--user-data-dir=${join(work, "profile")}`,
      `--pack-extension=${extension}`,
      `--pack-extension-key=${keyFile}`,
    ],
    { encoding: "utf8", timeout: 120_000 },
  );
  const crx = `${extension}.crx`;
  if (!existsSync(crx))
    throw new Error(`Chromium non ha creato il pacchetto .crx (uscito con ${packed.status ?? packed.signal}): ${packed.stderr.trim()}`);
  return readFileSync(crx);
}

/** Every file of `dir` by its path inside it, source maps left out (Plasmo's own package leaves them out too). */
function filesOf(dir) {
  const files = {};
  const walk = (sub) => {
    for (const entry of readdirSync(sub, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(sub, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && !entry.name.endsWith(".map")) files[relative(dir, path).split("\\").join("/")] = readFileSync(path);
    }
  };
  walk(dir);
  return files;
}

/**
 * The Firefox build with `manifest` in place of its own, zipped with its files at the root, as
 * addons.mozilla.org wants it. One fixed date on every entry: the same build gives the same bytes.
 */
function firefoxZip({ firefoxDir, manifest }) {
  const files = filesOf(firefoxDir);
  files["manifest.json"] = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
  return Buffer.from(zipSync(files, { level: 9, mtime: new Date(2000, 0, 1) }));
}

function readme({ version, id, geckoId, urls, base }) {
  return `Rete URP — estensione, versione ${version}

Questa cartella va pubblicata così com'è in ${base}${PUBLISHED_PATH}/
(con deploy/Caddyfile: copiala sul server in ${SERVER_FOLDER}/, vedi docs/installazione.md).

  ${FILES.crx.padEnd(22)}Chrome, Chromium, Edge: il pacchetto firmato con la chiave dell'ente
  ${FILES.updatesXml.padEnd(22)}Chrome, Chromium, Edge: il manifest di aggiornamento
  ${FILES.firefoxZip.padEnd(22)}Firefox: da far firmare a Mozilla (sotto), non si installa così
  ${FILES.updatesJson.padEnd(22)}Firefox: il manifest di aggiornamento
  ${FILES.sums.padEnd(22)}le impronte dei file qui sopra: sha256sum -c ${FILES.sums}

Chrome, Chromium ed Edge
  identificativo:                     ${id}
  update_url dei criteri:             ${urls.updatesXml}

Firefox installa solo estensioni firmate da Mozilla. A ogni versione:
  1. su https://addons.mozilla.org/developers/ carica ${FILES.firefoxZip} come nuova
     versione dell'estensione ${geckoId}, da distribuire in autonomia
     («On your own»: non in elenco, Mozilla la firma senza pubblicarla);
  2. scarica il file .xpi firmato e mettilo in questa cartella con il nome ${FILES.xpi},
     accanto agli altri (leggibile da tutti: chmod 644 ${FILES.xpi});
  3. copia la cartella sul server.
  identificativo:                     ${geckoId}
  install_url dei criteri:            ${urls.xpi}

I criteri da scrivere sono in docs/criteri-browser.md. La chiave privata che ha firmato
${FILES.crx} resta a chi pubblica l'estensione: non va sul server.
`;
}

/**
 * Writes the release into `out` from the built Chrome and Firefox folders, signing the CRX with
 * the key in `keyFile`. Returns what the policies need: the Chrome ID, the Firefox ID, the version,
 * the addresses, and `declaredId` (the ID the build declares in extension/package.json's `key`) when
 * the key is another: then the policies must name `id`, not the documented ID.
 */
export function writeRelease({ keyFile, publicUrl, out, chromeDir, firefoxDir, chromium }) {
  const key = readSigningKey(keyFile);
  const base = publicBase(publicUrl);
  const urls = publishedUrls(base);
  const chrome = readManifest(chromeDir);
  const firefox = readManifest(firefoxDir);
  if (chrome.version !== firefox.version) {
    throw new Error(
      `le build per Chrome (${chrome.version}) e per Firefox (${firefox.version}) hanno versioni diverse: ricompila l'estensione`,
    );
  }
  const geckoId = firefox.browser_specific_settings?.gecko?.id;
  if (!geckoId) throw new Error(`${join(firefoxDir, "manifest.json")} non ha browser_specific_settings.gecko.id`);
  const { version } = chrome;
  const id = extensionIdOfKey(key.publicKey);
  const declaredId = chrome.key && chrome.key !== key.publicKey ? extensionIdOfKey(chrome.key) : undefined;

  const oldXpiRemoved = prepareOut(out);
  const work = mkdtempSync(join(tmpdir(), "rete-urp-release-"));
  try {
    const contents = {
      [FILES.crx]: packCrx({ chromeDir, manifest: { ...chrome, key: key.publicKey, update_url: urls.updatesXml }, key, chromium, work }),
      [FILES.updatesXml]: chromeUpdateManifest({ id, version, crxUrl: urls.crx }),
      [FILES.firefoxZip]: firefoxZip({
        firefoxDir,
        manifest: {
          ...firefox,
          browser_specific_settings: {
            ...firefox.browser_specific_settings,
            gecko: { ...firefox.browser_specific_settings.gecko, update_url: urls.updatesJson },
          },
        },
      }),
      [FILES.updatesJson]: firefoxUpdateManifest({ geckoId, version, xpiUrl: urls.xpi }),
      [FILES.readme]: readme({ version, id, geckoId, urls, base }),
    };
    const sums = Object.entries(contents).map(([name, content]) => `${createHash("sha256").update(content).digest("hex")}  ${name}\n`);
    contents[FILES.sums] = sums.join("");
    for (const [name, content] of Object.entries(contents)) {
      const path = join(out, name);
      writeFileSync(path, content, { mode: 0o644 });
      chmodSync(path, 0o644); // whatever the umask took away
    }
    return { id, geckoId, version, urls, declaredId, oldXpiRemoved, files: Object.keys(contents) };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

import { spawnSync } from "node:child_process";
import { createHash, generateKeyPairSync } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { extensionIdOfKey } from "../../scripts/extension-id.mjs";
import { publicBase, type Release, writeRelease } from "../../scripts/extension-release.mjs";
import { REPO_ROOT } from "../support/sheets-sync.ts";

/**
 * `npm run release` (scripts/release.mjs, scripts/extension-release.mjs): what IT publishes for
 * the browsers, made from the built extension with a key made here and Debian's chromium, as
 * IT runs it. The browsers installing it through deploy/Caddyfile: test/e2e/force-install.test.ts.
 */

const CHROME_PATH = process.env.CHROME_PATH ?? "/usr/bin/chromium";
const CHROME_DIR = process.env.EXTENSION_DIR ?? join(REPO_ROOT, "extension/build/chrome-mv3-prod");
const FIREFOX_DIR = process.env.FIREFOX_EXTENSION_DIR ?? join(REPO_ROOT, "extension/build/firefox-mv3-prod");
const PUBLIC_URL = "https://urp.unione.example.it";
const VERSION = (JSON.parse(readFileSync(join(REPO_ROOT, "extension/package.json"), "utf8")) as { version: string }).version;
const DECLARED_ID = "pabdggcpfmcjajkepeabofgciljkjoli";
const PUBLISHED = ["LEGGIMI.txt", "SHA256SUMS", "rete-urp-firefox.zip", "rete-urp.crx", "updates.json", "updates.xml"];

let dir: string;
let out: string;
let keyFile: string;
/** The public half of the key, as the manifest's `key` holds it. */
let publicKey: string;
let release: Release;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "rete-urp-release-test-"));
  const pair = generateKeyPairSync("rsa", { modulusLength: 2048 });
  publicKey = pair.publicKey.export({ type: "spki", format: "der" }).toString("base64");
  keyFile = join(dir, "rete-urp-chrome.pem");
  // PKCS#1 ("BEGIN RSA PRIVATE KEY", as an older `openssl genrsa` writes it), which Chromium
  // cannot read: the release hands it the key as PKCS#8.
  await writeFile(keyFile, pair.privateKey.export({ type: "pkcs1", format: "pem" }), { mode: 0o600 });
  out = join(dir, "release");
  // As a careful administrator's shell has it: what is made is for its owner alone, unless the release says otherwise.
  const umask = process.umask(0o077);
  try {
    release = writeRelease({
      keyFile,
      publicUrl: `${PUBLIC_URL}/`,
      out,
      chromeDir: CHROME_DIR,
      firefoxDir: FIREFOX_DIR,
      chromium: CHROME_PATH,
    });
  } finally {
    process.umask(umask);
  }
}, 120_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const published = (name: string) => readFileSync(join(out, name));

/** A CRX3's header (after "Cr24", the format version and the header's length) and its zip. */
function crxParts(crx: Buffer): { header: Buffer; zip: Buffer } {
  expect(crx.subarray(0, 4).toString("latin1")).toBe("Cr24");
  expect(crx.readUInt32LE(4)).toBe(3);
  const length = crx.readUInt32LE(8);
  return { header: crx.subarray(12, 12 + length), zip: crx.subarray(12 + length) };
}

/** Every file of a built folder, source maps left out, by its path inside it. */
function filesOf(folder: string, sub = ""): Record<string, Buffer> {
  const files: Record<string, Buffer> = {};
  for (const entry of readdirSync(join(folder, sub), { withFileTypes: true })) {
    const path = sub ? `${sub}/${entry.name}` : entry.name;
    if (entry.isDirectory()) Object.assign(files, filesOf(folder, path));
    else if (!entry.name.endsWith(".map")) files[path] = readFileSync(join(folder, path));
  }
  return files;
}

describe("npm run release, from the build, with IT's key", () => {
  test("the folder holds what the web server publishes, every file 0644 and the folder 0755, so a server running as another user reads them", () => {
    expect(readdirSync(out).sort()).toEqual(PUBLISHED);
    expect(statSync(out).mode & 0o777).toBe(0o755);
    for (const name of PUBLISHED) expect(statSync(join(out, name)).mode & 0o777, name).toBe(0o644);
    expect(release.files.sort()).toEqual(PUBLISHED);
  });

  test("the extension ID is the key's, and the release says it is not the one the build declares", () => {
    expect(release.id).toBe(extensionIdOfKey(publicKey));
    expect(release.id).not.toBe(DECLARED_ID);
    expect(release.declaredId).toBe(DECLARED_ID);
    expect(release.version).toBe(VERSION);
    expect(release.geckoId).toBe("rete-urp@bassaromagna.it");
  });

  test("updates.xml is Chrome's update manifest naming the CRX below the public address, with the build's version", () => {
    expect(published("updates.xml").toString("utf8")).toBe(
      `<?xml version='1.0' encoding='UTF-8'?>\n<gupdate xmlns='http://www.google.com/update2/response' protocol='2.0'>\n` +
        `  <app appid='${extensionIdOfKey(publicKey)}'>\n` +
        `    <updatecheck codebase='https://urp.unione.example.it/estensione/rete-urp.crx' version='${VERSION}' />\n` +
        `  </app>\n</gupdate>\n`,
    );
  });

  test("the CRX is signed with the key (its public half and the ID's bytes in the header) and carries the build with the key and the update URL in its manifest", () => {
    const { header, zip } = crxParts(published("rete-urp.crx"));
    const der = Buffer.from(publicKey, "base64");
    expect(header.includes(der)).toBe(true);
    expect(header.includes(createHash("sha256").update(der).digest().subarray(0, 16))).toBe(true);
    const files = unzipSync(zip);
    const manifest = JSON.parse(Buffer.from(files["manifest.json"]!).toString("utf8")) as Record<string, unknown>;
    const built = JSON.parse(readFileSync(join(CHROME_DIR, "manifest.json"), "utf8")) as Record<string, unknown>;
    expect(manifest).toEqual({ ...built, key: publicKey, update_url: "https://urp.unione.example.it/estensione/updates.xml" });
    const expected = filesOf(CHROME_DIR);
    // Chromium's zip lists the folders too.
    const packed = Object.keys(files).filter((name) => !name.endsWith("/"));
    expect(packed.sort()).toEqual(Object.keys(expected).sort());
    expect(Buffer.from(files["popup.html"]!).equals(expected["popup.html"]!)).toBe(true);
  });

  test("the Firefox zip has the build's files at its root, its manifest naming updates.json, for addons.mozilla.org to sign", () => {
    const files = unzipSync(published("rete-urp-firefox.zip"));
    const expected = filesOf(FIREFOX_DIR);
    expect(Object.keys(files).sort()).toEqual(Object.keys(expected).sort());
    for (const [path, content] of Object.entries(expected)) {
      if (path !== "manifest.json") expect(Buffer.from(files[path]!).equals(content), path).toBe(true);
    }
    const manifest = JSON.parse(Buffer.from(files["manifest.json"]!).toString("utf8")) as { browser_specific_settings: { gecko: unknown } };
    const built = JSON.parse(expected["manifest.json"]!.toString("utf8")) as { browser_specific_settings: { gecko: object } };
    expect(manifest.browser_specific_settings.gecko).toEqual({
      ...built.browser_specific_settings.gecko,
      update_url: "https://urp.unione.example.it/estensione/updates.json",
    });
  });

  test("Mozilla's linter, as addons.mozilla.org runs it on an unlisted upload, finds nothing wrong with the zip's manifest", () => {
    const lint = spawnSync(
      join(REPO_ROOT, "node_modules/.bin/addons-linter"),
      ["--self-hosted", "--output", "json", join(out, "rete-urp-firefox.zip")],
      {
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    const report = JSON.parse(lint.stdout) as { errors: { code: string }[]; warnings: { code: string; file?: string }[] };
    expect(report.errors).toEqual([]);
    expect(report.warnings.filter((warning) => warning.file === "manifest.json")).toEqual([]);
  }, 180_000);

  test("updates.json is Firefox's update manifest naming the signed XPI beside it", () => {
    expect(JSON.parse(published("updates.json").toString("utf8"))).toEqual({
      addons: {
        "rete-urp@bassaromagna.it": {
          updates: [{ version: VERSION, update_link: "https://urp.unione.example.it/estensione/rete-urp.xpi" }],
        },
      },
    });
  });

  test("SHA256SUMS verifies with sha256sum -c, and names every other file", () => {
    const check = spawnSync("sha256sum", ["-c", "SHA256SUMS"], { cwd: out, encoding: "utf8" });
    expect(check.status, check.stdout + check.stderr).toBe(0);
    expect(check.stdout.trim().split("\n").sort()).toEqual(PUBLISHED.filter((name) => name !== "SHA256SUMS").map((name) => `${name}: OK`));
  });

  test("LEGGIMI.txt tells IT the IDs, the policies' addresses and how to get the XPI signed", () => {
    const readme = published("LEGGIMI.txt").toString("utf8");
    expect(readme).toContain(`versione ${VERSION}`);
    expect(readme).toContain(extensionIdOfKey(publicKey));
    expect(readme).toContain("https://urp.unione.example.it/estensione/updates.xml");
    expect(readme).toContain("https://urp.unione.example.it/estensione/rete-urp.xpi");
    expect(readme).toContain("addons.mozilla.org");
    expect(readme).toContain("con il nome rete-urp.xpi");
    expect(readme).toContain("/var/www/rete-urp/estensione/");
  });

  test("a second release with the same key: the same ID and, from the same build, the same Firefox zip; the old signed XPI is removed", async () => {
    const zip = published("rete-urp-firefox.zip");
    await writeFile(join(out, "rete-urp.xpi"), "signed by Mozilla, previous version");
    const again = writeRelease({
      keyFile,
      publicUrl: PUBLIC_URL,
      out,
      chromeDir: CHROME_DIR,
      firefoxDir: FIREFOX_DIR,
      chromium: CHROME_PATH,
    });
    expect(again.id).toBe(release.id);
    expect(again.oldXpiRemoved).toBe(true);
    expect(readdirSync(out).sort()).toEqual(PUBLISHED);
    expect(published("rete-urp-firefox.zip").equals(zip)).toBe(true);
  }, 120_000);

  test("a folder with files of its own is refused and left as it was", async () => {
    const foreign = join(dir, "foreign");
    await mkdir(foreign);
    await writeFile(join(foreign, "index.html"), "the ente's own page");
    expect(() =>
      writeRelease({ keyFile, publicUrl: PUBLIC_URL, out: foreign, chromeDir: CHROME_DIR, firefoxDir: FIREFOX_DIR, chromium: CHROME_PATH }),
    ).toThrow(/^--out: .*foreign contiene altri file \(index\.html\): indica una cartella vuota o quella di una release precedente$/);
    expect(readdirSync(foreign)).toEqual(["index.html"]);
  });
});

describe("the public address", () => {
  test("https:// is taken without its trailing slash, a path kept; http:// only to this same machine", () => {
    expect(publicBase("https://urp.unione.example.it/")).toBe("https://urp.unione.example.it");
    expect(publicBase(" https://intranet.example.it/software ")).toBe("https://intranet.example.it/software");
    expect(publicBase("http://127.0.0.1:8080")).toBe("http://127.0.0.1:8080");
    expect(publicBase("http://localhost:8443/")).toBe("http://localhost:8443");
  });

  test("http:// to another machine, what is not an address, a query or credentials are refused in one line", () => {
    expect(() => publicBase("http://urp.unione.example.it")).toThrow(
      /^--public-url: "http:\/\/urp\.unione\.example\.it" è http:\/\/ verso un'altra macchina/,
    );
    for (const value of [
      "urp.unione.example.it",
      "ftp://urp.unione.example.it",
      "https://urp.unione.example.it/?x=1",
      "https://it@urp.unione.example.it",
    ]) {
      expect(() => publicBase(value), value).toThrow(/^--public-url: serve l'indirizzo https:\/\//);
    }
  });
});

describe("scripts/release.mjs refuses, in one line and before building anything", () => {
  const run = (args: string[]) => {
    const result = spawnSync(process.execPath, [join(REPO_ROOT, "scripts/release.mjs"), ...args], {
      cwd: REPO_ROOT,
      encoding: "utf8",
      timeout: 30_000,
      env: { ...process.env, INIT_CWD: dir },
    });
    return { status: result.status, stdout: result.stdout, lines: result.stderr.trim().split("\n") };
  };
  const outFor = (name: string) => join(dir, `out-${name}`);

  test("without --key: how to make one", () => {
    const result = run(["--public-url", PUBLIC_URL, "--out", outFor("no-key")]);
    expect(result.status).toBe(2);
    expect(result.lines).toEqual([
      "manca --key: il file .pem della chiave privata che firma l'estensione (openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out rete-urp-chrome.pem la crea, una volta sola)",
    ]);
    expect(existsSync(outFor("no-key"))).toBe(false);
  });

  test("a --key file that does not exist: the command that makes it, at that path (relative to where npm was run)", () => {
    const result = run(["--key", "nuova.pem", "--public-url", PUBLIC_URL, "--out", outFor("missing-key")]);
    expect(result.status).toBe(2);
    expect(result.lines).toHaveLength(1);
    expect(result.lines[0]).toContain(`--key: ${join(dir, "nuova.pem")} non esiste`);
    expect(result.lines[0]).toContain(`openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out ${join(dir, "nuova.pem")}`);
    expect(existsSync(outFor("missing-key"))).toBe(false);
  });

  test("a --key file that is not a private key", async () => {
    await writeFile(join(dir, "not-a-key.pem"), "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
    const result = run(["--key", join(dir, "not-a-key.pem"), "--public-url", PUBLIC_URL, "--out", outFor("bad-key")]);
    expect(result.status).toBe(2);
    expect(result.lines).toEqual([expect.stringMatching(/^--key: .*not-a-key\.pem non è una chiave privata in formato PEM/)]);
    expect(existsSync(outFor("bad-key"))).toBe(false);
  });

  test("an http:// public address to another machine, or none", () => {
    const http = run(["--key", keyFile, "--public-url", "http://urp.unione.example.it", "--out", outFor("http")]);
    expect(http.status).toBe(2);
    expect(http.lines).toEqual([
      expect.stringMatching(/^--public-url: "http:\/\/urp\.unione\.example\.it" è http:\/\/ verso un'altra macchina/),
    ]);
    expect(existsSync(outFor("http"))).toBe(false);
    const none = run(["--key", keyFile]);
    expect(none.status).toBe(2);
    expect(none.lines).toEqual([expect.stringMatching(/^manca --public-url/)]);
  });

  test("an option it does not know", () => {
    const result = run(["--key", keyFile, "--public-url", PUBLIC_URL, "--new-key"]);
    expect(result.status).toBe(2);
    expect(result.lines).toEqual([
      "opzione sconosciuta --new-key; uso: npm run release -- --key chiave.pem --public-url https://urp.unione.example.it [--out cartella]",
    ]);
    expect(run(["--key"]).lines).toEqual([expect.stringMatching(/^--key vuole un valore; uso: /)]);
  });
});

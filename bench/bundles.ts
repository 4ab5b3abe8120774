import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

/**
 * What each part of the built extension loads, raw and gzip (level 9), found from the built
 * manifest and HTML rather than from a list kept by hand: the popup and the options page (the
 * scripts and stylesheets their HTML names), the background service worker, and the chunks those
 * scripts load lazily (Parcel writes their file names into the entry script). Budget: the popup's
 * eager JS + CSS gzip, at most what extension/scripts/bundle-budget.json says, the file the
 * build's own check (extension/scripts/bundle-size.mjs) enforces, so the two cannot disagree.
 */

const BUDGET_FILE = new URL("../extension/scripts/bundle-budget.json", import.meta.url);
export const POPUP_BUDGET_GZIP_BYTES = (JSON.parse(readFileSync(BUDGET_FILE, "utf8")) as { popupGzipKB: number }).popupGzipKB * 1024;

export interface BundleFile {
  file: string;
  raw: number;
  gzip: number;
  /** Loaded on demand (a dynamic import), not when the page opens. */
  lazy: boolean;
}

export interface BundlePart {
  part: "popup" | "options" | "background";
  entry: string;
  files: BundleFile[];
  /** Eager files only. */
  raw: number;
  gzip: number;
}

export interface BundleReport {
  dir: string;
  parts: BundlePart[];
  locale: BundleFile | undefined;
  budget: { gzipBytes: number; popupGzip: number; pass: boolean };
}

function measure(dir: string, file: string, lazy: boolean): BundleFile {
  const bytes = readFileSync(join(dir, file));
  return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, lazy };
}

/** Other .js files of the build named inside `script`: Parcel's lazy chunks. */
function lazyChunks(dir: string, script: string, all: readonly string[]): string[] {
  const text = readFileSync(join(dir, script), "utf8");
  return all.filter((file) => file !== script && file.endsWith(".js") && text.includes(file.split("/").at(-1)!));
}

function htmlAssets(dir: string, page: string): string[] {
  const html = readFileSync(join(dir, page), "utf8");
  return [...html.matchAll(/<(?:script|link)\b[^>]*?(?:src|href)="\/?([^"]+\.(?:js|css))"/g)].map((match) => match[1]!);
}

function listFiles(dir: string, prefix = ""): string[] {
  return readdirSync(join(dir, prefix)).flatMap((name) => {
    const path = prefix ? `${prefix}/${name}` : name;
    return statSync(join(dir, path)).isDirectory() ? listFiles(dir, path) : [path];
  });
}

export function benchBundles(dir: string): BundleReport | undefined {
  if (!existsSync(join(dir, "manifest.json"))) return undefined;
  const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as {
    action?: { default_popup?: string };
    options_ui?: { page?: string };
    options_page?: string;
    background?: { service_worker?: string; scripts?: string[] };
    default_locale?: string;
  };
  const all = listFiles(dir);
  const part = (name: BundlePart["part"], entry: string, eager: string[]): BundlePart => {
    const scripts = eager.filter((file) => file.endsWith(".js"));
    const lazy = [...new Set(scripts.flatMap((script) => lazyChunks(dir, script, all)))].filter((file) => !eager.includes(file));
    const files = [...eager.map((file) => measure(dir, file, false)), ...lazy.map((file) => measure(dir, file, true))];
    const eagerFiles = files.filter((file) => !file.lazy);
    return {
      part: name,
      entry,
      files,
      raw: eagerFiles.reduce((sum, file) => sum + file.raw, 0),
      gzip: eagerFiles.reduce((sum, file) => sum + file.gzip, 0),
    };
  };

  const parts: BundlePart[] = [];
  const popup = manifest.action?.default_popup;
  if (popup) parts.push(part("popup", popup, htmlAssets(dir, popup)));
  const options = manifest.options_ui?.page ?? manifest.options_page;
  if (options) parts.push(part("options", options, htmlAssets(dir, options)));
  const background = manifest.background?.service_worker ? [manifest.background.service_worker] : (manifest.background?.scripts ?? []);
  if (background.length > 0) parts.push(part("background", background.join(", "), background));

  const localeFile = manifest.default_locale ? `_locales/${manifest.default_locale}/messages.json` : undefined;
  const popupGzip = parts.find((p) => p.part === "popup")?.gzip ?? 0;
  return {
    dir,
    parts,
    locale: localeFile && existsSync(join(dir, localeFile)) ? measure(dir, localeFile, false) : undefined,
    budget: { gzipBytes: POPUP_BUDGET_GZIP_BYTES, popupGzip, pass: popup !== undefined && popupGzip <= POPUP_BUDGET_GZIP_BYTES },
  };
}

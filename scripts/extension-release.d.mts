// Types of extension-release.mjs, for the tests that call it (test/deploy/release.test.ts, test/e2e/force-install.test.ts).

export const PUBLISHED_PATH: string;
export const SERVER_FOLDER: string;
export const FILES: {
  crx: string;
  updatesXml: string;
  firefoxZip: string;
  updatesJson: string;
  readme: string;
  sums: string;
  xpi: string;
};
export function newKeyCommand(path: string): string;
export class ReleaseInputError extends Error {}
export function publicBase(value: string | undefined): string;
export interface PublishedUrls {
  crx: string;
  updatesXml: string;
  xpi: string;
  updatesJson: string;
}
export function publishedUrls(base: string): PublishedUrls;
export function readSigningKey(path: string | undefined): { pem: string; publicKey: string };
export function checkReleaseInput(input: { keyFile: string | undefined; publicUrl: string | undefined }): void;
export function chromeUpdateManifest(input: { id: string; version: string; crxUrl: string }): string;
export function firefoxUpdateManifest(input: { geckoId: string; version: string; xpiUrl: string }): string;
export interface Release {
  id: string;
  geckoId: string;
  version: string;
  urls: PublishedUrls;
  declaredId: string | undefined;
  oldXpiRemoved: boolean;
  files: string[];
}
export function writeRelease(input: {
  keyFile: string;
  publicUrl: string;
  out: string;
  chromeDir: string;
  firefoxDir: string;
  chromium: string;
}): Release;

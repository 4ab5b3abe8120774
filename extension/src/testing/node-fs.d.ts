/**
 * The one Node API unit tests use to read the extension's own files (ui/palette-contrast.test.ts
 * reads base.css): vitest runs them in Node, but the extension's types are the browser's only.
 */
declare module "node:fs" {
  export function readFileSync(path: URL, encoding: "utf8"): string;
}

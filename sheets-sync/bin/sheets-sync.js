#!/usr/bin/env node
// Runs the compiled CLI in dist/ (`npm run build --workspace @rete-urp/sheets-sync` writes it;
// npm install, npm start, npm test and the test suites build it before they use it).
import { existsSync } from "node:fs";
import { enableCompileCache } from "node:module";
import { quietSqliteWarning, requireSupportedNode } from "./node-version.js";

requireSupportedNode();
quietSqliteWarning();

const entry = new URL("../dist/cli.js", import.meta.url);
if (!existsSync(entry)) {
  console.error("sheets-sync non è compilato: esegui `npm run build --workspace @rete-urp/sheets-sync` nella cartella del progetto");
  process.exit(2);
}
// V8's compiled code for dist/ kept between runs (in the system's temp folder, keyed by each
// file's content; where it cannot be written Node just compiles again): every command starts
// about 10% sooner.
enableCompileCache();
await import(entry.href);

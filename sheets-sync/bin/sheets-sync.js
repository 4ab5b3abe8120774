#!/usr/bin/env node
// Runs the compiled CLI in dist/ (`npm run build --workspace @rete-urp/sheets-sync` writes it;
// npm install, npm start, npm test and the test suites build it before they use it).
import { existsSync } from "node:fs";
import { enableCompileCache } from "node:module";
import { homedir } from "node:os";
import { join } from "node:path";
import { quietSqliteWarning, requireSupportedNode } from "./node-version.js";

requireSupportedNode();
quietSqliteWarning();

const entry = new URL("../dist/cli.js", import.meta.url);
if (!existsSync(entry)) {
  console.error("sheets-sync non è compilato: esegui `npm run build --workspace @rete-urp/sheets-sync` nella cartella del progetto");
  process.exit(2);
}
// V8's compiled code for dist/ kept between runs, keyed by each file's content, so every command
// starts about 10% sooner. In the user's own cache folder: Node's default is one folder in /tmp
// for all users, which the first to run owns (the others cannot write it) and anyone could have
// made in advance with code of theirs in it. Where it cannot be written Node just compiles again.
enableCompileCache(join(process.env.XDG_CACHE_HOME || join(homedir(), ".cache"), "sheets-sync", "compile"));
await import(entry.href);

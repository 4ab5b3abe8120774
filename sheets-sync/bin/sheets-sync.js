#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx, so `npx sheets-sync` works right after
// `npm install`, with no build step to forget.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/cli.ts");
await main(process.argv);

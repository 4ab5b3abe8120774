// The compiled entry, dist/cli.js: runs the CLI with the process's arguments, so that
// `node sheets-sync/dist/cli.js serve` (the systemd unit, deploy/sheets-sync.service) and the bin
// (bin/sheets-sync.js, which imports it) start the same way.
import { main } from "./cli.ts";

await main(process.argv);

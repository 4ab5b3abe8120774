// Runs inside the namespace private-etc.mjs makes: puts an overlay over /etc whose changes go to a
// tmpfs of this namespace, with the browsers' policy folders made ours (an overlay folder takes
// its owner from the upper layer, so a user mapped to root here may write them), then runs the
// command given. When the command exits, the namespace and everything written under /etc go.
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { PRIVATE_ETC_ENV } from "./private-etc.mjs";

/** The folders the tests write in, as the browsers read them on Linux. */
const POLICY_FOLDERS = ["chromium/policies/managed", "firefox/policies"];

/** A scratch tmpfs for the overlay's layers: an overlay's upper layer cannot be on an overlay (a container's root). */
const LAYERS = "/tmp";

function mount(args) {
  const result = spawnSync("mount", args, { encoding: "utf8" });
  if (result.status !== 0) {
    console.error(`mount ${args.join(" ")}: ${(result.stderr || result.error?.message || "").trim()}`);
    process.exit(1);
  }
}

const [command, ...args] = process.argv.slice(2);
// A tmpfs over /tmp of this namespace alone: the layers live there, and so do the tests' own temp
// folders; the machine's /tmp is untouched and nothing is left behind.
mount(["-t", "tmpfs", "-o", "mode=1777", "tmpfs", LAYERS]);
const upper = join(LAYERS, "etc-upper");
const work = join(LAYERS, "etc-work");
mkdirSync(work, { recursive: true });
for (const folder of POLICY_FOLDERS) mkdirSync(join(upper, folder), { recursive: true });
mount(["-t", "overlay", "overlay", "-o", `lowerdir=/etc,upperdir=${upper},workdir=${work}`, "/etc"]);

const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, [PRIVATE_ETC_ENV]: "1" } });
process.exit(result.status ?? 1);

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

function mount(args) {
  const result = spawnSync("mount", args, { encoding: "utf8" });
  if (result.status !== 0) {
    console.error(`mount ${args.join(" ")}: ${(result.stderr || result.error?.message || "").trim()}`);
    process.exit(1);
  }
}

// The overlay's layers go on a tmpfs of this namespace alone, mounted on a folder of the project's
// (an overlay's upper layer cannot be on an overlay, as a container's root is). Not over /tmp: the
// Node that runs the tests may live there (CI unpacks it into a temporary folder), and hiding it
// would leave the machine's older node first on PATH.
const [layers, command, ...args] = process.argv.slice(2);
mount(["-t", "tmpfs", "-o", "mode=0755", "tmpfs", layers]);
const upper = join(layers, "etc-upper");
const work = join(layers, "etc-work");
mkdirSync(work, { recursive: true });
for (const folder of POLICY_FOLDERS) mkdirSync(join(upper, folder), { recursive: true });
mount(["-t", "overlay", "overlay", "-o", `lowerdir=/etc,upperdir=${upper},workdir=${work}`, "/etc"]);

const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, [PRIVATE_ETC_ENV]: "1" } });
process.exit(result.status ?? 1);

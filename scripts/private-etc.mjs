// The test files that need what only root has on a machine: Chromium's and Firefox's managed
// policy folders under /etc (the browsers read them from there and nowhere else), and a small
// tmpfs to fill (a real full disk). npm test runs them in a private user and mount namespace
// (unshare), where /etc is an overlay of the machine's own: the policy files they write land in a
// temporary folder that vanishes with the run, never in the machine's /etc, and nothing needs
// root. Where the machine forbids namespaces, they are skipped with one line saying how to run them.
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./extension-build.mjs";

/** Relative to test/ (the vitest projects' root), with what each needs. */
export const PRIVATE_ETC_TESTS = [
  ["e2e/managed-policy.test.ts", "Chromium's policy folder"],
  ["e2e/force-install.test.ts", "Chromium's policy folder"],
  ["firefox/invitation.test.ts", "Firefox's policy file"],
  ["faults/full-disk.test.ts", "a tmpfs to fill"],
];

/**
 * Checks no namespace can give: a file's owner and group kept across a save needs chown to
 * another user, which only the machine's root may do. As another user they do not run.
 */
export const ROOT_ONLY_CHECKS = [
  "sheets-sync/src/stores/workbook/atomic-file.test.ts (owner and group are kept)",
  "test/faults/file-identity.test.ts (the workbook's owner and group after a write)",
];

/** The one line that names the root-only checks a non-root run leaves out, and how to run them. */
export function rootOnlyLine() {
  return `non eseguiti da un utente normale (chown verso un altro utente riesce solo a root): ${ROOT_ONLY_CHECKS.join(", ")}; li esegue \`sudo npm test\``;
}

/** Set inside the namespace: the test helpers that write under /etc refuse to run without it. */
export const PRIVATE_ETC_ENV = "RETE_URP_PRIVATE_ETC";

const isRoot = process.getuid?.() === 0;

/** Root needs only a mount namespace; anyone else becomes root of a user namespace of their own. */
const UNSHARE_ARGS = isRoot
  ? ["--mount", "--propagation", "private"]
  : ["--user", "--map-root-user", "--mount", "--propagation", "private"];

/** Whether this machine lets us make the namespace (containers often forbid it to other users). */
export function privateEtcAvailable() {
  const probe = spawnSync("unshare", [...UNSHARE_ARGS, "true"], { stdio: "ignore" });
  return probe.status === 0;
}

/** The one line that names the skipped files and how to run them. */
export function privateEtcSkippedLine() {
  const files = PRIVATE_ETC_TESTS.map(([file]) => file).join(", ");
  return `saltati, questa macchina non permette namespace utente (unshare --user non riesce): ${files}; eseguili con \`sudo npm test\`, o abilita i namespace utente (sysctl kernel.unprivileged_userns_clone=1)`;
}

/**
 * Where the namespace mounts the tmpfs for its overlay's layers. One folder serves every run, even
 * two at once: each mount belongs to its own namespace, and outside them the folder stays empty.
 */
const LAYERS = join(ROOT, "node_modules/.cache/rete-urp-private-etc");

/** The command line that runs `command args` with a private /etc (see in-private-etc.mjs). */
export function privateEtcCommand(command, args) {
  mkdirSync(LAYERS, { recursive: true });
  return {
    command: "unshare",
    args: [...UNSHARE_ARGS, process.execPath, join(ROOT, "scripts/in-private-etc.mjs"), LAYERS, command, ...args],
  };
}

/** Runs `command args` with a private /etc, its output on ours; returns its exit status. */
export function runWithPrivateEtc(command, args, env) {
  const line = privateEtcCommand(command, args);
  const result = spawnSync(line.command, line.args, { cwd: ROOT, stdio: "inherit", env: { ...process.env, ...env } });
  return result.status ?? 1;
}

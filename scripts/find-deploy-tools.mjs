import { spawnSync } from "node:child_process";

/**
 * The deployment tests (test/deploy/) run the files IT installs with the tools that read them:
 * Debian's caddy in front of sheets-sync, and systemd-analyze on the unit. The service-account
 * test (test/google-auth/) makes its certificates with openssl.
 */
const onPath = (name) => spawnSync("sh", ["-c", `command -v ${name}`], { stdio: "ignore" }).status === 0;

export const caddyFound = () => onPath("caddy");
export const systemdAnalyzeFound = () => onPath("systemd-analyze");
export const opensslFound = () => onPath("openssl");

export const CADDY_HINT = "Caddy non trovato: installalo con `sudo apt-get install -y caddy` (Debian/Ubuntu)";
export const SYSTEMD_HINT = "systemd-analyze non trovato: installalo con `sudo apt-get install -y systemd` (Debian/Ubuntu)";
export const OPENSSL_HINT = "openssl non trovato: installalo con `sudo apt-get install -y openssl` (Debian/Ubuntu)";

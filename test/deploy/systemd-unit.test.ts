import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { get as httpGet } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { REPO_ROOT, tempWorkspace } from "../support/sheets-sync.ts";

/**
 * deploy/sheets-sync.service and deploy/sheets-sync.env.example, as docs/installazione.md installs
 * them: the unit passes `systemd-analyze verify` (with its paths pointed at this checkout, since
 * verify wants ExecStart's binary to exist), its sandbox rates "OK" in `systemd-analyze security`,
 * every variable of the example is one sheets-sync reads, and the unit's ExecStart with the
 * example's settings starts the service.
 */

const UNIT = join(REPO_ROOT, "deploy/sheets-sync.service");
const ENV_EXAMPLE = join(REPO_ROOT, "deploy/sheets-sync.env.example");
const INSTALL_DIR = "/opt/rete-urp";

let dir: string;
let unit: string;
let localUnit: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "rete-urp-unit-"));
  unit = await readFile(UNIT, "utf8");
  // This checkout in place of /opt/rete-urp, and the node running the tests in place of /usr/bin/node.
  localUnit = unit.replaceAll(INSTALL_DIR, REPO_ROOT).replace("ExecStart=/usr/bin/node ", `ExecStart=${process.execPath} `);
  await writeFile(join(dir, "sheets-sync.service"), localUnit);
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** `Key=value` lines of one section, in order. */
function directives(text: string, section: string): [string, string][] {
  const lines = text.split("\n");
  const start = lines.indexOf(`[${section}]`);
  const out: [string, string][] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith("[")) break;
    const match = /^([A-Za-z]+)=(.*)$/.exec(line);
    if (match) out.push([match[1]!, match[2]!]);
  }
  return out;
}

/** fetch cannot set Host: one GET /api/v1/health with the given Host header. */
function statusForHost(url: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpGet(`${url}/api/v1/health`, { headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
  });
}

const directive = (section: string, key: string) => directives(unit, section).find(([name]) => name === key)?.[1];

describe("deploy/sheets-sync.service", () => {
  test("runs the compiled dist/cli.js with node, as a dedicated user, from the install dir, configured by /etc/rete-urp/sheets-sync.env", () => {
    expect(directive("Service", "ExecStart")).toBe(`/usr/bin/node ${INSTALL_DIR}/sheets-sync/dist/cli.js serve`);
    expect(existsSync(join(REPO_ROOT, "sheets-sync/dist/cli.js"))).toBe(true);
    expect(directive("Service", "User")).toBe("rete-urp");
    expect(directive("Service", "WorkingDirectory")).toBe(INSTALL_DIR);
    expect(directive("Service", "EnvironmentFile")).toBe("/etc/rete-urp/sheets-sync.env");
    expect(directive("Service", "Restart")).toBe("on-failure");
    expect(directive("Service", "StateDirectory")).toBe("rete-urp");
    expect(directive("Service", "ReadWritePaths")).toBe("/var/lib/rete-urp");
    for (const [key, value] of [
      ["NoNewPrivileges", "yes"],
      ["ProtectSystem", "strict"],
      ["ProtectHome", "yes"],
      ["PrivateTmp", "yes"],
    ]) {
      expect(directive("Service", key!), key).toBe(value);
    }
  });

  test("systemd-analyze verify finds nothing to say", () => {
    const result = spawnSync("systemd-analyze", ["verify", join(dir, "sheets-sync.service")], { encoding: "utf8" });
    expect(result.error, "systemd-analyze not found: sudo apt-get install -y systemd").toBeUndefined();
    expect(`${result.stdout}${result.stderr}`).toBe("");
    expect(result.status).toBe(0);
  });

  test("systemd-analyze verify does fail on a unit whose ExecStart is missing (the check is real)", async () => {
    const broken = localUnit.replace(`${REPO_ROOT}/sheets-sync/dist/cli.js`, `${REPO_ROOT}/sheets-sync/dist/missing.js`);
    const path = join(dir, "broken.service");
    await writeFile(path, broken.replace(`ExecStart=${process.execPath} `, "ExecStart=/nonexistent/node "));
    const result = spawnSync("systemd-analyze", ["verify", path], { encoding: "utf8" });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("/nonexistent/node");
  });

  test("its sandbox rates OK (exposure at most 2.0 of 10) in systemd-analyze security", () => {
    const result = spawnSync("systemd-analyze", ["security", "--offline=yes", join(dir, "sheets-sync.service")], { encoding: "utf8" });
    const overall = /Overall exposure level for sheets-sync\.service: ([\d.]+) (\w+)/.exec(result.stdout);
    expect(overall, result.stdout + result.stderr).not.toBeNull();
    expect(Number(overall![1])).toBeLessThanOrEqual(2);
    expect(overall![2]).toBe("OK");
  });
});

describe("deploy/sheets-sync.env.example", () => {
  test("names only variables sheets-sync reads, and the state dir the unit may write", async () => {
    const example = await readFile(ENV_EXAMPLE, "utf8");
    const config = await readFile(join(REPO_ROOT, "sheets-sync/src/config.ts"), "utf8");
    const names = [...example.matchAll(/^#?([A-Z][A-Z0-9_]+)=/gm)].map((match) => match[1]!);
    expect(names.length).toBeGreaterThan(8);
    for (const name of names) expect(config, `${name} is not read by sheets-sync/src/config.ts`).toContain(`env.${name}`);
    expect(example).toMatch(/^SHEETS_SYNC_STATE_DIR=\/var\/lib\/rete-urp$/m);
    expect(example).toMatch(/^HOST=127\.0\.0\.1$/m);
    expect(example).toMatch(/^SHEETS_SYNC_TRUSTED_PROXY=127\.0\.0\.1,::1$/m);
  });

  test("the unit's ExecStart, with the example's settings (paths and port moved to a temp dir), starts the service", async () => {
    const ws = await tempWorkspace();
    try {
      const example = await readFile(ENV_EXAMPLE, "utf8");
      const env: Record<string, string> = {};
      for (const match of example.matchAll(/^([A-Z][A-Z0-9_]+)=(.*)$/gm)) env[match[1]!] = match[2]!;
      Object.assign(env, { PORT: "0", SHEETS_SYNC_STATE_DIR: ws.stateDir, SHEETS_SYNC_WORKBOOK: ws.workbook });
      const [command, ...args] = directives(localUnit, "Service")
        .find(([name]) => name === "ExecStart")![1]
        .split(" ");
      // systemd starts the unit with an environment of its own: the file's variables and little else.
      const init = spawnSync(command!, [...args.slice(0, -1), "init", "--demo"], { cwd: REPO_ROOT, env: { ...env }, encoding: "utf8" });
      expect(init.status, init.stderr).toBe(0);
      const child = spawn(command!, args, { cwd: REPO_ROOT, env: { ...env }, stdio: ["ignore", "pipe", "pipe"] });
      try {
        let output = "";
        const url = await new Promise<string>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`not listening in 30 s:\n${output}`)), 30_000);
          const onData = (chunk: Buffer) => {
            output += chunk.toString();
            const match = /in ascolto su (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
            if (match) {
              clearTimeout(timer);
              resolve(match[1]!);
            }
          };
          child.stdout.on("data", onData);
          child.stderr.on("data", onData);
          child.on("exit", (code) => reject(new Error(`exited with ${code}:\n${output}`)));
        });
        // SHEETS_SYNC_PUBLIC_URL is set: the loopback address still answers (a local probe), another name gets 421.
        const health = await fetch(`${url}/api/v1/health`);
        expect(health.status).toBe(200);
        expect(await statusForHost(url, "elsewhere.example")).toBe(421);
      } finally {
        child.kill("SIGTERM");
        await new Promise((resolve) => child.once("exit", resolve));
      }
    } finally {
      await rm(ws.dir, { recursive: true, force: true });
    }
  });
});

import { describe, expect, test } from "vitest";
import { loadConfig } from "./config.ts";
import { UsageError } from "./errors.ts";

/** loadConfig with only these variables, none of the shell's. */
const load = (env: Record<string, string>) => loadConfig({}, env);

/** The one line the CLI prints for a refused configuration (after "errore: "), and whether it adds a second. */
function refusal(env: Record<string, string>): { message: string; suggestion?: string | undefined } {
  try {
    load(env);
  } catch (error) {
    if (error instanceof UsageError) return { message: error.message, suggestion: error.suggestion };
    throw error;
  }
  throw new Error("accepted");
}

describe("SHEETS_SYNC_PUBLIC_URL: https only, but for loopback or a lab", () => {
  test("https:// to any host, http:// to this same machine", () => {
    for (const url of [
      "https://urp.unione.example.it",
      "https://10.0.0.5:8787/rete-urp",
      "http://127.0.0.1:8787",
      "http://localhost:8787",
    ]) {
      expect(load({ SHEETS_SYNC_PUBLIC_URL: url }).publicUrl, url).toBe(url);
    }
  });

  test("http:// to another machine is refused in one line saying why and naming the lab switch", () => {
    for (const url of ["http://urp.unione.example.it", "http://10.0.0.5:8787", "HTTP://urp.example.it", "http://localhost.evil.com"]) {
      expect(refusal({ SHEETS_SYNC_PUBLIC_URL: url }), url).toEqual({
        message: `SHEETS_SYNC_PUBLIC_URL: "${url}" è http:// verso un'altra macchina: token e inviti viaggerebbero in chiaro sulla rete; usa l'indirizzo https:// del servizio (solo in un laboratorio senza certificati: SHEETS_SYNC_ALLOW_HTTP=1)`,
        suggestion: undefined,
      });
    }
    expect(refusal({ SHEETS_SYNC_PUBLIC_URL: "http://urp.example.it", SHEETS_SYNC_ALLOW_HTTP: "0" }).message).toMatch(/in chiaro/);
  });

  test("SHEETS_SYNC_ALLOW_HTTP=1 lets a lab use http:// to another machine; any other value than 0 or 1 is an error", () => {
    const lab = load({ SHEETS_SYNC_PUBLIC_URL: "http://10.0.0.5:8787", SHEETS_SYNC_ALLOW_HTTP: "1" });
    expect(lab).toMatchObject({ publicUrl: "http://10.0.0.5:8787", allowHttp: true });
    expect(load({}).allowHttp).toBe(false);
    expect(refusal({ SHEETS_SYNC_ALLOW_HTTP: "yes" }).message).toBe(
      "configurazione non valida: SHEETS_SYNC_ALLOW_HTTP: 1 per permettere http:// verso altre macchine (solo in laboratorio), 0 o niente per vietarlo",
    );
  });
});

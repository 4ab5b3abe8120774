import { describe, expect, test } from "vitest";
import { UsageError } from "../errors.ts";
import { commandBaseUrl, hostAllowed, publicBaseUrl } from "./public-url.ts";

const local = { localAddress: "127.0.0.1", localPort: 8787 };

describe("publicBaseUrl", () => {
  test("the configured public URL, without a trailing slash, whatever the request", () => {
    expect(publicBaseUrl({ publicUrl: "https://urp.example.it/", host: "127.0.0.1" }, local)).toBe("https://urp.example.it");
    expect(publicBaseUrl({ publicUrl: "https://example.it/urp//", host: "127.0.0.1" }, local)).toBe("https://example.it/urp");
  });

  test("without one, the listening address; for 0.0.0.0 or :: the socket's own", () => {
    expect(publicBaseUrl({ host: "127.0.0.1" }, local)).toBe("http://127.0.0.1:8787");
    expect(publicBaseUrl({ host: "0.0.0.0" }, { localAddress: "::ffff:192.168.1.5", localPort: 80 })).toBe("http://192.168.1.5:80");
    expect(publicBaseUrl({ host: "::" }, { localAddress: "fd00::5", localPort: 8787 })).toBe("http://[fd00::5]:8787");
  });
});

describe("hostAllowed", () => {
  const config = { publicUrl: "https://urp.example.it", host: "127.0.0.1" };

  test("anything goes without a public URL", () => {
    expect(hostAllowed({ host: "127.0.0.1" }, local, "evil.example")).toBe(true);
  });

  test("the public host (any case, default port), the listening address and localhost", () => {
    for (const host of ["urp.example.it", "URP.Example.IT", "urp.example.it:443", "127.0.0.1:8787", "localhost:8787"]) {
      expect(hostAllowed(config, local, host), host).toBe(true);
    }
  });

  test("anything else is refused", () => {
    for (const host of [
      undefined,
      "",
      "evil.example",
      "urp.example.it:8443",
      "urp.example.it.evil.example",
      "user@urp.example.it",
      "127.0.0.1:9999",
    ]) {
      expect(hostAllowed(config, local, host), String(host)).toBe(false);
    }
  });
});

describe("commandBaseUrl", () => {
  const config = { host: "127.0.0.1", port: 8787 };

  test("--base-url, else the public URL, else where serve would listen; no trailing slash", () => {
    expect(commandBaseUrl(config)).toBe("http://127.0.0.1:8787");
    expect(commandBaseUrl({ ...config, publicUrl: "https://urp.example.it/rete/" })).toBe("https://urp.example.it/rete");
    expect(commandBaseUrl({ ...config, publicUrl: "https://urp.example.it" }, "https://other.example.it//")).toBe(
      "https://other.example.it",
    );
    expect(commandBaseUrl(config, "http://localhost:8787/")).toBe("http://localhost:8787");
  });

  test("what is not an http(s) address is refused, naming where it came from", () => {
    expect(() => commandBaseUrl(config, "urp.example.it")).toThrow(
      new UsageError('--base-url: serve un indirizzo http o https, non "urp.example.it"'),
    );
  });

  test("http:// to another machine is refused, unless SHEETS_SYNC_ALLOW_HTTP=1: the link carries an invitation code or a calendar key", () => {
    const refused = (source: string, url: string) =>
      new UsageError(
        `${source}: "${url}" è http:// verso un'altra macchina: token e inviti viaggerebbero in chiaro sulla rete; usa l'indirizzo https:// del servizio (solo in un laboratorio senza certificati: SHEETS_SYNC_ALLOW_HTTP=1)`,
      );
    for (const url of ["http://10.0.0.5:8787", "http://urp.unione.example.it", "http://127.0.0.1@evil.com"]) {
      expect(() => commandBaseUrl(config, url), url).toThrow(refused("--base-url", url));
      expect(commandBaseUrl({ ...config, allowHttp: true }, url), url).toBe(url);
    }
    // Listening on every interface, with no public URL: there is no address to give people.
    expect(() => commandBaseUrl({ host: "0.0.0.0", port: 8787 })).toThrow(refused("HOST e PORT", "http://0.0.0.0:8787"));
  });
});

import { describe, expect, test } from "vitest";
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

test("a CLI command's base: --base-url, else the public URL, else where serve would listen; no trailing slash", () => {
  const config = { host: "127.0.0.1", port: 8787 };
  expect(commandBaseUrl(config)).toBe("http://127.0.0.1:8787");
  expect(commandBaseUrl({ ...config, publicUrl: "https://urp.example.it/rete/" })).toBe("https://urp.example.it/rete");
  expect(commandBaseUrl({ ...config, publicUrl: "https://urp.example.it" }, "https://other.example.it//")).toBe("https://other.example.it");
  expect(commandBaseUrl(config, "urp.example.it")).toBeUndefined();
});

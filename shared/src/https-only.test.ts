import { describe, expect, test } from "vitest";
import { isLoopbackHostname, serviceUrlProblem } from "./https-only.ts";
import * as schemaFree from "./schema-free.ts";

describe("serviceUrlProblem", () => {
  test("https:// to any host, with a port or a path, as typed or pasted", () => {
    for (const url of [
      "https://urp.unione.example.it",
      "https://urp.unione.example.it/",
      "  https://urp.unione.example.it:8443/rete-urp  ",
      "HTTPS://URP.UNIONE.EXAMPLE.IT",
      "https://10.0.0.5:8787",
    ]) {
      expect(serviceUrlProblem(url), url).toBeUndefined();
    }
  });

  test("http:// to this same machine: 127.0.0.0/8, [::1], localhost, however the address is written", () => {
    for (const url of [
      "http://127.0.0.1:8787",
      "http://127.0.0.1",
      "http://127.8.9.10:8787/rete-urp",
      "http://localhost:8787",
      "http://LOCALHOST",
      "HTTP://127.0.0.1:8787",
      "http://[::1]:8787",
      "http://[0:0:0:0:0:0:0:1]",
      "http://127.1",
      "http://2130706433",
      "http://0x7f.0.0.1",
      "http://127.0.0.1.",
    ]) {
      expect(serviceUrlProblem(url), url).toBeUndefined();
    }
  });

  test("http:// to another machine is cleartext: the token would travel in clear", () => {
    for (const url of [
      "http://urp.unione.example.it",
      "http://10.0.0.5:8787",
      "http://192.168.1.5",
      "HTTP://URP.UNIONE.EXAMPLE.IT/",
      "Http://urp.unione.example.it",
      "http://phish.example/invito/Ab3_-xYz0123456789abcdEF",
      // Names that look like loopback but resolve wherever their owner wants.
      "http://localhost.evil.com",
      "http://127.0.0.1.nip.io:8787",
      "http://localhost.",
      // What comes before @ is a user name, not the host.
      "http://127.0.0.1@evil.com",
      "http://localhost:8787@evil.com",
      "http://127.0.0.1:8787@10.0.0.5:8787",
      // A backslash is a slash in an http URL: the host is evil.com.
      "http://evil.com\\@127.0.0.1",
      "http://evil.com#@127.0.0.1",
      "http://0.0.0.0:8787",
      "http://[::ffff:10.0.0.5]",
      "http://[fd00::5]:8787",
    ]) {
      expect(serviceUrlProblem(url), url).toBe("cleartext");
    }
  });

  test("the lab switch allows http:// to any host, nothing else", () => {
    const lab = { allowInsecureHttp: true };
    expect(serviceUrlProblem("http://10.0.0.5:8787", lab)).toBeUndefined();
    expect(serviceUrlProblem("http://urp.unione.example.it", lab)).toBeUndefined();
    expect(serviceUrlProblem("http://urp.unione.example.it", { allowInsecureHttp: false })).toBe("cleartext");
    expect(serviceUrlProblem("ftp://urp.unione.example.it", lab)).toBe("not_http");
    expect(serviceUrlProblem("urp.unione.example.it", lab)).toBe("not_url");
  });

  test("what is not an http(s) URL", () => {
    expect(serviceUrlProblem("")).toBe("not_url");
    expect(serviceUrlProblem("rete urp")).toBe("not_url");
    expect(serviceUrlProblem("urp.unione.example.it")).toBe("not_url");
    expect(serviceUrlProblem("javascript:alert(1)")).toBe("not_http");
    expect(serviceUrlProblem("ws://127.0.0.1:8787")).toBe("not_http");
    expect(serviceUrlProblem("file:///etc/passwd")).toBe("not_http");
  });
});

test("isLoopbackHostname() takes a parsed host: the loopback addresses and localhost itself", () => {
  for (const host of ["localhost", "127.0.0.1", "127.255.255.254", "[::1]"]) expect(isLoopbackHostname(host), host).toBe(true);
  for (const host of ["localhost.evil.com", "127.0.0.1.nip.io", "evil.localhost", "128.0.0.1", "10.0.0.5", "::1", "[::2]", ""]) {
    expect(isLoopbackHostname(host), host).toBe(false);
  }
});

test("the rule is in the schema-free entry, for the popup and the options page", () => {
  expect(schemaFree.serviceUrlProblem).toBe(serviceUrlProblem);
  expect(schemaFree.isLoopbackHostname).toBe(isLoopbackHostname);
});

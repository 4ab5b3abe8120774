import { createHash } from "node:crypto";
import { expect, test } from "vitest";
import { INVITATION_PAGE_CSP, invitationPage, pageLanguage } from "./invitation-page.ts";

test("Italian unless the browser puts English before Italian; no header, or neither, is Italian", () => {
  expect(pageLanguage(undefined)).toBe("it");
  expect(pageLanguage("")).toBe("it");
  expect(pageLanguage("*")).toBe("it");
  expect(pageLanguage("it-IT,it;q=0.9,en-US;q=0.8,en;q=0.7")).toBe("it");
  expect(pageLanguage("en-GB,en;q=0.9,it;q=0.8")).toBe("en");
  expect(pageLanguage("EN-us")).toBe("en");
  expect(pageLanguage("de-DE,de;q=0.9")).toBe("it");
  expect(pageLanguage("de-DE,de;q=0.9,en;q=0.8")).toBe("en");
  // By preference, not by order; a language refused with q=0 is not chosen.
  expect(pageLanguage("en;q=0.5, it;q=0.9")).toBe("it");
  expect(pageLanguage("it;q=0.4, en")).toBe("en");
  expect(pageLanguage("en;q=0, it;q=0.1")).toBe("it");
  expect(pageLanguage("en;q=0")).toBe("it");
  // Not a tag of either: "eng", "italian".
  expect(pageLanguage("eng, italian")).toBe("it");
});

test("the policy allows the page's one stylesheet by its hash, and nothing else", () => {
  const html = invitationPage("pending", "it", "https://urp.example.it/invito/AbCdEfGhIjKlMnOpQrStUvWx");
  const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((match) => match[1]!);
  expect(styles).toHaveLength(1);
  const hash = createHash("sha256").update(styles[0]!, "utf8").digest("base64");
  expect(INVITATION_PAGE_CSP).toBe(
    `default-src 'none'; style-src 'sha256-${hash}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
  );
  // The same stylesheet on every page, so one hash covers them all.
  for (const kind of ["used", "expired", "revoked", "unknown", "limited"] as const)
    for (const language of ["it", "en"] as const) expect(invitationPage(kind, language, "x")).toContain(`<style>${styles[0]}</style>`);
});

test("the link is escaped, and shown only on a valid invitation's page", () => {
  const link = `https://urp.example.it/invito/<b>"x"</b>`;
  expect(invitationPage("pending", "en", link)).toContain(
    '<code class="link">https://urp.example.it/invito/&lt;b&gt;&quot;x&quot;&lt;/b&gt;</code>',
  );
  for (const kind of ["used", "expired", "revoked", "unknown", "limited"] as const)
    expect(invitationPage(kind, "it", link)).not.toContain("invito/");
});

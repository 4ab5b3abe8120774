import { expect, test } from "vitest";
import { findDuplicatePractice } from "./duplicates.ts";
import { normalizeUrl } from "./normalize-url.ts";
import type { Practice } from "./records/practice.ts";

test.each([
  ["https://www.comune.lugo.ra.it/urp/", "comune.lugo.ra.it/urp"],
  ["http://comune.lugo.ra.it/urp", "comune.lugo.ra.it/urp"],
  ["https://COMUNE.lugo.ra.it/urp#contatti", "comune.lugo.ra.it/urp"],
  ["https://comune.lugo.ra.it/urp?utm_source=newsletter&utm_medium=email&fbclid=abc", "comune.lugo.ra.it/urp"],
  ["https://comune.lugo.ra.it/news?id=42&utm_campaign=x", "comune.lugo.ra.it/news?id=42"],
  ["https://comune.lugo.ra.it/news?b=2&a=1", "comune.lugo.ra.it/news?a=1&b=2"],
  ["https://comune.lugo.ra.it:443/", "comune.lugo.ra.it"],
  ["https://comune.lugo.ra.it:8443/x", "comune.lugo.ra.it:8443/x"],
])("normalizeUrl(%s) → %s", (url, key) => {
  expect(normalizeUrl(url)).toBe(key);
});

test("a different path or id is a different page; non-http links have no key", () => {
  expect(normalizeUrl("https://comune.lugo.ra.it/news?id=42")).not.toBe(normalizeUrl("https://comune.lugo.ra.it/news?id=43"));
  expect(normalizeUrl("javascript:alert(1)")).toBeUndefined();
  expect(normalizeUrl("non è un link")).toBeUndefined();
});

test("findDuplicatePractice() finds who shared the same page first", () => {
  const practice = (id: string, url: string, date: string, ente: Practice["ente"]): Practice => ({
    id,
    url,
    date,
    ente,
    title: id,
    description: "",
    excerpt: "",
    tags: [],
    author: "",
    authorEmail: "",
  });
  const practices = [
    practice("b", "https://www.spid.gov.it/?utm_source=x", "2026-11-03", "Lugo"),
    practice("a", "http://spid.gov.it/", "2026-10-01", "Fusignano"),
    practice("c", "https://example.it", "2026-01-01", "Unione"),
  ];
  expect(findDuplicatePractice(practices, "https://spid.gov.it#top")?.id).toBe("a");
  expect(findDuplicatePractice(practices, "https://spid.gov.it/cos-e")).toBeUndefined();
});

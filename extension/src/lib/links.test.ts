import { expect, test } from "vitest";
import { httpHref, mailtoHref, telHref } from "./links";

test("httpHref() keeps http(s) links and refuses everything else a sheet cell may hold", () => {
  expect(httpHref(" https://meet.jit.si/rete-urp ")).toBe("https://meet.jit.si/rete-urp");
  expect(httpHref("javascript:alert(1)")).toBeUndefined();
  expect(httpHref("JaVaScRiPt:alert(1)")).toBeUndefined();
  expect(httpHref("data:text/html,<script>alert(1)</script>")).toBeUndefined();
  expect(httpHref("www.comune.lugo.ra.it")).toBeUndefined();
});

test("mailtoHref() and telHref() link plain addresses and numbers only", () => {
  expect(mailtoHref("sara.folli@lugo.esempio.it")).toBe("mailto:sara.folli@lugo.esempio.it");
  expect(mailtoHref("sara.folli@lugo.esempio.it?bcc=x@y.it")).toBeUndefined();
  expect(telHref("0545 38113")).toBe("tel:054538113");
  expect(telHref("+39 0545 38113")).toBe("tel:+39054538113");
  expect(telHref("javascript:alert(1)")).toBeUndefined();
});

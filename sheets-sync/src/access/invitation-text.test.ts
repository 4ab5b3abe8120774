import { InvitationSchema } from "@rete-urp/shared";
import { expect, test } from "vitest";
import { invitationAnswer, invitationMailto, invitationText, romeDateInWords, WHERE_IS_THE_ICON } from "./invitation-text.ts";

const LINK = "https://urp.unione.example.it/invito/AbCdEfGhIjKlMnOpQrStUvWx";

test("the expiry in words, on Rome's clock across the DST change", () => {
  expect(romeDateInWords(new Date("2026-12-01T09:00:00Z"))).toBe("martedì 1 dicembre 2026 alle 10:00");
  expect(romeDateInWords(new Date("2027-03-28T22:30:00Z"))).toBe("lunedì 29 marzo 2027 alle 00:30");
});

test("the text says who invites, what Rete URP is, what to paste where, until when, and once", () => {
  const text = invitationText({
    email: "sara.folli@lugo.esempio.it",
    link: LINK,
    expiresAt: new Date("2026-12-01T09:00:00Z"),
    inviter: "Giulia Bianchi (Unione)",
    firstName: "Sara",
  });
  const lines = text.split("\n");
  expect(lines[0]).toBe("Ciao Sara,");
  expect(lines[2]).toMatch(/^Giulia Bianchi \(Unione\) ti invita a Rete URP, lo strumento della rete degli URP dell'Unione dei Comuni/);
  expect(lines[4]).toBe("Fai clic sull'icona di Rete URP nella barra del browser, poi su «Impostazioni», e incolla questo invito:");
  expect(lines[5]).toBe(LINK);
  expect(lines[6]).toBe("");
  expect(lines[7]).toBe(WHERE_IS_THE_ICON);
  expect(lines[8]).toBe("");
  expect(lines[9]).toBe(
    "L'invito vale fino a martedì 1 dicembre 2026 alle 10:00 e si può usare una volta sola: è personale, non inoltrarlo.",
  );
  expect(lines[10]).toBe("Se l'estensione non è installata, chiedi all'ufficio informatico del tuo ente.");
  expect(lines).toHaveLength(11);
  // The link alone on its line, nowhere else: a mail client makes it one clickable whole.
  expect(lines.filter((line) => line.includes("/invito/"))).toEqual([LINK]);
  expect(invitationText({ email: "x@example.it", link: LINK, expiresAt: new Date() })).toMatch(
    /^Ciao,\n\nIl coordinamento della rete ti invita a Rete URP/,
  );
});

test("where the icon is when it is not on the toolbar: Chrome and Edge's puzzle piece and pin, Firefox's Estensioni button", () => {
  expect(WHERE_IS_THE_ICON).toBe(
    "Non vedi l'icona? In Chrome ed Edge fai clic sull'icona a forma di puzzle (Estensioni) a destra della barra degli indirizzi, poi sulla puntina accanto a Rete URP (in Edge è un occhio) per tenerla in vista. In Firefox è nel pulsante «Estensioni» (il pezzo di puzzle) nella barra degli strumenti.",
  );
  // The same words in the answer the Coordinamento's "Invita" shows, and in its mailto.
  const answer = invitationAnswer({ email: "sara.folli@lugo.esempio.it", link: LINK, expiresAt: new Date("2026-12-01T09:00:00Z") });
  expect(answer.text.split("\n")[7]).toBe(WHERE_IS_THE_ICON);
  expect(new URL(answer.mailto).searchParams.get("body")).toContain(`\r\n\r\n${WHERE_IS_THE_ICON}\r\n\r\n`);
});

test("the mailto encodes subject and body (CRLF lines) and keeps the address readable", () => {
  const mailto = invitationMailto("sara.folli+urp@lugo.esempio.it", "Ciao Sara,\n\nè l'invito: https://x/invito/a?b=c&d");
  expect(mailto).toBe(
    "mailto:sara.folli%2Burp@lugo.esempio.it?subject=Invito%20a%20Rete%20URP&body=Ciao%20Sara%2C%0D%0A%0D%0A%C3%A8%20l'invito%3A%20https%3A%2F%2Fx%2Finvito%2Fa%3Fb%3Dc%26d",
  );
  const url = new URL(mailto);
  expect(url.protocol).toBe("mailto:");
  expect(url.searchParams.get("body")).toBe("Ciao Sara,\r\n\r\nè l'invito: https://x/invito/a?b=c&d");
});

test("the API's answer is the shared InvitationSchema, with the expiry in Rome's offset", () => {
  const answer = InvitationSchema.parse(
    invitationAnswer({ email: "sara.folli@lugo.esempio.it", link: LINK, expiresAt: new Date("2026-12-01T09:00:00Z") }),
  );
  expect(answer.expiresAt).toBe("2026-12-01T10:00:00+01:00");
  expect(answer.mailto.startsWith("mailto:sara.folli@lugo.esempio.it?subject=")).toBe(true);
  expect(decodeURIComponent(answer.mailto.split("&body=")[1]!)).toBe(answer.text.replace(/\n/g, "\r\n"));
});

import { describe, expect, it } from "vitest";
import { invitationLink, parseInvitation } from "./invitation-link.ts";

const CODE = "Ab3_-xYz0123456789abcdEF";

describe("invitation links", () => {
  it("round-trips the service address and the code, with or without a path", () => {
    expect(parseInvitation(invitationLink("https://urp.unione.example.it", CODE))).toEqual({
      serviceUrl: "https://urp.unione.example.it",
      code: CODE,
    });
    expect(parseInvitation(invitationLink("http://127.0.0.1:8787/", CODE))).toEqual({ serviceUrl: "http://127.0.0.1:8787", code: CODE });
    expect(parseInvitation(`https://intranet.example.it/urp/invito/${CODE}`)).toEqual({
      serviceUrl: "https://intranet.example.it/urp",
      code: CODE,
    });
  });

  it("takes what a mail client pastes: spaces, angle brackets, a trailing full stop", () => {
    expect(parseInvitation(`  <https://urp.example.it/invito/${CODE}>  `)?.code).toBe(CODE);
    expect(parseInvitation(`https://urp.example.it/invito/${CODE}.`)?.code).toBe(CODE);
    expect(parseInvitation(`<https://urp.example.it/invito/${CODE}>.`)?.code).toBe(CODE);
  });

  it("takes the code alone, for a service address already known", () => {
    expect(parseInvitation(` ${CODE} `)).toEqual({ code: CODE });
  });

  it("refuses what is not an invitation", () => {
    expect(parseInvitation("")).toBeUndefined();
    expect(parseInvitation("rete-urp-token-abc")).toBeUndefined();
    expect(parseInvitation(`javascript:alert(1)//invito/${CODE}`)).toBeUndefined();
    expect(parseInvitation(`https://urp.example.it/invito/${CODE.slice(1)}`)).toBeUndefined();
    expect(parseInvitation(`https://urp.example.it/altro/${CODE}`)).toBeUndefined();
  });

  it("takes the link out of the whole email pasted, as the coordinator sends it (CRLF, quoted, wrapped)", () => {
    const link = `https://urp.unione.example.it/invito/${CODE}`;
    // The service's text (sheets-sync/src/access/invitation-text.ts), as a mail client copies it: CRLF.
    const email = [
      "Ciao Marco,",
      "",
      "Giulia Bianchi (Unione) ti invita a Rete URP, lo strumento della rete degli URP dell'Unione dei Comuni della Bassa Romagna: prossime riunioni, buone prassi e colleghi degli altri comuni, dal browser.",
      "",
      "Apri le Opzioni dell'estensione Rete URP e incolla questo invito:",
      link,
      "",
      "L'invito vale fino a martedì 1 dicembre 2026 alle 10:00 e si può usare una volta sola: è personale, non inoltrarlo.",
      "Se l'estensione non è installata, chiedi all'ufficio informatico del tuo ente.",
    ];
    const expected = { serviceUrl: "https://urp.unione.example.it", code: CODE };
    expect(parseInvitation(email.join("\r\n"))).toEqual(expected);
    expect(parseInvitation(email.join("\n"))).toEqual(expected);
    // Quoted in a reply, with the link in angle brackets after its text (Outlook's plain text).
    expect(parseInvitation(email.map((line) => (line === link ? `> ${link} <${link}>` : `> ${line}`)).join("\r\n"))).toEqual(expected);
    // Written in a sentence, with quotes and the punctuation that follows.
    expect(parseInvitation(`Incolla questo invito: "${link}".`)).toEqual(expected);
    expect(parseInvitation(`L'invito è «${link}», vale una settimana.`)).toEqual(expected);
    expect(parseInvitation(`Ecco il link (${link}); usalo entro martedì!`)).toEqual(expected);
    expect(parseInvitation(`Ecco il link: <${link}>.\r\nCiao`)).toEqual(expected);
    // Other links in a signature are not invitations.
    expect(
      parseInvitation(`${email.join("\r\n")}\r\n--\r\nUnione dei Comuni della Bassa Romagna\r\nhttps://www.labassaromagna.it/`),
    ).toEqual(expected);
  });

  it("takes a code standing alone on its line in a text, when no link carries one", () => {
    expect(parseInvitation(`Ciao,\r\nil tuo codice d'invito è:\r\n  ${CODE}\r\nCiao`)).toEqual({ code: CODE });
    expect(parseInvitation(`Il codice è «${CODE}».`)).toBeUndefined();
  });

  it("keeps the scheme of a link found in a text: an http:// address is the caller's to refuse", () => {
    // parseInvitation reads; https-only.ts decides. The options page refuses this address ("Questo invito usa http://").
    expect(parseInvitation(`Ciao,\r\nincolla questo invito:\r\nhttp://phish.example/invito/${CODE}\r\nGrazie`)).toEqual({
      serviceUrl: "http://phish.example",
      code: CODE,
    });
  });

  it("refuses a text with two different invitations, or with none", () => {
    const other = "Zz9_-aBc0123456789defGHI";
    expect(
      parseInvitation(`https://urp.unione.example.it/invito/${CODE}\r\nhttps://urp.unione.example.it/invito/${other}`),
    ).toBeUndefined();
    expect(
      parseInvitation(`Vecchio: https://urp.unione.example.it/invito/${CODE}\nNuovo: http://phish.example/invito/${CODE}`),
    ).toBeUndefined();
    expect(
      parseInvitation("Ciao,\r\nti scrivo per la riunione di martedì: https://www.labassaromagna.it/rete-urp/odg.\r\n"),
    ).toBeUndefined();
    expect(parseInvitation(`Il link è https://urp.unione.example.it/invito/${CODE.slice(2)} ma è tagliato.`)).toBeUndefined();
  });
});

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
});

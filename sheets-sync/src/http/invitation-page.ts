import { createHash } from "node:crypto";
import type { InvitationState } from "../access/invitations.ts";

/**
 * The page an invitation link opens in a browser (GET /invito/<code>): what to do with a valid
 * invitation, or, for one that can no longer be used, exactly why and what to do instead. It
 * looks like the extension's options page (its colours, font and cards, light and dark: the
 * values of extension/src/ui/base.css), in Italian or, when the browser prefers it, in English.
 *
 * No script, no image, no font, no external anything: one inline stylesheet, allowed by its
 * hash in the page's own Content-Security-Policy (`INVITATION_PAGE_CSP`), the icons inline SVG.
 */

export type PageLanguage = "it" | "en";

/** What the page says: an invitation's state, an unknown code, or an address limited for guessing. */
export type InvitationPageKind = InvitationState | "unknown" | "limited";

/** Pending 200; ended 410 and unknown 404, as redeem answers them; limited 429. */
export const INVITATION_PAGE_STATUS: Readonly<Record<InvitationPageKind, 200 | 404 | 410 | 429>> = {
  pending: 200,
  used: 410,
  expired: 410,
  revoked: 410,
  unknown: 404,
  limited: 429,
};

/**
 * Italian unless the browser puts English first among the two the page speaks: the first of
 * `it` and `en` in Accept-Language by preference (q, then order), so "en-GB,en;q=0.9,it;q=0.8"
 * is English and "de-DE,en;q=0.8" too (better understood than Italian), while "it-IT,en" or a
 * missing header is Italian, as the extension is by default.
 */
export function pageLanguage(acceptLanguage: string | undefined): PageLanguage {
  const ranked = (acceptLanguage ?? "")
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((param) => /^\s*q\s*=\s*([0-9.]+)\s*$/i.exec(param)?.[1]).find((value) => value !== undefined);
      return { primary: tag.trim().toLowerCase().split("-")[0] ?? "", q: q === undefined ? 1 : Number(q), index };
    })
    .filter(({ q }) => Number.isFinite(q) && q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranked.find(({ primary }) => primary === "it" || primary === "en")?.primary === "en" ? "en" : "it";
}

/** The extension's look (extension/src/ui/base.css and the options page), only what this page uses. */
const STYLE = `
:root {
  color-scheme: light dark;
  --bg: #f4f6f8;
  --surface: #ffffff;
  --surface-2: #eef2f5;
  --text: #16202a;
  --muted: #5b6875;
  --border: #d9e0e6;
  --accent: #0f766e;
  --warning: #8a5a00;
  --warning-bg: #fff6dd;
  --warning-border: #f1d48b;
  --radius: 10px;
  --shadow: 0 1px 2px rgb(16 24 40 / 6%), 0 1px 3px rgb(16 24 40 / 8%);
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0f161c;
    --surface: #18222b;
    --surface-2: #202c36;
    --text: #e6edf2;
    --muted: #9aa8b4;
    --border: #2d3b47;
    --accent: #2dd4bf;
    --warning: #fcd34d;
    --warning-bg: #33280f;
    --warning-border: #6b5313;
    --shadow: none;
  }
}
* { box-sizing: border-box; }
body {
  margin: 0;
  background: var(--bg);
  color: var(--text);
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif;
  font-size: 15px;
  line-height: 1.5;
}
main { max-width: 600px; margin: 0 auto; padding: 28px 20px 40px; }
header { display: flex; align-items: center; gap: 12px; margin-bottom: 20px; }
h1, h2, p { margin: 0; }
h1 { font-size: 20px; }
h2 { font-size: 15px; margin-bottom: 10px; }
.brand { flex: none; width: 40px; height: 40px; }
.subtitle, .muted { color: var(--muted); }
.subtitle { font-size: 13px; }
.card {
  background: var(--surface);
  border: 1px solid var(--border);
  border-radius: var(--radius);
  box-shadow: var(--shadow);
  padding: 16px;
  margin-bottom: 16px;
}
.card p + p, .card p + .notice, .card .notice + p { margin-top: 10px; }
ol, ul { margin: 0; padding-left: 22px; }
li + li { margin-top: 8px; }
.ui { font-weight: 600; }
.icon { width: 18px; height: 18px; vertical-align: -4px; color: var(--accent); }
.link {
  display: block;
  margin-top: 8px;
  padding: 8px 10px;
  border: 1px solid var(--border);
  border-radius: 8px;
  background: var(--surface-2);
  font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace;
  font-size: 13px;
  overflow-wrap: anywhere;
  user-select: all;
}
.notice {
  padding: 10px 12px;
  border: 1px solid var(--warning-border);
  border-radius: 8px;
  background: var(--warning-bg);
  color: var(--warning);
  font-weight: 600;
}
.small { font-size: 13px; }
`;

/**
 * The page's policy: the security headers' `default-src 'none'` (no script, image, font,
 * connection or frame), plus this stylesheet by its hash, and nowhere to point a base or a form.
 */
export const INVITATION_PAGE_CSP = `default-src 'none'; style-src 'sha256-${createHash("sha256").update(STYLE, "utf8").digest("base64")}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (char) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[char]!);

/** The extension's mark (the brand-mark of base.css): three linked points on the teal gradient. */
const BRAND = `<svg class="brand" viewBox="0 0 32 32" aria-hidden="true"><defs><linearGradient id="brand-bg" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#0f766e"/><stop offset="1" stop-color="#0e7490"/></linearGradient></defs><rect width="32" height="32" rx="8" fill="url(#brand-bg)"/><g fill="none" stroke="#fff" stroke-width="2.4"><path d="M16 9.5 9.5 21.5h13z"/><circle cx="16" cy="9.5" r="3.6" fill="#fff"/><circle cx="9.5" cy="21.5" r="3.6" fill="#fff"/><circle cx="22.5" cy="21.5" r="3.6" fill="#fff"/></g></svg>`;

/** Line icons in the extension's style (extension/src/ui/icons.tsx): decorative, the words beside them say it. */
const icon = (path: string) =>
  `<svg class="icon" viewBox="0 0 20 20" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><path d="${path}"/></svg>`;
const PUZZLE = icon("M3.5 6.5h4.2a2 2 0 1 1 3.2 0h3.6v3.6a2 2 0 1 1 0 3.2v3.7h-11z");
const PIN = icon("M7 3.5h6M8.5 3.5v5L6 11.5h8l-2.5-3v-5M10 11.5v5");

interface Copy {
  title: Record<InvitationPageKind, string>;
  subtitle: string;
  /** A valid invitation: what it is, the steps (the link between them), where the icon is. */
  pending: (link: string) => string;
  /** Why an invitation cannot be used, and what to do instead. */
  ended: Record<Exclude<InvitationPageKind, "pending">, string>;
}

const COPY: Record<PageLanguage, Copy> = {
  it: {
    title: {
      pending: "Invito a Rete URP",
      used: "Invito già usato",
      expired: "Invito scaduto",
      revoked: "Invito annullato",
      unknown: "Invito non riconosciuto",
      limited: "Troppi tentativi",
    },
    subtitle: "Rete URP · la rete degli URP dell'Unione dei Comuni della Bassa Romagna",
    pending: (link) => `<section class="card">
<p>Questo è un invito personale a Rete URP, lo strumento della rete degli URP: prossime riunioni, buone prassi e colleghi degli altri comuni, dal browser. Per usarlo non serve altro in questa pagina: aprirla non lo consuma.</p>
</section>
<section class="card">
<h2>Come usarlo</h2>
<ol>
<li>Fai clic sull'icona di Rete URP nella barra del browser, poi su <span class="ui">«Impostazioni»</span>.</li>
<li>Incolla questo invito nel campo <span class="ui">«Invito»</span> e premi <span class="ui">«Collega e salva»</span>:
<code class="link">${escapeHtml(link)}</code></li>
</ol>
</section>
<section class="card">
<h2>Non vedi l'icona di Rete URP?</h2>
<ul>
<li><span class="ui">Chrome ed Edge</span>: fai clic sull'icona a forma di puzzle ${PUZZLE} (<span class="ui">Estensioni</span>) a destra della barra degli indirizzi, poi sulla puntina ${PIN} accanto a Rete URP (in Edge è un occhio) per tenerla in vista.</li>
<li><span class="ui">Firefox</span>: fai clic sul pulsante <span class="ui">«Estensioni»</span> ${PUZZLE} (il pezzo di puzzle) nella barra degli strumenti.</li>
</ul>
</section>
<p class="small muted">L'invito è personale: si può usare una volta sola e scade. Se l'estensione Rete URP non è installata, chiedi all'ufficio informatico del tuo ente.</p>`,
    ended: {
      used: `<p>Questo invito è già stato usato: vale una volta sola.</p>
<p>Se l'hai incollato tu, Rete URP è già collegato: non serve fare altro.</p>
<p class="notice">Se non sei stato tu, avvisa il coordinatore della rete e chiedigli un nuovo invito.</p>`,
      expired: `<p>Questo invito è scaduto e non si può più usare.</p>
<p class="notice">Chiedi al coordinatore della rete un nuovo invito.</p>`,
      revoked: `<p>Questo invito è stato annullato, forse perché te ne è arrivato uno più recente.</p>
<p class="notice">Usa l'ultimo invito ricevuto, oppure chiedi al coordinatore della rete un nuovo invito.</p>`,
      unknown: `<p>Questo indirizzo non è un invito valido di Rete URP: forse non è stato copiato per intero dal messaggio ricevuto, oppure è un invito vecchio che non vale più.</p>
<p class="notice">Controlla di aver aperto il link intero; se non basta, chiedi al coordinatore della rete un nuovo invito.</p>`,
      limited: `<p>Da questo indirizzo sono stati aperti troppi inviti non validi.</p>
<p class="notice">Riprova tra un minuto. Intanto puoi già incollare l'invito nelle impostazioni dell'estensione Rete URP.</p>`,
    },
  },
  en: {
    title: {
      pending: "Invitation to Rete URP",
      used: "Invitation already used",
      expired: "Invitation expired",
      revoked: "Invitation cancelled",
      unknown: "Invitation not recognised",
      limited: "Too many attempts",
    },
    subtitle: "Rete URP · the network of the public relations offices (URP) of the Unione dei Comuni della Bassa Romagna",
    pending: (link) => `<section class="card">
<p>This is a personal invitation to Rete URP, the tool of the URP network: upcoming meetings, best practices and colleagues in the other municipalities, in your browser. Nothing else is needed on this page: opening it does not use the invitation up.</p>
</section>
<section class="card">
<h2>How to use it</h2>
<ol>
<li>Click the Rete URP icon in the browser's toolbar, then <span class="ui">“Settings”</span>.</li>
<li>Paste this invitation in the <span class="ui">“Invitation”</span> field and press <span class="ui">“Connect and save”</span>:
<code class="link">${escapeHtml(link)}</code></li>
</ol>
</section>
<section class="card">
<h2>Can't see the Rete URP icon?</h2>
<ul>
<li><span class="ui">Chrome and Edge</span>: click the puzzle-piece icon ${PUZZLE} (<span class="ui">Extensions</span>) right of the address bar, then the pin ${PIN} next to Rete URP (in Edge, an eye) to keep it in view.</li>
<li><span class="ui">Firefox</span>: click the <span class="ui">“Extensions”</span> button ${PUZZLE} (the puzzle piece) in the toolbar.</li>
</ul>
</section>
<p class="small muted">The invitation is personal: it works once and expires. If the Rete URP extension is not installed, ask your organisation's IT office.</p>`,
    ended: {
      used: `<p>This invitation has already been used: it works once.</p>
<p>If you pasted it yourself, Rete URP is already connected: nothing else to do.</p>
<p class="notice">If it was not you, tell the network coordinator and ask them for a new invitation.</p>`,
      expired: `<p>This invitation has expired and can no longer be used.</p>
<p class="notice">Ask the network coordinator for a new invitation.</p>`,
      revoked: `<p>This invitation has been cancelled, perhaps because a newer one reached you.</p>
<p class="notice">Use the latest invitation you received, or ask the network coordinator for a new one.</p>`,
      unknown: `<p>This address is not a valid Rete URP invitation: perhaps it was not copied whole from the message you received, or it is an old invitation that no longer works.</p>
<p class="notice">Check that you opened the whole link; if that does not help, ask the network coordinator for a new invitation.</p>`,
      limited: `<p>Too many invalid invitations have been opened from this address.</p>
<p class="notice">Try again in a minute. Meanwhile you can already paste the invitation in the Rete URP extension's settings.</p>`,
    },
  },
};

/**
 * The whole page for `kind` in `language`. `link` is the invitation's own link (the address the
 * visitor opened, rebuilt from the service's public address), shown only for a pending one.
 */
export function invitationPage(kind: InvitationPageKind, language: PageLanguage, link: string): string {
  const copy = COPY[language];
  const title = copy.title[kind];
  const body = kind === "pending" ? copy.pending(link) : `<section class="card">\n${copy.ended[kind]}\n</section>`;
  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<header>
${BRAND}
<div>
<h1>${escapeHtml(title)}</h1>
<p class="subtitle">${escapeHtml(copy.subtitle)}</p>
</div>
</header>
${body}
</main>
</body>
</html>
`;
}

import type { ReactNode } from "react";
import { httpHref } from "../lib/links";
import { useT } from "./i18n-context";
import "./safe-link.css";

/**
 * A link from sheet text: clickable only when it is http(s). Anything else (a `javascript:`
 * URL, a typo) is shown as plain text, label and raw value, so the user can still read what
 * the coordinator typed and report it. A link opens in a new tab, and says so: it is described
 * by the page's one NewTabNote ("si apre in una nuova scheda"), which the popup's shell renders
 * once, rather than by words of its own, which every test and copy of the title would carry.
 */
export function SafeLink({ href, children, className }: { href: string; children?: ReactNode; className?: string }) {
  const safe = httpHref(href);
  if (!safe) {
    return (
      <span className={className ? `${className} link-disabled` : "link-disabled"}>
        {children ? (
          <>
            {children} <span className="link-raw clamp">{href}</span>
          </>
        ) : (
          href
        )}
      </span>
    );
  }
  return (
    <a className={className} href={safe} target="_blank" rel="noopener noreferrer" aria-describedby={NEW_TAB_NOTE}>
      {children ?? safe}
    </a>
  );
}

/** The id of the words every new-tab link is described by. */
export const NEW_TAB_NOTE = "new-tab-note";

/** "si apre in una nuova scheda": once per page that shows SafeLinks, hidden, read as their description. */
export function NewTabNote() {
  const t = useT();
  return (
    <span id={NEW_TAB_NOTE} hidden>
      {t("opensInNewTab")}
    </span>
  );
}

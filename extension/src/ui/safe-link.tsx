import type { ReactNode } from "react";
import { httpHref } from "../lib/links";
import "./safe-link.css";

/**
 * A link from sheet text: clickable only when it is http(s). Anything else (a `javascript:`
 * URL, a typo) is shown as plain text, label and raw value, so the user can still read what
 * the coordinator typed and report it.
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
    <a className={className} href={safe} target="_blank" rel="noopener noreferrer">
      {children ?? safe}
    </a>
  );
}

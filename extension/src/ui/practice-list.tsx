import type { Practice } from "@rete-urp/shared";
import { useMemo, useState } from "react";
import { formatShortDate } from "../lib/format";
import { useT } from "./i18n-context";
import { SafeLink } from "./safe-link";
import { matchesAll } from "./search";
import { SearchBox } from "./search-box";

/** What the network has shared, newest first, searchable by title, description, tags and ente. */
export function PracticeList({ practices }: { practices: Practice[] }) {
  const t = useT();
  const [query, setQuery] = useState("");
  const sorted = useMemo(
    // ISO dates sort as text; the sheet's own order breaks ties (later rows are newer).
    () => practices.map((practice, index) => ({ practice, index })).sort((a, b) => b.practice.date.localeCompare(a.practice.date) || b.index - a.index),
    [practices],
  );
  const shown = sorted
    .map(({ practice }) => practice)
    .filter((practice) => matchesAll([practice.title, practice.description, practice.ente, ...practice.tags], query));

  return (
    <section className="practices" aria-labelledby="practices-heading">
      <h2 id="practices-heading" className="visually-hidden">
        {t("tabPractices")}
      </h2>
      <SearchBox id="practice-search" label={t("searchPractices")} placeholder={t("searchPracticesPlaceholder")} value={query} onValue={setQuery} />
      <p className="count muted" aria-live="polite">
        {shown.length === 1 ? t("practicesOne") : t("practicesMany", shown.length)}
      </p>
      {shown.length === 0 ? (
        <p className="empty muted">{t("noPractices")}</p>
      ) : (
        <ul className="list" data-testid="practice-list">
          {shown.map((practice) => (
            <li key={practice.id || `${practice.date}-${practice.title}`} className="list-item practice">
              <h3 className="practice-title">
                {practice.url ? <SafeLink href={practice.url}>{practice.title}</SafeLink> : practice.title}
              </h3>
              <p className="practice-meta muted">
                {[practice.ente, formatShortDate(`${practice.date}T12:00:00Z`, t.locale), practice.author].filter(Boolean).join(" · ")}
              </p>
              {practice.description ? <p className="practice-text">{practice.description}</p> : null}
              {practice.excerpt ? <blockquote className="practice-excerpt">{practice.excerpt}</blockquote> : null}
              {practice.tags.length > 0 ? (
                <ul className="tags" aria-label={t("formTags")}>
                  {practice.tags.map((tag) => (
                    <li key={tag}>
                      <button type="button" className="chip chip-small" onClick={() => setQuery(tag)}>
                        {tag}
                      </button>
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

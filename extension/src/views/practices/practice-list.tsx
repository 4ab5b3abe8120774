import type { Practice } from "@rete-urp/shared";
import { practiceSearchText } from "@rete-urp/shared/practice-search";
import { search } from "@rete-urp/shared/search";
import { memo, useDeferredValue, useMemo, useState } from "react";
import { formatDate } from "../../lib/format";
import { useT } from "../../ui/i18n-context";
import { SafeLink } from "../../ui/safe-link";
import { SearchBox } from "../../ui/search-box";
import "./practice-list.css";

/**
 * How many matches are rendered at first, and added by each "Mostra altri": laying out 10 000
 * practices took over two seconds when the tab opened (bench/popup.ts).
 */
export const PRACTICES_PAGE = 100;

/**
 * What the network has shared, in the snapshot's order (newest first: the service owns the
 * order, sortPracticesNewestFirst in shared), searchable with the service's own search text.
 */
export function PracticeList({ practices }: { practices: Practice[] }) {
  const t = useT();
  const [query, setQuery] = useState("");
  // The field follows every keystroke at once; the list catches up when React has time.
  const deferredQuery = useDeferredValue(query);
  // Normalised once per snapshot, not once per practice and keystroke.
  const index = useMemo(() => practices.map((practice) => ({ item: practice, text: practiceSearchText(practice) })), [practices]);
  const matches = useMemo(() => search(index, deferredQuery), [index, deferredQuery]);
  // A new search starts again from the first page.
  const [more, setMore] = useState({ query: deferredQuery, limit: PRACTICES_PAGE });
  const limit = more.query === deferredQuery ? more.limit : PRACTICES_PAGE;
  const shown = useMemo(() => matches.slice(0, limit), [matches, limit]);

  return (
    <section className="practices" aria-labelledby="practices-heading">
      <h2 id="practices-heading" className="visually-hidden">
        {t("tabPractices")}
      </h2>
      <SearchBox
        id="practice-search"
        label={t("searchPractices")}
        placeholder={t("searchPracticesPlaceholder")}
        value={query}
        onValue={setQuery}
      />
      <p className="count muted" aria-live="polite">
        {matches.length === 1 ? t("practicesOne") : t("practicesMany", matches.length)}
      </p>
      {shown.length === 0 ? <p className="empty muted">{t("noPractices")}</p> : <PracticeItems practices={shown} onTag={setQuery} />}
      {matches.length > shown.length ? (
        <button
          type="button"
          className="button button-secondary show-more"
          onClick={() => setMore({ query: deferredQuery, limit: limit + PRACTICES_PAGE })}
        >
          {t("practicesShowMore")}
        </button>
      ) : null}
    </section>
  );
}

/** Memoised, so a keystroke repaints the search field without re-rendering the list it filters. */
const PracticeItems = memo(function PracticeItems({ practices, onTag }: { practices: Practice[]; onTag: (tag: string) => void }) {
  const t = useT();
  return (
    <ul className="list" data-testid="practice-list">
      {practices.map((practice) => (
        <li key={practice.id || `${practice.date}-${practice.title}`} className="list-item practice">
          <h3 className="list-title">{practice.url ? <SafeLink href={practice.url}>{practice.title}</SafeLink> : practice.title}</h3>
          <p className="practice-meta muted clamp">
            {[practice.ente, formatDate(practice.date, t.locale), practice.author].filter(Boolean).join(" · ")}
          </p>
          {practice.description ? <p className="list-text clamp">{practice.description}</p> : null}
          {practice.excerpt ? <blockquote className="practice-excerpt clamp">{practice.excerpt}</blockquote> : null}
          {practice.tags.length > 0 ? (
            <ul className="tags" aria-label={t("formTags")}>
              {practice.tags.map((tag) => (
                <li key={tag}>
                  <button type="button" className="chip chip-small clamp" onClick={() => onTag(tag)}>
                    {tag}
                  </button>
                </li>
              ))}
            </ul>
          ) : null}
        </li>
      ))}
    </ul>
  );
});

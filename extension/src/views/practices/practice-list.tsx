import type { Practice } from "@rete-urp/shared";
import { practiceSearchText } from "@rete-urp/shared/practice-search";
import { search } from "@rete-urp/shared/search";
import { memo, useDeferredValue, useMemo, useState } from "react";
import { formatDate } from "../../lib/format";
import { useSheetLang, useT } from "../../ui/i18n-context";
import { Pending } from "../../ui/pending";
import { SafeLink } from "../../ui/safe-link";
import { SearchBox } from "../../ui/search-box";
import "./practice-list.css";

/**
 * How many matches are rendered at first, and added by each "Mostra altri": laying out 10 000
 * practices took over two seconds when the tab opened (bench/popup.ts).
 */
export const PRACTICES_PAGE = 100;

/** A practice as listed: `pending` while it is mine, in the outbox, not yet sent. */
interface Listed {
  practice: Practice;
  pending: boolean;
}

const NONE: readonly Practice[] = [];

/**
 * What the network has shared, in the snapshot's order (newest first: the service owns the
 * order, sortPracticesNewestFirst in shared), searchable with the service's own search text.
 * My practices not yet sent (`pending`, from the outbox) come first, found by the same search and
 * marked "in attesa di invio", as the agenda proposals show theirs.
 */
export function PracticeList({ practices, pending = NONE }: { practices: Practice[]; pending?: readonly Practice[] }) {
  const t = useT();
  const [query, setQuery] = useState("");
  // The field follows every keystroke at once; the list catches up when React has time.
  const deferredQuery = useDeferredValue(query);
  // Normalised once per snapshot, not once per practice and keystroke.
  const stored = useMemo(() => practices.map((practice) => listed(practice, false)), [practices]);
  const index = useMemo(() => [...pending.map((practice) => listed(practice, true)), ...stored], [pending, stored]);
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
const PracticeItems = memo(function PracticeItems({ practices, onTag }: { practices: Listed[]; onTag: (tag: string) => void }) {
  const t = useT();
  // Sheet text, written in Italian: marked so in the English popup.
  const lang = useSheetLang();
  return (
    <ul className="list" data-testid="practice-list">
      {practices.map(({ practice, pending }) => (
        <li
          key={practice.id || `${practice.date}-${practice.title}`}
          className={pending ? "list-item practice practice-pending" : "list-item practice"}
        >
          <h3 className="list-title" lang={lang}>
            {practice.url ? <SafeLink href={practice.url}>{practice.title}</SafeLink> : practice.title}
          </h3>
          {pending ? <Pending /> : null}
          <p className="practice-meta muted clamp">
            {[practice.ente, formatDate(practice.date, t.locale), practice.author].filter(Boolean).join(" · ")}
          </p>
          {practice.description ? (
            <p className="list-text clamp" lang={lang}>
              {practice.description}
            </p>
          ) : null}
          {practice.excerpt ? (
            <blockquote className="practice-excerpt clamp" lang={lang}>
              {practice.excerpt}
            </blockquote>
          ) : null}
          {practice.tags.length > 0 ? (
            <ul className="tags" aria-label={t("formTags")}>
              {practice.tags.map((tag) => (
                <li key={tag}>
                  {/* It searches the list for the tag, and its name says so: "accessibilità, filtra le buone prassi". */}
                  <button type="button" className="chip chip-small clamp" onClick={() => onTag(tag)}>
                    <span lang={lang}>{tag}</span>
                    <span className="visually-hidden">, {t("practiceTagFilter")}</span>
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

/** A practice with its search text: made once per snapshot (and per outbox change), matched at every keystroke. */
function listed(practice: Practice, pending: boolean): { item: Listed; text: string } {
  return { item: { practice, pending }, text: practiceSearchText(practice) };
}

import { type KeyboardEvent, type ReactNode, useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import { useT } from "./i18n-context";
import { Icon } from "./icons";
import "./tabs.css";

export interface TabView<Id extends string> {
  id: Id;
  /** What the tab says: text, or text with a count. */
  label: ReactNode;
  /** The panel, rendered only while its tab is selected. */
  render: () => ReactNode;
}

/** Room kept at each end of the row for an arrow, so a tab brought into view is not under it. */
const ARROW_ROOM = 28;

/**
 * WAI-ARIA tabs (https://www.w3.org/WAI/ARIA/apg/patterns/tabs/): one tab stop for the list,
 * arrows, Home and End move between the tabs and select them. The selection is the caller's, so
 * other parts of the page can open a tab (a draft from the context menu opens "Aggiungi").
 *
 * One row, whatever the number of tabs: labels keep their size and the row scrolls sideways
 * when they do not fit the 400 px popup (five for coordinators in Italian already do not, and
 * wrapping them made a second row that would not take a sixth). Where tabs are out of sight an
 * arrow at that end says so and scrolls the row for a mouse; the keyboard needs none (the arrow
 * keys move the selection, which is brought into view), so the arrows are hidden from assistive
 * technology and out of the tab order. The selected tab is always scrolled into view, however
 * it was selected.
 */
export function Tabs<Id extends string>({
  label,
  tabs,
  selected,
  onSelect,
}: {
  label: string;
  tabs: TabView<Id>[];
  selected: Id;
  onSelect: (id: Id) => void;
}) {
  const t = useT();
  const list = useRef<HTMLDivElement>(null);
  const buttons = useRef<Partial<Record<Id, HTMLButtonElement | null>>>({});
  const [hidden, setHidden] = useState({ before: false, after: false });
  const ids = tabs.map((tab) => tab.id);
  const current = tabs.find((tab) => tab.id === selected);

  // Which ends hide tabs: measured when the tabs change, at every scroll, when the row is resized
  // and when a label's text changes (a count may change its width). Never from a layout effect
  // run at every render: a measure that differed from one render to the next (the browser still
  // settling the row's scroll position) made an update loop that React stops with an error
  // (seen once in the Coordinamento e2e). Events are coalesced to one measure per frame; equal
  // values keep the state.
  const measure = useCallback(() => {
    const row = list.current;
    if (!row) return;
    const before = row.scrollLeft > 1;
    const after = row.scrollLeft < row.scrollWidth - row.clientWidth - 1;
    setHidden((was) => (was.before === before && was.after === after ? was : { before, after }));
  }, []);
  const tabKey = ids.join("\u0000");
  // biome-ignore lint/correctness/useExhaustiveDependencies: measured again when the tabs or the selection change.
  useLayoutEffect(() => {
    measure();
  }, [measure, tabKey, selected]);
  useEffect(() => {
    const row = list.current;
    if (!row) return;
    let frame = 0;
    const later = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(measure);
    };
    row.addEventListener("scroll", later, { passive: true });
    const resized = typeof ResizeObserver === "function" ? new ResizeObserver(later) : undefined;
    resized?.observe(row);
    const relabelled = typeof MutationObserver === "function" ? new MutationObserver(later) : undefined;
    relabelled?.observe(row, { subtree: true, childList: true, characterData: true });
    return () => {
      cancelAnimationFrame(frame);
      row.removeEventListener("scroll", later);
      resized?.disconnect();
      relabelled?.disconnect();
    };
  }, [measure]);

  // The selected tab in view: by the arrow keys, a click on a half-hidden tab, or another part of the popup.
  useLayoutEffect(() => {
    const row = list.current;
    const tab = buttons.current[selected];
    if (!row || !tab || row.scrollWidth <= row.clientWidth) return;
    const start = tab.offsetLeft - ARROW_ROOM;
    const end = tab.offsetLeft + tab.offsetWidth + ARROW_ROOM - row.clientWidth;
    if (start < row.scrollLeft) row.scrollLeft = Math.max(0, start);
    else if (end > row.scrollLeft) row.scrollLeft = end;
  }, [selected]);

  function scrollBy(direction: 1 | -1) {
    const row = list.current;
    if (row) row.scrollLeft += direction * Math.max(row.clientWidth - 2 * ARROW_ROOM, ARROW_ROOM);
  }

  function onKey(event: KeyboardEvent<HTMLButtonElement>) {
    const index = ids.indexOf(selected);
    const next =
      event.key === "ArrowRight"
        ? ids[(index + 1) % ids.length]
        : event.key === "ArrowLeft"
          ? ids[(index - 1 + ids.length) % ids.length]
          : event.key === "Home"
            ? ids[0]
            : event.key === "End"
              ? ids[ids.length - 1]
              : undefined;
    if (!next) return;
    event.preventDefault();
    onSelect(next);
    // No scroll from focus: the selected tab is brought into view above, clear of the arrows.
    buttons.current[next]?.focus({ preventScroll: true });
  }

  return (
    <>
      <div className="tabs-bar">
        <div className="tabs" role="tablist" aria-label={label} ref={list}>
          {tabs.map((tab) => (
            <button
              key={tab.id}
              ref={(element) => {
                buttons.current[tab.id] = element;
              }}
              type="button"
              role="tab"
              id={`tab-${tab.id}`}
              aria-selected={tab.id === selected}
              aria-controls={`panel-${tab.id}`}
              tabIndex={tab.id === selected ? 0 : -1}
              className={tab.id === selected ? "tab tab-active" : "tab"}
              onClick={(event) => {
                onSelect(tab.id);
                // The panel opens below the tabs, which may sit at the bottom of the popup (the
                // meeting card unfolded): bring the tabs to the top so the panel is in view.
                event.currentTarget.closest(".tabs-bar")?.scrollIntoView({ block: "start" });
              }}
              onKeyDown={onKey}
            >
              {tab.label}
            </button>
          ))}
        </div>
        {/* For the mouse only: hidden from assistive technology, and no tab stop (see above). */}
        {hidden.before ? (
          <button
            type="button"
            className="tabs-arrow tabs-arrow-before"
            tabIndex={-1}
            aria-hidden="true"
            title={t("tabsBefore")}
            data-testid="tabs-before"
            onClick={() => scrollBy(-1)}
          >
            <Icon name="chevronLeft" />
          </button>
        ) : null}
        {hidden.after ? (
          <button
            type="button"
            className="tabs-arrow tabs-arrow-after"
            tabIndex={-1}
            aria-hidden="true"
            title={t("tabsAfter")}
            data-testid="tabs-after"
            onClick={() => scrollBy(1)}
          >
            <Icon name="chevronRight" />
          </button>
        ) : null}
      </div>
      <div className="tab-panel" role="tabpanel" id={`panel-${selected}`} aria-labelledby={`tab-${selected}`}>
        {current?.render()}
      </div>
    </>
  );
}

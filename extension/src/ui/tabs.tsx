import { type CSSProperties, type KeyboardEvent, type ReactNode, useRef } from "react";
import "./tabs.css";

export interface TabView<Id extends string> {
  id: Id;
  /** What the tab says: text, or text with a count. */
  label: ReactNode;
  /** The panel, rendered only while its tab is selected. */
  render: () => ReactNode;
  /** A row of its own, under the others: a fifth tab has no room beside four in 400 px. */
  wide?: boolean;
}

/**
 * WAI-ARIA tabs (https://www.w3.org/WAI/ARIA/apg/patterns/tabs/): one tab stop for the list,
 * arrows, Home and End move between the tabs and select them. The selection is the caller's, so
 * other parts of the page can open a tab (a draft from the context menu opens "Aggiungi").
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
  const buttons = useRef<Partial<Record<Id, HTMLButtonElement | null>>>({});
  const ids = tabs.map((tab) => tab.id);
  const current = tabs.find((tab) => tab.id === selected);
  const perRow = tabs.filter((tab) => !tab.wide).length;

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
    buttons.current[next]?.focus();
  }

  return (
    <>
      <div
        className={perRow < tabs.length ? "tabs tabs-rows" : "tabs"}
        style={perRow < tabs.length ? ({ "--tabs-per-row": perRow } as CSSProperties) : undefined}
        role="tablist"
        aria-label={label}
      >
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
            className={`tab${tab.wide ? " tab-wide" : ""}${tab.id === selected ? " tab-active" : ""}`}
            onClick={(event) => {
              onSelect(tab.id);
              // The panel opens below the tabs, which may sit at the bottom of the popup (the
              // meeting card unfolded): bring the tabs to the top so the panel is in view.
              event.currentTarget.parentElement?.scrollIntoView({ block: "start" });
            }}
            onKeyDown={onKey}
          >
            {tab.label}
          </button>
        ))}
      </div>
      <div className="tab-panel" role="tabpanel" id={`panel-${selected}`} aria-labelledby={`tab-${selected}`}>
        {current?.render()}
      </div>
    </>
  );
}

// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { useState } from "react";
import { afterEach, expect, test } from "vitest";
import { testTranslator } from "../testing/test-translator";
import { TranslatorContext } from "./i18n-context";
import { Tabs } from "./tabs";

afterEach(cleanup);

/** Seven sections, the most the popup is meant to hold: "Coordinamento" and two more. */
const SECTIONS = ["Aggiungi", "Da pubblicare", "Buone prassi", "Referenti", "Coordinamento", "Archivio", "Statistiche"];

function SevenTabs() {
  const [selected, setSelected] = useState(SECTIONS[0]!);
  return (
    <Tabs
      label="Rete URP"
      selected={selected}
      onSelect={setSelected}
      tabs={SECTIONS.map((name) => ({ id: name, label: name, render: () => <p>Pannello {name}</p> }))}
    />
  );
}

function show() {
  render(
    <TranslatorContext.Provider value={testTranslator("it")}>
      <SevenTabs />
    </TranslatorContext.Provider>,
  );
}

const tabs = () => screen.getAllByRole("tab");
const selectedTab = () => screen.getByRole("tab", { selected: true });

test("seven tabs are one tablist with one tab stop; arrows, Home and End move the selection and the focus", () => {
  show();
  expect(screen.getAllByRole("tablist")).toHaveLength(1);
  expect(tabs().map((tab) => tab.textContent)).toEqual(SECTIONS);
  expect(tabs().map((tab) => tab.tabIndex)).toEqual([0, -1, -1, -1, -1, -1, -1]);

  tabs()[0]!.focus();
  fireEvent.keyDown(document.activeElement!, { key: "ArrowLeft" });
  expect(selectedTab().textContent).toBe("Statistiche");
  expect(document.activeElement).toBe(selectedTab());
  expect(screen.getByRole("tabpanel").textContent).toBe("Pannello Statistiche");
  expect(screen.getByRole("tabpanel").getAttribute("aria-labelledby")).toBe(selectedTab().id);

  fireEvent.keyDown(document.activeElement!, { key: "ArrowRight" });
  expect(selectedTab().textContent).toBe("Aggiungi");
  fireEvent.keyDown(document.activeElement!, { key: "End" });
  expect(selectedTab().textContent).toBe("Statistiche");
  fireEvent.keyDown(document.activeElement!, { key: "Home" });
  fireEvent.keyDown(document.activeElement!, { key: "ArrowRight" });
  fireEvent.keyDown(document.activeElement!, { key: "ArrowRight" });
  expect(selectedTab().textContent).toBe("Buone prassi");
  expect(document.activeElement).toBe(selectedTab());
  expect(tabs().filter((tab) => tab.tabIndex === 0)).toEqual([selectedTab()]);
});

test("when the tabs do not fit, an arrow at the hidden end scrolls the row; the arrows are for the mouse only", async () => {
  // happy-dom lays nothing out: a row 300 px wide holding 560 px of tabs.
  const widths = { clientWidth: 300, scrollWidth: 560 };
  const restore = Object.entries(widths).map(([name, value]) => {
    const original = Object.getOwnPropertyDescriptor(HTMLElement.prototype, name);
    Object.defineProperty(HTMLElement.prototype, name, {
      configurable: true,
      get(this: HTMLElement) {
        return this.getAttribute("role") === "tablist" ? value : 0;
      },
    });
    return () => (original ? Object.defineProperty(HTMLElement.prototype, name, original) : undefined);
  });
  try {
    show();
    expect(screen.queryByTestId("tabs-before")).toBeNull();
    const after = screen.getByTestId("tabs-after");
    expect(after.getAttribute("aria-hidden")).toBe("true");
    expect(after.tabIndex).toBe(-1);
    expect(after.getAttribute("title")).toBe("Altre sezioni");

    fireEvent.click(after);
    const row = screen.getByRole("tablist");
    expect(row.scrollLeft).toBeGreaterThan(0);
    fireEvent.scroll(row);
    // Measured at the next frame after a scroll.
    expect((await screen.findByTestId("tabs-before")).getAttribute("title")).toBe("Sezioni precedenti");
    // The selection did not move: the arrows only scroll.
    expect(selectedTab().textContent).toBe("Aggiungi");
  } finally {
    for (const undo of restore) undo();
  }
});

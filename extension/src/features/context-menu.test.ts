import { expect, test } from "vitest";
import { draftFromClick } from "./context-menu";

const tab = { title: "Sportello unico", url: "https://www.comune.lugo.ra.it/sportello" } as chrome.tabs.Tab;

test("draftFromClick() on a selection takes the page and the selected text", () => {
  const info = {
    menuItemId: "add-practice",
    editable: false,
    pageUrl: tab.url,
    selectionText: "  Prenota da casa.  ",
  } as chrome.contextMenus.OnClickData;
  expect(draftFromClick(info, tab)).toEqual({ kind: "practice", title: "Sportello unico", url: tab.url, excerpt: "Prenota da casa." });
});

test("draftFromClick() on a link shares the link, not the page it is on", () => {
  const info = {
    menuItemId: "add-practice",
    editable: false,
    pageUrl: tab.url,
    linkUrl: "https://www.spid.gov.it/",
  } as chrome.contextMenus.OnClickData;
  expect(draftFromClick(info, tab)).toEqual({ kind: "practice", title: "", url: "https://www.spid.gov.it/", excerpt: "" });
});

test('draftFromClick() from "Proponi all\'ordine del giorno" makes an agenda proposal draft', () => {
  const info = {
    menuItemId: "propose-agenda-item",
    editable: false,
    pageUrl: tab.url,
    selectionText: "Orari estivi",
  } as chrome.contextMenus.OnClickData;
  expect(draftFromClick(info, tab)).toEqual({ kind: "proposal", title: "Sportello unico", url: tab.url, excerpt: "Orari estivi" });
});

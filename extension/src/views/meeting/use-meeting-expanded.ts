import { useState } from "react";

/**
 * Whether the meeting card is unfolded: the person's last choice, kept in the extension's
 * localStorage (a display preference, read synchronously so the first paint is already right).
 * Folded at first, so the popup's main jobs fit in its 600 px; folded again whenever the popup
 * is opened to add something (popup.tsx).
 */
const KEY = "rete-urp:meeting-expanded";

function remembered(): boolean {
  try {
    return localStorage.getItem(KEY) === "1";
  } catch {
    return false;
  }
}

export function useMeetingExpanded(): [boolean, (expanded: boolean) => void] {
  const [expanded, setExpanded] = useState(remembered);
  return [
    expanded,
    (next: boolean) => {
      setExpanded(next);
      try {
        localStorage.setItem(KEY, next ? "1" : "0");
      } catch {
        // Storage refused (a locked-down profile): the choice lasts until the popup closes.
      }
    },
  ];
}

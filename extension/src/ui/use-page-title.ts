import { useEffect } from "react";
import { useT } from "./i18n-context";

/**
 * The page's title and language, in the chosen language. Plasmo's generated popup.html and
 * options.html have a fixed <title> (which cannot use __MSG_…__) and no lang: screen readers
 * need it to pick a voice (WCAG 3.1.1); the title shows when the popup opens in a window.
 */
export function usePageTitle(title: string): void {
  const t = useT();
  useEffect(() => {
    document.title = title;
    document.documentElement.lang = t.language;
  }, [title, t]);
}

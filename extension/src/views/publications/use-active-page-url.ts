import { useEffect, useState } from "react";
import { activePageTab } from "../../features/active-tab";

/** The http(s) address of the page in front of the user, or "" (then we ask for it). */
export function useActivePageUrl(): string {
  const [url, setUrl] = useState("");
  useEffect(() => {
    void activePageTab()
      .then((tab) => setUrl(tab?.url ?? ""))
      .catch(() => setUrl(""));
  }, []);
  return url;
}

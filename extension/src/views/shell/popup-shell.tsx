import type { Me } from "@rete-urp/shared";
import type { ReactNode } from "react";
import { useT } from "../../ui/i18n-context";
import { NewTabNote } from "../../ui/safe-link";
import { usePageTitle } from "../../ui/use-page-title";
import { PopupHeader } from "./popup-header";
import { StatusFooter } from "./status-footer";
import "./popup-shell.css";

/** What frames every view: who I am on top, when the data was confirmed at the bottom. */
export function PopupShell({
  me,
  lastSuccessAt,
  outboxCount,
  children,
}: {
  me: Me | null;
  lastSuccessAt: number | null;
  outboxCount: number;
  children: ReactNode;
}) {
  const t = useT();
  usePageTitle(t("extensionName"));
  return (
    <div className="popup">
      <PopupHeader me={me} />
      <main className="popup-main">{children}</main>
      <StatusFooter lastSuccessAt={lastSuccessAt} outboxCount={outboxCount} />
      <NewTabNote />
    </div>
  );
}

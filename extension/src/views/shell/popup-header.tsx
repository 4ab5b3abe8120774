import type { Me } from "@rete-urp/shared";
import { useT } from "../../ui/i18n-context";
import { Icon } from "../../ui/icons";
import "./popup-header.css";

/** The extension's name, whose token this is ("Mario Rossi — Lugo"), and the way to the options. */
export function PopupHeader({ me }: { me: Me | null }) {
  const t = useT();
  return (
    <header className="popup-header">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true" />
        <div>
          <h1>{t("extensionName")}</h1>
          {me ? (
            <p className="me" data-testid="me">
              {t("meLabel", `${me.firstName} ${me.lastName}`, me.ente)}
            </p>
          ) : null}
        </div>
      </div>
      <button
        type="button"
        className="icon-button"
        onClick={() => chrome.runtime.openOptionsPage()}
        title={t("openSettings")}
        aria-label={t("openSettings")}
      >
        <Icon name="settings" />
      </button>
    </header>
  );
}

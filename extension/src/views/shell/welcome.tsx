import { useT } from "../../ui/i18n-context";
import { Icon } from "../../ui/icons";
import "./welcome.css";

/** Before the options are saved and before anything is cached: what to do first. */
export function Welcome() {
  const t = useT();
  return (
    <section className="card welcome" aria-labelledby="welcome-heading">
      <h2 id="welcome-heading">{t("notConfiguredTitle")}</h2>
      <p>{t("notConfiguredText")}</p>
      <button type="button" className="button button-primary" onClick={() => chrome.runtime.openOptionsPage()}>
        <Icon name="settings" />
        {t("openSettings")}
      </button>
    </section>
  );
}

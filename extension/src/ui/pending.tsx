import { useT } from "./i18n-context";
import { Icon } from "./icons";
import "./pending.css";

/** "in attesa di invio": a write of mine still in the outbox, shown where it belongs. */
export function Pending() {
  const t = useT();
  return (
    <span className="pending">
      <Icon name="hourglass" />
      {t("pendingSend")}
    </span>
  );
}

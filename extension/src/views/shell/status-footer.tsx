import { formatTime } from "../../lib/format";
import { useT } from "../../ui/i18n-context";
import { Icon } from "../../ui/icons";
import "./status-footer.css";

/** "Aggiornato alle 10:42" and how many writes wait: the two facts that explain old data. */
export function StatusFooter({ lastSuccessAt, outboxCount }: { lastSuccessAt: number | null; outboxCount: number }) {
  const t = useT();
  return (
    <footer className="status-footer">
      <span data-testid="updated-at">{lastSuccessAt ? t("updatedAt", formatTime(lastSuccessAt, t.locale)) : t("neverUpdated")}</span>
      {outboxCount > 0 ? (
        <span className="outbox-count" data-testid="outbox-count">
          <Icon name="hourglass" />
          {t("outboxWaiting", outboxCount)}
        </span>
      ) : null}
    </footer>
  );
}

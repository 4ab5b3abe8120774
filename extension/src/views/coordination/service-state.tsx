import { romeIsoDate, type SheetLocation, type ServiceState as State } from "@rete-urp/shared";
import { formatDate, formatTime } from "../../lib/format";
import { useT } from "../../ui/i18n-context";

/**
 * How the service is doing: when it last read the sheet, writes still waiting to reach it, rows
 * it wrote back into a stale copy of the workbook, writes it had to set aside. Each count with
 * its noun agreed, and a hint when it is not zero.
 */
export function ServiceState({ service, store, today }: { service: State; store: SheetLocation["store"]; today: string }) {
  const t = useT();
  const refreshed = service.lastRefreshAt ? new Date(service.lastRefreshAt) : null;
  const refreshedDay = refreshed ? romeIsoDate(refreshed) : "";
  return (
    <section className="coordination-section" aria-labelledby="coordination-service-heading" data-testid="coordination-service">
      <h3 id="coordination-service-heading" className="coordination-heading">
        {t("coordinationServiceHeading")}
      </h3>
      <ul className="plain-list coordination-list">
        <li data-testid="coordination-refreshed">
          {!refreshed
            ? t("coordinationNeverRefreshed")
            : refreshedDay === today
              ? t("coordinationRefreshedAt", formatTime(refreshed, t.locale))
              : t(
                  // "l'8 novembre", "l'11 marzo": Italian elides the article before a vowel sound.
                  [8, 11].includes(Number(refreshedDay.slice(8, 10))) ? "coordinationRefreshedOnElided" : "coordinationRefreshedOn",
                  formatDate(refreshedDay, t.locale),
                  formatTime(refreshed, t.locale),
                )}
          {service.stale ? <span className="coordination-warning"> {t("staleData")}</span> : null}
        </li>
        <li className={service.pendingWrites > 0 ? "coordination-warning" : undefined} data-testid="coordination-pending">
          {service.pendingWrites === 0
            ? t("coordinationPendingNone")
            : service.pendingWrites === 1
              ? t("coordinationPendingOne")
              : t("coordinationPendingMany", service.pendingWrites)}
          {service.pendingWrites > 0 && store === "workbook" ? <span className="hint"> {t("coordinationPendingHint")}</span> : null}
        </li>
        {store === "workbook" ? (
          <li data-testid="coordination-reconciled">
            {service.reconciledRows === 0
              ? t("coordinationReconciledNone")
              : service.reconciledRows === 1
                ? t("coordinationReconciledOne")
                : t("coordinationReconciledMany", service.reconciledRows)}
            {service.reconciledRows > 0 ? <span className="hint"> {t("coordinationReconciledHint")}</span> : null}
          </li>
        ) : null}
        <li className={service.deadLetters > 0 ? "coordination-danger" : undefined} data-testid="coordination-dead-letters">
          {service.deadLetters === 0
            ? t("coordinationDeadNone")
            : service.deadLetters === 1
              ? t("coordinationDeadOne")
              : t("coordinationDeadMany", service.deadLetters)}
          {service.deadLetters > 0 ? <span className="hint"> {t("coordinationDeadHint")}</span> : null}
        </li>
      </ul>
    </section>
  );
}

import type { EntePublications } from "@rete-urp/shared";
import { useT } from "../../ui/i18n-context";

/**
 * The publications asked of each ente: published, still to do, overdue (in red, with their
 * titles). Enti with nothing asked of them are left out.
 */
export function PublicationsByEnte({ publications }: { publications: EntePublications[] }) {
  const t = useT();
  const asked = publications.filter((ente) => ente.done + ente.due + ente.overdue > 0);
  return (
    <section className="coordination-section" aria-labelledby="coordination-publications-heading" data-testid="coordination-publications">
      <h3 id="coordination-publications-heading" className="coordination-heading">
        {t("coordinationPublicationsHeading")}
      </h3>
      {asked.length === 0 ? (
        <p className="muted">{t("coordinationNoPublications")}</p>
      ) : (
        <ul className="plain-list coordination-list">
          {asked.map((ente) => (
            <li
              key={ente.ente}
              className={ente.overdue > 0 ? "coordination-row coordination-overdue" : "coordination-row"}
              data-testid="coordination-publications-ente"
            >
              <strong>{ente.ente}</strong>{" "}
              <span className="coordination-counts">
                {[
                  ente.done > 0 ? (ente.done === 1 ? t("coordinationDoneOne") : t("coordinationDoneMany", ente.done)) : "",
                  ente.due > 0 ? t("coordinationDue", ente.due) : "",
                ]
                  .filter(Boolean)
                  .join(" · ")}
                {ente.overdue > 0 ? (
                  <>
                    {ente.done + ente.due > 0 ? " · " : ""}
                    <strong className="coordination-overdue-count">
                      {ente.overdue === 1 ? t("coordinationOverdueOne") : t("coordinationOverdueMany", ente.overdue)}
                    </strong>
                  </>
                ) : null}
              </span>
              {ente.overdueTitles.length > 0 ? (
                <span className="coordination-overdue-titles clamp">
                  {ente.overdueTitles.length === 1
                    ? t("coordinationOverdueTitleOne", ente.overdueTitles[0] ?? "")
                    : t("coordinationOverdueTitleMany", ente.overdueTitles.join(" · "))}
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

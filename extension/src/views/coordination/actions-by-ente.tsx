import type { EnteActions, SheetLocation } from "@rete-urp/shared";
import { formatDeadline } from "../../lib/format";
import { useT } from "../../ui/i18n-context";
import { Icon } from "../../ui/icons";
import { SafeLink } from "../../ui/safe-link";
import { fileName, whereToFix } from "./sheet-problems";

/**
 * What the meetings decided and is still open, by ente: how late each action is (in red), and
 * its row in Azioni linked as a problem's cell is (Google), or named with the file (workbook).
 * Enti with nothing open are left out.
 */
export function ActionsByEnte({ actions, sheet, today }: { actions: EnteActions[]; sheet: SheetLocation; today: string }) {
  const t = useT();
  // The service's day, at noon in Rome: what "late" was counted on.
  const now = new Date(`${today}T12:00:00+01:00`);
  const open = actions.filter((ente) => ente.open.length > 0);
  const file = sheet.store === "workbook" ? fileName(sheet.where) : "";
  return (
    <section className="coordination-section" aria-labelledby="coordination-actions-heading" data-testid="coordination-actions">
      <h3 id="coordination-actions-heading" className="coordination-heading">
        {t("coordinationActionsHeading")}
      </h3>
      {open.length === 0 ? (
        <p className="muted">{t("coordinationNoActions")}</p>
      ) : (
        <ul className="plain-list coordination-list">
          {open.map((ente) => (
            <li
              key={ente.ente}
              className={ente.late > 0 ? "coordination-row coordination-overdue" : "coordination-row"}
              data-testid="coordination-actions-ente"
            >
              <strong>{ente.ente}</strong>{" "}
              <span className="coordination-counts">
                {t("coordinationActionsOpen", ente.open.length)}
                {ente.late > 0 ? (
                  <>
                    {" · "}
                    <strong className="coordination-overdue-count">{t("coordinationActionsLate", ente.late)}</strong>
                  </>
                ) : null}
              </span>
              <ul className="plain-list coordination-actions">
                {ente.open.map((action) => (
                  <li key={action.id} className="coordination-action" data-testid="coordination-action">
                    <span className="clamp">{action.text}</span>{" "}
                    {action.daysLate > 0 ? (
                      <strong className="coordination-overdue-count">
                        {action.daysLate === 1 ? t("coordinationLateOne") : t("coordinationLateMany", action.daysLate)}
                      </strong>
                    ) : action.deadline ? (
                      <span className="muted">{formatDeadline(action.deadline, now, t)}</span>
                    ) : null}{" "}
                    {action.url ? (
                      <SafeLink href={action.url} className="coordination-open">
                        <Icon name="external" />
                        {whereToFix({ tab: "Azioni", cell: action.cell }, "", t)}
                      </SafeLink>
                    ) : (
                      <span className="muted coordination-where clamp">{whereToFix({ tab: "Azioni", cell: action.cell }, file, t)}</span>
                    )}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

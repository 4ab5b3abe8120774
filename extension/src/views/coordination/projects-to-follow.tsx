import type { ProjectAttention, SheetLocation } from "@rete-urp/shared";
import { formatDate } from "../../lib/format";
import { useT } from "../../ui/i18n-context";
import { Icon } from "../../ui/icons";
import { SafeLink } from "../../ui/safe-link";
import { fileName, whereToFix } from "./sheet-problems";

/**
 * The shared projects that need the coordinator: a next step past its Scadenza (how late), or a
 * project in progress with no update for 60 days. Each opens the sheet at its row of Progetti as a
 * problem opens its cell: a link on Google, the file, tab and cell on the workbook.
 */
export function ProjectsToFollow({ sheet, projects }: { sheet: SheetLocation; projects: ProjectAttention[] }) {
  const t = useT();
  const file = sheet.store === "workbook" ? fileName(sheet.where) : "";
  return (
    <section className="coordination-section" aria-labelledby="coordination-projects-heading" data-testid="coordination-projects">
      <h3 id="coordination-projects-heading" className="coordination-heading">
        {t("coordinationProjectsHeading")}
        {projects.length > 0 ? <span className="count-pill coordination-alert-pill">{projects.length}</span> : null}
      </h3>
      {projects.length === 0 ? (
        <p className="muted">{t("coordinationProjectsNone")}</p>
      ) : (
        <ul className="plain-list coordination-list">
          {projects.map((project) => (
            <li
              key={project.id}
              className={project.daysLate > 0 ? "coordination-row coordination-overdue" : "coordination-row"}
              data-testid="coordination-project"
            >
              <strong>{project.title}</strong>
              {project.lead ? <span className="muted"> · {project.lead}</span> : null}{" "}
              <span className="coordination-counts">
                {project.daysLate > 0 ? (
                  <strong className="coordination-overdue-count">
                    {project.daysLate === 1 ? t("coordinationProjectLateOne") : t("coordinationProjectLateMany", project.daysLate)}
                  </strong>
                ) : null}
                {project.daysLate > 0 && project.silent ? " · " : ""}
                {project.silent
                  ? project.lastUpdate
                    ? t("coordinationProjectSilentSince", formatDate(project.lastUpdate, t.locale))
                    : t("coordinationProjectNeverUpdated")
                  : ""}
              </span>
              {project.daysLate > 0 && project.nextStep ? (
                <span className="coordination-overdue-titles clamp">{t("coordinationProjectStep", project.nextStep)}</span>
              ) : null}
              {project.link.url ? (
                <SafeLink href={project.link.url} className="coordination-open">
                  <Icon name="external" />
                  {whereToFix(project.link, "", t)}
                </SafeLink>
              ) : (
                <span className="muted coordination-where clamp">{whereToFix(project.link, file || fileName(sheet.where), t)}</span>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

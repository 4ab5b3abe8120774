import type { Meeting, Project, ProjectUpdate, Proposal } from "@rete-urp/shared";
import { romeIsoDate, stepOverdue } from "@rete-urp/shared/schema-free";
import { formatDate, formatDeadline } from "../../lib/format";
import type { MessageKey } from "../../lib/i18n";
import type { OutboxItem } from "../../lib/storage";
import { useSheetLang, useT } from "../../ui/i18n-context";
import { Icon } from "../../ui/icons";
import { Pending } from "../../ui/pending";
import { SafeLink } from "../../ui/safe-link";
import "./project-item.css";

export type ProjectUpdateItem = Extract<OutboxItem, { kind: "project-update" }>;

/** How many updates a project shows: the latest. */
const SHOWN_UPDATES = 3;

const STATUS: Record<Project["status"], { key: MessageKey; pill: string }> = {
  proposed: { key: "projectStatusProposed", pill: "pill-tentative" },
  active: { key: "projectStatusActive", pill: "pill-confirmed" },
  suspended: { key: "projectStatusSuspended", pill: "pill-muted" },
  done: { key: "projectStatusDone", pill: "pill-muted" },
};

/**
 * One project: its state, capofila and referente; the next step with its Scadenza ("entro il 3
 * dicembre", marked when late); the latest updates, mine still in the outbox marked "in attesa di
 * invio"; the agenda proposals that name it; and "Aggiungi un aggiornamento" for it, unless
 * it is concluded.
 */
export function ProjectItem({
  project,
  mine,
  updates,
  waiting,
  proposals,
  meetings,
  now,
  onAddUpdate,
}: {
  project: Project;
  /** My ente takes part. */
  mine: boolean;
  /** Its updates as served, newest first. */
  updates: ProjectUpdate[];
  /** Its updates of mine still in the outbox. */
  waiting: ProjectUpdateItem[];
  proposals: Proposal[];
  meetings: Meeting[];
  now: Date;
  onAddUpdate: () => void;
}) {
  const t = useT();
  // The sheet's words are Italian whatever the popup's language: a screen reader says them so.
  const sheetLang = useSheetLang();
  const late = stepOverdue(project, romeIsoDate(now));
  const status = STATUS[project.status];
  const titleId = `project-title-${project.id}`;
  const shown = updates.slice(0, Math.max(0, SHOWN_UPDATES - waiting.length));
  const meetingDay = (meetingId: string) => meetings.find((meeting) => meeting.id === meetingId)?.start.slice(0, 10);

  return (
    <li className={late ? "list-item project project-late" : "list-item project"} data-testid="project">
      <h4 className="list-title" id={titleId} lang={sheetLang}>
        {project.url ? <SafeLink href={project.url}>{project.title}</SafeLink> : project.title}
      </h4>
      <p className="project-meta">
        <span className={`pill ${status.pill}`}>{t(status.key)}</span>
        {project.lead ? <span>{t("projectLead", project.lead)}</span> : null}
        {mine ? null : <span className="muted">{project.enti.join(", ")}</span>}
      </p>
      {project.description ? (
        <p className="list-text clamp" lang={sheetLang}>
          {project.description}
        </p>
      ) : null}
      {project.nextStep || project.deadline ? (
        <div className="project-step">
          <p>
            <span className="project-step-label">{t("projectNextStep")}</span> <span lang={sheetLang}>{project.nextStep}</span>
          </p>
          {project.deadline ? (
            <span className={late ? "deadline deadline-overdue" : "deadline"} data-testid="project-deadline">
              <Icon name={late ? "alert" : "clock"} />
              {formatDeadline(project.deadline, now, t)}
            </span>
          ) : null}
        </div>
      ) : null}
      {project.contact ? (
        <p className="project-contact muted">
          {t("projectContact")}{" "}
          {project.contact.includes("@") ? <a href={`mailto:${project.contact}`}>{project.contact}</a> : project.contact}
        </p>
      ) : null}
      {waiting.length + shown.length > 0 ? (
        <ul className="plain-list project-updates" aria-label={t("projectUpdatesLabel", project.title)}>
          {waiting.map((item) => (
            <li key={item.input.id} className="project-update" data-testid="project-update">
              <span className="project-update-text">{item.input.text}</span>
              {item.input.url ? <SafeLink href={item.input.url}>{t("projectUpdateLink")}</SafeLink> : null}
              <Pending />
            </li>
          ))}
          {shown.map((update) => (
            <li key={update.id} className="project-update" data-testid="project-update">
              <span className="project-update-meta muted">
                {[update.date && formatDate(update.date, t.locale), update.ente, update.author].filter(Boolean).join(" · ")}
              </span>
              <span className="project-update-text" lang={sheetLang}>
                {update.text}
              </span>
              {update.url ? <SafeLink href={update.url}>{t("projectUpdateLink")}</SafeLink> : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted project-no-updates">{t("projectNoUpdates")}</p>
      )}
      {proposals.length > 0 ? (
        <div className="project-proposals" data-testid="project-proposals">
          <span className="project-step-label">{t("projectProposals")}</span>
          <ul className="plain-list">
            {proposals.map((proposal) => {
              const day = meetingDay(proposal.meetingId);
              return (
                <li key={proposal.id}>
                  <span lang={sheetLang}>{proposal.url ? <SafeLink href={proposal.url}>{proposal.title}</SafeLink> : proposal.title}</span>
                  {day ? <span className="muted"> · {t("projectProposalFor", formatDate(day, t.locale))}</span> : null}
                </li>
              );
            })}
          </ul>
        </div>
      ) : null}
      {project.status === "done" ? null : (
        <button type="button" className="link-button project-add-update" onClick={onAddUpdate} aria-describedby={titleId}>
          <Icon name="plus" />
          {t("projectUpdateAdd")}
        </button>
      )}
    </li>
  );
}

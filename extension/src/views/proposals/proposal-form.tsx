import type { Meeting, Project } from "@rete-urp/shared";
import { useState } from "react";
import { formatLongDate } from "../../lib/format";
import type { Prefill } from "../../lib/storage";
import { useT } from "../../ui/i18n-context";
import { OutboxForm } from "../../ui/outbox-form";
import { DraftDescriptionField, DraftExcerptField, DraftTitleField, DraftUrlField, usePageDraft } from "../../ui/page-draft";
import { useOutboxForm } from "../../ui/use-outbox-form";
import "./proposal-form.css";

/**
 * "Proponi un punto all'ordine del giorno" for the next meeting, prefilled from the page like the
 * quick-add. Its UUID is kept until the proposal is delivered or queued (useOutboxForm): a double
 * click or a retry is the same proposal (the service answers 200 the second time).
 */
export function ProposalForm({
  meeting,
  prefill,
  projects = [],
}: {
  meeting: Meeting;
  prefill: Prefill;
  /** The shared projects it may be about (open ones, mine first): a "Progetto" choice when there are any. */
  projects?: Project[];
}) {
  const t = useT();
  const { draft, set, reset, optional } = usePageDraft(prefill);
  const [projectId, setProjectId] = useState("");

  const { errors, refusals, busy, outcome, done, submit, again } = useOutboxForm({
    submission: (id) => ({
      kind: "proposal",
      values: {
        id,
        meetingId: meeting.id,
        title: draft.title,
        ...optional,
        projectId: projectId || undefined,
      },
    }),
    reset: () => {
      reset();
      setProjectId("");
    },
  });

  return (
    <OutboxForm
      labelledBy="pf-heading"
      testId="proposal-form"
      onSubmit={submit}
      busy={busy}
      submitLabel={t("proposalSubmit")}
      outcome={outcome}
      done={done}
      onAgain={again}
      errors={errors}
      refusals={refusals}
      savedDetail={t("proposalSavedDetail")}
      outcomeTestId="proposal-result"
    >
      <h2 id="pf-heading" className="visually-hidden">
        {t("proposeButton")}
      </h2>
      <p className="form-intro" id="pf-meeting">
        {t("proposalFor", formatLongDate(meeting.start, t.locale))}
      </p>
      <DraftTitleField
        id="pf-title"
        label={t("proposalTitle")}
        value={draft.title}
        onValue={set("title")}
        error={errors.title}
        describedBy="pf-meeting"
      />
      <DraftDescriptionField
        id="pf-description"
        rows={3}
        value={draft.description}
        onValue={set("description")}
        error={errors.description}
        placeholder={t("proposalDescriptionHint")}
      />
      <DraftUrlField id="pf-url" value={draft.url} onValue={set("url")} error={errors.url} />
      <DraftExcerptField id="pf-excerpt" rows={2} value={draft.excerpt} onValue={set("excerpt")} error={errors.excerpt} />
      {projects.length > 0 ? (
        <div className="field">
          <label htmlFor="pf-project">{t("proposalProject")}</label>
          <select id="pf-project" name="projectId" value={projectId} onChange={(event) => setProjectId(event.target.value)}>
            <option value="">{t("proposalProjectNone")}</option>
            {projects.map((project) => (
              <option key={project.id} value={project.id}>
                {project.title}
              </option>
            ))}
          </select>
        </div>
      ) : null}
    </OutboxForm>
  );
}

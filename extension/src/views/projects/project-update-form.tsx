import type { Project } from "@rete-urp/shared";
import { useState } from "react";
import type { Prefill } from "../../lib/storage";
import { describedByIds, FieldError, TextAreaField, TextField } from "../../ui/form-field";
import { useT } from "../../ui/i18n-context";
import { OutboxForm } from "../../ui/outbox-form";
import { useOutboxForm } from "../../ui/use-outbox-form";

/**
 * "Aggiungi un aggiornamento" to a shared project, from the page being read: its title proposed
 * as the text and its address as the link, as quick-add does. Its UUID is kept until the update
 * is delivered or queued (useOutboxForm): a double click or a retry is the same update.
 */
export function ProjectUpdateForm({
  projects,
  projectId,
  prefill,
  onClose,
}: {
  /** The projects an update may be about, in the order offered. */
  projects: Project[];
  /** The one chosen first. */
  projectId: string;
  prefill: Prefill;
  onClose: () => void;
}) {
  const t = useT();
  const [project, setProject] = useState(projectId);
  const [text, setText] = useState(prefill.title);
  const [url, setUrl] = useState(prefill.url);
  const chosen = projects.find((candidate) => candidate.id === project);

  const { errors, refusals, busy, outcome, done, submit, again } = useOutboxForm({
    submission: (id) => ({
      kind: "project-update",
      projectTitle: chosen?.title ?? "",
      values: { id, projectId: project, text, url: url.trim() || undefined },
    }),
    reset: () => {
      setText("");
      setUrl("");
    },
  });

  return (
    <>
      <OutboxForm
        labelledBy="pu-heading"
        testId="project-update-form"
        onSubmit={submit}
        busy={busy}
        submitLabel={t("projectUpdateSubmit")}
        outcome={outcome}
        done={done}
        onAgain={again}
        savedDetail={t("projectUpdateSavedDetail")}
        outcomeTestId="project-update-result"
        errors={errors}
        refusals={refusals}
      >
        <h3 id="pu-heading" className="form-heading">
          {t("projectUpdateAdd")}
        </h3>
        <div className="field">
          <label htmlFor="pu-project">
            {t("projectUpdateProject")} <span className="required">({t("formRequired")})</span>
          </label>
          <select
            id="pu-project"
            name="projectId"
            value={project}
            onChange={(event) => setProject(event.target.value)}
            aria-invalid={errors.projectId ? true : undefined}
            aria-describedby={describedByIds("pu-project", errors.projectId)}
          >
            {projects.map((candidate) => (
              <option key={candidate.id} value={candidate.id}>
                {candidate.title}
              </option>
            ))}
          </select>
          <FieldError id="pu-project-error" error={errors.projectId} />
        </div>
        <TextAreaField
          id="pu-text"
          name="text"
          rows={3}
          label={
            <>
              {t("projectUpdateText")} <span className="required">({t("formRequired")})</span>
            </>
          }
          value={text}
          onValue={setText}
          error={errors.text}
          hint={prefill.title ? t("projectUpdateTextHint") : undefined}
          required
          maxLength={5000}
        />
        <TextField
          id="pu-url"
          name="url"
          type="url"
          inputMode="url"
          label={t("formUrl")}
          value={url}
          onValue={setUrl}
          error={errors.url}
          placeholder="https://"
        />
      </OutboxForm>
      <button type="button" className="link-button form-close" onClick={onClose}>
        {t("formClose")}
      </button>
    </>
  );
}

import { useState } from "react";
import { TextAreaField, TextField } from "../../ui/form-field";
import { useT } from "../../ui/i18n-context";
import { OutboxForm } from "../../ui/outbox-form";
import { useOutboxForm } from "../../ui/use-outbox-form";

/**
 * "Proponi un progetto": a Progetti row with Stato Proposto, my ente as Capofila and me as
 * Referente, for the coordinator to accept in the sheet (and to say which enti take part: left
 * empty, every ente). Through the outbox, with its UUID kept until delivered or queued.
 */
export function ProjectForm({ onClose }: { onClose: () => void }) {
  const t = useT();
  const [title, setTitle] = useState("");
  const [description, setDescription] = useState("");
  const [url, setUrl] = useState("");

  const { errors, refusals, busy, outcome, done, submit, again } = useOutboxForm({
    submission: (id) => ({
      kind: "project",
      values: { id, title, description: description.trim() || undefined, url: url.trim() || undefined },
    }),
    reset: () => {
      setTitle("");
      setDescription("");
      setUrl("");
    },
  });

  return (
    <>
      <OutboxForm
        labelledBy="pj-heading"
        testId="project-form"
        onSubmit={submit}
        busy={busy}
        submitLabel={t("projectProposeSubmit")}
        outcome={outcome}
        done={done}
        onAgain={again}
        savedDetail={t("projectProposeSavedDetail")}
        outcomeTestId="project-result"
        errors={errors}
        refusals={refusals}
      >
        <h3 id="pj-heading" className="form-heading">
          {t("projectPropose")}
        </h3>
        <p className="form-intro" id="pj-intro">
          {t("projectProposeIntro")}
        </p>
        <TextField
          id="pj-title"
          name="title"
          label={
            <>
              {t("projectTitle")} <span className="required">({t("formRequired")})</span>
            </>
          }
          value={title}
          onValue={setTitle}
          error={errors.title}
          describedBy="pj-intro"
          required
          maxLength={500}
        />
        <TextAreaField
          id="pj-description"
          name="description"
          rows={3}
          label={t("formDescription")}
          value={description}
          onValue={setDescription}
          error={errors.description}
        />
        <TextField
          id="pj-url"
          name="url"
          type="url"
          inputMode="url"
          label={t("projectUrl")}
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

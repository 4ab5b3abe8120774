import { ProposalInputSchema, type Meeting } from "@rete-urp/shared";
import { useState } from "react";
import { proposeAgendaItem } from "../../features/outbox";
import { formatLongDate } from "../../lib/format";
import type { Prefill } from "../../lib/storage";
import { TextAreaField, TextField } from "../../ui/form-field";
import { useT } from "../../ui/i18n-context";
import { OutboxForm } from "../../ui/outbox-form";
import { useOutboxForm } from "../../ui/use-outbox-form";
import "./proposal-form.css";

/**
 * "Proponi un punto all'ordine del giorno" for the next meeting, prefilled from the page like the
 * quick-add. Its UUID is kept until the proposal is delivered or queued (useOutboxForm): a double
 * click or a retry is the same proposal (the service answers 200 the second time).
 */
export function ProposalForm({ meeting, prefill }: { meeting: Meeting; prefill: Prefill }) {
  const t = useT();
  const [title, setTitle] = useState(prefill.title);
  const [description, setDescription] = useState("");
  const [url, setUrl] = useState(prefill.url);
  const [excerpt, setExcerpt] = useState(prefill.excerpt);

  const { errors, busy, outcome, submit } = useOutboxForm({
    parse: (id) =>
      ProposalInputSchema.safeParse({
        id,
        meetingId: meeting.id,
        title,
        description: description.trim() || undefined,
        url: url.trim() || undefined,
        excerpt: excerpt.trim() || undefined,
      }),
    send: proposeAgendaItem,
    reset: () => {
      setTitle("");
      setDescription("");
      setUrl("");
      setExcerpt("");
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
      savedDetail={t("proposalSavedDetail")}
      outcomeTestId="proposal-result"
    >
      <h2 id="pf-heading" className="visually-hidden">
        {t("proposeButton")}
      </h2>
      <p className="form-intro" id="pf-meeting">
        {t("proposalFor", formatLongDate(meeting.start, t.locale))}
      </p>
      <TextField
        id="pf-title"
        name="title"
        label={
          <>
            {t("proposalTitle")} <span className="required">({t("formRequired")})</span>
          </>
        }
        value={title}
        onValue={setTitle}
        error={errors.title}
        describedBy="pf-meeting"
        required
        maxLength={500}
      />
      <TextAreaField
        id="pf-description"
        name="description"
        rows={3}
        label={t("formDescription")}
        value={description}
        onValue={setDescription}
        error={errors.description}
        placeholder={t("proposalDescriptionHint")}
      />
      <TextField
        id="pf-url"
        name="url"
        type="url"
        inputMode="url"
        label={t("formUrl")}
        value={url}
        onValue={setUrl}
        error={errors.url}
        placeholder="https://"
      />
      <TextAreaField
        id="pf-excerpt"
        name="excerpt"
        rows={2}
        label={t("formExcerpt")}
        value={excerpt}
        onValue={setExcerpt}
        error={errors.excerpt}
        hint={t("formExcerptHint")}
      />
    </OutboxForm>
  );
}

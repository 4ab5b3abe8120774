import { ProposalInputSchema, type Meeting } from "@rete-urp/shared";
import { useState, type FormEvent } from "react";
import { proposeAgendaItem, type DeliveryOutcome } from "../features/outbox";
import { formatLongDate } from "../lib/format";
import { useT } from "./i18n-context";
import { fieldErrorsOf, Outcome } from "./outcome";
import type { Prefill } from "./quick-add-form";

type FieldErrors = Partial<Record<"title" | "url" | "excerpt" | "description", string>>;

/**
 * "Proponi un punto all'ordine del giorno" for the next meeting, prefilled from the page like the
 * quick-add. The UUID is made with the form and kept until the proposal is delivered or queued:
 * a double click or a retry is the same proposal (the service answers 200 the second time).
 */
export function ProposalForm({ meeting, prefill }: { meeting: Meeting; prefill: Prefill }) {
  const t = useT();
  const [id, setId] = useState(() => crypto.randomUUID());
  const [title, setTitle] = useState(prefill.title);
  const [description, setDescription] = useState("");
  const [url, setUrl] = useState(prefill.url);
  const [excerpt, setExcerpt] = useState(prefill.excerpt);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<DeliveryOutcome | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const parsed = ProposalInputSchema.safeParse({
      id,
      meetingId: meeting.id,
      title,
      description: description.trim() || undefined,
      url: url.trim() || undefined,
      excerpt: excerpt.trim() || undefined,
    });
    if (!parsed.success) {
      const keys = fieldErrorsOf(parsed.error.issues);
      setErrors(Object.fromEntries(Object.entries(keys).map(([field, key]) => [field, t(key)])));
      setOutcome(null);
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const result = await proposeAgendaItem(parsed.data);
      setOutcome(result);
      if (result.kind === "rejected") {
        setErrors(result.fields);
      } else {
        setId(crypto.randomUUID());
        setTitle("");
        setDescription("");
        setUrl("");
        setExcerpt("");
      }
    } finally {
      setBusy(false);
    }
  }

  const describedBy = (field: keyof FieldErrors, hint?: string) =>
    [errors[field] ? `pf-${field}-error` : "", hint ?? ""].filter(Boolean).join(" ") || undefined;
  const fieldError = (field: keyof FieldErrors) =>
    errors[field] ? (
      <p className="field-error" id={`pf-${field}-error`}>
        {errors[field]}
      </p>
    ) : null;

  return (
    <form className="quick-add" onSubmit={submit} noValidate aria-labelledby="pf-heading" data-testid="proposal-form">
      <h2 id="pf-heading" className="visually-hidden">
        {t("proposeButton")}
      </h2>
      <p className="form-intro" id="pf-meeting">
        {t("proposalFor", formatLongDate(meeting.start, t.locale))}
      </p>
      <div className="field">
        <label htmlFor="pf-title">
          {t("proposalTitle")} <span className="required">({t("formRequired")})</span>
        </label>
        <input
          id="pf-title"
          name="title"
          value={title}
          onChange={(event) => setTitle(event.target.value)}
          aria-invalid={errors.title ? true : undefined}
          aria-describedby={describedBy("title", "pf-meeting")}
          required
          maxLength={500}
        />
        {fieldError("title")}
      </div>
      <div className="field">
        <label htmlFor="pf-description">{t("formDescription")}</label>
        <textarea
          id="pf-description"
          name="description"
          rows={3}
          value={description}
          placeholder={t("proposalDescriptionHint")}
          onChange={(event) => setDescription(event.target.value)}
          aria-describedby={describedBy("description")}
        />
        {fieldError("description")}
      </div>
      <div className="field">
        <label htmlFor="pf-url">{t("formUrl")}</label>
        <input
          id="pf-url"
          name="url"
          type="url"
          inputMode="url"
          value={url}
          onChange={(event) => setUrl(event.target.value)}
          aria-invalid={errors.url ? true : undefined}
          aria-describedby={describedBy("url")}
          placeholder="https://"
        />
        {fieldError("url")}
      </div>
      <div className="field">
        <label htmlFor="pf-excerpt">{t("formExcerpt")}</label>
        <textarea
          id="pf-excerpt"
          name="excerpt"
          rows={2}
          value={excerpt}
          onChange={(event) => setExcerpt(event.target.value)}
          aria-describedby={describedBy("excerpt", "pf-excerpt-hint")}
        />
        <p className="hint" id="pf-excerpt-hint">
          {t("formExcerptHint")}
        </p>
        {fieldError("excerpt")}
      </div>
      <div className="form-footer">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? t("formSubmitting") : t("proposalSubmit")}
        </button>
        <Outcome outcome={outcome} savedDetail={t("proposalSavedDetail")} testId="proposal-result" />
      </div>
    </form>
  );
}

import { ENTI, findDuplicatePractice, PracticeInputSchema, splitList, type Ente, type Me, type Practice } from "@rete-urp/shared";
import { useState, type FormEvent } from "react";
import { addPractice, type DeliveryOutcome } from "../features/outbox";
import { formatDayMonthYear } from "../lib/format";
import { useT } from "./i18n-context";
import { Icon } from "./icons";
import { fieldErrorsOf, Outcome } from "./outcome";

export interface Prefill {
  title: string;
  url: string;
  excerpt: string;
}

type FieldErrors = Partial<Record<"title" | "url" | "excerpt" | "description" | "tags" | "ente", string>>;

/**
 * Quick-add: a best practice from the page being read. The UUID is made when the form is, and
 * kept until the practice is delivered or queued, so pressing "Salva" twice, or again after a
 * failure, can never create two rows.
 */
export function QuickAddForm({
  me,
  suggestedTags,
  practices,
  prefill,
}: {
  me: Me | null;
  suggestedTags: string[];
  practices: Practice[];
  prefill: Prefill;
}) {
  const t = useT();
  const [id, setId] = useState(() => crypto.randomUUID());
  const [title, setTitle] = useState(prefill.title);
  const [url, setUrl] = useState(prefill.url);
  const [excerpt, setExcerpt] = useState(prefill.excerpt);
  const [description, setDescription] = useState("");
  const [tags, setTags] = useState("");
  // undefined: not chosen yet, so it follows my own ente once the snapshot tells us which.
  const [ente, setEnte] = useState<Ente | "" | undefined>(undefined);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<DeliveryOutcome | null>(null);

  const chosenEnte = ente ?? me?.ente ?? "";
  // The same page, whatever its tracking parameters: say who shared it first. Adding it again
  // stays possible (another angle, another comune's experience).
  const duplicate = findDuplicatePractice(practices, url);
  const tagList = splitList(tags);
  const hasTag = (tag: string) => tagList.some((item) => item.toLowerCase() === tag.toLowerCase());

  function toggleTag(tag: string) {
    const next = hasTag(tag) ? tagList.filter((item) => item.toLowerCase() !== tag.toLowerCase()) : [...tagList, tag];
    setTags(next.join(", "));
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const parsed = PracticeInputSchema.safeParse({
      id,
      title,
      url: url.trim() || undefined,
      excerpt: excerpt.trim() || undefined,
      description: description.trim() || undefined,
      tags: tagList.length > 0 ? tagList : undefined,
      ente: chosenEnte || undefined,
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
      const result = await addPractice(parsed.data);
      setOutcome(result);
      if (result.kind === "rejected") {
        setErrors(result.fields);
      } else {
        // Delivered or safely queued: the next practice is a new one, with a new id.
        setId(crypto.randomUUID());
        setTitle("");
        setUrl("");
        setExcerpt("");
        setDescription("");
        setTags("");
      }
    } finally {
      setBusy(false);
    }
  }

  const describedBy = (field: keyof FieldErrors, hint?: string) =>
    [errors[field] ? `qa-${field}-error` : "", hint ?? ""].filter(Boolean).join(" ") || undefined;
  const fieldError = (field: keyof FieldErrors) =>
    errors[field] ? (
      <p className="field-error" id={`qa-${field}-error`}>
        {errors[field]}
      </p>
    ) : null;

  return (
    <form className="quick-add" onSubmit={submit} noValidate aria-labelledby="qa-heading">
      <h2 id="qa-heading" className="visually-hidden">
        {t("formHeading")}
      </h2>
      <div className="field">
        <label htmlFor="qa-title">
          {t("formTitle")} <span className="required">({t("formRequired")})</span>
        </label>
        <input
          id="qa-title"
          name="title"
          value={title}
          onChange={(event) => setTitle(event.target.value)}
          aria-invalid={errors.title ? true : undefined}
          aria-describedby={describedBy("title")}
          required
          maxLength={500}
        />
        {fieldError("title")}
      </div>
      <div className="field">
        <label htmlFor="qa-url">{t("formUrl")}</label>
        <input
          id="qa-url"
          name="url"
          type="url"
          inputMode="url"
          value={url}
          onChange={(event) => setUrl(event.target.value)}
          aria-invalid={errors.url ? true : undefined}
          aria-describedby={describedBy("url", duplicate ? "qa-url-duplicate" : undefined)}
          placeholder="https://"
        />
        {fieldError("url")}
        {duplicate ? (
          <p className="notice notice-info" role="status" id="qa-url-duplicate" data-testid="duplicate-notice">
            <Icon name="alert" />
            <span>
              <strong>{t("duplicateNotice", duplicate.ente || duplicate.author, formatDayMonthYear(duplicate.date))}</strong>
              {": "}
              {t("quoted", duplicate.title)} {t("duplicateHint")}
            </span>
          </p>
        ) : null}
      </div>
      <div className="field">
        <label htmlFor="qa-excerpt">{t("formExcerpt")}</label>
        <textarea
          id="qa-excerpt"
          name="excerpt"
          rows={3}
          value={excerpt}
          onChange={(event) => setExcerpt(event.target.value)}
          aria-describedby={describedBy("excerpt", "qa-excerpt-hint")}
        />
        <p className="hint" id="qa-excerpt-hint">
          {t("formExcerptHint")}
        </p>
        {fieldError("excerpt")}
      </div>
      <div className="field">
        <label htmlFor="qa-description">{t("formDescription")}</label>
        <textarea
          id="qa-description"
          name="description"
          rows={2}
          value={description}
          placeholder={t("formDescriptionHint")}
          onChange={(event) => setDescription(event.target.value)}
          aria-describedby={describedBy("description")}
        />
        {fieldError("description")}
      </div>
      <div className="field-row">
        <div className="field field-grow">
          <label htmlFor="qa-tags">{t("formTags")}</label>
          <input
            id="qa-tags"
            name="tags"
            value={tags}
            list="qa-tag-suggestions"
            onChange={(event) => setTags(event.target.value)}
            aria-describedby={describedBy("tags", "qa-tags-hint")}
            autoComplete="off"
          />
          <datalist id="qa-tag-suggestions">
            {suggestedTags.map((tag) => (
              <option key={tag} value={tag} />
            ))}
          </datalist>
        </div>
        <div className="field">
          <label htmlFor="qa-ente">{t("formEnte")}</label>
          <select id="qa-ente" name="ente" value={chosenEnte} onChange={(event) => setEnte(event.target.value as Ente | "")}>
            <option value="">{t("formEnteNone")}</option>
            {ENTI.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </div>
      </div>
      {suggestedTags.length > 0 ? (
        <div className="chips" aria-describedby="qa-tags-hint">
          {suggestedTags.map((tag) => (
            <button
              key={tag}
              type="button"
              className={hasTag(tag) ? "chip chip-on" : "chip"}
              aria-pressed={hasTag(tag)}
              onClick={() => toggleTag(tag)}
            >
              {tag}
            </button>
          ))}
        </div>
      ) : null}
      <p className="hint" id="qa-tags-hint">
        {t("formTagsHint")}
      </p>
      {fieldError("tags")}
      <div className="form-footer">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? t("formSubmitting") : t("formSubmit")}
        </button>
        <Outcome outcome={outcome} savedDetail={t("resultSavedDetail")} testId="quick-add-result" />
      </div>
    </form>
  );
}

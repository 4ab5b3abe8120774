import type { Ente, Me, Practice, Referent } from "@rete-urp/shared";
import { findDuplicatePractice } from "@rete-urp/shared/schema-free";
import { useMemo, useState } from "react";
import { formatDate } from "../../lib/format";
import type { Prefill } from "../../lib/storage";
import { describedByIds, FieldError } from "../../ui/form-field";
import { useT } from "../../ui/i18n-context";
import { Icon } from "../../ui/icons";
import { OutboxForm } from "../../ui/outbox-form";
import { DraftDescriptionField, DraftExcerptField, DraftTitleField, DraftUrlField, usePageDraft } from "../../ui/page-draft";
import { useOutboxForm } from "../../ui/use-outbox-form";
import { useTagList } from "./use-tag-list";
import "./quick-add-form.css";

/**
 * Quick-add: a best practice from the page being read. Its UUID is kept until the practice is
 * delivered or queued (useOutboxForm), so pressing "Salva" twice, or again after a failure, can
 * never create two rows.
 */
export function QuickAddForm({
  me,
  suggestedTags,
  practices,
  roster,
  enti,
  prefill,
}: {
  me: Me | null;
  suggestedTags: string[];
  practices: Practice[];
  roster: Referent[];
  /** The network's enti, as the sheet's Enti tab lists them (the snapshot's). */
  enti: readonly Ente[];
  prefill: Prefill;
}) {
  const t = useT();
  const { draft, set, reset, optional } = usePageDraft(prefill);
  const tags = useTagList();
  // undefined: not chosen yet, so it follows my own ente once the snapshot tells us which.
  const [ente, setEnte] = useState<Ente | "" | undefined>(undefined);

  const chosenEnte = ente ?? me?.ente ?? "";
  // The same page, whatever its tracking parameters: say who shared it first. Adding it again
  // stays possible (another angle, another comune's experience). Memoised: with 10 000
  // practices the search costs a frame, and the form renders again at every keystroke.
  const duplicate = useMemo(() => findDuplicatePractice(practices, draft.url), [practices, draft.url]);

  const { errors, refusals, busy, outcome, done, submit, again } = useOutboxForm({
    submission: (id) => ({
      kind: "practice",
      values: {
        id,
        title: draft.title,
        ...optional,
        tags: tags.list.length > 0 ? tags.list : undefined,
        // "" is "Nessuno" and stays none; not chosen (and no snapshot yet): the service uses mine.
        ente: ente ?? me?.ente,
      },
    }),
    reset: () => {
      reset();
      tags.setText("");
    },
  });

  return (
    <OutboxForm
      labelledBy="qa-heading"
      onSubmit={submit}
      busy={busy}
      submitLabel={t("formSubmit")}
      outcome={outcome}
      done={done}
      onAgain={again}
      errors={errors}
      refusals={refusals}
      savedDetail={t("resultSavedDetail")}
      outcomeTestId="quick-add-result"
    >
      <h2 id="qa-heading" className="visually-hidden">
        {t("formHeading")}
      </h2>
      <DraftTitleField id="qa-title" label={t("formTitle")} value={draft.title} onValue={set("title")} error={errors.title} />
      <DraftUrlField
        id="qa-url"
        value={draft.url}
        onValue={set("url")}
        error={errors.url}
        describedBy={duplicate ? "qa-url-duplicate" : undefined}
      >
        {duplicate ? (
          <p className="notice notice-info" role="status" id="qa-url-duplicate" data-testid="duplicate-notice">
            <Icon name="alert" />
            <span>
              <strong>{t("duplicateNotice", sharerOf(duplicate, roster), formatDate(duplicate.date, t.locale))}</strong>
              {": "}
              {t("quoted", duplicate.title)}. {t("duplicateHint")}
            </span>
          </p>
        ) : null}
      </DraftUrlField>
      <DraftExcerptField id="qa-excerpt" rows={2} value={draft.excerpt} onValue={set("excerpt")} error={errors.excerpt} />
      <DraftDescriptionField
        id="qa-description"
        rows={2}
        value={draft.description}
        onValue={set("description")}
        error={errors.description}
        placeholder={t("formDescriptionHint")}
      />
      <div className="field-row">
        <div className="field field-grow">
          <label htmlFor="qa-tags">{t("formTags")}</label>
          <input
            id="qa-tags"
            name="tags"
            value={tags.text}
            list="qa-tag-suggestions"
            onChange={(event) => tags.setText(event.target.value)}
            aria-invalid={errors.tags ? true : undefined}
            aria-describedby={describedByIds("qa-tags", errors.tags, undefined, "qa-tags-hint")}
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
            {(chosenEnte && !enti.includes(chosenEnte) ? [...enti, chosenEnte] : enti).map((name) => (
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
              className={tags.has(tag) ? "chip chip-on" : "chip"}
              aria-pressed={tags.has(tag)}
              onClick={() => tags.toggle(tag)}
            >
              {tag}
            </button>
          ))}
        </div>
      ) : null}
      <p className="hint" id="qa-tags-hint">
        {t("formTagsHint")}
      </p>
      <FieldError id="qa-tags-error" error={errors.tags} />
    </OutboxForm>
  );
}

/**
 * Who shared a practice, as colleagues know them: "Marco Ricci (Lugo)", with the ente the person
 * works for (from the roster). The practice's own Ente is where the practice comes from, which
 * may be another comune, so it never stands in for the person's.
 */
export function sharerOf(practice: Practice, roster: readonly Referent[]): string {
  const person = roster.find((referent) => referent.email === practice.authorEmail.toLowerCase());
  if (person) return `${practice.author || `${person.firstName} ${person.lastName}`} (${person.ente})`;
  return practice.author || practice.authorEmail;
}

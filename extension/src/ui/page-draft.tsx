import { type ReactNode, useState } from "react";
import type { Prefill } from "../lib/storage";
import { TextAreaField, TextField } from "./form-field";
import { useT } from "./i18n-context";

/**
 * What a practice and an agenda proposal both take from the page being read: a title, its link,
 * an excerpt and a description. One state hook and one set of fields, so the two forms cannot
 * drift apart; each form places them in its own order and ids (`qa-…`, `pf-…`).
 */

export interface PageDraft {
  title: string;
  url: string;
  excerpt: string;
  description: string;
}

export function usePageDraft(prefill: Prefill) {
  const [draft, setDraft] = useState<PageDraft>({ title: prefill.title, url: prefill.url, excerpt: prefill.excerpt, description: "" });
  const set = (field: keyof PageDraft) => (value: string) => setDraft((current) => ({ ...current, [field]: value }));
  return {
    draft,
    set,
    reset: () => setDraft({ title: "", url: "", excerpt: "", description: "" }),
    /** The optional fields as the input schemas take them: left out when empty. */
    optional: {
      url: draft.url.trim() || undefined,
      excerpt: draft.excerpt.trim() || undefined,
      description: draft.description.trim() || undefined,
    },
  };
}

interface DraftFieldProps {
  id: string;
  value: string;
  onValue: (value: string) => void;
  error: string | undefined;
}

export function DraftTitleField({ label, describedBy, ...field }: DraftFieldProps & { label: string; describedBy?: string }) {
  const t = useT();
  return (
    <TextField
      {...field}
      name="title"
      label={
        <>
          {label} <span className="required">({t("formRequired")})</span>
        </>
      }
      describedBy={describedBy}
      required
      maxLength={500}
    />
  );
}

export function DraftUrlField({ describedBy, children, ...field }: DraftFieldProps & { describedBy?: string; children?: ReactNode }) {
  const t = useT();
  return (
    <TextField {...field} name="url" type="url" inputMode="url" label={t("formUrl")} describedBy={describedBy} placeholder="https://">
      {children}
    </TextField>
  );
}

export function DraftExcerptField({ rows, ...field }: DraftFieldProps & { rows: number }) {
  const t = useT();
  // The hint as a placeholder: the form must fit the popup's 600 px, and once the page's selection
  // fills the field it has said what it is for.
  return <TextAreaField {...field} name="excerpt" rows={rows} label={t("formExcerpt")} placeholder={t("formExcerptHint")} />;
}

export function DraftDescriptionField({ rows, placeholder, ...field }: DraftFieldProps & { rows: number; placeholder: string }) {
  const t = useT();
  return <TextAreaField {...field} name="description" rows={rows} label={t("formDescription")} placeholder={placeholder} />;
}

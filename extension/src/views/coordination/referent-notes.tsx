import type { ReferentNote } from "@rete-urp/shared";
import { useT } from "../../ui/i18n-context";

/**
 * What the coordinators wrote in the `Note` column of Referenti ("in malattia fino a marzo"),
 * person by person: only this view has it (the roster the referents get carries no notes).
 * Left out when nobody has a note.
 */
export function ReferentNotes({ notes }: { notes: ReferentNote[] }) {
  const t = useT();
  if (notes.length === 0) return null;
  return (
    <section className="coordination-section" aria-labelledby="coordination-notes-heading" data-testid="coordination-notes">
      <h3 id="coordination-notes-heading" className="coordination-heading">
        {t("coordinationNotesHeading")}
      </h3>
      <p className="hint muted">{t("coordinationNotesPrivate")}</p>
      <ul className="plain-list coordination-list">
        {notes.map((entry) => (
          <li key={entry.email} className="coordination-note" data-testid="coordination-note">
            {/* The sheet's name, cut after three lines like every name in the view; the note whole, as written. */}
            <span className="clamp">
              <strong>{entry.name}</strong> <span className="muted">· {entry.ente}</span>
              {entry.active ? null : <span className="muted"> · {t("coordinationNoteInactive")}</span>}
            </span>
            <span className="coordination-note-text">{entry.note}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

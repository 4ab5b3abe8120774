import type { MyPublication } from "@rete-urp/shared";
import type { OutboxItem } from "../../lib/storage";
import { useT } from "../../ui/i18n-context";
import "./publications-tab.css";

/**
 * "Da pubblicare" and how many are left, red when one is overdue. A publication marked here but
 * still in the outbox is done as far as the user is concerned, so it no longer counts.
 */
export function PublicationsTab({ publications, outbox }: { publications: MyPublication[]; outbox: OutboxItem[] }) {
  const t = useT();
  const sentHere = new Set(outbox.flatMap((item) => (item.kind === "published" ? [item.publicationId] : [])));
  const toPublish = publications.filter((publication) => !publication.published && !sentHere.has(publication.id)).length;
  const overdue = publications.some((publication) => publication.overdue && !sentHere.has(publication.id));
  return (
    <>
      {t("tabPublications")}
      {toPublish > 0 ? (
        <span className={overdue ? "tab-count tab-count-alert" : "tab-count"} data-testid="publications-count">
          {toPublish}
          {/* The count with its noun, for whoever hears it: "Da pubblicare 2 pubblicazioni". */}
          <span className="visually-hidden"> {toPublish === 1 ? t("publicationsTabNounOne") : t("publicationsTabNounMany")}</span>
          {overdue ? <span className="visually-hidden"> ({t("publicationsOverdueShort")})</span> : null}
        </span>
      ) : null}
    </>
  );
}

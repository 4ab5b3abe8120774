import type { MyPublication, NetworkEnte } from "@rete-urp/shared";
import type { OutboxItem } from "../../lib/storage";
import { useT } from "../../ui/i18n-context";
import { PublicationItem, type PublishAction, type PublishedItem } from "./publication-item";
import { useActivePageUrl } from "./use-active-page-url";
import "./publications.css";

/**
 * "Da pubblicare": what the coordinator asks my ente to publish on its website, unpublished
 * first by deadline ("entro il 3 dicembre", "scaduta da 3 giorni"). "Pubblicato" marks one as
 * done with the page where it went live as proof: the page open in the browser, shown before
 * confirming, or typed in when that page is not a web page.
 */
export interface PublicationsProps {
  publications: MyPublication[];
  /** My ente as the Enti tab describes it: its Tipo (the heading) and its Sito (the proof's check). */
  ente: NetworkEnte | undefined;
  outbox: OutboxItem[];
  now: Date;
  /** Marks one as published through the outbox (`markPublished`, passed in by the popup). */
  onPublish: PublishAction;
}

export function Publications({ publications, ente, outbox, now, onPublish }: PublicationsProps) {
  const t = useT();
  const pageUrl = useActivePageUrl();
  const waiting = (id: string) => outbox.find((item): item is PublishedItem => item.kind === "published" && item.publicationId === id);
  const todo = publications.filter((publication) => !publication.published && !waiting(publication.id));

  return (
    <section className="publications" aria-labelledby="publications-heading">
      <h2 id="publications-heading" className="list-heading">
        {ente?.kind === "unione" || !ente ? t("publicationsHeadingUnione") : t("publicationsHeading")}
      </h2>
      <p className="count muted">{todo.length === 0 ? t("publicationsNoneLeft") : t("publicationsLeft", todo.length)}</p>
      {publications.length === 0 ? null : (
        <ul className="list" data-testid="publication-list">
          {publications.map((publication) => (
            <PublicationItem
              key={publication.id}
              publication={publication}
              pending={waiting(publication.id)}
              pageUrl={pageUrl}
              ente={ente}
              now={now}
              onPublish={onPublish}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

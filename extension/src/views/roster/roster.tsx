import type { Ente, Referent } from "@rete-urp/shared";
import { matchesAll } from "@rete-urp/shared/schema-free";
import { type ReactNode, useState } from "react";
import { mailtoHref, telHref } from "../../lib/links";
import { useSheetLang, useT } from "../../ui/i18n-context";
import { Icon } from "../../ui/icons";
import { SearchBox } from "../../ui/search-box";
import "./roster.css";

/**
 * Who to call in another comune: active referents grouped by ente, my own ente first, then the
 * network's enti in the Enti tab's order (`enti`, the snapshot's). `actions` adds what may be
 * done about each person under their contacts (the coordinator's access).
 */
export function Roster({
  roster,
  enti,
  myEnte,
  actions,
}: {
  roster: Referent[];
  enti: readonly Ente[];
  myEnte: Ente | undefined;
  actions?: (person: Referent) => ReactNode;
}) {
  const t = useT();
  const lang = useSheetLang();
  const [query, setQuery] = useState("");
  const active = roster.filter(
    (person) => person.active && matchesAll([person.firstName, person.lastName, person.ente, person.role, person.email], query),
  );
  // An ente of the roster the list lacks (a snapshot older than the tab's last edit) still gets its group, last.
  const order = [...new Set([...(myEnte ? [myEnte] : []), ...enti, ...active.map((person) => person.ente)])];
  const groups = order
    .map((ente) => ({
      ente,
      people: active
        .filter((person) => person.ente === ente)
        .sort((a, b) => a.lastName.localeCompare(b.lastName, "it") || a.firstName.localeCompare(b.firstName, "it")),
    }))
    .filter((group) => group.people.length > 0);

  return (
    <section className="roster" aria-labelledby="roster-heading">
      <h2 id="roster-heading" className="visually-hidden">
        {t("tabRoster")}
      </h2>
      <SearchBox id="roster-search" label={t("searchRoster")} placeholder={t("searchRosterPlaceholder")} value={query} onValue={setQuery} />
      {groups.length === 0 ? <p className="empty muted">{t("noReferents")}</p> : null}
      {groups.map((group) => (
        <div key={group.ente} className="roster-group" data-testid="roster-group">
          <h3 className="group-heading">
            {/* The count with its noun, for whoever hears it: "Conselice, 2 referenti". */}
            {group.ente}
            <span className="visually-hidden">,</span> <span className="muted">{group.people.length}</span>
            <span className="visually-hidden"> {group.people.length === 1 ? t("rosterCountNounOne") : t("rosterCountNounMany")}</span>
          </h3>
          <ul className="list">
            {group.people.map((person) => (
              <li key={person.id || person.email} className="list-item person">
                <div className="person-name clamp">
                  <strong>
                    {person.firstName} {person.lastName}
                  </strong>
                  <span className="muted" lang={lang}>
                    {" "}
                    · {person.role}
                  </span>
                </div>
                <div className="person-contacts">
                  <Contact href={mailtoHref(person.email)} text={person.email} icon="mail" />
                  <Contact href={telHref(person.phone)} text={person.phone} icon="phone" />
                </div>
                {actions?.(person)}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}

function Contact({ href, text, icon }: { href: string | undefined; text: string; icon: "mail" | "phone" }) {
  if (!text) return null;
  return href ? (
    <a className="contact" href={href}>
      <Icon name={icon} />
      <span className="contact-text clamp">{text}</span>
    </a>
  ) : (
    <span className="contact">
      <Icon name={icon} />
      <span className="contact-text clamp">{text}</span>
    </span>
  );
}

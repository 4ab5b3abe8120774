import type { Access, Ente, Me, Referent } from "@rete-urp/shared";
import type { Connection } from "../../lib/api";
import { useT } from "../../ui/i18n-context";
import { Roster } from "../roster/roster";
import { AccessActions } from "./access-actions";

/**
 * Who has access, on the roster the popup already shows (search, grouped by ente): under each
 * person their access and the coordinator's two actions, invite and revoke. A Delegato gets
 * neither for a person whose Ruolo is Coordinatore (the service refuses them: 403
 * `not_allowed_for_delegate`), and a line saying why instead.
 */
export function AccessRoster({
  connection,
  me,
  roster,
  enti,
  access,
  onChanged,
}: {
  connection: Connection;
  me: Me;
  roster: Referent[];
  enti: readonly Ente[];
  access: Access[];
  /** An invitation was made or access revoked: the view asks the service again. */
  onChanged: () => void;
}) {
  const t = useT();
  const byEmail = new Map(access.map((entry) => [entry.email.toLowerCase(), entry]));
  const myEmail = me.email.toLowerCase();
  return (
    <section className="coordination-section" aria-labelledby="coordination-access-heading" data-testid="coordination-access">
      <h3 id="coordination-access-heading" className="coordination-heading">
        {t("coordinationAccessHeading")}
      </h3>
      <Roster
        roster={roster}
        enti={enti}
        myEnte={me.ente}
        actions={(person) => (
          <AccessActions
            connection={connection}
            person={person}
            access={byEmail.get(person.email.toLowerCase()) ?? null}
            isMe={person.email.toLowerCase() === myEmail}
            coordinatorForDelegate={me.role === "Delegato" && person.role === "Coordinatore"}
            onChanged={onChanged}
          />
        )}
      />
    </section>
  );
}

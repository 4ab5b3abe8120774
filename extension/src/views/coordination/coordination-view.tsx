import type { Me, Referent } from "@rete-urp/shared";
import type { Connection } from "../../lib/api";
import type { Translator } from "../../lib/i18n";
import { TranslatorContext, useT } from "../../ui/i18n-context";
import { Icon } from "../../ui/icons";
import { AccessLog } from "./access-log";
import { AccessRoster } from "./access-roster";
import { ActionsByEnte } from "./actions-by-ente";
import { describeCoordinationError } from "./coordination-error";
import { MeetingAnswers } from "./meeting-answers";
import { ProjectsToFollow } from "./projects-to-follow";
import { PublicationsByEnte } from "./publications-by-ente";
import { ReferentNotes } from "./referent-notes";
import { ServiceState } from "./service-state";
import { SheetProblems } from "./sheet-problems";
import { useCoordination } from "./use-coordination";
import "./coordination.css";

export interface CoordinationViewProps {
  /**
   * The popup's translator, handed over as a prop: Parcel copies the modules this chunk uses into
   * it rather than sharing the popup's, so the chunk has a TranslatorContext of its own, which
   * the popup's Provider does not reach. The view provides it again for its own components.
   */
  t: Translator;
  connection: Connection;
  me: Me;
  /** The active referents, from the snapshot: whom access can be given to. */
  roster: Referent[];
  /** The service says I do not coordinate (403 `not_coordinator`): the popup hides the tab. */
  onNotCoordinator: () => void;
}

/**
 * "Coordinamento", for the referents whose Ruolo is Coordinatore or Delegato: what `sheets-sync
 * check` would say about the sheet, who has answered for the next meeting, what each ente has
 * published, what each ente still has to do of what the meetings decided, how the service is doing, the coordinators' notes on the referents, who has
 * access (invite, revoke), and the access log (Registro accessi). Loaded only when its tab is opened (popup.tsx imports it lazily), so
 * the other referents never download it.
 */
export default function CoordinationView({ t, ...props }: CoordinationViewProps) {
  return (
    <TranslatorContext.Provider value={t}>
      <Coordination {...props} />
    </TranslatorContext.Provider>
  );
}

function Coordination({ connection, me, roster, onNotCoordinator }: Omit<CoordinationViewProps, "t">) {
  const t = useT();
  const { data, loading, error, reload } = useCoordination(connection, onNotCoordinator);

  return (
    <div className="coordination" data-testid="coordination" aria-busy={loading}>
      <div className="coordination-bar">
        <h2 className="coordination-title">{t("coordinationTab")}</h2>
        {/* Busy is aria-disabled, not disabled: the button keeps the focus while the view reloads. */}
        <button
          type="button"
          className="button button-secondary button-small"
          onClick={() => {
            if (!loading) reload();
          }}
          aria-disabled={loading || undefined}
        >
          {t("coordinationRefresh")}
        </button>
      </div>
      {error ? (
        <div className="notice notice-error" role="alert" data-testid="coordination-error">
          <Icon name="alert" />
          <span>{describeCoordinationError(error, t)}</span>
        </div>
      ) : null}
      {data ? (
        <>
          <SheetProblems sheet={data.sheet} problems={data.problems} />
          <MeetingAnswers answers={data.answers} />
          <PublicationsByEnte publications={data.publications} />
          <ActionsByEnte actions={data.actions} sheet={data.sheet} today={data.today} />
          <ProjectsToFollow sheet={data.sheet} projects={data.projects} />
          <ServiceState service={data.service} store={data.sheet.store} today={data.today} />
          <ReferentNotes notes={data.referentNotes} />
          <AccessRoster
            connection={connection}
            me={me}
            roster={roster}
            // The network's enti in the Enti tab's order, as the answers by ente list them.
            enti={data.answers.byEnte.map((row) => row.ente)}
            access={data.access}
            onChanged={reload}
          />
          <AccessLog entries={data.accessLog} />
        </>
      ) : loading ? (
        <p className="muted">{t("loading")}</p>
      ) : null}
    </div>
  );
}

// First the shared look, then each view's own styles (imported by the view itself).
import "./ui/base.css";
import { isCoordinator, isOpenProject, nextMeeting, projectsForEnte } from "@rete-urp/shared/schema-free";
import { lazy, type ReactNode, Suspense, useEffect, useState } from "react";
import { upcomingUrgent } from "./lib/format";
import { recentlyCancelled } from "./lib/meeting-changes";
import { afterPaint } from "./ui/after-paint";
import { TranslatorContext, useT } from "./ui/i18n-context";
import { Tabs } from "./ui/tabs";
import { markDone } from "./views/actions/mark-done";
import { AddPanel } from "./views/add/add-panel";
import { useAddPanel } from "./views/add/use-add-panel";
import { AttendancePanel } from "./views/attendance/attendance-panel";
import { WhoIsComing } from "./views/attendance/who-is-coming";
import { CancelledNotices } from "./views/meeting/cancelled-notices";
import { lastHeldMeeting } from "./views/meeting/last-held-meeting";
import { MeetingCard } from "./views/meeting/meeting-card";
import { UrgentBanner } from "./views/meeting/urgent-banner";
import { useMeetingExpanded } from "./views/meeting/use-meeting-expanded";
import { AgendaProposals } from "./views/proposals/agenda-proposals";
import { PublicationsTab } from "./views/publications/publications-tab";
import { publish } from "./views/publications/publish";
import { Roster } from "./views/roster/roster";
import { accessLost, Notices } from "./views/shell/notices";
import { PopupShell } from "./views/shell/popup-shell";
import { StoredValuesGuard } from "./views/shell/stored-values-guard";
import { type PopupState, useNow, usePopupState } from "./views/shell/use-popup-state";
import { Welcome } from "./views/shell/welcome";

type Tab = "add" | "publications" | "projects" | "practices" | "roster" | "coordination";

// Only the Coordinatore and the Delegato open it: a chunk of its own, fetched on the first click.
const CoordinationView = lazy(() => import("./views/coordination/coordination-view"));
// "Da pubblicare" (with "Da fare per <ente>") and "Buone prassi" are chunks of their own too, so the first paint (the meeting
// and the add form) does not carry them; they are fetched once the popup is painted. Not
// "Referenti": Parcel puts its styles in one file with the Coordinamento view's (which shows the
// roster), and referents who do not coordinate must never download that view.
const loadPublications = () => import("./views/publications/publications-view");
const loadPractices = () => import("./views/practices/practices-view");
// "Progetti" too: its list and its two forms are not part of the first paint.
const loadProjects = () => import("./views/projects/projects-view");
const PublicationsView = lazy(loadPublications);
const PracticesView = lazy(loadPractices);
const ProjectsView = lazy(loadProjects);

/** A lazily loaded view, with the loading line while its chunk comes. */
function Loading({ children }: { children: ReactNode }) {
  const t = useT();
  return <Suspense fallback={<p className="muted">{t("loading")}</p>}>{children}</Suspense>;
}

function Popup() {
  const state = usePopupState();
  if (!state) return <div className="popup" aria-busy="true" />;
  return (
    <TranslatorContext.Provider value={state.t}>
      <PopupBody state={state} />
    </TranslatorContext.Provider>
  );
}

/** The views the popup shows: the next meeting and its jobs first, then five tabs (six for coordinators). */
function PopupBody({ state }: { state: PopupState }) {
  const t = useT();
  const now = useNow();
  const add = useAddPanel();
  const [tab, setTab] = useState<Tab>("add");
  // The service said no (403 not_coordinator): the Ruolo changed since the cached snapshot.
  const [coordinationRefused, setCoordinationRefused] = useState(false);
  const [meetingExpanded, setMeetingExpanded] = useMeetingExpanded();
  // Once the popup is painted, fetch the other tabs' chunks, so opening one shows no loading line.
  useEffect(() => {
    void afterPaint()
      .then(() => Promise.all([loadPublications(), loadPractices()]))
      // "Progetti" after them: the popup's first seconds are the meeting's and the two lists'.
      .then(() => loadProjects())
      .catch(() => {});
  }, []);
  // The context menu or the shortcut sent us here to add something: that form, with the meeting
  // card folded so the form is in view.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` re-runs it for each new draft.
  useEffect(() => {
    if (!add.fromDraft) return;
    setTab("add");
    setMeetingExpanded(false);
  }, [add.fromDraft, add.version]);

  // Access refused (403 removed, 401 revoked): the network's data is no longer theirs to see nor
  // to add to. Notices says why and what to do, and lists what was not sent; the worker has
  // forgotten the data (features/refresh-here.ts), and the forms stay out until access is back.
  const accessRefused = accessLost(state.status) !== undefined;
  const snapshot = accessRefused ? undefined : state.cached?.snapshot;
  const configured = Boolean(state.preferences.serviceUrl && state.preferences.token);
  const me = snapshot?.me ?? null;
  // Recomputed from the list: the cached `nextMeeting` may have ended since it was fetched.
  const meeting = snapshot ? nextMeeting(snapshot.meetings, now) : null;
  const publications = snapshot?.publications ?? [];
  const projects = snapshot?.projects ?? [];
  // The network as the sheet's Enti tab lists it: the ente pickers and lists by ente follow it.
  const enti = (snapshot?.enti ?? []).map((ente) => ente.name);
  const myEnte = snapshot?.enti?.find((ente) => ente.name === me?.ente);
  const practices = (accessRefused ? undefined : state.practices) ?? [];
  const connection = configured ? { serviceUrl: state.preferences.serviceUrl, token: state.preferences.token } : null;
  const coordinates = Boolean(me && connection && isCoordinator(me) && !coordinationRefused);
  const selected = tab === "coordination" && !coordinates ? "add" : tab;
  // While access is refused, what waits is listed by Notices as not sent, not counted as "in attesa di invio".
  const waiting = accessRefused ? 0 : state.outbox.length;

  return (
    <PopupShell me={me} lastSuccessAt={state.status.lastSuccessAt} outboxCount={waiting}>
      {/* The card already shows the next meeting: the banner announces the other urgent ones. */}
      <UrgentBanner meetings={snapshot ? upcomingUrgent(snapshot.meetings, now).filter((urgent) => urgent.id !== meeting?.id) : []} />
      <Notices status={state.status} stale={snapshot?.stale ?? false} rejected={state.rejected} outbox={state.outbox} />
      {snapshot ? <CancelledNotices meetings={recentlyCancelled(snapshot.meetings, now)} /> : null}
      {accessRefused ? null : !configured && !snapshot ? (
        <Welcome />
      ) : (
        <>
          {snapshot ? (
            <MeetingCard
              meeting={meeting}
              lastHeld={lastHeldMeeting(snapshot.meetings, now)}
              now={now}
              expanded={meetingExpanded}
              onExpanded={setMeetingExpanded}
            >
              {meeting && me ? (
                <>
                  <AttendancePanel meeting={meeting} me={me} answers={snapshot.attendance} outbox={state.outbox} />
                  <WhoIsComing meeting={meeting} roster={snapshot.roster} answers={snapshot.attendance} enti={enti} />
                  <AgendaProposals
                    meeting={meeting}
                    proposals={snapshot.proposals}
                    outbox={state.outbox}
                    onPropose={() => {
                      setTab("add");
                      add.propose();
                    }}
                  />
                </>
              ) : null}
            </MeetingCard>
          ) : state.status.error ? null : (
            // The first fetch is on its way; a failure is explained by the notice above.
            <section className="card" aria-busy="true">
              <p className="muted">{t("loading")}</p>
            </section>
          )}
          <Tabs<Tab>
            label={t("extensionName")}
            selected={selected}
            onSelect={setTab}
            tabs={[
              {
                id: "add",
                label: t("tabAdd"),
                render: () => (
                  <AddPanel
                    state={add}
                    meeting={meeting}
                    me={me}
                    suggestedTags={snapshot?.settings.suggestedTags ?? []}
                    practices={practices}
                    roster={snapshot?.roster ?? []}
                    projects={projectsForEnte(projects, me?.ente).filter(isOpenProject)}
                    enti={enti}
                  />
                ),
              },
              {
                id: "publications",
                label: <PublicationsTab publications={publications} outbox={state.outbox} />,
                render: () => (
                  <Loading>
                    <PublicationsView
                      t={t}
                      publications={publications}
                      ente={me ? (myEnte ?? { name: me.ente, kind: "comune", site: "", newsletter: "" }) : undefined}
                      outbox={state.outbox}
                      now={now}
                      onPublish={publish}
                      actions={snapshot?.actions ?? []}
                      onDone={markDone}
                      projects={projects}
                    />
                  </Loading>
                ),
              },
              {
                id: "projects",
                label: t("tabProjects"),
                render: () => (
                  <Loading>
                    <ProjectsView
                      t={t}
                      projects={projects}
                      updates={snapshot?.projectUpdates ?? []}
                      proposals={snapshot?.proposals ?? []}
                      meetings={snapshot?.meetings ?? []}
                      outbox={state.outbox}
                      me={me}
                      prefill={add.prefill}
                      now={now}
                    />
                  </Loading>
                ),
              },
              {
                id: "practices",
                label: t("tabPractices"),
                render: () => (
                  <Loading>
                    <PracticesView t={t} practices={practices} outbox={state.outbox} me={me} />
                  </Loading>
                ),
              },
              {
                id: "roster",
                label: t("tabRoster"),
                render: () => <Roster roster={snapshot?.roster ?? []} enti={enti} myEnte={me?.ente} />,
              },
              ...(coordinates && me && connection
                ? [
                    {
                      id: "coordination" as const,
                      label: t("coordinationTab"),
                      render: () => (
                        <Loading>
                          <CoordinationView
                            t={t}
                            connection={connection}
                            me={me}
                            roster={snapshot?.roster ?? []}
                            onNotCoordinator={() => setCoordinationRefused(true)}
                          />
                        </Loading>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        </>
      )}
    </PopupShell>
  );
}

/** The popup, healed once if it cannot render what storage holds. */
function GuardedPopup() {
  return (
    <StoredValuesGuard>
      <Popup />
    </StoredValuesGuard>
  );
}

export default GuardedPopup;

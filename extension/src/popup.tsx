import { nextMeeting } from "@rete-urp/shared";
import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import { upcomingUrgent } from "./lib/format";
import type { DraftKind } from "./lib/storage";
import { AgendaProposals } from "./ui/agenda-proposals";
import { AttendancePanel, WhoIsComing } from "./ui/attendance";
import { TranslatorContext, useT } from "./ui/i18n-context";
import { Icon } from "./ui/icons";
import { MeetingCard } from "./ui/meeting-card";
import { Notices } from "./ui/notices";
import { PracticeList } from "./ui/practice-list";
import { ProposalForm } from "./ui/proposal-form";
import { Publications } from "./ui/publications";
import { QuickAddForm } from "./ui/quick-add-form";
import { Roster } from "./ui/roster";
import { StatusFooter } from "./ui/status-footer";
import { UrgentBanner } from "./ui/urgent-banner";
import { useNow, usePopupState, type PopupState } from "./ui/use-popup-state";
import { usePrefill } from "./ui/use-prefill";
import "./ui/base.css";
import "./ui/popup.css";

type Tab = "add" | "publications" | "practices" | "roster";
const TABS: Tab[] = ["add", "publications", "practices", "roster"];

function Popup() {
  const state = usePopupState();
  if (!state) return <div className="popup" aria-busy="true" />;
  return (
    <TranslatorContext.Provider value={state.t}>
      <PopupBody state={state} />
    </TranslatorContext.Provider>
  );
}

function PopupBody({ state }: { state: PopupState }) {
  const t = useT();
  const now = useNow();
  const { prefill, version, fromDraft } = usePrefill();
  const [tab, setTab] = useState<Tab>("add");
  const [addKind, setAddKind] = useState<DraftKind>("practice");
  const tabRefs = useRef<Partial<Record<Tab, HTMLButtonElement | null>>>({});
  const addPanel = useRef<HTMLDivElement | null>(null);
  useEffect(() => {
    // popup.html's <title> cannot use __MSG_…__: shown when the popup opens in a window.
    document.title = t("extensionName");
    // Plasmo's generated popup.html has no lang: screen readers need it to pick a voice (WCAG 3.1.1).
    document.documentElement.lang = t.language;
  }, [t]);
  // The context menu or the shortcut sent us here to add something: show that form.
  useEffect(() => {
    if (!fromDraft) return;
    setTab("add");
    setAddKind(fromDraft);
  }, [fromDraft, version]);
  const snapshot = state.cached?.snapshot;
  const configured = Boolean(state.preferences.serviceUrl && state.preferences.token);
  const me = snapshot?.me ?? null;
  const urgent = snapshot ? upcomingUrgent(snapshot.meetings, now) : [];
  // Recomputed from the list: the cached `nextMeeting` may have ended since it was fetched.
  const meeting = snapshot ? nextMeeting(snapshot.meetings, now) : null;
  const publications = snapshot?.publications ?? [];
  // Marked as published here but not yet sent: done, as far as the user is concerned.
  const sentHere = new Set(state.outbox.flatMap((item) => (item.kind === "published" ? [item.publicationId] : [])));
  const toPublish = publications.filter((publication) => !publication.published && !sentHere.has(publication.id)).length;
  const overdue = publications.some((publication) => publication.overdue && !sentHere.has(publication.id));
  const tabLabels: Record<Tab, string> = {
    add: t("tabAdd"),
    publications: t("tabPublications"),
    practices: t("tabPractices"),
    roster: t("tabRoster"),
  };

  function proposeFromCard() {
    setTab("add");
    setAddKind("proposal");
    // After the panel has rendered the form: the first field is what the user wants next.
    requestAnimationFrame(() => addPanel.current?.querySelector<HTMLInputElement>("#pf-title")?.focus());
  }

  // WAI-ARIA tabs: one tab stop for the list, arrows move between tabs and select them.
  // https://www.w3.org/WAI/ARIA/apg/patterns/tabs/
  function onTabKey(event: KeyboardEvent<HTMLButtonElement>) {
    const index = TABS.indexOf(tab);
    const next =
      event.key === "ArrowRight"
        ? TABS[(index + 1) % TABS.length]
        : event.key === "ArrowLeft"
          ? TABS[(index - 1 + TABS.length) % TABS.length]
          : event.key === "Home"
            ? TABS[0]
            : event.key === "End"
              ? TABS[TABS.length - 1]
              : undefined;
    if (!next) return;
    event.preventDefault();
    setTab(next);
    tabRefs.current[next]?.focus();
  }

  return (
    <div className="popup">
      <header className="popup-header">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true" />
          <div>
            <h1>{t("extensionName")}</h1>
            {me ? (
              <p className="me" data-testid="me">
                {t("meLabel", `${me.firstName} ${me.lastName}`, me.ente)}
              </p>
            ) : null}
          </div>
        </div>
        <button
          type="button"
          className="icon-button"
          onClick={() => chrome.runtime.openOptionsPage()}
          title={t("openSettings")}
          aria-label={t("openSettings")}
        >
          <Icon name="settings" />
        </button>
      </header>

      <main className="popup-main">
        <UrgentBanner meetings={urgent} />
        <Notices status={state.status} stale={snapshot?.stale ?? false} rejected={state.rejected} />

        {!configured && !snapshot ? (
          <section className="card welcome" aria-labelledby="welcome-heading">
            <h2 id="welcome-heading">{t("notConfiguredTitle")}</h2>
            <p>{t("notConfiguredText")}</p>
            <button type="button" className="button button-primary" onClick={() => chrome.runtime.openOptionsPage()}>
              <Icon name="settings" />
              {t("openSettings")}
            </button>
          </section>
        ) : (
          <>
            {snapshot ? (
              <MeetingCard meeting={meeting} now={now}>
                {meeting && me ? (
                  <>
                    <AttendancePanel meeting={meeting} me={me} answers={snapshot.attendance} outbox={state.outbox} />
                    <WhoIsComing meeting={meeting} answers={snapshot.attendance} />
                    <AgendaProposals meeting={meeting} proposals={snapshot.proposals} outbox={state.outbox} onPropose={proposeFromCard} />
                  </>
                ) : null}
              </MeetingCard>
            ) : state.status.error ? null : (
              // The first fetch is on its way; a failure is explained by the notice above.
              <section className="card" aria-busy="true">
                <p className="muted">{t("loading")}</p>
              </section>
            )}
            <div className="tabs" role="tablist" aria-label={t("extensionName")}>
              {TABS.map((name) => (
                <button
                  key={name}
                  ref={(element) => {
                    tabRefs.current[name] = element;
                  }}
                  type="button"
                  role="tab"
                  id={`tab-${name}`}
                  aria-selected={tab === name}
                  aria-controls={`panel-${name}`}
                  tabIndex={tab === name ? 0 : -1}
                  className={tab === name ? "tab tab-active" : "tab"}
                  onClick={() => setTab(name)}
                  onKeyDown={onTabKey}
                >
                  {tabLabels[name]}
                  {name === "publications" && toPublish > 0 ? (
                    <span className={overdue ? "tab-count tab-count-alert" : "tab-count"} data-testid="publications-count">
                      {toPublish}
                      {overdue ? <span className="visually-hidden"> ({t("publicationsOverdueShort")})</span> : null}
                    </span>
                  ) : null}
                </button>
              ))}
            </div>
            <div className="tab-panel" role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} ref={addPanel}>
              {tab === "add" ? (
                <>
                  <fieldset className="add-kind">
                    <legend className="visually-hidden">{t("addKindLegend")}</legend>
                    {(["practice", "proposal"] as const).map((kind) => (
                      <label key={kind} className={addKind === kind ? "add-kind-option add-kind-on" : "add-kind-option"}>
                        <input
                          type="radio"
                          name="add-kind"
                          value={kind}
                          checked={addKind === kind}
                          disabled={kind === "proposal" && !meeting}
                          onChange={() => setAddKind(kind)}
                        />
                        {kind === "practice" ? t("addKindPractice") : t("addKindProposal")}
                      </label>
                    ))}
                  </fieldset>
                  {!prefill ? null : addKind === "proposal" && meeting ? (
                    <ProposalForm key={`p${version}`} meeting={meeting} prefill={prefill} />
                  ) : (
                    <QuickAddForm
                      key={version}
                      me={me}
                      suggestedTags={snapshot?.settings.suggestedTags ?? []}
                      practices={snapshot?.practices ?? []}
                      prefill={prefill}
                    />
                  )}
                </>
              ) : tab === "publications" ? (
                <Publications publications={publications} ente={me?.ente} outbox={state.outbox} now={now} />
              ) : tab === "practices" ? (
                <PracticeList practices={snapshot?.practices ?? []} />
              ) : (
                <Roster roster={snapshot?.roster ?? []} myEnte={me?.ente} />
              )}
            </div>
          </>
        )}
      </main>

      <StatusFooter lastSuccessAt={state.status.lastSuccessAt} outboxCount={state.outbox.length} />
    </div>
  );
}

export default Popup;

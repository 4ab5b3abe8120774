import { nextMeeting } from "@rete-urp/shared";
import { useEffect, useState } from "react";
import { upcomingUrgent } from "./lib/format";
import { TranslatorContext, useT } from "./ui/i18n-context";
import { Icon } from "./ui/icons";
import { MeetingCard } from "./ui/meeting-card";
import { Notices } from "./ui/notices";
import { PracticeList } from "./ui/practice-list";
import { QuickAddForm } from "./ui/quick-add-form";
import { Roster } from "./ui/roster";
import { StatusFooter } from "./ui/status-footer";
import { UrgentBanner } from "./ui/urgent-banner";
import { useNow, usePopupState, type PopupState } from "./ui/use-popup-state";
import { usePrefill } from "./ui/use-prefill";
import "./ui/base.css";
import "./ui/popup.css";

type Tab = "add" | "practices" | "roster";
const TABS: Tab[] = ["add", "practices", "roster"];

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
  useEffect(() => {
    // popup.html's <title> cannot use __MSG_…__: shown when the popup opens in a window.
    document.title = t("extensionName");
  }, [t]);
  // The context menu or the shortcut sent us here to add something: show the form.
  useEffect(() => {
    if (fromDraft) setTab("add");
  }, [fromDraft, version]);
  const snapshot = state.cached?.snapshot;
  const configured = Boolean(state.settings.serviceUrl && state.settings.token);
  const me = snapshot?.me ?? null;
  const urgent = snapshot ? upcomingUrgent(snapshot.meetings, now) : [];
  // Recomputed from the list: the cached `nextMeeting` may have ended since it was fetched.
  const meeting = snapshot ? nextMeeting(snapshot.meetings, now) : null;
  const tabLabels: Record<Tab, string> = { add: t("tabAdd"), practices: t("tabPractices"), roster: t("tabRoster") };

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
              <MeetingCard meeting={meeting} now={now} />
            ) : state.status.error ? null : (
              // The first fetch is on its way; a failure is explained by the notice above.
              <section className="card" aria-busy="true">
                <p className="muted">{t("loading")}</p>
              </section>
            )}
            <nav className="tabs" role="tablist" aria-label={t("extensionName")}>
              {TABS.map((name) => (
                <button
                  key={name}
                  type="button"
                  role="tab"
                  id={`tab-${name}`}
                  aria-selected={tab === name}
                  aria-controls={`panel-${name}`}
                  className={tab === name ? "tab tab-active" : "tab"}
                  onClick={() => setTab(name)}
                >
                  {tabLabels[name]}
                  {name === "practices" && snapshot ? <span className="tab-count">{snapshot.practices.length}</span> : null}
                </button>
              ))}
            </nav>
            <div className="tab-panel" role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
              {tab === "add" ? (
                prefill ? (
                  <QuickAddForm key={version} me={me} suggestedTags={snapshot?.settings.suggestedTags ?? []} prefill={prefill} />
                ) : null
              ) : tab === "practices" ? (
                <PracticeList practices={snapshot?.practices ?? []} />
              ) : (
                <Roster roster={snapshot?.roster ?? []} myEnte={me?.ente} />
              )}
            </div>
          </>
        )}
      </main>

      <StatusFooter lastSuccessAt={state.status.lastSuccessAt} outboxCount={state.outboxCount} />
    </div>
  );
}

export default Popup;

import type { Meeting } from "@rete-urp/shared";
import type { ReactNode } from "react";
import { formatLongDate, formatTimeRange, formatWhen } from "../../lib/format";
import { useT } from "../../ui/i18n-context";
import { Icon } from "../../ui/icons";
import { SafeLink } from "../../ui/safe-link";
import "./meeting-card.css";

/** Loaded on click: the .ics writer brings date-fns' formatter, which the first paint does not need. */
async function downloadCalendarFile(meeting: Meeting) {
  const { downloadIcs } = await import("./calendar-download");
  downloadIcs(meeting);
}

/** The next meeting, first thing in the popup: when, where, how to join, into my calendar. */
export function MeetingCard({ meeting, now, children }: { meeting: Meeting | null; now: Date; children?: ReactNode }) {
  const t = useT();
  if (!meeting) {
    return (
      <section className="card meeting" aria-labelledby="meeting-heading">
        <h2 id="meeting-heading" className="eyebrow">
          {t("nextMeeting")}
        </h2>
        <p className="muted">{t("noMeeting")}</p>
      </section>
    );
  }
  const urgent = meeting.kind === "urgent";
  return (
    <section className={urgent ? "card meeting meeting-urgent" : "card meeting"} aria-labelledby="meeting-heading">
      <div className="meeting-top">
        <h2 id="meeting-heading" className="eyebrow">
          {urgent ? t("urgentMeeting") : t("nextMeeting")}
        </h2>
        {meeting.source === "rule" ? (
          <span className="pill pill-tentative">{t("toBeConfirmed")}</span>
        ) : meeting.status === "confirmed" ? (
          <span className="pill pill-confirmed">{t("statusConfirmed")}</span>
        ) : null}
      </div>
      <p className="meeting-date" data-testid="meeting-date">
        {formatLongDate(meeting.start, t.locale)}
      </p>
      <p className="meeting-time">
        <Icon name="clock" />
        <span data-testid="meeting-time">{formatTimeRange(meeting, t.locale)}</span>
        <span className="pill pill-when" data-testid="meeting-when">
          {formatWhen(meeting, now, t)}
        </span>
      </p>
      {meeting.location ? (
        <p className="meeting-place">
          <Icon name="place" />
          <span className="clamp">
            <span className="visually-hidden">{t("place")}: </span>
            {meeting.location}
          </span>
        </p>
      ) : null}
      {meeting.notes ? <p className="meeting-notes clamp">{meeting.notes}</p> : null}
      <div className="meeting-actions">
        {meeting.videoUrl ? (
          <SafeLink className="button button-secondary" href={meeting.videoUrl}>
            <Icon name="video" />
            {t("videoLink")}
          </SafeLink>
        ) : null}
        {meeting.agendaUrl ? (
          <SafeLink className="button button-secondary" href={meeting.agendaUrl}>
            <Icon name="document" />
            {t("agendaLink")}
          </SafeLink>
        ) : null}
        <button type="button" className="button button-calendar" onClick={() => void downloadCalendarFile(meeting)}>
          <Icon name="calendar" />
          {t("addToCalendar")}
        </button>
      </div>
      {children ? <div className="meeting-jobs">{children}</div> : null}
    </section>
  );
}

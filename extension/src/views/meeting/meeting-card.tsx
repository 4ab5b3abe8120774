import type { Meeting } from "@rete-urp/shared";
import { type ReactNode, useId } from "react";
import { formatCompactDate, formatLongDate, formatTime, formatTimeRange, formatWhen } from "../../lib/format";
import { useSheetLang, useT } from "../../ui/i18n-context";
import { Icon } from "../../ui/icons";
import { SafeLink } from "../../ui/safe-link";
import { LastHeldMeeting, MinutesLink } from "./last-held-meeting";
import "./meeting-card.css";

/** Loaded on click: the .ics writer brings date-fns' formatter, which the first paint does not need. */
async function downloadCalendarFile(meeting: Meeting) {
  const { downloadIcs } = await import("./calendar-download");
  downloadIcs(meeting);
}

/**
 * The next meeting, first thing in the popup. Folded it is one line (day, time, how soon, its
 * state), so the popup's main jobs fit in 400 × 600 without scrolling; unfolded it adds where,
 * how to join, the calendar, and the meeting's jobs (`children`: my answer, who comes, the
 * proposals). Who opens the popup to add something gets it folded (docs/extension.md). A held
 * meeting shows its minutes; the last held one (`lastHeld`) stays reachable from the card.
 */
export function MeetingCard({
  meeting,
  now,
  expanded,
  onExpanded,
  lastHeld = null,
  children,
}: {
  meeting: Meeting | null;
  lastHeld?: Meeting | null;
  now: Date;
  expanded: boolean;
  onExpanded: (expanded: boolean) => void;
  children?: ReactNode;
}) {
  const t = useT();
  const sheetLang = useSheetLang();
  const detailsId = useId();
  if (!meeting) {
    return (
      <section className="card meeting" aria-labelledby="meeting-heading">
        <h2 id="meeting-heading" className="eyebrow">
          {t("nextMeeting")}
        </h2>
        <p className="muted">{t("noMeeting")}</p>
        {lastHeld ? <LastHeldMeeting meeting={lastHeld} /> : null}
      </section>
    );
  }
  const urgent = meeting.kind === "urgent";
  // An urgent meeting announced with a video link only is held online: say so, and make the link
  // the way in (the sheet's defaults are the ordinary meetings' own).
  const onlineOnly = !meeting.location && Boolean(meeting.videoUrl);
  return (
    <section className={urgent ? "card meeting meeting-urgent" : "card meeting"} aria-labelledby="meeting-heading">
      <h2 id="meeting-heading" className="visually-hidden">
        {urgent ? t("urgentMeeting") : t("nextMeeting")}
      </h2>
      <button
        type="button"
        className="meeting-summary"
        aria-expanded={expanded}
        aria-controls={detailsId}
        data-testid="meeting-summary"
        onClick={() => onExpanded(!expanded)}
      >
        <span className="meeting-line">
          {urgent ? <span className="eyebrow">{t("urgentShort")}</span> : null}
          <span className="meeting-date" data-testid="meeting-date" title={formatLongDate(meeting.start, t.locale)}>
            {formatCompactDate(meeting.start, t.locale)}
          </span>
          <span className="meeting-start">{formatTime(meeting.start, t.locale)}</span>
          <span className="meeting-when" data-testid="meeting-when">
            {formatWhen(meeting, now, t)}
          </span>
          {meeting.source === "rule" ? (
            <span className="pill pill-tentative">{t("toBeConfirmed")}</span>
          ) : meeting.status === "confirmed" ? (
            // A check on the one line (the word would not fit beside the rest in 400 px).
            <span className="meeting-confirmed" title={t("statusConfirmed")}>
              <Icon name="check" />
              <span className="visually-hidden">{t("statusConfirmed")}</span>
            </span>
          ) : null}
        </span>
        <Icon name={expanded ? "chevronUp" : "chevronDown"} />
        <span className="visually-hidden">{expanded ? t("meetingLess") : t("meetingMore")}</span>
      </button>
      {meeting.movedFrom ? (
        <p className="meeting-moved" data-testid="meeting-moved">
          <Icon name="alert" />
          <span>{t("meetingMoved", formatLongDate(meeting.movedFrom, t.locale))}</span>
        </p>
      ) : null}
      <div id={detailsId} className="meeting-details" hidden={!expanded}>
        <p className="meeting-time">
          <Icon name="clock" />
          <span>
            <span data-testid="meeting-long-date">{formatLongDate(meeting.start, t.locale)}</span>,{" "}
            <span data-testid="meeting-time">{formatTimeRange(meeting, t.locale)}</span>
          </span>
        </p>
        {meeting.location ? (
          <p className="meeting-place">
            <Icon name="place" />
            <span className="clamp">
              <span className="visually-hidden">{t("place")}: </span>
              <span lang={sheetLang}>{meeting.location}</span>
            </span>
          </p>
        ) : onlineOnly ? (
          <p className="meeting-place" data-testid="meeting-online">
            <Icon name="video" />
            <span>{t("onlineOnly")}</span>
          </p>
        ) : null}
        {meeting.notes ? (
          <p className="meeting-notes clamp" lang={sheetLang}>
            {meeting.notes}
          </p>
        ) : null}
        <div className="meeting-actions">
          {meeting.videoUrl ? (
            <SafeLink className={onlineOnly ? "button button-primary" : "button button-secondary"} href={meeting.videoUrl}>
              <Icon name="video" />
              {onlineOnly ? t("joinVideo") : t("videoLink")}
            </SafeLink>
          ) : null}
          {meeting.agendaUrl ? (
            <SafeLink className="button button-secondary" href={meeting.agendaUrl}>
              <Icon name="document" />
              {t("agendaLink")}
            </SafeLink>
          ) : null}
          <MinutesLink meeting={meeting} className="button button-secondary" />
          <button type="button" className="button button-calendar" onClick={() => void downloadCalendarFile(meeting)}>
            <Icon name="calendar" />
            {t("addToCalendar")}
          </button>
        </div>
        {lastHeld && lastHeld.id !== meeting.id ? <LastHeldMeeting meeting={lastHeld} /> : null}
        {children ? <div className="meeting-jobs">{children}</div> : null}
      </div>
    </section>
  );
}

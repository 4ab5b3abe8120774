import type { Meeting } from "@rete-urp/shared";
import { formatLongDate } from "../../lib/format";
import { Disclosure } from "../../ui/disclosure";
import { useT } from "../../ui/i18n-context";
import { Icon } from "../../ui/icons";
import { SafeLink } from "../../ui/safe-link";

/** The latest meeting the sheet marks held (Stato Svolta) that started before `now`; null when none. */
export function lastHeldMeeting(meetings: readonly Meeting[], now: Date): Meeting | null {
  let last: Meeting | null = null;
  for (const meeting of meetings) {
    if (meeting.status !== "held" || Date.parse(meeting.start) > now.getTime()) continue;
    if (!last || meeting.start > last.start) last = meeting;
  }
  return last;
}

/**
 * "Ultima riunione svolta": what the last meeting decided stays one click away from the card,
 * its minutes (Verbale) first, then its agenda. A held meeting without minutes says they are not
 * there yet.
 */
export function LastHeldMeeting({ meeting }: { meeting: Meeting }) {
  const t = useT();
  return (
    <Disclosure
      testId="last-held-meeting"
      summary={
        <>
          {t("lastHeldMeeting")} <span className="muted">{formatLongDate(meeting.start, t.locale)}</span>
        </>
      }
    >
      <div className="disclosure-body">
        {meeting.minutesUrl ? <MinutesLink meeting={meeting} /> : <p className="muted">{t("minutesMissing")}</p>}
        {meeting.agendaUrl ? (
          <SafeLink className="link-button" href={meeting.agendaUrl}>
            <Icon name="document" />
            {t("agendaLink")}
          </SafeLink>
        ) : null}
      </div>
    </Disclosure>
  );
}

/** The held meeting's minutes (Verbale), as a link; nothing when the sheet has none. */
export function MinutesLink({ meeting, className = "link-button" }: { meeting: Meeting; className?: string }) {
  const t = useT();
  if (meeting.status !== "held" || !meeting.minutesUrl) return null;
  return (
    <SafeLink className={className} href={meeting.minutesUrl}>
      <Icon name="document" />
      {t("minutesLink")}
    </SafeLink>
  );
}

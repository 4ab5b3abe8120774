import type { Meeting } from "@rete-urp/shared";
import { formatLongDate, formatTimeRange } from "../../lib/format";
import { useT } from "../../ui/i18n-context";
import { Icon } from "../../ui/icons";
import "./urgent-banner.css";

/** An urgent meeting is announced to everyone as soon as it is in the sheet (docs/extension.md, "What staff see"). */
export function UrgentBanner({ meetings }: { meetings: Meeting[] }) {
  const t = useT();
  if (meetings.length === 0) return null;
  return (
    <div className="urgent-banner" role="alert" data-testid="urgent-banner">
      {meetings.map((meeting) => (
        <p key={meeting.id}>
          <Icon name="alert" />
          <span className="clamp">
            <strong>{t("urgentMeeting")}</strong>: {formatLongDate(meeting.start, t.locale)}, {formatTimeRange(meeting, t.locale)}
            {meeting.location ? ` · ${meeting.location}` : ""}
          </span>
        </p>
      ))}
    </div>
  );
}

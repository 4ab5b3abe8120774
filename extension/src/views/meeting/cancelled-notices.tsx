import type { Meeting } from "@rete-urp/shared";
import { formatLongDate } from "../../lib/format";
import { useT } from "../../ui/i18n-context";
import { Icon } from "../../ui/icons";

/** "Annullata la riunione di martedì 19 gennaio 2027": a cancelled meeting does not just vanish. */
export function CancelledNotices({ meetings }: { meetings: Meeting[] }) {
  const t = useT();
  if (meetings.length === 0) return null;
  return (
    <div role="status" data-testid="meeting-cancelled">
      {meetings.map((meeting) => (
        <p key={meeting.id} className="notice notice-warning">
          <Icon name="alert" />
          <span>{t("meetingCancelled", formatLongDate(meeting.start, t.locale))}</span>
        </p>
      ))}
    </div>
  );
}

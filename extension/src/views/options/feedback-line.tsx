import { useT } from "../../ui/i18n-context";
import { Icon } from "../../ui/icons";
import { LiveRegions } from "../../ui/live-regions";
import type { Words } from "./connect";
import "./feedback-line.css";

/** `busy` while waiting for the service, then what came of it. */
export type Feedback = { tone: "ok" | "error" | "info" | "busy"; text: Words } | null;

/**
 * What a button of the options page did ("Collegato come …", "Lingua salvata."), or nothing yet.
 * The words are said when rendered, so they follow the page when its language changes. In the
 * card's two live regions (ui/live-regions.tsx), always there: an error as an alert, the rest as
 * a status.
 */
export function FeedbackLine({ feedback, testId }: { feedback: Feedback; testId: string }) {
  const t = useT();
  const line = feedback ? (
    <p className={`feedback feedback-${feedback.tone}`}>
      <Icon name={feedback.tone === "ok" ? "check" : feedback.tone === "busy" ? "hourglass" : "alert"} />
      <span>{feedback.text(t)}</span>
    </p>
  ) : null;
  const error = feedback?.tone === "error";
  return <LiveRegions className="feedback-regions" testId={testId} status={error ? null : line} alert={error ? line : null} />;
}

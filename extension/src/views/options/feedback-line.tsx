import { useT } from "../../ui/i18n-context";
import { Icon } from "../../ui/icons";
import type { Words } from "./connect";
import "./feedback-line.css";

/** `busy` while waiting for the service, then what came of it. */
export type Feedback = { tone: "ok" | "error" | "info" | "busy"; text: Words } | null;

/**
 * What a button of the options page did ("Collegato come …", "Lingua salvata."), or nothing yet.
 * The words are said when rendered, so they follow the page when its language changes.
 */
export function FeedbackLine({ feedback, testId }: { feedback: Feedback; testId: string }) {
  const t = useT();
  if (!feedback) return <p className="feedback" role="status" data-testid={testId} />;
  const icon = feedback.tone === "ok" ? "check" : feedback.tone === "busy" ? "hourglass" : "alert";
  return (
    <p className={`feedback feedback-${feedback.tone}`} role={feedback.tone === "error" ? "alert" : "status"} data-testid={testId}>
      <Icon name={icon} />
      <span>{feedback.text(t)}</span>
    </p>
  );
}

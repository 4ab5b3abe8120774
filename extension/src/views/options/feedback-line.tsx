import { Icon } from "../../ui/icons";
import "./feedback-line.css";

export type Feedback = { tone: "ok" | "error" | "info"; text: string } | null;

/** What a button of the options page did ("Impostazioni salvate.", "Collegato come …"), or nothing yet. */
export function FeedbackLine({ feedback, testId }: { feedback: Feedback; testId: string }) {
  if (!feedback) return <p className="feedback" role="status" data-testid={testId} />;
  return (
    <p className={`feedback feedback-${feedback.tone}`} role={feedback.tone === "error" ? "alert" : "status"} data-testid={testId}>
      <Icon name={feedback.tone === "ok" ? "check" : "alert"} />
      <span>{feedback.text}</span>
    </p>
  );
}

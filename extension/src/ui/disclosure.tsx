import type { ReactNode } from "react";
import "./disclosure.css";

/**
 * A closed <details> in the meeting card ("Chi partecipa", "Proposte"): the summary line, and
 * the body the caller marks with `disclosure-body` (a list, or one line when there is nothing).
 */
export function Disclosure({ summary, testId, children }: { summary: ReactNode; testId: string; children: ReactNode }) {
  return (
    <details className="disclosure" data-testid={testId}>
      <summary>{summary}</summary>
      {children}
    </details>
  );
}

import type { Action, Ente, Project } from "@rete-urp/shared";
import { findProject } from "@rete-urp/shared/schema-free";
import type { OutboxItem } from "../../lib/storage";
import { useT } from "../../ui/i18n-context";
import { ActionItem } from "./action-item";
import type { MarkDoneAction } from "./mark-done";

export interface MyActionsProps {
  /** My ente's actions as the snapshot has them: open first by deadline, then the recently done. */
  actions: Action[];
  ente: Ente | undefined;
  outbox: OutboxItem[];
  now: Date;
  onDone: MarkDoneAction;
  /** The shared projects, by which an action's Progetto cell (an ID or a title) is shown by its title. */
  projects?: readonly Project[];
}

/**
 * "Da fare per Lugo": what the meetings decided my ente must do, beside what it must publish.
 * Nothing at all when the meetings left my ente nothing, so "Da pubblicare" stays first.
 */
export function MyActions({ actions, ente, outbox, now, onDone, projects = [] }: MyActionsProps) {
  const t = useT();
  if (actions.length === 0 || !ente) return null;
  const waiting = new Set(outbox.flatMap((item) => (item.kind === "action-done" ? [item.actionId] : [])));
  const open = actions.filter((action) => action.status === "open" && !waiting.has(action.id)).length;
  return (
    <section className="actions" aria-labelledby="actions-heading">
      <h2 id="actions-heading" className="list-heading">
        {t("actionsHeading", ente)}
      </h2>
      <p className="count muted">{open === 0 ? t("actionsNoneLeft") : t("actionsLeft", open)}</p>
      <ul className="list" data-testid="action-list">
        {actions.map((action) => (
          <ActionItem
            key={action.id}
            action={action}
            project={findProject(projects, action.projectId)?.title ?? action.projectId}
            pending={waiting.has(action.id)}
            now={now}
            onDone={onDone}
          />
        ))}
      </ul>
    </section>
  );
}

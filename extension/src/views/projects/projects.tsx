import type { Me, Meeting, Project, ProjectUpdate, Proposal } from "@rete-urp/shared";
import { involvesEnte, projectsForEnte } from "@rete-urp/shared/schema-free";
import { useEffect, useRef, useState } from "react";
import type { OutboxItem, Prefill } from "../../lib/storage";
import { useT } from "../../ui/i18n-context";
import { Icon } from "../../ui/icons";
import { Pending } from "../../ui/pending";
import { ProjectForm } from "./project-form";
import { ProjectItem, type ProjectUpdateItem } from "./project-item";
import { ProjectUpdateForm } from "./project-update-form";
import "./projects.css";

type ProjectItemPending = Extract<OutboxItem, { kind: "project" }>;

/**
 * "Progetti": the network's shared projects, those my ente takes part in first (Enti coinvolti
 * names it, or is empty: every ente), each with its state, capofila, next step and the latest
 * updates. "Aggiungi un aggiornamento" proposes the page being read (its title as the text, its
 * address as the link, as quick-add does); "Proponi un progetto" writes a row with Stato
 * Proposto for the coordinator to accept. Both go through the outbox like every other write.
 */
export interface ProjectsProps {
  projects: Project[];
  updates: ProjectUpdate[];
  proposals: Proposal[];
  meetings: Meeting[];
  outbox: OutboxItem[];
  me: Me | null;
  /** The page being read (or the context menu's draft), for a new update. */
  prefill: Prefill | null;
  now: Date;
}

const NO_PAGE: Prefill = { title: "", url: "", excerpt: "" };

type OpenForm = { kind: "update"; projectId: string; version: number } | { kind: "project"; version: number } | null;

export function Projects({ projects, updates, proposals, meetings, outbox, me, prefill, now }: ProjectsProps) {
  const t = useT();
  const [form, setForm] = useState<OpenForm>(null);
  const formArea = useRef<HTMLDivElement>(null);
  const version = useRef(0);
  const ente = me?.ente;
  const ordered = projectsForEnte(projects, ente);
  const mine = ente ? ordered.filter((project) => involvesEnte(project, ente)) : [];
  const others = ordered.filter((project) => !mine.includes(project));
  const storedIds = new Set(projects.map((project) => project.id));
  const proposed = outbox.filter((item): item is ProjectItemPending => item.kind === "project" && !storedIds.has(item.input.id));
  const storedUpdates = new Set(updates.map((update) => update.id));
  const waitingUpdates = outbox.filter(
    (item): item is ProjectUpdateItem => item.kind === "project-update" && !storedUpdates.has(item.input.id),
  );
  // Open ones, mine first, are what an update is most likely about.
  const choices = ordered.filter((project) => project.status !== "done");

  // The form just opened: its first field focused and in view.
  useEffect(() => {
    if (!form) return;
    const first = formArea.current?.querySelector<HTMLElement>("select, input, textarea");
    first?.focus({ preventScroll: true });
    formArea.current?.scrollIntoView({ block: "nearest" });
  }, [form]);

  const open = (next: { kind: "update"; projectId: string } | { kind: "project" }) => setForm({ ...next, version: ++version.current });

  const item = (project: Project) => (
    <ProjectItem
      key={project.id}
      project={project}
      mine={ente !== undefined && involvesEnte(project, ente)}
      updates={updates.filter((update) => update.projectId === project.id)}
      waiting={waitingUpdates.filter((pending) => pending.input.projectId === project.id)}
      proposals={proposals.filter((proposal) => proposal.projectId === project.id)}
      meetings={meetings}
      now={now}
      onAddUpdate={() => open({ kind: "update", projectId: project.id })}
    />
  );

  return (
    <section className="projects" aria-labelledby="projects-heading">
      <h2 id="projects-heading" className="list-heading">
        {t("projectsHeading")}
      </h2>
      <div className="button-row projects-actions">
        <button
          type="button"
          className="button button-secondary button-small"
          disabled={choices.length === 0}
          aria-expanded={form?.kind === "update"}
          onClick={() => open({ kind: "update", projectId: choices[0]?.id ?? "" })}
        >
          <Icon name="plus" />
          {t("projectUpdateAdd")}
        </button>
        <button
          type="button"
          className="button button-secondary button-small"
          aria-expanded={form?.kind === "project"}
          onClick={() => open({ kind: "project" })}
        >
          <Icon name="plus" />
          {t("projectPropose")}
        </button>
      </div>
      <div ref={formArea}>
        {form?.kind === "update" ? (
          <ProjectUpdateForm
            key={form.version}
            projects={choices}
            projectId={form.projectId}
            prefill={prefill ?? NO_PAGE}
            onClose={() => setForm(null)}
          />
        ) : form?.kind === "project" ? (
          <ProjectForm key={form.version} onClose={() => setForm(null)} />
        ) : null}
      </div>
      {projects.length === 0 && proposed.length === 0 ? <p className="empty muted">{t("projectsNone")}</p> : null}
      {mine.length > 0 || proposed.length > 0 ? (
        <>
          <h3 className="projects-group muted">{t("projectsMine", ente ?? "")}</h3>
          <ul className="list" data-testid="project-list-mine">
            {proposed.map((pending) => (
              <li key={pending.input.id} className="list-item project" data-testid="project">
                <h4 className="list-title">{pending.input.title}</h4>
                <p className="project-meta">
                  <span className="pill pill-tentative">{t("projectStatusProposed")}</span>
                  <Pending />
                </p>
              </li>
            ))}
            {mine.map(item)}
          </ul>
        </>
      ) : null}
      {others.length > 0 ? (
        <>
          <h3 className="projects-group muted">{t("projectsOthers")}</h3>
          <ul className="list" data-testid="project-list-others">
            {others.map(item)}
          </ul>
        </>
      ) : null}
    </section>
  );
}

import type { Ente, Me, Meeting, Practice, Project, Referent } from "@rete-urp/shared";
import { useT } from "../../ui/i18n-context";
import { ProposalForm } from "../proposals/proposal-form";
import { QuickAddForm } from "../quick-add/quick-add-form";
import type { AddPanelState } from "./use-add-panel";
import "./add-panel.css";

/** "Aggiungi": a best practice or an agenda item, chosen with two radio cards, then its form. */
export function AddPanel({
  state,
  meeting,
  me,
  suggestedTags,
  practices,
  roster,
  projects = [],
  enti,
}: {
  state: AddPanelState;
  /** The next meeting: an agenda item can only be proposed for one. */
  meeting: Meeting | null;
  me: Me | null;
  suggestedTags: string[];
  practices: Practice[];
  roster: Referent[];
  /** The shared projects an agenda item may name. */
  projects?: Project[];
  /** The network's enti (the snapshot's): the practice's Ente picker. */
  enti: readonly Ente[];
}) {
  const t = useT();
  const { prefill, version, kind, setKind } = state;
  return (
    <>
      <fieldset className="add-kind">
        <legend className="visually-hidden">{t("addKindLegend")}</legend>
        {(["practice", "proposal"] as const).map((option) => (
          <label key={option} className={kind === option ? "add-kind-option add-kind-on" : "add-kind-option"}>
            <input
              type="radio"
              name="add-kind"
              value={option}
              checked={kind === option}
              disabled={option === "proposal" && !meeting}
              onChange={() => setKind(option)}
            />
            {option === "practice" ? t("addKindPractice") : t("addKindProposal")}
          </label>
        ))}
      </fieldset>
      {/* Keyed by the prefill's version: a new draft restarts the form with it. */}
      {!prefill ? null : kind === "proposal" && meeting ? (
        <ProposalForm key={`p${version}`} meeting={meeting} prefill={prefill} projects={projects} />
      ) : (
        <QuickAddForm
          key={version}
          me={me}
          suggestedTags={suggestedTags}
          practices={practices}
          roster={roster}
          enti={enti}
          prefill={prefill}
        />
      )}
    </>
  );
}

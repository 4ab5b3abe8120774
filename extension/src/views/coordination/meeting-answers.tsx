import type { MeetingAnswers as Answers, EnteAnswers } from "@rete-urp/shared";
import { formatLongDate } from "../../lib/format";
import type { Translator } from "../../lib/i18n";
import { useT } from "../../ui/i18n-context";
import { comingSentence } from "../attendance/coming-sentence";

/**
 * The next meeting's answers, one line per ente: how many said yes, no or delegated (their names
 * in the tooltip), who delegated to whom, and, by name, who has not answered yet, since those
 * are whom the coordinator writes to. A referent who comes as someone's delegate is not missing.
 * Above them, the popup's own sentence for the same numbers ("Partecipano 3 persone da 3 enti").
 */
export function MeetingAnswers({ answers }: { answers: Answers }) {
  const t = useT();
  const { meeting, byEnte, coming } = answers;
  const answeredOf = (ente: EnteAnswers) => ente.yes.length + ente.no.length + ente.delegate.length;
  const everyone = byEnte.reduce((sum, ente) => sum + answeredOf(ente) + ente.standIns.length + ente.missing.length, 0);
  const answered = byEnte.reduce((sum, ente) => sum + answeredOf(ente), 0);
  return (
    <section className="coordination-section" aria-labelledby="coordination-answers-heading" data-testid="coordination-answers">
      <h3 id="coordination-answers-heading" className="coordination-heading">
        {t("coordinationAnswersHeading")}
      </h3>
      {!meeting ? (
        <p className="muted">{t("coordinationNoMeeting")}</p>
      ) : (
        <>
          <p className="coordination-summary">
            <strong>{formatLongDate(meeting.start, t.locale)}</strong>
            <span className="muted">
              {" · "}
              {answered === 0
                ? t("coordinationAnsweredNone")
                : answered === 1
                  ? t("coordinationAnsweredOne", everyone)
                  : t("coordinationAnsweredMany", answered, everyone)}
            </span>
          </p>
          {/* An older service does not count them: then the sentence is left out rather than guessed. */}
          {coming ? (
            <p className="coordination-summary" data-testid="coordination-coming">
              {comingSentence(t, coming.people, coming.enti)}
              {coming.absent > 0 ? `; ${coming.absent === 1 ? t("absentOne") : t("absentMany", coming.absent)}` : ""}
            </p>
          ) : null}
          <ul className="plain-list coordination-list">
            {byEnte.map((ente) => (
              <li key={ente.ente} className="coordination-row clamp" data-testid="coordination-answers-ente">
                <strong>{ente.ente}</strong> <AnswerCounts ente={ente} t={t} />
                <Represented ente={ente} t={t} />
                {ente.missing.length > 0 ? (
                  <span className="coordination-missing">
                    {" — "}
                    {ente.missing.length === 1
                      ? t("coordinationMissingOne", ente.missing[0] ?? "")
                      : t("coordinationMissingMany", ente.missing.join(", "))}
                  </span>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function AnswerCounts({ ente, t }: { ente: EnteAnswers; t: Translator }) {
  const answered = ente.yes.length + ente.no.length + ente.delegate.length;
  if (answered === 0) {
    const nobody = ente.missing.length === 0 && ente.standIns.length === 0;
    return <span className="muted">{nobody ? t("coordinationNoReferents") : t("coordinationNoAnswers")}</span>;
  }
  const parts = [
    { names: ente.yes, text: t("coordinationYes", ente.yes.length), title: t("coordinationYesNames", ente.yes.join(", ")) },
    { names: ente.no, text: t("coordinationNo", ente.no.length), title: t("coordinationNoNames", ente.no.join(", ")) },
    {
      names: ente.delegate,
      text: ente.delegate.length === 1 ? t("coordinationDelegateOne") : t("coordinationDelegateMany", ente.delegate.length),
      title: t("coordinationDelegateNames", ente.delegate.join(", ")),
    },
  ].filter((part) => part.names.length > 0);
  return (
    <span className="coordination-counts">
      {parts.map((part, index) => (
        <span key={part.text} title={part.title}>
          {index > 0 ? " · " : ""}
          {part.text}
        </span>
      ))}
      {ente.missing.length === 0 && ente.standIns.length === 0 ? <span className="muted"> · {t("coordinationAllAnswered")}</span> : null}
    </span>
  );
}

/**
 * Who is represented: "Francesca Randi: delega a Matteo Cortesi"; and a referent coming for
 * someone of another ente, "Elena Montanari viene per Francesca Randi" (one coming for a
 * colleague of the same ente is already said by that colleague's delegation).
 */
function Represented({ ente, t }: { ente: EnteAnswers; t: Translator }) {
  const delegators = new Set(ente.delegations.map((delegation) => delegation.name));
  const lines = [
    ...ente.delegations
      .filter((delegation) => delegation.delegate !== "")
      .map((delegation) => t("coordinationDelegation", delegation.name, delegation.delegate)),
    ...ente.standIns
      .filter((standIn) => !standIn.for.every((name) => delegators.has(name)))
      .map((standIn) => t("coordinationStandIn", standIn.name, standIn.for.join(", "))),
  ];
  if (lines.length === 0) return null;
  return <span className="coordination-represented">{` — ${lines.join("; ")}`}</span>;
}

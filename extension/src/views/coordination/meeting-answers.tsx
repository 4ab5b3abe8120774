import type { MeetingAnswers as Answers, EnteAnswers } from "@rete-urp/shared";
import { formatLongDate } from "../../lib/format";
import type { Translator } from "../../lib/i18n";
import { useT } from "../../ui/i18n-context";

/**
 * The next meeting's answers, one line per ente: how many said yes, no or delegated (their names
 * in the tooltip) and, by name, who has not answered yet, since those are whom the coordinator
 * writes to.
 */
export function MeetingAnswers({ answers }: { answers: Answers }) {
  const t = useT();
  const { meeting, byEnte } = answers;
  const everyone = byEnte.reduce((sum, ente) => sum + ente.yes.length + ente.no.length + ente.delegate.length + ente.missing.length, 0);
  const answered = byEnte.reduce((sum, ente) => sum + ente.yes.length + ente.no.length + ente.delegate.length, 0);
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
          <ul className="plain-list coordination-list">
            {byEnte.map((ente) => (
              <li key={ente.ente} className="coordination-row clamp" data-testid="coordination-answers-ente">
                <strong>{ente.ente}</strong> <AnswerCounts ente={ente} t={t} />
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
    return <span className="muted">{ente.missing.length === 0 ? t("coordinationNoReferents") : t("coordinationNoAnswers")}</span>;
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
      {ente.missing.length === 0 ? <span className="muted"> · {t("coordinationAllAnswered")}</span> : null}
    </span>
  );
}

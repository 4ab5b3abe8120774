import type { Attendance, Meeting } from "@rete-urp/shared";
import { ENTI } from "@rete-urp/shared/schema-free";
import type { Translator } from "../../lib/i18n";
import { Disclosure } from "../../ui/disclosure";
import { useT } from "../../ui/i18n-context";
import "./who-is-coming.css";

/** Who is coming, by ente: a delegate comes in place of the person who delegated. */
export function WhoIsComing({ meeting, answers }: { meeting: Meeting; answers: Attendance[] }) {
  const t = useT();
  const forMeeting = answers.filter((answer) => answer.meetingId === meeting.id);
  const coming = forMeeting.filter((answer) => answer.answer !== "no");
  const absent = forMeeting.filter((answer) => answer.answer === "no");
  const groups = ENTI.map((ente) => ({ ente, people: coming.filter((answer) => answer.ente === ente) }))
    .concat([{ ente: "" as (typeof ENTI)[number], people: coming.filter((answer) => !answer.ente) }])
    .filter((group) => group.people.length > 0);
  const label = (answer: Attendance) =>
    answer.answer === "delegate" ? t("attendanceDelegateFor", answer.delegate, answer.name) : answer.name;

  return (
    <Disclosure
      testId="who-is-coming"
      summary={
        <>
          <span>{comingSentence(t, coming.length, groups.filter((group) => group.ente).length)}</span>
          {absent.length > 0 ? (
            <span className="muted">; {absent.length === 1 ? t("absentOne") : t("absentMany", absent.length)}</span>
          ) : null}
        </>
      }
    >
      {forMeeting.length === 0 ? (
        <p className="muted disclosure-body">{t("comingNobody")}</p>
      ) : (
        <div className="disclosure-body">
          <ul className="plain-list">
            {groups.map((group) => (
              <li key={group.ente || "-"} className="coming-row clamp" data-testid="coming-ente">
                <strong>{group.ente || t("enteUnknown")}</strong> <span className="count-pill">{group.people.length}</span>{" "}
                <span>{group.people.map(label).join(", ")}</span>
              </li>
            ))}
          </ul>
          {absent.length > 0 ? (
            <p className="muted coming-absent clamp">
              {t("absentList")}: {absent.map((answer) => (answer.ente ? `${answer.name} (${answer.ente})` : answer.name)).join(", ")}
            </p>
          ) : null}
        </div>
      )}
    </Disclosure>
  );
}

/** "Partecipano 3 persone da 2 enti", "Partecipa 1 persona da 1 ente": a sentence, plurals agreed. */
function comingSentence(t: Translator, people: number, enti: number): string {
  if (people === 0) return t("comingNone");
  const who = people === 1 ? t("comingPeopleOne") : t("comingPeopleMany", people);
  if (enti === 0) return who;
  return `${who} ${enti === 1 ? t("comingFromOne") : t("comingFromMany", enti)}`;
}

import type { Attendance, Comer, Ente, Meeting, Referent } from "@rete-urp/shared";
import { meetingTurnout } from "@rete-urp/shared/schema-free";
import { Disclosure } from "../../ui/disclosure";
import { useT } from "../../ui/i18n-context";
import { comingSentence } from "./coming-sentence";
import "./who-is-coming.css";

/**
 * Who is coming, by ente, as the coordinator's view counts it (`meetingTurnout`, the one rule):
 * a delegate comes in place of the person who delegated, and an answer given before the meeting
 * moved counts for nobody until it is given again. `enti`: the network's, in the Enti tab's order.
 */
export function WhoIsComing({
  meeting,
  roster,
  answers,
  enti,
}: {
  meeting: Meeting;
  roster: Referent[];
  answers: Attendance[];
  enti: readonly Ente[];
}) {
  const t = useT();
  const turnout = meetingTurnout(meeting, roster, answers, enti);
  const groups = turnout.byEnte.filter((row) => row.coming.length > 0);
  const absent = turnout.byEnte.flatMap((row) => row.no.map((name) => `${name} (${row.ente})`));
  const label = (comer: Comer) => (comer.for.length > 0 ? t("attendanceDelegateFor", comer.name, comer.for.join(", ")) : comer.name);

  return (
    <Disclosure
      testId="who-is-coming"
      summary={
        <>
          <span>{comingSentence(t, turnout.people, turnout.enti)}</span>
          {turnout.absent > 0 ? (
            <span className="muted">; {turnout.absent === 1 ? t("absentOne") : t("absentMany", turnout.absent)}</span>
          ) : null}
        </>
      }
    >
      {turnout.answered === 0 ? (
        <p className="muted disclosure-body">{t("comingNobody")}</p>
      ) : (
        <div className="disclosure-body">
          <ul className="plain-list">
            {groups.map((group) => (
              <li key={group.ente} className="coming-row clamp" data-testid="coming-ente">
                <strong>{group.ente}</strong> <span className="count-pill">{group.coming.length}</span>{" "}
                <span>{group.coming.map(label).join(", ")}</span>
              </li>
            ))}
          </ul>
          {absent.length > 0 ? (
            <p className="muted coming-absent clamp">
              {t("absentList")}: {absent.join(", ")}
            </p>
          ) : null}
        </div>
      )}
    </Disclosure>
  );
}

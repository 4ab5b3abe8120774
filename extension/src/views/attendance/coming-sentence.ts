import type { Translator } from "../../lib/i18n";

/**
 * "Partecipano 3 persone da 2 enti", "Partecipa 1 persona da 1 ente": a sentence, plurals
 * agreed. The popup's "who is coming" and the coordinator's view say it for the same numbers
 * (`meetingTurnout`), so both read alike.
 */
export function comingSentence(t: Translator, people: number, enti: number): string {
  if (people === 0) return t("comingNone");
  const who = people === 1 ? t("comingPeopleOne") : t("comingPeopleMany", people);
  if (enti === 0) return who;
  return `${who} ${enti === 1 ? t("comingFromOne") : t("comingFromMany", enti)}`;
}

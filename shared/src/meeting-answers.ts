import type { Ente } from "./network.ts";
import type { Attendance } from "./records/attendance.ts";
import type { Meeting } from "./records/meeting.ts";
import type { Referent } from "./records/referent.ts";
import { foldKey } from "./text.ts";

/**
 * Which attendance answers count for a meeting, and what they add up to: one rule for every
 * view that counts them (the popup's "who is coming", the coordinator's answers by ente), so
 * that they never give different numbers for the same data. Free of zod: the popup's first
 * paint imports it (schema-free.ts).
 *
 * An answer counts when it is for the meeting, given by an active referent of the roster (the
 * latest one per person), and not given before the coordinator moved the meeting. A delegation
 * counts the ente as present: the delegate comes in place of whoever delegated, and a referent
 * named as a delegate is not missing an answer of their own.
 */

/**
 * An attendance answer given before the coordinator moved the meeting was for another day: the
 * popup asks the referent to confirm it again, and it counts for nobody. On `movedFrom` and
 * `changedAt` as sheets-sync remembers them (a cancellation sets `changedAt` without
 * `movedFrom`, and is no move).
 */
export function answeredBeforeMove(meeting: Pick<Meeting, "movedFrom" | "changedAt">, updatedAt: string): boolean {
  return Boolean(meeting.movedFrom && meeting.changedAt && updatedAt < meeting.changedAt);
}

/** Of the roster, what the rule reads: who, of which ente, and whether still active. */
export type TurnoutReferent = Pick<Referent, "email" | "firstName" | "lastName" | "ente" | "active">;

/** Someone coming to the meeting ("Nome Cognome"), and whom they come for when they are a delegate. */
export interface Comer {
  name: string;
  /** Whoever named them as delegate ("Nome Cognome"), in the roster's order; empty for their own yes. */
  for: string[];
}

/** A referent who delegated, and the delegate as they named them (the roster's spelling when it has them). */
export interface Delegation {
  name: string;
  delegate: string;
}

export interface EnteTurnout {
  ente: Ente;
  /** Active referents of the ente by their counted answer, in the roster's order. */
  yes: string[];
  no: string[];
  delegations: Delegation[];
  /** Active referents of the ente with no counted answer who come as someone's delegate: not missing. */
  standIns: Comer[];
  /** Active referents of the ente with no counted answer, nobody's delegate either. */
  missing: string[];
  /** Who comes for the ente: its yes, the delegates its referents named, its stand-ins; each person once. */
  coming: Comer[];
}

export interface MeetingTurnout {
  /** Every ente of the network, in the Enti tab's order. */
  byEnte: EnteTurnout[];
  /** How many people come (each once, though they come for two enti). */
  people: number;
  /** How many enti are present: with someone coming, a delegate included. */
  enti: number;
  /** How many answered (yes, no or a delegation). */
  answered: number;
  /** How many said no. */
  absent: number;
}

const fullName = (referent: TurnoutReferent) => `${referent.firstName} ${referent.lastName}`;

/**
 * The counted answers of `meeting` (none when null) by ente. `roster` as the sheet has it (the
 * inactive are left out here; the first row of an email is the person); `answers` any set of
 * Presenze rows (the snapshot's, or the service's): only those that count are counted. `enti`:
 * the network's active enti, in the Enti tab's order (the snapshot's `enti`, the service's network).
 */
export function meetingTurnout(
  meeting: Pick<Meeting, "id" | "movedFrom" | "changedAt"> | null,
  roster: readonly TurnoutReferent[],
  answers: readonly Attendance[],
  enti: readonly Ente[],
): MeetingTurnout {
  const people: TurnoutReferent[] = [];
  const seen = new Set<string>();
  const byName = new Map<string, TurnoutReferent>();
  for (const referent of roster) {
    const email = referent.email.toLowerCase();
    if (!referent.active || seen.has(email)) continue;
    seen.add(email);
    people.push(referent);
    // A delegate is named by hand: "Matteo Cortesi", "cortesi matteo" and "Matteo  Cortesi" are one person.
    for (const key of [foldKey(fullName(referent)), foldKey(`${referent.lastName} ${referent.firstName}`)]) {
      if (key && !byName.has(key)) byName.set(key, referent);
    }
  }

  // The latest answer that counts, per person.
  const counted = new Map<string, Attendance>();
  if (meeting) {
    for (const answer of answers) {
      if (answer.meetingId !== meeting.id || answeredBeforeMove(meeting, answer.updatedAt)) continue;
      const email = answer.email.toLowerCase();
      if (!seen.has(email)) continue;
      const previous = counted.get(email);
      if (!previous || answer.updatedAt >= previous.updatedAt) counted.set(email, answer);
    }
  }

  const answerOf = (referent: TurnoutReferent) => counted.get(referent.email.toLowerCase());
  const delegateName = (named: string) => {
    const referent = byName.get(foldKey(named));
    return referent ? fullName(referent) : named.trim();
  };
  // Whom each delegate comes for, the network over, keyed by the delegate's folded name.
  const comesFor = new Map<string, string[]>();
  for (const referent of people) {
    const answer = answerOf(referent);
    if (answer?.answer !== "delegate" || foldKey(answer.delegate) === "") continue;
    const key = foldKey(delegateName(answer.delegate));
    comesFor.set(key, [...(comesFor.get(key) ?? []), fullName(referent)]);
  }

  const everyoneComing = new Set<string>();
  const byEnte = enti.map((ente): EnteTurnout => {
    const row: EnteTurnout = { ente, yes: [], no: [], delegations: [], standIns: [], missing: [], coming: [] };
    const coming = new Map<string, Comer>();
    const comes = (name: string) => {
      const key = foldKey(name);
      if (coming.has(key)) return;
      coming.set(key, { name, for: comesFor.get(key) ?? [] });
      everyoneComing.add(key);
    };
    for (const referent of people) {
      if (referent.ente !== ente) continue;
      const name = fullName(referent);
      const answer = answerOf(referent);
      if (answer?.answer === "yes") {
        row.yes.push(name);
        comes(name);
      } else if (answer?.answer === "no") {
        row.no.push(name);
      } else if (answer?.answer === "delegate") {
        const delegate = delegateName(answer.delegate);
        row.delegations.push({ name, delegate });
        if (delegate !== "") comes(delegate);
      } else {
        const standsIn = comesFor.get(foldKey(name));
        if (standsIn) {
          row.standIns.push({ name, for: standsIn });
          comes(name);
        } else {
          row.missing.push(name);
        }
      }
    }
    row.coming = [...coming.values()];
    return row;
  });

  return {
    byEnte,
    people: everyoneComing.size,
    enti: byEnte.filter((row) => row.coming.length > 0).length,
    answered: counted.size,
    absent: byEnte.reduce((sum, row) => sum + row.no.length, 0),
  };
}

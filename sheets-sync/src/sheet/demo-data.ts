import { randomUUID } from "node:crypto";
import {
  addMonths,
  BASSA_ROMAGNA,
  DEFAULT_SETTINGS,
  type Ente,
  enteRows,
  isoInstantToSerial,
  minutesToSerialFraction,
  plainDateToSerial,
  romePlainDate,
  romeYearMonth,
  ruleOccurrences,
  type TabName,
} from "@rete-urp/shared";
import type { RowValues } from "../stores/store.ts";
import { attendanceId, publicationOutcomeId } from "../writes/row-ids.ts";

/**
 * Demo rows for `init --demo` and `npm start`: a plausible network (every person is invented,
 * every address is on esempio.it), a year of meetings from the rule, a few practices, two shared
 * projects with their updates, and what the last held meeting decided.
 */

const PEOPLE = {
  Unione: [
    ["Giulia", "Bianchi", "Coordinatore"],
    ["Paolo", "Gardini", "Delegato"],
  ],
  Alfonsine: [
    ["Elena", "Montanari", "Referente"],
    ["Davide", "Baldini", "Operatore URP"],
  ],
  Bagnacavallo: [
    ["Francesca", "Randi", "Responsabile URP"],
    ["Matteo", "Cortesi", "Referente"],
  ],
  "Bagnara di Romagna": [["Silvia", "Ghetti", "Referente"]],
  Conselice: [
    ["Andrea", "Bassi", "Referente"],
    ["Laura", "Missiroli", "Operatore URP"],
  ],
  Cotignola: [["Chiara", "Zauli", "Referente"]],
  Fusignano: [
    ["Roberto", "Emiliani", "Referente"],
    ["Marta", "Casadio", "Operatore URP"],
  ],
  Lugo: [
    ["Marco", "Ricci", "Responsabile URP"],
    ["Sara", "Folli", "Referente"],
    ["Luca", "Tampieri", "Dirigente"],
  ],
  "Massa Lombarda": [["Anna", "Liverani", "Referente"]],
  "Sant'Agata sul Santerno": [["Stefano", "Pirazzini", "Referente"]],
} satisfies Record<string, [string, string, string][]>;
/** An ente the demo has people in: the Bassa Romagna's ten. */
type DemoEnte = keyof typeof PEOPLE;
const peopleOf = (ente: Ente): [string, string, string][] => (PEOPLE as Record<string, [string, string, string][]>)[ente] ?? [];

const slug = (text: string) =>
  text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z]+/g, "");

export function demoEmail(first: string, last: string, ente: Ente): string {
  return `${slug(first)}.${slug(last)}@${slug(ente)}.esempio.it`;
}

/** The demo coordinator: `npm start` makes a demo token for her (she also sees Coordinamento). */
export const DEMO_COORDINATOR_EMAIL = demoEmail("Giulia", "Bianchi", "Unione");
/** A demo referent of a comune: `npm start` shows her token first, the popup most people see. */
export const DEMO_REFERENT_EMAIL = demoEmail("Sara", "Folli", "Lugo");

const LOCATION = "Sede dell'Unione, Piazza dei Martiri 1, Lugo";
const VIDEO = "https://meet.jit.si/rete-urp-bassa-romagna";

/**
 * The demo rows of every tab, each keyed by its own tab's columns: one entry per tab, and the
 * return type makes it one for every tab of TABS, so a tab added there does not compile until it
 * has demo rows here (none is fine: an empty list).
 */
export function demoWorkbookRows(now: Date): { [Name in TabName]: RowValues<Name>[] } {
  let phone = 100;
  const referenti: RowValues<"Referenti">[] = BASSA_ROMAGNA.flatMap(({ name: ente }) =>
    peopleOf(ente).map(([first, last, role]) => ({
      id: randomUUID(),
      firstName: first,
      lastName: last,
      ente,
      role,
      email: demoEmail(first, last, ente),
      phone: `0545 38${String(phone++).padStart(3, "0")}`,
      active: "Sì",
      notes: "",
    })),
  );

  // The last four rule meetings (held) and the next eight months (planned; the first confirmed).
  // Later months are left to the rule, so the popup shows "da confermare" for them.
  const today = romePlainDate(now);
  const todaySerial = plainDateToSerial(today);
  const dates = ruleOccurrences(DEFAULT_SETTINGS, addMonths(romeYearMonth(now), -4), 12);
  let confirmedOne = false;
  const riunioni: RowValues<"Riunioni">[] = dates.map((date) => {
    const serial = plainDateToSerial(date);
    const past = serial < todaySerial;
    const confirmed = !past && !confirmedOne;
    if (confirmed) confirmedOne = true;
    const stamp = `${date.year}-${String(date.month).padStart(2, "0")}`;
    return {
      id: randomUUID(),
      date: serial,
      startTime: minutesToSerialFraction(10 * 60),
      endTime: minutesToSerialFraction(12 * 60),
      kind: "Ordinaria",
      status: past ? "Svolta" : confirmed ? "Confermata" : "Pianificata",
      location: LOCATION,
      videoUrl: VIDEO,
      agendaUrl: past || confirmed ? `https://www.labassaromagna.it/rete-urp/odg-${stamp}` : "",
      minutesUrl: past ? `https://www.labassaromagna.it/rete-urp/verbale-${stamp}` : "",
      notes: confirmed ? "Portare le proposte per il piano di comunicazione" : "",
    };
  });

  const practice = (daysAgo: number, title: string, description: string, url: string, tags: string, ente: DemoEnte, who: number) => {
    const [first, last] = PEOPLE[ente][who] ?? PEOPLE[ente][0]!;
    return {
      id: randomUUID(),
      date: todaySerial - daysAgo,
      title,
      description,
      url,
      excerpt: "",
      tags,
      ente,
      author: `${first} ${last}`,
      authorEmail: demoEmail(first, last, ente),
    };
  };
  const prassi: RowValues<"Buone prassi">[] = [
    practice(
      120,
      "Modulistica unica per i cambi di residenza",
      "Gli stessi moduli e le stesse istruzioni in tutti i comuni dell'Unione.",
      "https://www.labassaromagna.it/modulistica",
      "modulistica, anagrafe",
      "Unione",
      0,
    ),
    practice(
      75,
      "Risposte tipo per le segnalazioni sui rifiuti",
      "Un testo condiviso per rispondere alle segnalazioni più frequenti.",
      "https://www.comune.lugo.ra.it/urp",
      "segnalazioni, ambiente",
      "Lugo",
      0,
    ),
    practice(
      40,
      "Sportello SPID assistito",
      "Calendario comune degli sportelli per attivare SPID con l'aiuto degli operatori.",
      "https://www.spid.gov.it/",
      "SPID, sportello, digitale",
      "Bagnacavallo",
      0,
    ),
    practice(
      12,
      'Newsletter con sezione "Dai comuni"',
      "Ogni comune invia due notizie entro il giovedì; l'Unione impagina.",
      "https://www.labassaromagna.it/newsletter",
      "newsletter, comunicazione",
      "Fusignano",
      0,
    ),
    practice(
      3,
      "Pagine accessibili: checklist AgID",
      "Lista di controllo per pubblicare pagine conformi alle linee guida AgID.",
      "https://www.agid.gov.it/it/design-servizi/accessibilita",
      "accessibilità, sito web",
      "Conselice",
      0,
    ),
  ];

  const impostazioni: RowValues<"Impostazioni">[] = [
    { key: "Mesi riunioni", value: "gennaio, marzo, maggio, luglio, settembre, novembre" },
    { key: "Ora inizio", value: "10:00" },
    { key: "Durata minuti", value: "120" },
    { key: "Luogo predefinito", value: LOCATION },
    { key: "Videoconferenza predefinita", value: VIDEO },
    { key: "Tag suggeriti", value: "modulistica, accessibilità, newsletter, sito web, social, sportello, SPID, PagoPA" },
  ];

  // The network's other jobs, around the next (confirmed) meeting.
  const next = riunioni.find((row) => row.status === "Confermata");
  const person = (ente: DemoEnte, who = 0) => {
    const [first, last] = PEOPLE[ente][who] ?? PEOPLE[ente][0]!;
    return { name: `${first} ${last}`, email: demoEmail(first, last, ente), ente };
  };
  // Answered today at 09:00, Rome time (a date-time cell); before 09:00, an hour ago: an answer
  // stamped in the future would outlive a move the coordinator makes later today.
  const stamp = Math.min(todaySerial + 9 / 24, isoInstantToSerial(new Date(now.getTime() - 60 * 60 * 1000).toISOString()));
  const presenze: RowValues<"Presenze">[] = next
    ? [
        { ...person("Unione"), answer: "Partecipo" },
        { ...person("Lugo"), answer: "Partecipo" },
        { ...person("Bagnacavallo"), answer: "Delego", delegate: person("Bagnacavallo", 1).name },
        { ...person("Cotignola"), answer: "Non partecipo" },
      ].map((answer) => ({
        id: attendanceId(String(next.id), answer.email),
        meetingId: next.id,
        meetingDate: next.date,
        ...answer,
        updatedAt: stamp,
      }))
    : [];
  // Two shared projects: one for every ente, its next step in twelve days (beyond the badge's
  // three); one of three comuni, its next step five days late and its last update 70 days old,
  // so Coordinamento lists it.
  const sportelloId = randomUUID();
  const socialId = randomUUID();
  const progetti: RowValues<"Progetti">[] = [
    {
      id: sportelloId,
      title: "Sportello digitale unico della Bassa Romagna",
      description: "Le stesse risposte e gli stessi moduli online in tutti gli URP dell'Unione.",
      enti: "",
      lead: "Unione",
      contact: person("Unione").email,
      status: "In corso",
      nextStep: "Raccogliere le domande frequenti di ogni comune",
      deadline: todaySerial + 12,
      url: "https://www.labassaromagna.it/sportello-digitale",
      notes: "",
    },
    {
      id: socialId,
      title: "Guida comune ai social in caso di allerta",
      description: "Testi e immagini condivisi per avvisare i cittadini durante le allerte meteo.",
      enti: "Lugo, Conselice, Fusignano",
      lead: "Conselice",
      contact: person("Conselice").email,
      status: "In corso",
      nextStep: "Approvare la bozza delle linee guida",
      deadline: todaySerial - 5,
      url: "",
      notes: "In attesa del parere della Protezione civile",
    },
  ];
  const update = (projectId: string, daysAgo: number, text: string, url: string, ente: DemoEnte) => ({
    id: randomUUID(),
    projectId,
    date: todaySerial - daysAgo,
    text,
    url,
    ente,
    author: person(ente).name,
    authorEmail: person(ente).email,
  });
  const aggiornamenti: RowValues<"Aggiornamenti">[] = [
    update(socialId, 70, "Raccolti i post pubblicati durante l'allerta di settembre.", "", "Conselice"),
    update(sportelloId, 20, "Prima bozza dell'elenco dei servizi online comuni.", "https://www.labassaromagna.it/servizi-online", "Unione"),
    update(sportelloId, 6, "Lugo ha inviato le sue domande frequenti.", "https://www.comune.lugo.ra.it/faq", "Lugo"),
  ];

  const proposte: RowValues<"Proposte">[] = next
    ? [
        {
          title: "Calendario unico degli sportelli estivi",
          ente: "Lugo" as DemoEnte,
          status: "Accettata",
          url: "https://www.labassaromagna.it/sportelli",
        },
        {
          title: "Linee guida per i post sui social in caso di allerta meteo",
          ente: "Conselice" as DemoEnte,
          status: "",
          url: "",
          projectId: socialId,
        },
      ].map((proposal) => ({
        id: randomUUID(),
        meetingId: next.id,
        meetingDate: next.date,
        date: todaySerial - 2,
        title: proposal.title,
        description: "",
        url: proposal.url,
        excerpt: "",
        ente: proposal.ente,
        author: person(proposal.ente).name,
        authorEmail: person(proposal.ente).email,
        status: proposal.status,
        projectId: "projectId" in proposal ? proposal.projectId : "",
      }))
    : [];
  const tariTitle = "Avviso TARI: nuove scadenze di pagamento";
  const pubblicazioni: RowValues<"Pubblicazioni">[] = [
    {
      id: randomUUID(),
      title: tariTitle,
      sourceUrl: "https://www.labassaromagna.it/tari-scadenze",
      deadline: todaySerial - 3,
      enti: "",
      notes: "Sezione Tributi e newsletter",
    },
    {
      id: randomUUID(),
      title: "Bando contributi affitto 2027",
      sourceUrl: "https://www.labassaromagna.it/bando-affitto",
      deadline: todaySerial + 10,
      enti: "",
      notes: "",
    },
    {
      id: randomUUID(),
      title: "Nuovi orari degli sportelli URP",
      sourceUrl: "https://www.labassaromagna.it/orari-urp",
      deadline: todaySerial + 20,
      enti: "Unione, Lugo, Fusignano",
      notes: "",
    },
  ];
  const esiti: RowValues<"Esiti pubblicazioni">[] = (["Lugo", "Fusignano", "Alfonsine"] as DemoEnte[]).map((ente) => ({
    id: publicationOutcomeId(String(pubblicazioni[0]!.id), ente),
    publicationId: pubblicazioni[0]!.id,
    publicationTitle: tariTitle,
    ente,
    status: "Pubblicato",
    publishedUrl: `https://www.comune.${slug(ente)}.esempio.it/notizie/tari`,
    author: person(ente).name,
    authorEmail: person(ente).email,
    date: todaySerial - 4,
  }));

  // What the last held meeting decided: one late for every ente, one due soon for two comuni, one done.
  const held = riunioni.filter((row) => row.status === "Svolta").at(-1);
  const azioni: RowValues<"Azioni">[] = [
    {
      text: "Inviare all'Unione gli orari estivi degli sportelli",
      enti: "",
      deadline: todaySerial - 5,
      status: "Da fare",
    },
    {
      text: "Aggiornare la pagina URP con il nuovo modulo di segnalazione",
      enti: "Lugo, Fusignano",
      deadline: todaySerial + 7,
      status: "Da fare",
    },
    {
      text: "Raccogliere le domande frequenti sulla TARI",
      enti: "Conselice",
      deadline: todaySerial - 1,
      status: "Fatta",
      doneBy: `${person("Conselice").name} (Conselice)`,
      doneAt: todaySerial - 2,
    },
  ].map((action) => ({ id: randomUUID(), meetingId: held?.id ?? "", projectId: "", ...action }));

  return {
    Referenti: referenti,
    Riunioni: riunioni,
    "Buone prassi": prassi,
    Impostazioni: impostazioni,
    Presenze: presenze,
    Proposte: proposte,
    Pubblicazioni: pubblicazioni,
    "Esiti pubblicazioni": esiti,
    Azioni: azioni,
    Enti: enteRows(),
    Progetti: progetti,
    Aggiornamenti: aggiornamenti,
  };
}

import { BASSA_ROMAGNA, type Snapshot } from "@rete-urp/shared";
import { vi } from "vitest";
import { writePreferences } from "../lib/storage";

/**
 * sheets-sync as the extension's unit tests see it: `fetch` answered by a function of the
 * request, every request kept for the test to inspect. Answers are real Responses, so
 * lib/api.ts reads status, headers and body exactly as it does in the browser.
 */

export const SERVICE_URL = "https://rete-urp.labassaromagna.it";
export const TOKEN = "urp_Hq3v8ZkT2mW9xR4bN7cY1pL6sD0fJ5gA";

export interface ServiceRequest {
  method: string;
  /** Below /api/v1: "/practices", "/meetings/m-2027-01-19/attendance". */
  path: string;
  /** The query: `?since=…` on /snapshot. */
  query: URLSearchParams;
  body: unknown;
  headers: Headers;
}

export type ServiceAnswer = { status: number; body?: unknown; headers?: Record<string, string> } | "unreachable";

export function fakeService(answer: (request: ServiceRequest) => ServiceAnswer | Promise<ServiceAnswer>): { requests: ServiceRequest[] } {
  const requests: ServiceRequest[] = [];
  vi.stubGlobal("fetch", async (input: string | URL, init: RequestInit = {}) => {
    const url = new URL(String(input));
    const request: ServiceRequest = {
      method: init.method ?? "GET",
      path: url.pathname.replace(/^\/api\/v1/, ""),
      query: url.searchParams,
      body: typeof init.body === "string" ? JSON.parse(init.body) : undefined,
      headers: new Headers(init.headers),
    };
    requests.push(request);
    const reply = await answer(request);
    if (reply === "unreachable") throw new TypeError("fetch failed");
    const body = reply.body === undefined || reply.status === 304 ? null : JSON.stringify(reply.body);
    return new Response(body, { status: reply.status, headers: { "Content-Type": "application/json", ...reply.headers } });
  });
  return { requests };
}

/** The service's error answer: `{error: {code, message, fields?}}`. */
export function errorAnswer(status: number, code: string, message: string, fields?: Record<string, string>): ServiceAnswer {
  return { status, body: { error: { code, message, ...(fields ? { fields } : {}) } } };
}

/** The options page saved with the service's address and my token. */
export async function configureService(): Promise<void> {
  await writePreferences({ serviceUrl: SERVICE_URL, token: TOKEN, language: "it", notifications: true });
}

/** The snapshot a Lugo referent gets on 10 November 2026: one meeting ahead, one practice, one publication. */
export function lugoSnapshot(): Snapshot {
  return {
    me: { email: "marco.ricci@lugo.esempio.it", firstName: "Marco", lastName: "Ricci", ente: "Lugo", role: "Referente" },
    attendance: [],
    proposals: [],
    publications: [
      {
        id: "pub-tari-2026",
        title: "Avviso TARI: nuove scadenze di pagamento",
        sourceUrl: "https://www.labassaromagna.it/tari-2026",
        deadline: "2026-11-20",
        enti: ["Lugo", "Conselice"],
        notes: "Sezione Tributi e newsletter",
        published: false,
        publishedUrl: "",
        publishedAt: "",
        overdue: false,
      },
    ],
    actions: [
      {
        id: "act-orari-estivi",
        meetingId: "",
        meetingDate: "2026-09-15",
        projectId: "",
        text: "Inviare all'Unione gli orari estivi degli sportelli",
        enti: [],
        deadline: "2026-11-05",
        status: "open",
        doneBy: "",
        doneAt: "",
      },
    ],
    nextMeeting: null,
    meetings: [
      {
        id: "m-2027-01-19",
        start: "2027-01-19T10:00:00+01:00",
        end: "2027-01-19T12:00:00+01:00",
        kind: "ordinary",
        status: "confirmed",
        location: "Sede dell'Unione, Piazza dei Martiri 1, Lugo",
        videoUrl: "https://meet.labassaromagna.it/rete-urp",
        agendaUrl: "",
        minutesUrl: "",
        notes: "",
        source: "sheet",
      },
    ],
    roster: [],
    projects: [],
    projectUpdates: [],
    practices: [
      {
        id: "0b9c7c1e-5f3a-4c55-9d0e-6a1f2b3c4d5e",
        date: "2026-10-02",
        title: "Sportello SPID assistito",
        description: "Calendario comune degli sportelli per attivare SPID con l'aiuto degli operatori.",
        url: "https://www.spid.gov.it/",
        excerpt: "",
        tags: ["SPID", "sportello"],
        ente: "Bagnacavallo",
        author: "Luca Gardini",
        authorEmail: "luca.gardini@bagnacavallo.esempio.it",
      },
    ],
    settings: {
      meetingMonths: [1, 3, 5, 7, 9, 11],
      startTime: "10:00",
      durationMinutes: 120,
      defaultLocation: "Sede dell'Unione, Piazza dei Martiri 1, Lugo",
      defaultVideoUrl: "",
      suggestedTags: ["SPID", "sportello", "accessibilità"],
    },
    enti: [...BASSA_ROMAGNA],
    generatedAt: "2026-11-10T09:00:00+01:00",
    stale: false,
  };
}

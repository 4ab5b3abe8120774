import type { PracticeInput } from "@rete-urp/shared";
import { expect, vi } from "vitest";
import { readSyncStatus } from "../lib/storage";
import { fakeService, type ServiceAnswer, type ServiceRequest } from "./fake-service";

/** A Lugo referent's practice, as the quick-add form sends it once checked. */
export const spid: PracticeInput = {
  id: "6f0d3a52-8c1e-4f7b-a9d2-3e5b7c9a1f04",
  title: "Prenotazioni online allo sportello unico",
  url: "https://www.comune.lugo.ra.it/sportello",
  excerpt: "I cittadini prenotano l'appuntamento allo sportello da casa.",
  tags: ["sportello", "SPID"],
  ente: "Lugo",
};

/** The service's answers to the writes; the snapshot refresh that follows a delivery finds it unreachable. */
export function writesService(write: (request: ServiceRequest) => ServiceAnswer | Promise<ServiceAnswer>) {
  return fakeService((request) => (request.path === "/snapshot" ? "unreachable" : write(request)));
}

/** After a delivery the outbox refreshes the snapshot without awaiting it: wait until that is recorded. */
export async function refreshRecorded(): Promise<void> {
  await vi.waitFor(async () => expect((await readSyncStatus()).lastAttemptAt).not.toBeNull());
}

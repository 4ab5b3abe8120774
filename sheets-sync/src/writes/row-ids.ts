import { createHash } from "node:crypto";

/**
 * IDs of the rows sheets-sync keeps one of per key (one answer per person and meeting, one
 * outcome per publication and ente): a UUID-shaped digest of the key, so every writer, retry and
 * replay names the same row without a lookup.
 */
function keyedUuid(...parts: string[]): string {
  const hex = createHash("sha256").update(parts.join("\u0000")).digest("hex");
  // Shaped as a version-8 (custom) UUID, RFC 9562.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export const attendanceId = (meetingId: string, email: string) => keyedUuid("presenza", meetingId, email.toLowerCase());
export const publicationOutcomeId = (publicationId: string, ente: string) => keyedUuid("esito", publicationId, ente);

import type ExcelJS from "exceljs";

/**
 * The version marker: every save sheets-sync makes writes `rete-urp:<ledger id>:<version>` into
 * the workbook's description (core property `dc:description`, "Commenti" in LibreOffice and
 * Excel's File > Properties). An office suite keeps it when it saves, so a copy taken earlier and
 * saved back over the file still says which version it descends from (workbook-ledger.ts).
 *
 * Why the description: a LibreOffice 7.4 open–edit–save (and `--convert-to xlsx`) was checked to
 * keep title, subject, description, category and contentStatus unchanged, to rewrite the
 * keywords (":" becomes a space) and to bump `cp:revision`; the description is the one of these
 * that both suites show as free text and that nobody sets by hand in a shared sheet. Text a
 * person wrote there is kept: only the marker's own line is replaced.
 */

const MARKER = /rete-urp:([0-9a-f-]{36}):(\d+)/;
const MARKER_LINE = /\n?rete-urp:[0-9a-f-]{36}:\d+/g;

export interface VersionMarker {
  /** The ledger that numbered the version: a file from another installation is never taken for ours. */
  ledgerId: string;
  version: number;
}

export function formatMarker(marker: VersionMarker): string {
  return `rete-urp:${marker.ledgerId}:${marker.version}`;
}

export function parseMarker(text: unknown): VersionMarker | undefined {
  if (typeof text !== "string") return undefined;
  const match = MARKER.exec(text);
  if (!match) return undefined;
  const version = Number(match[2]);
  return Number.isSafeInteger(version) ? { ledgerId: match[1]!, version } : undefined;
}

export function readWorkbookMarker(workbook: ExcelJS.Workbook): VersionMarker | undefined {
  return parseMarker(workbook.description);
}

/** Puts the marker in the description, keeping whatever else a person wrote there. */
export function writeWorkbookMarker(workbook: ExcelJS.Workbook, marker: VersionMarker): void {
  const others = (typeof workbook.description === "string" ? workbook.description : "").replace(MARKER_LINE, "").trim();
  workbook.description = others === "" ? formatMarker(marker) : `${others}\n${formatMarker(marker)}`;
}

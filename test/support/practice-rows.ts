import { randomUUID } from "node:crypto";
import { WorkbookStore } from "@rete-urp/sheets-sync";
import type { RunningService } from "./sheets-sync.ts";

/** Posting practices to a running service and counting them in its workbook, for fault tests. */

export async function postPractice(service: RunningService, token: string, id: string = randomUUID(), title = `Prassi ${id.slice(0, 8)}`) {
  const response = await fetch(`${service.url}/api/v1/practices`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ id, title, tags: ["prova"] }),
  });
  const body = (await response.json().catch(() => null)) as { id?: string } | null;
  return { id, status: response.status, body };
}

/** Rows per practice ID in the workbook, read as the service reads it (no ledger: read-only). */
export async function practiceRows(workbook: string): Promise<{ counts: Map<string, number>; cell(id: string, header: string): unknown }> {
  const store = new WorkbookStore(workbook);
  const tabs = await store.readAll();
  await store.close();
  const grid = tabs["Buone prassi"] ?? [];
  const headers = (grid[0] ?? []).map((cell) => String(cell ?? ""));
  const idColumn = headers.indexOf("ID");
  const counts = new Map<string, number>();
  const rows = new Map<string, readonly unknown[]>();
  for (const row of grid.slice(1)) {
    const id = String(row[idColumn] ?? "");
    if (id === "") continue;
    counts.set(id, (counts.get(id) ?? 0) + 1);
    rows.set(id, row);
  }
  return { counts, cell: (id, header) => rows.get(id)?.[headers.indexOf(header)] };
}

/** The IDs that are not in the workbook exactly once (missing or doubled), with their count. */
export function notExactlyOnce(counts: Map<string, number>, ids: Iterable<string>): Record<string, number> {
  const wrong: Record<string, number> = {};
  for (const id of ids) if (counts.get(id) !== 1) wrong[id] = counts.get(id) ?? 0;
  return wrong;
}

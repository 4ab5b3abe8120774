import type { BundleReport } from "./bundles.ts";
import type { EmptyPopupOutcome } from "./empty-popup.ts";
import { kb, ms } from "./lib/report.ts";
import { NAVIGATION_GOAL, type PopupOutcome, SCALE_GOAL } from "./popup.ts";

/**
 * Issue 14's popup rows, each figure next to its floor measured in the same run: the popup's
 * eager JS + CSS against the empty Plasmo React popup's (goal: the budget bundles.ts defines);
 * the demo popup's warm open against the empty popup's (goal ≤ NAVIGATION_GOAL×); the warm open
 * with 10 000 practices against the demo's (goal ≤ SCALE_GOAL×). A row is left out when a section
 * it needs did not run.
 */

export interface PopupFloorRow {
  measure: string;
  unit: "KB" | "ms";
  /** Bytes (gzip) or ms. */
  measured: number;
  floor: number;
  floorName: string;
  /** measured ÷ floor. */
  ratio: number;
  goal: string;
  pass: boolean;
}

export interface EmptyPopupResult {
  build: EmptyPopupOutcome;
  /** The empty popup's bundle sizes, measured like the extension's. */
  bundles?: BundleReport;
}

export function popupFloorRows(
  bundles: BundleReport | { skipped: string } | undefined,
  popup: PopupOutcome | undefined,
  emptyPopup: EmptyPopupResult | undefined,
): PopupFloorRow[] {
  const rows: PopupFloorRow[] = [];
  const emptyGzip = emptyPopup?.bundles?.parts.find((part) => part.part === "popup")?.gzip;
  if (bundles && !("skipped" in bundles) && emptyGzip) {
    const { budget } = bundles;
    rows.push({
      measure: "popup JS + CSS, gzip",
      unit: "KB",
      measured: budget.popupGzip,
      floor: emptyGzip,
      floorName: "empty Plasmo React popup",
      ratio: budget.popupGzip / emptyGzip,
      goal: `≤ ${kb(budget.gzipBytes)} KB`,
      pass: budget.pass,
    });
  }
  if (popup && !("skipped" in popup)) {
    const { opens, floor } = popup.report;
    const demo = opens.find((row) => row.workbook === "demo");
    const big = opens.find((row) => row.practices >= 10_000);
    if (demo && !("skipped" in floor)) {
      const ratio = demo.warmMs / floor.warmMs;
      rows.push({
        measure: "popup: navigation → next meeting painted, warm cache (demo)",
        unit: "ms",
        measured: demo.warmMs,
        floor: floor.warmMs,
        floorName: "empty React popup, same build, same open",
        ratio,
        goal: `≤ ${NAVIGATION_GOAL}× the floor`,
        pass: ratio <= NAVIGATION_GOAL,
      });
    }
    if (demo && big) {
      const ratio = big.warmMs / demo.warmMs;
      rows.push({
        measure: "popup with 10 000 practices, warm cache",
        unit: "ms",
        measured: big.warmMs,
        floor: demo.warmMs,
        floorName: "the same popup on the demo workbook",
        ratio,
        goal: `≤ ${SCALE_GOAL}× the floor`,
        pass: ratio <= SCALE_GOAL,
      });
    }
  }
  return rows;
}

const figure = (row: PopupFloorRow, value: number) => (row.unit === "KB" ? `${kb(value)} KB` : `${ms(value)} ms`);

/** The rows as table cells: measure, measured, floor, ÷ floor, goal, PASS/FAIL. */
export function popupFloorCells(rows: PopupFloorRow[]): string[][] {
  return rows.map((row) => [
    row.measure,
    figure(row, row.measured),
    `${figure(row, row.floor)} (${row.floorName})`,
    `${row.ratio.toFixed(2)}×`,
    row.goal,
    row.pass ? "PASS" : "FAIL",
  ]);
}

export const POPUP_FLOOR_HEADERS = ["measure", "measured", "floor", "÷ floor", "goal", ""];

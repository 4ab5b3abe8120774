import { TZDate } from "@date-fns/tz";
import type { CellValue } from "./cell-values.ts";
import { DAY_MS, SERIAL_EPOCH_UTC as EPOCH_UTC, ROME } from "./time-constants.ts";

/**
 * Timestamps in the sheet (when an answer was given): date-time cells showing Europe/Rome
 * wall-clock time, as the coordinator reads them, while the code keeps the instant as UTC ISO
 * text ("2026-11-03T09:00:00.000Z"). A cell holds a serial number (days since 1899-12-30, the
 * fraction being the time of day), as every other date cell; these functions move between the
 * instant and that Rome wall-clock serial.
 *
 * The hour the clocks go back (02:00–03:00 on the last Sunday of October) happens twice in Rome
 * and a wall-clock cell cannot tell which: such a cell reads as the later one (winter time).
 */

/** The instant as a Rome wall-clock serial, to the millisecond: a date-time cell's value. */
export function instantToRomeSerial(instant: Date): number {
  const rome = new TZDate(instant.getTime(), ROME);
  const wallClock = Date.UTC(
    rome.getFullYear(),
    rome.getMonth(),
    rome.getDate(),
    rome.getHours(),
    rome.getMinutes(),
    rome.getSeconds(),
    rome.getMilliseconds(),
  );
  return (wallClock - EPOCH_UTC) / DAY_MS;
}

/** A Rome wall-clock serial back to its instant (rounded to the millisecond). */
export function romeSerialToInstant(serial: number): Date {
  const wallClock = new Date(EPOCH_UTC + Math.round(serial * DAY_MS));
  return new Date(
    new TZDate(
      wallClock.getUTCFullYear(),
      wallClock.getUTCMonth(),
      wallClock.getUTCDate(),
      wallClock.getUTCHours(),
      wallClock.getUTCMinutes(),
      wallClock.getUTCSeconds(),
      wallClock.getUTCMilliseconds(),
      ROME,
    ).getTime(),
  );
}

/** "2026-11-03T09:00:00.000Z" → its date-time cell value. */
export function isoInstantToSerial(iso: string): number {
  return instantToRomeSerial(new Date(iso));
}

const ITALIAN = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T,]+(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?)?$/;
const ISO_LOCAL = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * A timestamp cell as the instant's UTC ISO text: a date-time serial (Rome wall-clock), or a date
 * and time typed by hand, as in Italy ("03/11/2026 10:00") or in ISO ("2026-11-03 10:00"), which
 * are Rome time. Undefined when the cell holds none of these.
 */
export function parseTimestampCell(value: CellValue): string | undefined {
  if (typeof value === "number") {
    if (!Number.isFinite(value) || value < 1 || value > 150_000) return undefined;
    return romeSerialToInstant(value).toISOString();
  }
  if (typeof value !== "string") return undefined;
  const text = value.trim();
  const iso = ISO_LOCAL.exec(text);
  const italian = iso ? undefined : ITALIAN.exec(text);
  if (!iso && !italian) return undefined;
  const [year, month, day, hours = "0", minutes = "0", seconds = "0"] = iso
    ? iso.slice(1)
    : [italian![3], italian![2], italian![1], italian![4], italian![5], italian![6]];
  const fields = [Number(year), Number(month), Number(day), Number(hours), Number(minutes), Number(seconds)] as const;
  if (fields[1] < 1 || fields[1] > 12 || fields[3] > 23 || fields[4] > 59 || fields[5] > 59) return undefined;
  const check = new Date(Date.UTC(fields[0], fields[1] - 1, fields[2]));
  if (check.getUTCMonth() !== fields[1] - 1 || check.getUTCDate() !== fields[2]) return undefined;
  return new Date(new TZDate(fields[0], fields[1] - 1, fields[2], fields[3], fields[4], fields[5], ROME).getTime()).toISOString();
}

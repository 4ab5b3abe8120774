/**
 * The three facts about time every part of Rete URP shares, stated once: the network's time
 * zone, the day a sheet's serial number counts from, and a day in milliseconds.
 */

/** Every time of the network is Europe/Rome wall-clock time. */
export const ROME = "Europe/Rome";

/**
 * Day 0 of a sheet's serial dates (Lotus 1-2-3's, kept by Excel, LibreOffice and Google Sheets):
 * 30 December 1899, so that 1 = 31 December 1899 and 46406 = 19 January 2027.
 */
export const SERIAL_EPOCH_UTC = Date.UTC(1899, 11, 30);

/** A calendar day in milliseconds, for counting days between UTC midnights (never for wall-clock hours). */
export const DAY_MS = 86_400_000;

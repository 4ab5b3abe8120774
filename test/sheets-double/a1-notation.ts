/**
 * A1 notation as the Sheets v4 API reads and writes it: `'Buone prassi'!A1:J3`, `Referenti`,
 * `Riunioni!B:B`, `Impostazioni!1:1`. Indexes are 0-based and end-exclusive, like GridRange.
 * https://developers.google.com/workspace/sheets/api/guides/concepts#cell
 *
 * - "Single quotes are required for sheet names with spaces or special characters" (same page):
 *   `Buone prassi!A1` is refused ("Unable to parse range"), `'Buone prassi'!A1` is read, and an
 *   apostrophe inside the quotes is doubled (`'Sant''Agata'!A1`). Which characters count as
 *   special is not listed there: the double lets letters (any script), digits and `_` go
 *   unquoted, and wants quotes for anything else. A range without `!` is taken whole as a title,
 *   quoted or not.
 * - "A1:B2 refers to the first two cells in the top two rows of the first visible sheet" (same
 *   page): `isCellsOnly` tells such a range from a title.
 */

export interface A1Range {
  title: string;
  startRow?: number;
  endRow?: number;
  startColumn?: number;
  endColumn?: number;
}

export class A1Error extends Error {}

/** "A" → 0, "AA" → 26. */
export function columnIndex(letters: string): number {
  let n = 0;
  for (const char of letters.toUpperCase()) n = n * 26 + (char.charCodeAt(0) - 64);
  return n - 1;
}

/** 0 → "A", 26 → "AA". */
export function columnLetters(index: number): string {
  let letters = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  }
  return letters;
}

interface Corner {
  row?: number;
  column?: number;
}

const CORNER = /^\$?([A-Za-z]*)\$?(\d*)$/;
const UNQUOTED_TITLE = /^[\p{L}\p{N}_]+$/u;

function parseCorner(text: string): Corner {
  const match = CORNER.exec(text);
  if (!match || (match[1] === "" && match[2] === "")) throw new A1Error(`Unable to parse range: ${text}`);
  if (match[2] !== "" && Number(match[2]) < 1) throw new A1Error(`Unable to parse range: ${text}`);
  return {
    ...(match[1] ? { column: columnIndex(match[1]) } : {}),
    ...(match[2] ? { row: Number(match[2]) - 1 } : {}),
  };
}

/** Cells without a title ("A1", "B2:C", "3:3"): on the API, the first visible sheet's. */
export function isCellsOnly(range: string): boolean {
  if (range.includes("!") || range.startsWith("'")) return false;
  try {
    parseCells("", range);
    return true;
  } catch {
    return false;
  }
}

function parseCells(title: string, rest: string): A1Range {
  const parts = rest.split(":");
  if (parts.length > 2) throw new A1Error(`Unable to parse range: ${rest}`);
  const start = parseCorner(parts[0]!);
  const end = parts[1] === undefined ? start : parseCorner(parts[1]);
  return {
    title,
    ...(start.row !== undefined ? { startRow: start.row } : {}),
    ...(end.row !== undefined ? { endRow: end.row + 1 } : {}),
    ...(start.column !== undefined ? { startColumn: start.column } : {}),
    ...(end.column !== undefined ? { endColumn: end.column + 1 } : {}),
  };
}

export function parseA1(range: string): A1Range {
  let title: string;
  let rest: string;
  if (range.startsWith("'")) {
    let i = 1;
    let name = "";
    for (; i < range.length; i++) {
      if (range[i] === "'") {
        if (range[i + 1] === "'") {
          name += "'";
          i++;
          continue;
        }
        break;
      }
      name += range[i];
    }
    if (i >= range.length) throw new A1Error(`Unable to parse range: ${range}`);
    title = name;
    rest = range.slice(i + 1);
    if (rest !== "" && !rest.startsWith("!")) throw new A1Error(`Unable to parse range: ${range}`);
    rest = rest.slice(1);
  } else {
    const bang = range.lastIndexOf("!");
    title = bang < 0 ? range : range.slice(0, bang);
    rest = bang < 0 ? "" : range.slice(bang + 1);
    // Spaces or special characters need the quotes (concepts#cell).
    if (bang >= 0 && !UNQUOTED_TITLE.test(title)) throw new A1Error(`Unable to parse range: ${range}`);
  }
  if (rest === "") return { title };
  return parseCells(title, rest);
}

/** Sheets quotes a title in A1 only when it has to: Referenti, 'Buone prassi'. */
export function formatTitle(title: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(title) ? title : `'${title.replace(/'/g, "''")}'`;
}

export function formatA1(title: string, startRow: number, startColumn: number, endRow: number, endColumn: number): string {
  const from = `${columnLetters(startColumn)}${startRow + 1}`;
  const to = `${columnLetters(endColumn - 1)}${endRow}`;
  return `${formatTitle(title)}!${from === to ? from : `${from}:${to}`}`;
}

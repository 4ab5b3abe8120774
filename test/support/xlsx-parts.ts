import { readFile } from "node:fs/promises";
import { inflateRawSync } from "node:zlib";

/**
 * One part of an .xlsx (a zip) as text, for tests that must see what was saved, not what a
 * reader makes of it (exceljs reads a validation range back as single cells, for example).
 * Reads the zip's central directory; stored and deflated entries only, as .xlsx files use.
 */
export async function xlsxPart(path: string, name: string): Promise<string> {
  const zip = await readFile(path);
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error(`${path} is not a zip`);
  const entries = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  for (let i = 0; i < entries; i++) {
    const method = zip.readUInt16LE(offset + 10);
    const compressedSize = zip.readUInt32LE(offset + 20);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const localHeader = zip.readUInt32LE(offset + 42);
    const entryName = zip.toString("utf8", offset + 46, offset + 46 + nameLength);
    if (entryName === name) {
      const dataStart = localHeader + 30 + zip.readUInt16LE(localHeader + 26) + zip.readUInt16LE(localHeader + 28);
      const data = zip.subarray(dataStart, dataStart + compressedSize);
      return (method === 0 ? data : inflateRawSync(data)).toString("utf8");
    }
    offset += 46 + nameLength + extraLength + commentLength;
  }
  throw new Error(`no ${name} in ${path}`);
}

/** The sqref of every data validation a saved worksheet part holds, in order. */
export async function savedValidationRanges(path: string, sheetNumber: number): Promise<string[]> {
  const xml = await xlsxPart(path, `xl/worksheets/sheet${sheetNumber}.xml`);
  return [...xml.matchAll(/<dataValidation\b[^>]*\bsqref="([^"]+)"/g)].map((match) => match[1]!);
}

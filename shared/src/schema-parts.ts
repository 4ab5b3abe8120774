import * as z from "zod/mini";
import { isHttpUrl } from "./http-url.ts";
import { stripUnholdableChars } from "./text.ts";
import { RUOLI } from "./vocabulary.ts";

/** The pieces every record's schema is made of (records/), kept apart so records never import each other. */

/** An ente's name as the Enti tab spells it: which names are enti is the sheet's to say (records/ente.ts). */
export const EnteSchema = z.string().check(z.minLength(1), z.maxLength(200));
export const RuoloSchema = z.enum(RUOLI);

/** "2027-01-19T10:00:00+01:00": ISO 8601 with the Rome offset. */
export const IsoDateTimeSchema = z.iso.datetime({ offset: true });
/** "2027-01-19" */
export const IsoDateSchema = z.iso.date();

export { isHttpUrl } from "./http-url.ts";

export const MAX_TEXT = 5000;

/**
 * Every text a client writes: first without the characters a sheet cannot hold (U+FFFE, U+FFFF,
 * lone surrogates, C0 controls but tab and line feed; "\r\n" becomes "\n"), then trimmed, then
 * measured. One of them in an .xlsx cell makes the whole workbook unreadable, so they are
 * removed here, at the edge, before a write is journaled; a required text that held nothing
 * else is then empty, and refused as such.
 */
export const trimmed = (max: number) => z.string().check(z.overwrite(stripUnholdableChars), z.trim(), z.maxLength(max));

/** A link a referent gives: empty, or http(s). */
export const optionalHttpUrl = () =>
  z.optional(trimmed(2000).check(z.refine((value) => value === "" || isHttpUrl(value), "solo indirizzi http o https")));

/**
 * A client-generated UUID, in lower case: "ABC…" and "abc…" name one row, not two. Validated
 * before the case is folded (the format accepts either).
 */
export const clientId = () => z.uuid("l'id deve essere un UUID generato dal client").check(z.overwrite((value) => value.toLowerCase()));

/**
 * "zod" for the bundle (package.json "alias"), for our code and @rete-urp/shared alike.
 *
 * Why: Parcel 2 inside Plasmo 0.90.5 drops zod's `v4/classic/external.js`: zod declares itself
 * side-effect free and Parcel loses track of the namespace re-export `import * as z …
 * export { z }`, so `z.enum` is undefined at runtime
 * (https://github.com/PlasmoHQ/plasmo/issues/1294). Named imports are tracked, so we import the
 * builders the code uses from zod's own modules and rebuild `z` from them. Spreading the whole
 * `schemas.js` namespace works too but costs 6 KB gzip more; zod's index would also bring every
 * locale (+100 KB). zod.test.ts fails when shared/ or the extension starts using a builder
 * missing here. Types still come from the real "zod" (tsconfig), so `z.infer` is untouched.
 */
import { date, datetime } from "../../../node_modules/zod/v4/classic/iso.js";
import {
  array,
  boolean,
  lazy,
  literal,
  number,
  object,
  record,
  string,
  union,
  uuid,
  enum as zodEnum,
} from "../../../node_modules/zod/v4/classic/schemas.js";

export const z = { array, boolean, enum: zodEnum, iso: { date, datetime }, lazy, literal, number, object, record, string, union, uuid };
export default z;

/**
 * "zod" for the bundle (package.json "alias"), for our code and @rete-urp/shared alike.
 *
 * Why: Parcel 2 inside Plasmo 0.90.5 drops zod's `v4/classic/external.js` from the bundle —
 * zod declares itself side-effect free and, without scope hoisting, Parcel loses track of the
 * namespace re-export `import * as z … export { z }`, so `z.enum` is undefined at runtime
 * (https://github.com/PlasmoHQ/plasmo/issues/1294). Named imports are tracked, so we import
 * what the code uses from zod's own modules (not its index, which also drags in every locale)
 * and rebuild `z` from them. Aliasing to zod's CJS build also works but
 * brings every zod locale along (+100 KB gzip to the popup).
 *
 * When the code needs another zod function, add it here; a missing one fails loudly in the
 * e2e tests ("z.x is not a function"). Types still come from the real "zod" (tsconfig).
 */
import { date, datetime } from "../../../node_modules/zod/v4/classic/iso.js";
import {
  array,
  boolean,
  enum as zodEnum,
  literal,
  number,
  object,
  record,
  string,
  uuid,
} from "../../../node_modules/zod/v4/classic/schemas.js";

export const z = { array, boolean, enum: zodEnum, iso: { date, datetime }, literal, number, object, record, string, uuid };
export default z;

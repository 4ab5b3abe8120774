/**
 * "date-fns" for the bundle (package.json "alias"): Parcel's scope hoisting, which we need for
 * tree-shaking, reports `date-fns/index.js does not export 'format'` through its 250 `export *`
 * lines. Pointing at the function modules avoids the barrel; list here what shared/ uses.
 */
export { addMinutes } from "../../../node_modules/date-fns/addMinutes.js";
// format.js exports `format` twice (also as `formatDate`); Parcel keeps only the alias.
export { formatDate as format } from "../../../node_modules/date-fns/format.js";
export { formatISO } from "../../../node_modules/date-fns/formatISO.js";

/**
 * The files that write the browsers' policies under /etc run only inside the private namespace
 * npm test makes for them (scripts/private-etc.mjs), where /etc is an overlay that vanishes with
 * the run: a policy written to the machine's own /etc would apply to every browser on it.
 */
export function requirePrivateEtc(path: string): void {
  if (process.env.RETE_URP_PRIVATE_ETC === "1") return;
  throw new Error(
    `this test writes ${path}, so it runs only with the private /etc that \`npm test\` gives it (scripts/private-etc.mjs); run it with \`npm test -- <file>\``,
  );
}

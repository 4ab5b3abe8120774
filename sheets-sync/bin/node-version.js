// The oldest Node that runs sheets-sync: node:sqlite, which holds the service's state, is built
// into Node from 22.13 (and into 24). On an older Node every entry point says so in one line,
// instead of failing later with ERR_UNKNOWN_BUILTIN_MODULE. Plain JavaScript, no imports: it must
// run on any Node.

export const MINIMUM_NODE = "22.13.0";

/** The one-line message for a Node older than MINIMUM_NODE, or undefined when this one will do. */
export function nodeTooOld(version = process.versions.node) {
  const [major, minor] = version.split(".").map(Number);
  const [needMajor, needMinor] = MINIMUM_NODE.split(".").map(Number);
  if (major > needMajor || (major === needMajor && minor >= needMinor)) return undefined;
  return `Rete URP richiede Node.js ${MINIMUM_NODE} o più recente (meglio 24), qui c'è ${version}: installalo da https://nodejs.org/ (o con il gestore di pacchetti del sistema) e riprova`;
}

/** Exits with the message when this Node is too old. */
export function requireSupportedNode() {
  const message = nodeTooOld();
  if (message) {
    console.error(message);
    process.exit(1);
  }
}

/**
 * node:sqlite is marked experimental on Node 22 (the API the service uses is the one Node 24
 * ships as stable): its warning would otherwise stand in the output of every command. Every
 * other warning is printed as Node prints it.
 */
export function quietSqliteWarning() {
  const [print] = process.listeners("warning");
  process.removeAllListeners("warning");
  process.on("warning", (warning) => {
    if (warning.name === "ExperimentalWarning" && /SQLite/.test(warning.message)) return;
    print?.(warning);
  });
}

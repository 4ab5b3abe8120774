import { Command, CommanderError, Option } from "commander";
import { UsageError } from "./errors.ts";
import { StoreError } from "./stores/store.ts";

/**
 * Each command's module is imported when the command runs, not before: `--help` and a mistyped
 * command load commander alone, and `token list` never loads the HTTP server or the Google client.
 * (The compiled bin keeps each command in its own chunk, dist/, so this is what starts.)
 */
const serveCommand = lazy(() => import("./cli/serve.ts"), "serveCommand");
const initCommand = lazy(() => import("./cli/init.ts"), "initCommand");
const checkCommand = lazy(() => import("./cli/check.ts"), "checkCommand");
const scheduleCommand = lazy(() => import("./cli/schedule.ts"), "scheduleCommand");
const tokenCreateCommand = lazy(() => import("./cli/token.ts"), "tokenCreateCommand");
const tokenListCommand = lazy(() => import("./cli/token.ts"), "tokenListCommand");
const tokenRevokeCommand = lazy(() => import("./cli/token.ts"), "tokenRevokeCommand");
const icsCommand = lazy(() => import("./cli/ics.ts"), "icsCommand");
const feedCreateCommand = lazy(() => import("./cli/feed.ts"), "feedCreateCommand");
const feedRevokeCommand = lazy(() => import("./cli/feed.ts"), "feedRevokeCommand");
const inviteCreateCommand = lazy(() => import("./cli/invite.ts"), "inviteCreateCommand");
const inviteListCommand = lazy(() => import("./cli/invite.ts"), "inviteListCommand");
const inviteRevokeCommand = lazy(() => import("./cli/invite.ts"), "inviteRevokeCommand");
const backupCommand = lazy(() => import("./cli/backup.ts"), "backupCommand");
const forgetCommand = lazy(() => import("./cli/forget.ts"), "forgetCommand");

/** An action that imports `name` from its module on first call, then runs it with commander's arguments. */
function lazy<M extends Record<K, (...args: never[]) => Promise<void>>, K extends keyof M & string>(
  load: () => Promise<M>,
  name: K,
): (...args: Parameters<M[K]>) => Promise<void> {
  return async (...args) => (await load())[name](...args);
}

/** Store selection, on every command (docs/sheets-sync.md). */
function withStoreOptions(command: Command): Command {
  return command
    .option("--workbook <path>", "file .xlsx locale (predefinito data/rete-urp.xlsx; env SHEETS_SYNC_WORKBOOK)")
    .option("--sheet-id <id>", "id del Google Sheet (env GOOGLE_SHEET_ID; credenziali in GOOGLE_APPLICATION_CREDENTIALS)")
    .option("--state-dir <dir>", "cartella di token e journal (predefinita data/; env SHEETS_SYNC_STATE_DIR)");
}

export function buildProgram(): Command {
  const program = new Command("sheets-sync")
    .description("Rete URP: il servizio tra l'estensione e il foglio condiviso (Google Sheet o file .xlsx)")
    .showHelpAfterError()
    .exitOverride();

  withStoreOptions(program.command("serve").description("avvia il servizio HTTP (API v1)"))
    .addOption(new Option("--host <host>", "indirizzo di ascolto (env HOST)").default(undefined, "127.0.0.1"))
    .addOption(new Option("--port <port>", "porta (env PORT; 0 = una libera)").default(undefined, "8787"))
    .action(serveCommand);

  withStoreOptions(program.command("init").description("crea le schede e le intestazioni mancanti"))
    .option("--demo", "aggiunge dati dimostrativi alle schede vuote")
    .option("--coordinator <persona>", 'il primo coordinatore, in Referenti: "Nome Cognome <email>"')
    .option("--ente <ente>", "l'ente del coordinatore (predefinito Unione)")
    .action(initCommand);

  withStoreOptions(
    program.command("check").description("controlla ogni scheda: una riga per problema; exit 0 se pulito, 1 se ci sono problemi"),
  ).action(checkCommand);

  withStoreOptions(program.command("schedule").description("aggiunge le riunioni ordinarie della regola non ancora nel foglio"))
    .requiredOption("--from <YYYY-MM>", "primo mese")
    .option("--count <n>", "quante riunioni", "6")
    .action(scheduleCommand);

  const token = program.command("token").description("token personali dei referenti");
  withStoreOptions(token.command("create").description("crea un token: stampato una volta, sull'ultima riga"))
    .requiredOption("--email <email>", "email del referente (come nella scheda Referenti)")
    .action(tokenCreateCommand);
  withStoreOptions(token.command("list").description("elenca i token (email e data, mai il token)")).action(tokenListCommand);
  withStoreOptions(token.command("revoke").description("revoca tutti i token di un'email"))
    .requiredOption("--email <email>", "email del referente")
    .action(tokenRevokeCommand);

  const invite = program
    .command("invite")
    .description("inviti: il referente incolla il link nelle opzioni dell'estensione e riceve il suo token");
  withStoreOptions(invite.command("create").description("crea un invito monouso e ne stampa il testo; il link da solo sull'ultima riga"))
    .requiredOption("--email <email>", "email di un referente attivo (come nella scheda Referenti)")
    .option("--days <n>", "giorni di validità (da 1 a 90)", "7")
    .option(
      "--base-url <url>",
      "indirizzo pubblico del servizio, https:// (http:// solo su questa macchina); predefinito SHEETS_SYNC_PUBLIC_URL, poi il servizio in esecuzione con questa cartella di stato, poi http://HOST:PORT",
    )
    .action(inviteCreateCommand);
  withStoreOptions(invite.command("list").description("elenca gli inviti: email, creato, scadenza, stato (mai il codice)")).action(
    inviteListCommand,
  );
  withStoreOptions(invite.command("revoke").description("revoca l'invito in attesa di un'email (il token resta: token revoke)"))
    .requiredOption("--email <email>", "email del referente")
    .action(inviteRevokeCommand);

  withStoreOptions(program.command("ics").description("le riunioni in formato iCalendar, su stdout")).action(icsCommand);

  const feed = program.command("feed").description("chiavi del calendario in abbonamento (separate dai token)");
  withStoreOptions(feed.command("create").description("crea la chiave di un referente e stampa l'indirizzo del calendario"))
    .requiredOption("--email <email>", "email del referente")
    .option(
      "--base-url <url>",
      "indirizzo pubblico del servizio, https:// (http:// solo su questa macchina); predefinito SHEETS_SYNC_PUBLIC_URL, poi il servizio in esecuzione con questa cartella di stato, poi http://HOST:PORT",
    )
    .action(feedCreateCommand);
  withStoreOptions(feed.command("revoke").description("revoca le chiavi del calendario di un'email"))
    .requiredOption("--email <email>", "email del referente")
    .action(feedRevokeCommand);

  withStoreOptions(
    program.command("backup <file>").description("copia coerente dello stato (token, inviti, journal…) anche a servizio acceso"),
  ).action(backupCommand);

  withStoreOptions(
    program
      .command("forget")
      .description(
        "cancella i dati di una persona dallo stato di sheets-sync (token, chiavi del calendario, inviti, scritture già applicate e scartate, registro del file .xlsx), anche a servizio acceso; non il foglio",
      ),
  )
    .requiredOption("--email <email>", "email della persona (maiuscole e spazi non contano)")
    .action(forgetCommand);
  return program;
}

/** The one place that prints errors and sets the exit code. */
export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode;
      return;
    }
    if (error instanceof UsageError || error instanceof StoreError) {
      console.error(`errore: ${error.message}`);
      if (error instanceof UsageError && error.suggestion) console.error(`→ ${error.suggestion}`);
      process.exitCode = 2;
      return;
    }
    console.error(error);
    process.exitCode = 2;
  }
}

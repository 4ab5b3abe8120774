import { parseInvitation } from "@rete-urp/shared";
import { runCli } from "../../support/sheets-sync.ts";

/**
 * An invitation as the coordinator makes it from a terminal (`sheets-sync invite create`), for
 * the service the tests run: the link is the last line the command prints, and its code is what
 * the options page takes when the service's address is already known.
 */
export interface TestInvitation {
  link: string;
  code: string;
}

export async function createInvitation(
  service: { url: string; workbook: string; stateDir: string },
  email: string,
): Promise<TestInvitation> {
  const created = await runCli([
    "invite",
    "create",
    "--email",
    email,
    "--base-url",
    service.url,
    "--workbook",
    service.workbook,
    "--state-dir",
    service.stateDir,
  ]);
  if (created.code !== 0) throw new Error(`invite create --email ${email} failed: ${created.stderr}`);
  const link = created.stdout.trim().split("\n").at(-1) ?? "";
  const parsed = parseInvitation(link);
  if (!parsed) throw new Error(`invite create printed no invitation link: ${created.stdout}`);
  return { link, code: parsed.code };
}

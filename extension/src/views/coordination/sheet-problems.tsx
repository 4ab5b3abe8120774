import type { ProblemLink, SheetLocation } from "@rete-urp/shared";
import type { Translator } from "../../lib/i18n";
import { useT } from "../../ui/i18n-context";
import { Icon } from "../../ui/icons";
import { SafeLink } from "../../ui/safe-link";

/**
 * The sheet's problems, one line each exactly as `sheets-sync check` prints them, and where to
 * fix each: on Google a link to the tab and cell (opened in a new tab, http(s) only); on the
 * workbook, which file, tab and cell to open, since a browser cannot open a file on the server.
 */
export function SheetProblems({ sheet, problems }: { sheet: SheetLocation; problems: ProblemLink[] }) {
  const t = useT();
  const file = sheet.store === "workbook" ? fileName(sheet.where) : "";
  return (
    <section className="coordination-section" aria-labelledby="coordination-problems-heading" data-testid="coordination-problems">
      <h3 id="coordination-problems-heading" className="coordination-heading">
        {t("coordinationProblemsHeading")}
        {problems.length > 0 ? <span className="count-pill coordination-alert-pill">{problems.length}</span> : null}
      </h3>
      {sheet.store === "workbook" ? (
        <p className="muted coordination-where clamp">{t("coordinationWorkbookFile", sheet.where)}</p>
      ) : (
        <SafeLink href={sheet.where} className="coordination-open">
          <Icon name="external" />
          {t("coordinationOpenGoogleSheet")}
        </SafeLink>
      )}
      {problems.length === 0 ? (
        <p className="muted">{t("coordinationNoProblems")}</p>
      ) : (
        <ul className="plain-list coordination-list">
          {problems.map((problem) => (
            <li key={problem.line} className="coordination-problem" data-testid="coordination-problem">
              <code className="coordination-problem-line clamp">{problem.line}</code>
              {problem.url ? (
                <SafeLink href={problem.url} className="coordination-open">
                  <Icon name="external" />
                  {whereToFix(problem, "", t)}
                </SafeLink>
              ) : (
                <span className="muted coordination-where clamp">{whereToFix(problem, file || fileName(sheet.where), t)}</span>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** "Apri rete-urp.xlsx, foglio Riunioni, cella B7"; on Google, without the file. */
export function whereToFix(problem: Pick<ProblemLink, "tab" | "cell">, file: string, t: Translator): string {
  if (!file) return problem.cell ? t("coordinationOpenGoogleCell", problem.tab, problem.cell) : t("coordinationOpenGoogleTab", problem.tab);
  return problem.cell
    ? t("coordinationOpenWorkbookCell", file, problem.tab, problem.cell)
    : t("coordinationOpenWorkbookTab", file, problem.tab);
}

/** "/srv/rete-urp/data/rete-urp.xlsx" → "rete-urp.xlsx" (a Windows path too). */
export function fileName(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).at(-1) ?? path;
}

import type { Translator } from "../../lib/i18n";
import { TranslatorContext } from "../../ui/i18n-context";
import { Projects, type ProjectsProps } from "./projects";

/**
 * "Progetti" as the popup loads it: a chunk of its own (popup.tsx imports it lazily), so the
 * first paint (the meeting and the add form) does not carry it. The translator crosses as a prop:
 * the chunk has its own copy of its context.
 */
export default function ProjectsView({ t, ...props }: ProjectsProps & { t: Translator }) {
  return (
    <TranslatorContext.Provider value={t}>
      <Projects {...props} />
    </TranslatorContext.Provider>
  );
}

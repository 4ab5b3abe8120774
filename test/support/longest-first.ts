import { relative } from "node:path";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * A file's expected seconds where the last run left none (a fresh clone): what a file of its
 * project took in the runs measured, roughly. Browser and CLI files are long, unit files short.
 */
const PRIOR_SECONDS: Record<string, number> = {
  e2e: 25,
  firefox: 30,
  "year-ahead": 25,
  integration: 15,
  api: 10,
  extension: 0.5,
  "sheets-sync": 0.5,
  shared: 0.1,
};

/**
 * Longest files first, across projects. vitest's own order runs the projects one after another
 * by name, and the files of the last (year-ahead) then run alone at the end while the other
 * workers idle: with four files at once the run ends when its longest files do, so they start
 * first. Durations come from the last run (vitest's results cache), else from PRIOR_SECONDS.
 */
export default class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const root = this.ctx.config.root;
    const seconds = (spec: TestSpecification) => {
      const last = this.ctx.cache.getFileTestResults(`${spec.project.name}:${relative(root, spec.moduleId)}`);
      return last ? last.duration / 1000 : (PRIOR_SECONDS[spec.project.name] ?? 5);
    };
    return files
      .map((spec) => ({ spec, seconds: seconds(spec) }))
      .sort((a, b) => b.seconds - a.seconds)
      .map(({ spec }) => spec);
  }
}

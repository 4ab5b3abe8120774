/**
 * The shared rules and vocabulary without a single zod schema: what the popup's first paint may
 * import. The package's main entry also defines the schemas, and a bundler keeps a module's
 * top-level `z.object(…)` calls even when nothing uses them, so importing a value from
 * "@rete-urp/shared" puts zod in the popup (its budget: extension/scripts/bundle-budget.json).
 * Types can still come from the main entry: they are erased.
 */
export {
  API_ERROR_REMEDIES,
  API_ERRORS,
  type ApiErrorCode,
  type ApiErrorInfo,
  type ApiErrorRemedy,
  type ApiErrorStatus,
  isApiErrorCode,
} from "./api-errors.ts";
export { findDuplicatePractice } from "./duplicates.ts";
export { isHttpUrl } from "./http-url.ts";
export { isLoopbackHostname, type ServiceUrlProblem, serviceUrlProblem, type TransportPolicy } from "./https-only.ts";
export { answeredBeforeMove, meetingTurnout } from "./meeting-answers.ts";
export { nextMeeting, romeDaysUntil, romeIsoDate } from "./meeting-rule.ts";
export {
  BASSA_ROMAGNA,
  comuniOf,
  type Ente,
  FALLBACK_NETWORK,
  isOnEnteSite,
  matchEnte,
  type NetworkEnte,
  parseEnte,
} from "./network.ts";
export { practiceSearchText } from "./records/practice-search.ts";
export {
  findProject,
  involvesEnte,
  isOpenProject,
  PROJECT_SILENT_DAYS,
  PROJECT_STEP_SOON_DAYS,
  projectsForEnte,
  stepDaysLeft,
  stepDueSoon,
  stepOverdue,
} from "./records/project-rules.ts";
export { matchesAll, search } from "./search.ts";
export { splitList } from "./text.ts";
export { DAY_MS, ROME } from "./time-constants.ts";
export { isCoordinator } from "./vocabulary.ts";

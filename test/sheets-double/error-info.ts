/**
 * Google's error answers, as the Sheets v4 API sends them:
 *   {"error": {"code": 429, "message": "…", "errors": [ … ], "status": "RESOURCE_EXHAUSTED",
 *              "details": [{"@type": "type.googleapis.com/google.rpc.ErrorInfo",
 *                           "reason": "RATE_LIMIT_EXCEEDED", "domain": "googleapis.com",
 *                           "metadata": {…}}]}}
 * - `status` is the google.rpc.Code name of the HTTP code: https://cloud.google.com/apis/design/errors#handling_errors
 * - `details` carries a google.rpc.ErrorInfo (reason, domain, metadata) when Google has a
 *   machine-readable reason: https://cloud.google.com/apis/design/errors#error_info and
 *   https://google.aip.dev/193. Not every error has one: "The caller does not have permission"
 *   (a sheet not shared with the account) comes without, as far as public reports show.
 * - `errors` is the legacy list ({message, domain, reason}) some errors still carry
 *   (accessNotConfigured, insufficientPermissions), as the reports cited below show.
 */

export interface LegacyError {
  message: string;
  domain: string;
  reason: string;
  extendedHelp?: string;
}

/** An error as a test asks for it (failNext) or as the double raises it. */
export interface GoogleErrorSpec {
  status: number;
  message?: string;
  /** google.rpc.ErrorInfo.reason, e.g. RATE_LIMIT_EXCEEDED, SERVICE_DISABLED. */
  reason?: string;
  /** google.rpc.ErrorInfo.domain; "googleapis.com" unless given. */
  domain?: string;
  /** google.rpc.ErrorInfo.metadata. A value "{method}" becomes the request's RPC method name. */
  metadata?: Record<string, string>;
  /** The legacy errors[] list. */
  errors?: LegacyError[];
  /** Further details, sent after the ErrorInfo (google.rpc.BadRequest, google.rpc.Help…). */
  details?: Record<string, unknown>[];
}

export class ApiError extends Error {
  readonly code: number;
  readonly spec: GoogleErrorSpec;
  constructor(code: number, message: string, extra: Omit<GoogleErrorSpec, "status" | "message"> = {}) {
    super(message);
    this.code = code;
    this.spec = { status: code, message, ...extra };
  }
}

export const STATUS_NAMES: Record<number, string> = {
  400: "INVALID_ARGUMENT",
  401: "UNAUTHENTICATED",
  403: "PERMISSION_DENIED",
  404: "NOT_FOUND",
  409: "ABORTED",
  429: "RESOURCE_EXHAUSTED",
  500: "INTERNAL",
  501: "UNIMPLEMENTED",
  502: "UNAVAILABLE",
  503: "UNAVAILABLE",
  504: "DEADLINE_EXCEEDED",
};

/** The project number the double's quota and activation messages name. */
export const DOUBLE_PROJECT_NUMBER = "123456789012";

/**
 * The RPC method names ErrorInfo.metadata.method carries (ACCESS_TOKEN_SCOPE_INSUFFICIENT):
 * Google's naming pattern (google.apps.sheets.v4.SpreadsheetsService.<Method>); the exact names
 * are not confirmed offline.
 */
export const RPC_METHODS: Record<string, string> = {
  get: "google.apps.sheets.v4.SpreadsheetsService.GetSpreadsheet",
  batchUpdate: "google.apps.sheets.v4.SpreadsheetsService.BatchUpdateSpreadsheet",
  valuesGet: "google.apps.sheets.v4.SpreadsheetsService.GetValues",
  batchGet: "google.apps.sheets.v4.SpreadsheetsService.BatchGetValues",
  append: "google.apps.sheets.v4.SpreadsheetsService.AppendValues",
  valuesBatchUpdate: "google.apps.sheets.v4.SpreadsheetsService.BatchUpdateValues",
};

function quota(kind: "Read" | "Write", scope: "user" | "project") {
  const limit = `${kind} requests per minute per ${scope}`;
  return {
    status: 429,
    // Message and ErrorInfo as in https://github.com/Sage-Bionetworks/data_curator/issues/110 and
    // (full JSON body) https://github.com/n8n-io/n8n/issues/16750.
    message: `Quota exceeded for quota metric '${kind} requests' and limit '${limit}' of service 'sheets.googleapis.com' for consumer 'project_number:${DOUBLE_PROJECT_NUMBER}'.`,
    reason: "RATE_LIMIT_EXCEEDED",
    metadata: {
      quota_metric: `sheets.googleapis.com/${kind.toLowerCase()}_requests`,
      quota_limit: `${kind}RequestsPerMinutePer${scope === "user" ? "User" : "Project"}`,
      service: "sheets.googleapis.com",
      consumer: `projects/${DOUBLE_PROJECT_NUMBER}`,
    },
  } satisfies GoogleErrorSpec;
}

const activation = `https://console.developers.google.com/apis/api/sheets.googleapis.com/overview?project=${DOUBLE_PROJECT_NUMBER}`;
const disabledMessage = `Google Sheets API has not been used in project ${DOUBLE_PROJECT_NUMBER} before or it is disabled. Enable it by visiting ${activation} then retry. If you enabled this API recently, wait a few minutes for the action to propagate to our systems and retry.`;

/**
 * Ready-made faults for failNext, each as public reports show Google sending it:
 * `double.failNext(1, { ...SHEETS_FAULTS.writeQuota, match: "write" })`.
 */
export const SHEETS_FAULTS = {
  /** 429 on writes: the per-user write quota (60 a minute by default). */
  writeQuota: quota("Write", "user"),
  /** 429 on reads: the per-user read quota. */
  readQuota: quota("Read", "user"),
  /**
   * 403, the Sheets API not enabled in the credential's project. Message as in
   * https://github.com/googleapis/google-api-nodejs-client/issues/1733 and
   * https://github.com/openclaw/gogcli/issues/415 (which shows the legacy reason
   * accessNotConfigured); the legacy errors[] entry (domain usageLimits, extendedHelp) as
   * https://github.com/taylorwilsdon/google_workspace_mcp/issues/126 prints it for another API;
   * ErrorInfo SERVICE_DISABLED with service/consumer/activationUrl per https://google.aip.dev/193
   * (activationUrl: not confirmed offline).
   */
  apiDisabled: {
    status: 403,
    message: disabledMessage,
    reason: "SERVICE_DISABLED",
    metadata: { service: "sheets.googleapis.com", consumer: `projects/${DOUBLE_PROJECT_NUMBER}`, activationUrl: activation },
    errors: [
      {
        message: disabledMessage,
        domain: "usageLimits",
        reason: "accessNotConfigured",
        extendedHelp: "https://console.developers.google.com",
      },
    ],
  },
  /**
   * 403, user credentials from `gcloud auth application-default login` without a quota project:
   * the call is billed to gcloud's own project 764086051850, where the API is off. Message,
   * reason and metadata as https://github.com/shivamguys/irctc-cypress-automation/issues/6 shows
   * them (for vision.googleapis.com; the Sheets wording is assumed to follow).
   */
  noQuotaProject: {
    status: 403,
    message:
      "Your application is authenticating by using local Application Default Credentials. The sheets.googleapis.com API requires a quota project, which is not set by default. To learn how to set your quota project, see https://cloud.google.com/docs/authentication/adc-troubleshooting/user-creds .",
    reason: "SERVICE_DISABLED",
    metadata: { service: "sheets.googleapis.com", consumer: "projects/764086051850" },
  },
  /**
   * 403, a token without the spreadsheets scope (e.g. spreadsheets.readonly on a write). Message
   * and legacy errors[] as https://github.com/googleworkspace/java-samples/issues/110 shows; the
   * ErrorInfo reason ACCESS_TOKEN_SCOPE_INSUFFICIENT with metadata method/service follows
   * https://google.aip.dev/193 (not confirmed offline for Sheets).
   */
  scopeInsufficient: {
    status: 403,
    message: "Request had insufficient authentication scopes.",
    reason: "ACCESS_TOKEN_SCOPE_INSUFFICIENT",
    metadata: { method: "{method}", service: "sheets.googleapis.com" },
    errors: [{ message: "Insufficient Permission", domain: "global", reason: "insufficientPermissions" }],
  },
  /** 403, the sheet not shared with the account: no ErrorInfo reason, as far as public reports show. */
  callerNotPermitted: { status: 403, message: "The caller does not have permission" },
} satisfies Record<string, GoogleErrorSpec>;

const DEFAULT_MESSAGES: Record<number, string> = {
  403: SHEETS_FAULTS.callerNotPermitted.message,
  404: "Requested entity was not found.",
  500: "Internal error encountered.",
  502: "Bad Gateway",
  503: "The service is currently unavailable.",
  504: "Deadline expired before operation could complete.",
};

/** What a bare `failNext(n, {status})` sends: a 429 is the read or write quota, by the request's method. */
export function defaultFault(status: number, method: string): GoogleErrorSpec {
  if (status === 429) return method === "GET" ? SHEETS_FAULTS.readQuota : SHEETS_FAULTS.writeQuota;
  return { status, message: DEFAULT_MESSAGES[status] ?? "Error" };
}

/** The JSON body of an error; `operation` fills a "{method}" metadata value. */
export function errorBody(spec: GoogleErrorSpec, operation?: string) {
  const metadata = spec.metadata
    ? Object.fromEntries(
        Object.entries(spec.metadata).map(([key, value]) => [key, value === "{method}" ? (RPC_METHODS[operation ?? ""] ?? "") : value]),
      )
    : undefined;
  const details = [
    ...(spec.reason
      ? [
          {
            "@type": "type.googleapis.com/google.rpc.ErrorInfo",
            reason: spec.reason,
            domain: spec.domain ?? "googleapis.com",
            ...(metadata ? { metadata } : {}),
          },
        ]
      : []),
    ...(spec.details ?? []),
  ];
  return {
    error: {
      code: spec.status,
      message: spec.message ?? DEFAULT_MESSAGES[spec.status] ?? "Error",
      ...(spec.errors ? { errors: spec.errors } : {}),
      status: STATUS_NAMES[spec.status] ?? "UNKNOWN",
      ...(details.length ? { details } : {}),
    },
  };
}

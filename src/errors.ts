/**
 * The one error type of the back-end. Codes come from the openEO error catalogue
 * (api-1.2.0/errors.json) plus a few proprietary ones for HTTP-level problems; each code
 * has one HTTP status and one message template with {placeholders}.
 */
export const ERROR_CATALOGUE = {
  Internal: { status: 500, message: "Server error: {message}" },
  ProcessException: { status: 400, message: "The process failed." },
  NotFound: { status: 404, message: "Resource not found." },
  MethodNotAllowed: { status: 405, message: "Method {method} is not allowed on {path}. Allowed: {allowed}." },
  FeatureUnsupported: { status: 501, message: "Feature not supported." },
  RequestInvalid: { status: 400, message: "Invalid request {target}: {reason}" },
  SearchParameterInvalid: { status: 400, message: "Invalid search parameter '{parameter}': {reason}" },
  FilterInvalid: { status: 400, message: "Invalid CQL2 filter: {reason}" },
  JsonInvalid: { status: 400, message: "The request body is not valid JSON." },
  ContentTypeInvalid: { status: 400, message: "The media type is not supported. Allowed: {types}" },
  PayloadTooLarge: { status: 413, message: "The request body is larger than the allowed {limit} bytes." },
  AuthenticationRequired: { status: 401, message: "Unauthorized." },
  AuthenticationSchemeInvalid: { status: 403, message: "Authentication method not supported." },
  TokenInvalid: { status: 403, message: "Authorization token has expired or is invalid. Please authenticate again." },
  CredentialsInvalid: { status: 403, message: "Credentials are not correct." },
  // Proprietary: login throttling (errors.json has no 429).
  TooManyRequests: { status: 429, message: "Too many failed logins. Please try again in {seconds} seconds." },
  IdentityProviderUnavailable: {
    status: 502,
    message: "The OpenID Connect provider '{provider}' can't be used at the moment: {reason}",
  },
  PermissionsInsufficient: {
    status: 403,
    message: "Forbidden. The permissions of the authenticated account do not allow to request the requested resource.",
  },
  CollectionNotFound: { status: 404, message: "Collection '{identifier}' does not exist." },
  ItemNotFound: { status: 404, message: "Item '{identifier}' does not exist in collection '{collection}'." },
  DataSourceUnavailable: { status: 502, message: "The data source {host} can't be reached: {reason}" },
  // Proprietary: a remote host that answers too slowly (a deadline of src/net/bounded-fetch.ts).
  DataSourceTimeout: { status: 504, message: "The data source {host} did not answer in time: {reason}" },
  JobNotFound: { status: 404, message: "The batch job '{identifier}' does not exist." },
  JobLocked: { status: 400, message: "Batch job is locked due to a queued or running batch computation." },
  JobNotFinished: { status: 400, message: "Batch job has not finished computing the results yet. Please try again later or contact our support." },
  ResultLinkExpired: { status: 410, message: "The link to the batch job result has expired. Please request the results again." },
  EstimateComplexity: { status: 500, message: "The process is too complex to calculate an estimate: {reason}" },
  FilePathInvalid: { status: 400, message: "File path is invalid: {reason}" },
  FileNotFound: { status: 404, message: "File '{file}' does not exist." },
  FileOperationUnsupported: { status: 400, message: "The file operation is not supported for '{file}': {reason}" },
  StorageQuotaExceeded: { status: 400, message: "Your storage quota has been exceeded: {reason}" },
  FileContentInvalid: { status: 400, message: "The file {file} is not a GeoTIFF this back-end can read: {reason}" },
  FileSizeExceeded: { status: 400, message: "File size is too large. Maximum file size: {size} bytes." },
  RangeNotSatisfiable: { status: 416, message: "The range '{range}' can't be satisfied for a file of {size} bytes." },
  ProcessUnsupported: { status: 400, message: "Process with identifier '{process}' is not available in namespace '{namespace}'." },
  ProcessParameterUnsupported: { status: 400, message: "Process '{process}' does not support parameter '{parameter}'." },
  ProcessParameterRequired: { status: 400, message: "Process '{process}' parameter '{parameter}' is required." },
  ProcessParameterInvalid: {
    status: 400,
    message: "The value passed for parameter '{parameter}' in process '{process}' is invalid: {reason}",
  },
  // Named by the API's "Process Graphs" section (from_parameter resolution), absent from errors.json.
  ProcessParameterMissing: { status: 400, message: "The value for the process graph parameter '{parameter}' is missing." },
  ProcessGraphNotFound: { status: 404, message: "User-defined process '{identifier}' does not exist." },
  PredefinedProcessExists: { status: 400, message: "A predefined process with the given identifier exists." },
  ProcessGraphMissing: { status: 400, message: "Invalid process specified. It doesn't contain a process graph." },
  ProcessGraphInvalid: { status: 400, message: "Invalid process graph specified." },
  BillingPlanInvalid: { status: 400, message: "The billing plan is invalid: {reason}" },
  LogNotFound: { status: 404, message: "The log '{identifier}' does not exist." },
  ServiceNotFound: { status: 404, message: "Service '{identifier}' does not exist." },
  ServiceUnsupported: { status: 400, message: "Service type '{type}' is not supported." },
  ServiceConfigUnsupported: { status: 400, message: "Service parameter '{parameter}' is not supported." },
  ServiceConfigInvalid: { status: 400, message: "The value passed for the service parameter '{parameter}' is invalid: {reason}" },
  // Proprietary: a tile address outside the zoom's range (or beyond the deepest zoom).
  TileNotFound: { status: 404, message: "Tile {z}/{x}/{y} does not exist: at zoom z, x and y run from 0 to 2^z - 1, and z up to {max}." },
  ProcessGraphComplexity: {
    status: 400,
    message: "The process is too complex for for synchronous processing. Please use a batch job instead.",
  },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export interface ErrorLink {
  href: string;
  rel: string;
  type?: string;
  title?: string;
}

export interface OpenEOErrorOptions {
  /** Replaces the catalogue's template entirely. */
  message?: string;
  links?: ErrorLink[];
  headers?: Record<string, string>;
  cause?: unknown;
}

function fillTemplate(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in params ? String(params[key]) : whole));
}

export class OpenEOError extends Error {
  /** A catalogue code, or a process exception's code (see processException). */
  readonly code: ErrorCode | (string & {});
  readonly status: number;
  readonly links?: ErrorLink[];
  readonly headers: Record<string, string>;

  constructor(code: ErrorCode, params: Record<string, string | number> = {}, options: OpenEOErrorOptions = {}) {
    const entry = ERROR_CATALOGUE[code];
    super(options.message ?? fillTemplate(entry.message, params), { cause: options.cause });
    this.name = "OpenEOError";
    this.code = code;
    this.status = entry.status;
    this.links = options.links;
    this.headers = options.headers ?? {};
  }

  /**
   * An exception a process definition declares (such as ArrayElementNotAvailable): its own code,
   * the message of the definition, 400 unless the definition says otherwise.
   */
  static processException(code: string, message: string, status = 400): OpenEOError {
    const error = new OpenEOError("ProcessException", {}, { message });
    Object.assign(error, { code, status });
    return error;
  }

  toJSON(id: string) {
    return { id, code: this.code, message: this.message, ...(this.links ? { links: this.links } : {}) };
  }
}

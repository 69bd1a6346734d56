/**
 * The window's HTTP transport (headless): a call carrying this header with the value `envelope`
 * gets a refusal as HTTP 200 `{error, fields, status}` instead of its 4xx/5xx status, which a
 * browser would log as a failed resource. Other callers (scripts, curl) keep the status.
 */
export const ERRORS_HEADER = 'x-relay-errors'

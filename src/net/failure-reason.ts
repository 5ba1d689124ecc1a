/**
 * Why a read failed, in words fit for a user. workerd reports some failures of its own (a broken
 * connection, a subrequest it gave up on) as "internal error; reference = <id>": the reference
 * means nothing outside Cloudflare, and the words suggest our fault, so such text is replaced.
 */
const RUNTIME_INTERNAL_ERROR = /internal error;?\s*reference\s*=\s*\S+/i;

export const RUNTIME_FAILURE = "the connection failed inside the Workers runtime (a network or runtime fault; the read may succeed when retried)";

export function failureReason(error: unknown): string {
  const message = (error instanceof Error ? error.message : String(error)).trim();
  if (message === "" || RUNTIME_INTERNAL_ERROR.test(message)) return RUNTIME_FAILURE;
  return message;
}

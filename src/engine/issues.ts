import { OpenEOError, type ErrorCode } from "../errors";
import type { EngineIssue } from "./types";

function located(code: ErrorCode, message: string, path: string[]): EngineIssue {
  // The path is appended so a client can find the node in nested callbacks.
  return { code, message: path.length ? `${message} (at ${path.join(" > ")})` : message, path };
}

/** An issue with the catalogue's message for `code`. */
export function issue(code: ErrorCode, params: Record<string, string | number>, path: string[]): EngineIssue {
  return located(code, new OpenEOError(code, params).message, path);
}

/** A structural problem (ProcessGraphInvalid): the catalogue message plus the reason. */
export function graphIssue(reason: string, path: string[]): EngineIssue {
  const base = new OpenEOError("ProcessGraphInvalid").message.replace(/\.$/, "");
  return located("ProcessGraphInvalid", `${base}: ${reason}.`, path);
}

export function issueToError(found: EngineIssue): OpenEOError {
  return new OpenEOError(found.code, {}, { message: found.message });
}

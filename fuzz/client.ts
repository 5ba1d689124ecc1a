// Sends one fuzz request with a client-side deadline: no answer (headers and body) within it is a hang.
import type { FuzzRequest } from "./requests";

export interface Outcome {
  /** The HTTP status, absent when there was none. */
  status?: number;
  /** "hang" (deadline passed) or "network" (connection failed: the runtime died or refused). */
  failure?: "hang" | "network";
  detail?: string;
  code?: string;
  message?: string;
  /** The error id of a 5xx, to find its stack in wrangler's output. */
  errorId?: string;
}

export async function send(base: string, token: string, request: FuzzRequest, timeoutMs: number): Promise<Outcome> {
  const headers = { ...request.headers, ...(request.auth ? { Authorization: `Bearer basic//${token}` } : {}) };
  try {
    const res = await fetch(`${base}${request.path}`, { method: request.method, headers, body: request.body, signal: AbortSignal.timeout(timeoutMs), redirect: "manual" });
    const text = await res.text();
    const outcome: Outcome = { status: res.status };
    if (res.status >= 400 && (res.headers.get("Content-Type") ?? "").includes("json")) {
      try {
        const error = JSON.parse(text) as { id?: string; code?: string; message?: string };
        Object.assign(outcome, { code: error.code, message: error.message?.slice(0, 500), errorId: error.id });
      } catch {
        outcome.message = text.slice(0, 200);
      }
    }
    return outcome;
  } catch (error) {
    const name = (error as Error).name;
    if (name === "TimeoutError" || name === "AbortError") return { failure: "hang", detail: `no answer in ${timeoutMs} ms` };
    return { failure: "network", detail: `${name}: ${(error as Error).message}; ${String((error as { cause?: unknown }).cause ?? "")}`.slice(0, 300) };
  }
}

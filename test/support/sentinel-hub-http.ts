/** Requests to the Sentinel Hub APIs as a test user, and their answers checked: JSON bodies and Sentinel Hub's error shape. */
import { expect } from "vitest";
import { loginAs, request } from "./http";

/** A request as `user` (alice by default), with a JSON body (a string is sent as it is). */
export async function call(method: string, path: string, body?: unknown, user: "alice" | "bob" = "alice"): Promise<Response> {
  const headers: Record<string, string> = { Authorization: await loginAs(user) };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  return request(path, { method, headers, ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }) });
}

/** The answer's JSON, once its status is `status`. */
export async function json<T = Record<string, any>>(res: Response, status = 200): Promise<T> {
  expect(res.status, await res.clone().text()).toBe(status);
  return (await res.json()) as T;
}

/** An error in Sentinel Hub's shape, with `status`, its code and a message matching `text`. */
export async function expectShError(res: Response, status: number, text: RegExp): Promise<void> {
  const body = (await res.json()) as { error: { status: number; code: string; message: string } };
  expect([res.status, body.error.status], JSON.stringify(body)).toEqual([status, status]);
  expect(body.error.code).toBe(status === 404 ? "COMMON_NOT_FOUND" : status === 401 ? "COMMON_UNAUTHORIZED" : "COMMON_BAD_PAYLOAD");
  expect(body.error.message).toMatch(text);
}

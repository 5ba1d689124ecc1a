import { exports } from "cloudflare:workers";
import { TEST_USERS } from "./settings";

export const ORIGIN = "https://openeo.example.test";

/** A request to the Worker under test; `path` is absolute (such as /v1/me). */
export function request(path: string, init?: RequestInit): Promise<Response> {
  return exports.default.fetch(new Request(`${ORIGIN}${path}`, init));
}

export function basicHeader(user: string, password: string): string {
  return `Basic ${btoa(`${user}:${password}`)}`;
}

/** Logs a test user in through GET /credentials/basic and answers the bearer header. */
export async function loginAs(user: keyof typeof TEST_USERS): Promise<string> {
  const res = await request("/v1/credentials/basic", { headers: { Authorization: basicHeader(user, TEST_USERS[user]) } });
  if (res.status !== 200) throw new Error(`login of ${user} failed with ${res.status}: ${await res.text()}`);
  const { access_token } = (await res.json()) as { access_token: string };
  return `Bearer basic//${access_token}`;
}

export async function expectError(res: Response, status: number, code: string): Promise<{ id: string; code: string; message: string }> {
  const body = (await res.json()) as { id: string; code: string; message: string };
  if (res.status !== status || body.code !== code) {
    throw new Error(`expected ${status} ${code}, got ${res.status} ${JSON.stringify(body)}`);
  }
  if (typeof body.id !== "string" || typeof body.message !== "string" || body.message === "") {
    throw new Error(`error body lacks id or message: ${JSON.stringify(body)}`);
  }
  if (res.headers.get("Access-Control-Allow-Origin") !== "*") throw new Error("error response lacks CORS headers");
  return body;
}
